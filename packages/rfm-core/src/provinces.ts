/**
 * Canadian provinces and territories under their common spellings, so that an area filter for
 * "ON" also finds customers imported as "Ontario" (real files use either). The table holds
 * the Canada Post two-letter code, the English name and, where it differs, the French one and
 * the English name without accents: ON = Ontario, QC = Québec = Quebec, and so on. Only
 * provinces: regions and cities match as written (case and surrounding spaces aside).
 */
export const CANADIAN_PROVINCES: readonly (readonly [code: string, ...names: string[]])[] = [
  ["AB", "Alberta"],
  ["BC", "British Columbia", "Colombie-Britannique"],
  ["MB", "Manitoba"],
  ["NB", "New Brunswick", "Nouveau-Brunswick"],
  ["NL", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador", "Newfoundland"],
  ["NS", "Nova Scotia", "Nouvelle-Écosse"],
  ["NT", "Northwest Territories", "Territoires du Nord-Ouest"],
  ["NU", "Nunavut"],
  ["ON", "Ontario"],
  ["PE", "Prince Edward Island", "Île-du-Prince-Édouard"],
  ["QC", "Québec", "Quebec"],
  ["SK", "Saskatchewan"],
  ["YT", "Yukon", "Yukon Territory"],
];

/** An area value as compared: trimmed and lower-cased (`" Ontario "` -> `"ontario"`). */
export function areaKey(value: string): string {
  return value.trim().toLowerCase();
}

const VARIANTS = new Map<string, readonly string[]>();
for (const entry of CANADIAN_PROVINCES) {
  const keys = entry.map(areaKey);
  for (const key of keys) VARIANTS.set(key, keys);
}

/**
 * Every compared form (`areaKey`) a province filter matches: the given value's, and when it is
 * a Canadian province's code or one of its names, all of that province's. `"on"`, `"ON"` and
 * `" Ontario"` each give `["on", "ontario"]`; an unknown value gives only its own key.
 */
export function provinceKeys(value: string): readonly string[] {
  const key = areaKey(value);
  return VARIANTS.get(key) ?? [key];
}
