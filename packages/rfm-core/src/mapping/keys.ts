/**
 * Segment keys: the immutable slug (`champions`, `cant-lose-them`) integrations name a segment
 * by. A key is set when the segment is created and never changes, whatever the segment is
 * renamed to; it is unique within a scoring profile (storage enforces that across versions).
 *
 * The rule: 1 to 64 characters, lower-case ASCII letters and digits in runs separated by single
 * dashes (`^[a-z0-9]+(-[a-z0-9]+)*$`).
 *
 * The slug of a name (`segmentKey`): letters lose their accents (`Über` -> `uber`, Unicode
 * NFKD, then combining marks dropped), a few letters without a decomposition are spelt out
 * (`ß` -> `ss`, `æ` -> `ae`, `œ` -> `oe`, `ø` -> `o`, `ł` -> `l`, `đ` -> `d`, `þ` -> `th`),
 * apostrophes vanish (`Can't` -> `cant`), every other run of characters that are not a-z or
 * 0-9 becomes one dash, dashes at the ends go, and the result is cut to 64 characters (at a
 * dash boundary if it ends on one). A name with nothing left (`"★★★"`, Chinese script) has the
 * empty slug: callers fall back to `segment` (see `uniqueSegmentKey`).
 */
import { RfmError } from "../errors";

/** The longest key. */
export const MAX_SEGMENT_KEY = 64;

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const SPELT_OUT: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  þ: "th",
  ð: "d",
  ı: "i",
};

/** The slug of a segment name (see the module comment); may be empty. */
export function segmentKey(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæœøłđþðı]/g, (ch) => SPELT_OUT[ch] ?? ch)
    .replace(/['’‘`´]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, MAX_SEGMENT_KEY).replace(/-+$/, "");
}

/** Why `key` is not a segment key, or null when it is one. */
export function segmentKeyProblem(key: string): string | null {
  if (key.length === 0) return "a segment key cannot be empty";
  if (key.length > MAX_SEGMENT_KEY) {
    return `a segment key has at most ${MAX_SEGMENT_KEY} characters, "${key.slice(0, 20)}..." has ${key.length}`;
  }
  if (!KEY_PATTERN.test(key)) {
    return `"${key}" is not a segment key: use lower-case letters a-z, digits and single dashes between them (such as "at-risk")`;
  }
  return null;
}

export function isSegmentKey(key: string): boolean {
  return segmentKeyProblem(key) === null;
}

/** Throws `INVALID_SEGMENT` naming `field` when `key` is not a segment key. */
export function assertSegmentKey(key: string, field = "key"): string {
  const problem = segmentKeyProblem(key);
  if (problem !== null) throw new RfmError("INVALID_SEGMENT", problem, { field, key });
  return key;
}

/**
 * The slug of `name` (or `segment` when it has none), made unique against `taken` by a suffix
 * `-2`, `-3`, ... (cut so the result stays within 64 characters).
 */
export function uniqueSegmentKey(name: string, taken: ReadonlySet<string>): string {
  const base = segmentKey(name) || "segment";
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_SEGMENT_KEY - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Keys for segments in order: a segment's own key when it has one (each must be valid and
 * unique: `INVALID_SEGMENT` / `DUPLICATE_SEGMENT` naming `<field>[i].key`); otherwise the key
 * `known` gives for its name (trimmed, lower case; an existing segment of that name keeps its
 * identity) when no other segment of the list has it, else a fresh slug of the name, unique
 * in the list.
 */
export function assignSegmentKeys(
  segments: readonly { readonly name: string; readonly key?: string | null }[],
  known: ReadonlyMap<string, string> = new Map(),
  field = "segments",
): string[] {
  const explicit = new Map<string, number>();
  segments.forEach((s, i) => {
    if (s.key == null) return;
    assertSegmentKey(s.key, `${field}[${i}].key`);
    const before = explicit.get(s.key);
    if (before !== undefined) {
      throw new RfmError(
        "DUPLICATE_SEGMENT",
        `key "${s.key}" is given to both "${segments[before]!.name}" and "${s.name}"; keys are unique`,
        { field: `${field}[${i}].key`, key: s.key },
      );
    }
    explicit.set(s.key, i);
  });
  const taken = new Set(explicit.keys());
  return segments.map((s) => {
    if (s.key != null) return s.key;
    const knownKey = known.get(s.name.trim().toLowerCase());
    const key = knownKey !== undefined && !taken.has(knownKey) ? knownKey : uniqueSegmentKey(s.name, taken);
    taken.add(key);
    return key;
  });
}
