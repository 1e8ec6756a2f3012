import { RfmError } from "./errors";

/**
 * Number of score levels per dimension. Four (quartiles) is the default, as in the seed
 * analysis; 2..9 are allowed so that every code stays three single digits.
 */
export type Bins = 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const DEFAULT_BINS: Bins = 4;
export const MIN_BINS = 2;
export const MAX_BINS = 9;

/** A score from 1 (worst) to `bins` (best). */
export type Score = number;

declare const rfmCodeBrand: unique symbol;
/**
 * A three-digit RFM code such as `"444"`: recency, frequency and monetary scores in that order,
 * each in 1..bins. Build one with {@link parseRfmCode} or {@link rfmCode}; never from a bare string.
 */
export type RfmCode = string & { readonly [rfmCodeBrand]: true };

/** The three RFM dimensions, in code order. */
export const DIMENSIONS = ["recency", "frequency", "monetary"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function isBins(value: unknown): value is Bins {
  return Number.isInteger(value) && (value as number) >= MIN_BINS && (value as number) <= MAX_BINS;
}

export function assertBins(value: unknown): Bins {
  if (!isBins(value)) {
    throw new RfmError(
      "INVALID_BINS",
      `bins must be an integer from ${MIN_BINS} to ${MAX_BINS}, got ${String(value)}`,
      { bins: value },
    );
  }
  return value;
}

/** Number of distinct codes for a bin count: bins³ (64 for 4 bins). */
export function codeCount(bins: Bins): number {
  return bins * bins * bins;
}

/**
 * Dense index of a code, used to address typed-array histograms:
 * `((r - 1) * bins + (f - 1)) * bins + (m - 1)`, so 111 is 0 and the best code is bins³ - 1.
 */
export function codeIndex(r: Score, f: Score, m: Score, bins: Bins): number {
  return ((r - 1) * bins + (f - 1)) * bins + (m - 1);
}

/** The scores of a dense code index (the inverse of {@link codeIndex}). */
export function scoresOfIndex(index: number, bins: Bins): [r: Score, f: Score, m: Score] {
  const m = (index % bins) + 1;
  const f = (Math.floor(index / bins) % bins) + 1;
  const r = Math.floor(index / (bins * bins)) + 1;
  return [r, f, m];
}

export function rfmCode(r: Score, f: Score, m: Score, bins: Bins): RfmCode {
  for (const s of [r, f, m]) {
    if (!Number.isInteger(s) || s < 1 || s > bins) {
      throw new RfmError("INVALID_CODE", `score ${s} is outside 1..${bins}`, { scores: [r, f, m], bins });
    }
  }
  return `${r}${f}${m}` as RfmCode;
}

export function codeOfIndex(index: number, bins: Bins): RfmCode {
  const [r, f, m] = scoresOfIndex(index, bins);
  return `${r}${f}${m}` as RfmCode;
}

/** True when `value` is a code that exists for `bins` (three digits, each 1..bins). */
export function isRfmCode(value: string, bins: Bins): value is RfmCode {
  if (value.length !== 3) return false;
  for (let i = 0; i < 3; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 1 || d > bins) return false;
  }
  return true;
}

/**
 * The domain's one check of codes as written (mapping validation and draft edits both use it):
 * each entry is trimmed and kept, in order and with repeats, in `valid` when it is a code for
 * `bins`; anything else (not three digits 1..bins, or not a string at all) goes to `invalid`
 * verbatim, so a message can show exactly what was written.
 */
export function checkCodes(written: readonly unknown[], bins: Bins): { valid: RfmCode[]; invalid: string[] } {
  const valid: RfmCode[] = [];
  const invalid: string[] = [];
  for (const entry of written) {
    const code = typeof entry === "string" ? entry.trim() : "";
    if (isRfmCode(code, bins)) valid.push(code);
    else invalid.push(typeof entry === "string" ? entry : String(entry));
  }
  return { valid, invalid };
}

export function parseRfmCode(value: string, bins: Bins): RfmCode {
  const trimmed = value.trim();
  if (!isRfmCode(trimmed, bins)) {
    throw new RfmError(
      "INVALID_CODE",
      `"${value}" is not an RFM code for ${bins} bins (three digits, each 1-${bins})`,
      {
        code: value,
        bins,
      },
    );
  }
  return trimmed;
}

/** Dense index of a valid code string. */
export function indexOfCode(code: RfmCode, bins: Bins): number {
  return codeIndex(code.charCodeAt(0) - 48, code.charCodeAt(1) - 48, code.charCodeAt(2) - 48, bins);
}

/** Every code for a bin count, in dense-index order (111, 112, ... best). */
export function allCodes(bins: Bins): RfmCode[] {
  const out: RfmCode[] = [];
  for (let i = 0; i < codeCount(bins); i++) out.push(codeOfIndex(i, bins));
  return out;
}
