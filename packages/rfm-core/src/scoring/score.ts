import { assertBins, type Bins, codeCount, DEFAULT_BINS, DIMENSIONS, type Dimension } from "../codes";
import { RfmError } from "../errors";
import type { CodeHistogram } from "../histogram";
import { meanOrderValue } from "../measures";

/**
 * How one dimension is turned into scores.
 * - `quantile`: cut points taken from the data (see {@link scoreCustomers} for the exact tie rule).
 * - `thresholds`: business-defined cut-offs, `bins - 1` increasing numbers.
 *   For frequency and monetary each bound is the lowest value of the next score:
 *   score = 1 + (number of bounds <= value); frequency 1, 2, 3, 4-5, 6+ is `[2, 3, 4, 6]`.
 *   For recency each bound is the most days a score allows, best score first:
 *   score = 1 + (number of bounds >= days); "30 days or less is R4, 60 R3, 90 R2" is `[30, 60, 90]`.
 *
 *   Any run's reported `bounds` are accepted back as thresholds, so its cut points can be kept
 *   for the next run: equal neighbours (a quantile tie swallowed the score between them, which
 *   stays empty) and `null` at the best end (no value reaches those scores: the last bounds for
 *   frequency and monetary, the first for recency). People's own bounds are held to the
 *   stricter {@link checkFixedThresholds} (strictly increasing, whole days, orders and cents).
 */
export type DimensionMethod =
  | { readonly kind: "quantile" }
  | { readonly kind: "thresholds"; readonly bounds: readonly (number | null)[] };

/** What monetary means: net spend in the window (default) or mean spend per purchase. */
export type MonetaryBasis = "total" | "mean-order";

export interface ScoreOptions {
  /** Whole days since the last purchase: fewer is better. */
  readonly recencyDays: ArrayLike<number>;
  /** Purchases in the window: more is better. */
  readonly frequency: ArrayLike<number>;
  /** Net spend in the window, currency units: more is better. */
  readonly monetary: ArrayLike<number>;
  readonly bins?: Bins;
  readonly methods?: Partial<Record<Dimension, DimensionMethod>>;
  readonly monetaryBasis?: MonetaryBasis;
  /** Customer lifetime value per customer (see the clv module); summed per code into `histogram.clv` when given. */
  readonly clv?: ArrayLike<number>;
}

export interface ScoreBin {
  readonly score: number;
  readonly customers: number;
  /** Smallest and largest raw value that received this score; null when the bin is empty. */
  readonly min: number | null;
  readonly max: number | null;
}

export interface DimensionReport {
  readonly dimension: Dimension;
  readonly method: DimensionMethod["kind"];
  /**
   * The cut-offs used, in the same form as `thresholds` bounds, so a run's quantile cut points
   * can be frozen as thresholds for the next run. `null` marks a score that no value can reach.
   */
  readonly bounds: readonly (number | null)[];
  readonly bins: readonly ScoreBin[];
  /** For monetary: which basis was scored. */
  readonly basis?: MonetaryBasis;
}

export type ScoringWarningCode =
  | "NO_CUSTOMERS"
  | "TOO_FEW_CUSTOMERS"
  | "TOP_SCORE_UNREACHABLE"
  | "SCORES_EMPTY"
  /** The default as-of would have been in the future (orders dated after now): now's day was used. */
  | "AS_OF_CAPPED"
  /** The orders, or the as-of and the latest order, are implausibly far apart (see `spanWarnings`). */
  | "IMPLAUSIBLE_SPAN"
  /** Orders of the window left out by the run's currency or channels (counted in the message). */
  | "ORDERS_LEFT_OUT";

export interface ScoringWarning {
  readonly code: ScoringWarningCode;
  readonly dimension: Dimension | null;
  /** The scores concerned (empty for dataset-wide warnings). */
  readonly scores: readonly number[];
  readonly message: string;
}

export interface ScoringResult {
  readonly bins: Bins;
  readonly length: number;
  readonly r: Uint8Array;
  readonly f: Uint8Array;
  readonly m: Uint8Array;
  /** Dense code index per customer (`codeIndex`), addressable into histograms and mappings. */
  readonly code: Uint16Array;
  readonly dimensions: Readonly<Record<Dimension, DimensionReport>>;
  readonly histogram: CodeHistogram;
  readonly warnings: readonly ScoringWarning[];
}

/** Below this many customers per score level, quantile scores say little; we warn. */
export const MIN_CUSTOMERS_PER_BIN = 10;

const LABEL: Record<Dimension, string> = { recency: "R", frequency: "F", monetary: "M" };
const NOUN: Record<Dimension, string> = {
  recency: "recency",
  frequency: "frequency",
  monetary: "monetary value",
};

/**
 * Scores every customer 1..bins on recency, frequency and monetary value and builds the
 * three-digit code and the per-code histogram.
 *
 * The quantile rule (the default for every dimension). A customer's score is decided by the
 * share of customers who did strictly worse:
 *
 *     score = 1 + floor(bins × W / n)
 *
 * where n is the number of customers and W the number with a strictly worse value (more
 * recency days; fewer purchases; less spend). Consequences, all deliberate:
 * - equal values always get equal scores, and the result does not depend on input order
 *   (in SQL: `1 + floor(bins * (RANK() OVER (ORDER BY value worst-first) - 1) / COUNT(*) OVER ())`);
 * - a better value never gets a lower score;
 * - when one value is shared by many customers (a frequency of 1 for 60% of them is normal),
 *   the tie is not split at random as SQL NTILE does: all of them get the score of the worst
 *   position they share, and the scores the tie spans stay empty. They are reported in
 *   `warnings` (`SCORES_EMPTY`, or `TOP_SCORE_UNREACHABLE` when the best score is empty) and
 *   in each dimension's `bins`, never silently;
 * - the worst value always scores 1; the best scores `bins` only if at most n/bins customers
 *   share it.
 *
 * Monetary on `mean-order` basis is net spend / purchases, rounded to 1/100 of a currency unit
 * so that equal means tie exactly (the exact rule: {@link meanOrderValue}). Histogram revenue is always net spend, whatever the basis.
 */
export function scoreCustomers(options: ScoreOptions): ScoringResult {
  const bins = assertBins(options.bins ?? DEFAULT_BINS);
  const n = options.recencyDays.length;
  if (
    options.frequency.length !== n ||
    options.monetary.length !== n ||
    (options.clv && options.clv.length !== n)
  ) {
    throw new RfmError("LENGTH_MISMATCH", "recencyDays, frequency and monetary must have the same length", {
      recencyDays: n,
      frequency: options.frequency.length,
      monetary: options.monetary.length,
      clv: options.clv?.length,
    });
  }
  const basis = options.monetaryBasis ?? "total";
  const monetaryScored =
    basis === "total" ? options.monetary : meanOrderValues(options.monetary, options.frequency, n);

  const warnings: ScoringWarning[] = [];
  const methods = options.methods ?? {};
  if (n === 0) {
    warnings.push({ code: "NO_CUSTOMERS", dimension: null, scores: [], message: "No customer to score." });
  } else if (
    n < MIN_CUSTOMERS_PER_BIN * bins &&
    DIMENSIONS.some((d) => (methods[d]?.kind ?? "quantile") === "quantile")
  ) {
    warnings.push({
      code: "TOO_FEW_CUSTOMERS",
      dimension: null,
      scores: [],
      message: `Only ${n} customer${n === 1 ? "" : "s"}: quantile scores with ${bins} bins need at least ${MIN_CUSTOMERS_PER_BIN * bins} to mean much.`,
    });
  }

  const values: Record<Dimension, ArrayLike<number>> = {
    recency: options.recencyDays,
    frequency: options.frequency,
    monetary: monetaryScored,
  };
  const scores = {} as Record<Dimension, Uint8Array>;
  const dimensions = {} as Record<Dimension, DimensionReport>;
  for (const dimension of DIMENSIONS) {
    const scored = scoreDimension({
      dimension,
      values: values[dimension],
      bins,
      method: methods[dimension] ?? { kind: "quantile" },
    });
    scores[dimension] = scored.scores;
    dimensions[dimension] = dimension === "monetary" ? { ...scored.report, basis } : scored.report;
    warnings.push(...scored.warnings);
  }

  const code = new Uint16Array(n);
  const size = codeCount(bins);
  const clv = options.clv;
  const histogram = {
    bins,
    customers: new Float64Array(size),
    monetary: new Float64Array(size),
    recencyDays: new Float64Array(size),
    frequency: new Float64Array(size),
    ...(clv ? { clv: new Float64Array(size) } : {}),
  };
  const { recency: r, frequency: f, monetary: m } = scores;
  for (let i = 0; i < n; i++) {
    const c = ((r[i]! - 1) * bins + (f[i]! - 1)) * bins + (m[i]! - 1);
    code[i] = c;
    histogram.customers[c]! += 1;
    histogram.monetary[c]! += options.monetary[i]!;
    histogram.recencyDays[c]! += options.recencyDays[i]!;
    histogram.frequency[c]! += options.frequency[i]!;
    if (clv) histogram.clv![c]! += clv[i]!;
  }
  return { bins, length: n, r, f, m, code, dimensions, histogram, warnings };
}

function meanOrderValues(monetary: ArrayLike<number>, frequency: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = meanOrderValue(monetary[i]!, frequency[i]!);
  }
  return out;
}

interface DimensionInput {
  readonly dimension: Dimension;
  readonly values: ArrayLike<number>;
  readonly bins: Bins;
  readonly method: DimensionMethod;
}

/**
 * Internally every dimension is scored on a key where higher is better (recency is negated),
 * against `bins - 1` ascending key bounds: score = 1 + number of bounds <= key.
 */
function scoreDimension({ dimension, values, bins, method }: DimensionInput): {
  scores: Uint8Array;
  report: DimensionReport;
  warnings: ScoringWarning[];
} {
  const n = values.length;
  const sign = dimension === "recency" ? -1 : 1;
  for (let i = 0; i < n; i++) {
    if (values[i]! - values[i]! !== 0) {
      throw new RfmError("INVALID_OPTIONS", `${NOUN[dimension]} of customer #${i} is not a finite number`, {
        dimension,
        index: i,
        value: values[i],
      });
    }
  }

  let keyBounds: Float64Array;
  let keys: Float64Array | null = null;
  if (method.kind === "thresholds") {
    keyBounds = thresholdKeyBounds(dimension, method.bounds, bins, sign);
  } else {
    keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = sign * values[i]!;
    keyBounds = quantileKeyBounds(keys, bins);
  }

  const scores = new Uint8Array(n);
  const counts = new Float64Array(bins + 1);
  const min = new Float64Array(bins + 1).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(bins + 1).fill(Number.NEGATIVE_INFINITY);
  const lastBound = bins - 1;
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    const key = sign * value;
    let s = 1;
    while (s <= lastBound && key >= keyBounds[s - 1]!) s++;
    scores[i] = s;
    counts[s]! += 1;
    if (value < min[s]!) min[s] = value;
    if (value > max[s]!) max[s] = value;
  }

  const binsReport: ScoreBin[] = [];
  for (let s = 1; s <= bins; s++) {
    const empty = counts[s] === 0;
    binsReport.push({
      score: s,
      customers: counts[s]!,
      min: empty ? null : min[s]!,
      max: empty ? null : max[s]!,
    });
  }
  // Report bounds in the caller's units and order (see DimensionMethod).
  const bounds: (number | null)[] = [];
  for (let k = 0; k < lastBound; k++) {
    const b = keyBounds[sign === 1 ? k : lastBound - 1 - k]!;
    bounds.push(Number.isFinite(b) ? sign * b + 0 : null);
  }
  return {
    scores,
    report: { dimension, method: method.kind, bounds, bins: binsReport },
    warnings: n === 0 ? [] : emptyScoreWarnings({ dimension, counts, bins, keys, sign }),
  };
}

/**
 * Key bounds of the quantile rule. Score >= s exactly when W >= j = ceil((s - 1) × n / bins),
 * W being the number of strictly smaller keys; the bound is the smallest key with at least j
 * keys below it, or +Infinity when there is none. Found by selection (quickselect), not a
 * full sort: linear time, which is what keeps 2.38 million customers well under a second.
 * Reorders `keys` in place.
 */
function quantileKeyBounds(keys: Float64Array, bins: Bins): Float64Array {
  const n = keys.length;
  const bounds = new Float64Array(bins - 1).fill(Number.POSITIVE_INFINITY);
  let lo = 0;
  for (let s = 2; s <= bins; s++) {
    const j = Math.ceil(((s - 1) * n) / bins);
    if (j >= n) continue;
    // Everything before lo is <= keys[lo..]: the earlier selections stay valid.
    select(keys, j, lo, n - 1);
    lo = j;
    const x = keys[j]!;
    // keys[0..j) are all <= x; those equal to x share x's rank, so fewer than j lie below x.
    let equalBefore = 0;
    for (let i = 0; i < j; i++) if (keys[i] === x) equalBefore++;
    if (equalBefore === 0) {
      bounds[s - 2] = x;
      continue;
    }
    // x's tie straddles position j: the bound is the next larger key, if any.
    let next = Number.POSITIVE_INFINITY;
    for (let i = j + 1; i < n; i++) {
      const k = keys[i]!;
      if (k > x && k < next) next = k;
    }
    bounds[s - 2] = next;
  }
  return bounds;
}

/**
 * Rearranges `a[lo..hi]` so that `a[k]` holds the value a full sort would put there, with
 * nothing larger before it and nothing smaller after it (Hoare partitioning, median-of-three
 * pivot; runs of equal keys split evenly, so heavy ties stay linear).
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function thresholdKeyBounds(
  dimension: Dimension,
  bounds: readonly (number | null)[],
  bins: Bins,
  sign: 1 | -1,
): Float64Array {
  // In key order (higher is better), null being a bound no value reaches (+Infinity).
  const key = new Float64Array(bounds.length);
  for (let k = 0; k < bounds.length; k++) {
    const b = bounds[sign === 1 ? k : bounds.length - 1 - k];
    key[k] = b === null || b === undefined ? Number.POSITIVE_INFINITY : sign * b;
  }
  const problem =
    bounds.length !== bins - 1
      ? `needs ${bins - 1} bounds for ${bins} bins, got ${bounds.length}`
      : bounds.some((b) => b !== null && !Number.isFinite(b))
        ? "bounds must be finite numbers"
        : key.some((k, i) => i > 0 && k < key[i - 1]!)
          ? `bounds must be in increasing order${bounds.includes(null) ? `, null (no value reaches the score) only at the ${sign === 1 ? "end" : "start"}` : ""}`
          : null;
  if (problem) {
    throw new RfmError(
      "INVALID_THRESHOLDS",
      `${NOUN[dimension]} thresholds [${bounds.map(String).join(", ")}]: ${problem}`,
      {
        dimension,
        bounds,
        bins,
      },
    );
  }
  return key;
}

function emptyScoreWarnings(input: {
  dimension: Dimension;
  counts: Float64Array;
  bins: Bins;
  keys: Float64Array | null;
  sign: 1 | -1;
}): ScoringWarning[] {
  const { dimension, counts, bins, keys, sign } = input;
  const empty: number[] = [];
  for (let s = 1; s <= bins; s++) if (counts[s] === 0) empty.push(s);
  if (empty.length === 0) return [];
  const label = LABEL[dimension];
  const warnings: ScoringWarning[] = [];
  const top = empty.includes(bins);
  const describe = (scoresList: number[]): string => {
    if (!keys) return `no customer's ${NOUN[dimension]} falls within those thresholds`;
    // Name the tie that swallowed the first empty score: the key at its quantile position.
    const n = keys.length;
    const j = Math.min(n - 1, Math.ceil(((scoresList[0]! - 1) * n) / bins));
    select(keys, j, 0, n - 1);
    const v = keys[j]!;
    let tied = 0;
    for (let i = 0; i < n; i++) if (keys[i] === v) tied++;
    const share = tied / n;
    return `${formatShare(share)} of customers share the same ${NOUN[dimension]} (${sign * v + 0}), and equal values always get equal scores`;
  };
  if (top) {
    warnings.push({
      code: "TOP_SCORE_UNREACHABLE",
      dimension,
      scores: [bins],
      message: `No customer reaches ${label}${bins}: ${describe([bins])}.`,
    });
  }
  const rest = empty.filter((s) => s !== bins);
  if (rest.length > 0) {
    warnings.push({
      code: "SCORES_EMPTY",
      dimension,
      scores: rest,
      message: `No customer gets ${rest.map((s) => `${label}${s}`).join(", ")}: ${describe(rest)}.`,
    });
  }
  return warnings;
}

function formatShare(share: number): string {
  return `${(Math.round(share * 1000) / 10).toString()}%`;
}
