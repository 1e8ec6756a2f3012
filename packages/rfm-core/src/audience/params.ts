/**
 * The audience's query-string form, shared by the API (export routes, `rfm export`) and the
 * admin (the Audiences page's URL): one parameter per filter field, ranges written `4-5`, `4-`,
 * `-3` or `4`, runs as whole numbers. Each side turns a malformed value into its own message
 * (an error naming the parameter in the API, a note on the page in the admin).
 */

/** Every filter parameter, in the order a query string writes them. */
export const AUDIENCE_PARAMS = [
  "segment",
  "codes",
  "r",
  "f",
  "m",
  "province",
  "region",
  "city",
  "channel",
  "search",
  "recencyDays",
  "spendMin",
  "spendMax",
  "clvMin",
  "clvMax",
  "enteredSince",
  "run",
  "movedFrom",
  "movedFromRun",
] as const;

export type AudienceParam = (typeof AUDIENCE_PARAMS)[number];

/** An inclusive range; a missing end is open. */
export interface ParamRange {
  readonly min?: number;
  readonly max?: number;
}

const RANGE = /^(\d*)-(\d*)$|^(\d+)$/;

/** `4-5`, `4-`, `-3` or `4` as a range; null when the text is not one of those shapes. */
export function parseParamRange(text: string): ParamRange | null {
  const trimmed = text.trim();
  const match = RANGE.exec(trimmed);
  if (!match || trimmed === "-") return null;
  if (match[3] !== undefined) return { min: Number(match[3]), max: Number(match[3]) };
  return {
    ...(match[1] ? { min: Number(match[1]) } : {}),
    ...(match[2] ? { max: Number(match[2]) } : {}),
  };
}

/** A run number (1 to 9 digits); null otherwise. */
export function parseParamWhole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}
