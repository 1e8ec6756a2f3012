/**
 * A run's cut points in words and as ranges ("R4: last order 0-30 days ago", "F3: 3-5 orders",
 * "M4: 1,145.00 or more"), and the check of cut points people type in.
 *
 * The ranges follow exactly how {@link scoreCustomers} assigns a value at a bound:
 * - frequency and monetary: score = 1 + (number of bounds <= value), so score s covers
 *   `bounds[s-2] <= value < bounds[s-1]`: a value equal to a bound gets the higher score;
 * - recency: score = 1 + (number of bounds >= days), so the best score covers `days <= bounds[0]`
 *   and score s covers `bounds[bins-s-1] < days <= bounds[bins-s]`: a value equal to a bound gets
 *   the better (higher) score, the one with fewer days.
 *
 * The sentences read the values the data can hold: recency in whole days (0 or more), frequency
 * in whole orders (1 or more: a scored customer has a purchase), monetary in whole cents.
 */
import type { Bins, Dimension } from "../codes";
import { RfmError } from "../errors";
import type { DimensionReport, MonetaryBasis } from "./score";

export interface ScoreBand {
  readonly score: number;
  /** `R4`, `F3`, `M1`. */
  readonly label: string;
  /** The lowest raw value of the score (days, orders, currency units); null: no lower end. */
  readonly lower: number | null;
  readonly lowerInclusive: boolean;
  /** The highest raw value of the score; null: no upper end. */
  readonly upper: number | null;
  readonly upperInclusive: boolean;
  /** False when no value can get the score (equal bounds, or a bound no value reaches); lower and upper are then null. */
  readonly reachable: boolean;
  /** The range in words, label first: "R4: last order 0-30 days ago". */
  readonly text: string;
}

export interface DescribeScoresOptions {
  readonly dimension: Dimension;
  /** `bins - 1` bounds as a run reports them (DimensionReport.bounds), or fixed thresholds. */
  readonly bounds: readonly (number | null)[];
  /** For monetary: mean-order scores read "per order". */
  readonly basis?: MonetaryBasis;
  /** Money in words (default: two decimals with thousands separators, "1,145.00"). */
  readonly formatMoney?: (units: number) => string;
}

const LABEL: Record<Dimension, string> = { recency: "R", frequency: "F", monetary: "M" };
const NOUN: Record<Dimension, string> = { recency: "recency", frequency: "frequency", monetary: "monetary" };

const MONEY = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const INTEGER = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const defaultMoney = (units: number): string => MONEY.format(units);

/**
 * The smallest whole number of cents `c` with `c / 100 >= units`, computed on the same doubles
 * the scoring compares (a value of `c` cents is scored as `c / 100`): the cents a monetary bound
 * starts at, whatever its decimals.
 */
export function centsAtLeast(units: number): number {
  let c = Math.round(units * 100);
  while (c / 100 >= units) c--;
  while (c / 100 < units) c++;
  return c;
}

/** The scores 1..bins of one dimension as ranges and sentences, score 1 first. */
export function describeScores(options: DescribeScoresOptions): ScoreBand[] {
  const { dimension, bounds } = options;
  const bins = bounds.length + 1;
  const money = options.formatMoney ?? defaultMoney;
  const perOrder = dimension === "monetary" && options.basis === "mean-order" ? " per order" : "";
  const out: ScoreBand[] = [];
  for (let score = 1; score <= bins; score++) {
    const label = `${LABEL[dimension]}${score}`;
    if (dimension === "recency") {
      // Bound values as days; null is a bound no value reaches (-Infinity days).
      const at = (k: number) =>
        k < 0 || k >= bounds.length ? undefined : (bounds[k] ?? Number.NEGATIVE_INFINITY);
      const upper = at(bins - score); // days <= upper (none for score 1)
      const lower = at(bins - score - 1); // days > lower (none for the best score)
      // Whole days 0.. : from floor(lower) + 1 to floor(upper).
      const lo = Math.max(0, lower === undefined ? 0 : Math.floor(lower) + 1);
      const hi = upper === undefined ? Number.POSITIVE_INFINITY : Math.floor(upper);
      if (lo > hi || upper === Number.NEGATIVE_INFINITY) {
        out.push(empty(score, label, "no customer can have this recency"));
        continue;
      }
      const text =
        hi === Number.POSITIVE_INFINITY
          ? `last order ${lo === 0 ? "any number of days ago" : `more than ${INTEGER.format(lo - 1)} days ago`}`
          : lo === hi
            ? `last order ${INTEGER.format(lo)} day${lo === 1 ? "" : "s"} ago`
            : `last order ${INTEGER.format(lo)}-${INTEGER.format(hi)} days ago`;
      out.push({
        score,
        label,
        lower: lower === undefined || lower === Number.NEGATIVE_INFINITY ? null : lower,
        lowerInclusive: false,
        upper: upper ?? null,
        upperInclusive: upper !== undefined,
        reachable: true,
        text: `${label}: ${text}`,
      });
      continue;
    }
    // Frequency and monetary: lower <= value < upper; null is a bound no value reaches (+Infinity).
    const at = (k: number) =>
      k < 0 || k >= bounds.length ? undefined : (bounds[k] ?? Number.POSITIVE_INFINITY);
    const lower = at(score - 2);
    const upper = at(score - 1);
    if (
      lower === Number.POSITIVE_INFINITY ||
      (lower !== undefined && upper !== undefined && lower >= upper)
    ) {
      out.push(empty(score, label, `no customer can have this ${NOUN[dimension]}`));
      continue;
    }
    let text: string;
    if (dimension === "frequency") {
      const lo = Math.max(1, lower === undefined ? 1 : Math.ceil(lower));
      const hi =
        upper === undefined || upper === Number.POSITIVE_INFINITY
          ? Number.POSITIVE_INFINITY
          : Math.ceil(upper) - 1;
      if (lo > hi) {
        out.push(empty(score, label, "no customer can have this frequency"));
        continue;
      }
      const orders = (n: number) => `${INTEGER.format(n)} order${n === 1 ? "" : "s"}`;
      text =
        hi === Number.POSITIVE_INFINITY
          ? `${INTEGER.format(lo)} or more orders`
          : lo === hi
            ? orders(lo)
            : `${INTEGER.format(lo)}-${orders(hi)}`;
    } else {
      // Whole cents: from the first cent at or above lower to the last cent below upper.
      const loCents = lower === undefined ? null : centsAtLeast(lower);
      const hiCents =
        upper === undefined || upper === Number.POSITIVE_INFINITY ? null : centsAtLeast(upper) - 1;
      if (loCents !== null && hiCents !== null && loCents > hiCents) {
        out.push(empty(score, label, "no customer can have this monetary value"));
        continue;
      }
      text =
        loCents === null && hiCents === null
          ? "any amount"
          : loCents === null
            ? `less than ${money((hiCents! + 1) / 100)}`
            : hiCents === null
              ? `${money(loCents / 100)} or more`
              : loCents === hiCents
                ? money(loCents / 100)
                : `${money(loCents / 100)}-${money(hiCents / 100)}`;
      text += perOrder;
    }
    out.push({
      score,
      label,
      lower: lower ?? null,
      lowerInclusive: lower !== undefined,
      upper: upper === undefined || upper === Number.POSITIVE_INFINITY ? null : upper,
      upperInclusive: false,
      reachable: true,
      text: `${label}: ${text}`,
    });
  }
  return out;
}

function empty(score: number, label: string, why: string): ScoreBand {
  return {
    score,
    label,
    lower: null,
    lowerInclusive: false,
    upper: null,
    upperInclusive: false,
    reachable: false,
    text: `${label}: none (${why})`,
  };
}

/** A run's reported cut points of one dimension as ranges and sentences. */
export function describeReport(
  report: DimensionReport,
  formatMoney?: (units: number) => string,
): ScoreBand[] {
  return describeScores({
    dimension: report.dimension,
    bounds: report.bounds,
    ...(report.basis ? { basis: report.basis } : {}),
    ...(formatMoney ? { formatMoney } : {}),
  });
}

/**
 * Checks cut points people give (the CLI, the API, the admin): `bins - 1` finite bounds,
 * strictly increasing (equal bounds would leave a score empty by construction), recency and
 * frequency in whole days and orders, recency 0 or more, monetary in whole cents. Throws
 * INVALID_THRESHOLDS naming the dimension (`details.dimension`) and what is wrong.
 */
export function checkFixedThresholds(options: {
  readonly dimension: Dimension;
  readonly bounds: readonly number[];
  readonly bins: Bins;
}): void {
  const { dimension, bounds, bins } = options;
  const problem =
    bounds.length !== bins - 1
      ? `needs ${bins - 1} bounds for ${bins} bins, got ${bounds.length}`
      : bounds.some((b) => typeof b !== "number" || !Number.isFinite(b))
        ? "bounds must be finite numbers"
        : bounds.some((b, i) => i > 0 && b <= bounds[i - 1]!)
          ? "bounds must be strictly increasing"
          : dimension !== "monetary" && bounds.some((b) => !Number.isInteger(b))
            ? `bounds must be whole ${dimension === "recency" ? "days" : "orders"}`
            : dimension === "recency" && bounds.some((b) => b < 0)
              ? "days cannot be negative"
              : dimension === "monetary" && bounds.some((b) => Math.abs(b * 100 - Math.round(b * 100)) > 1e-6)
                ? "bounds must be whole cents (at most two decimals)"
                : null;
  if (problem) {
    throw new RfmError(
      "INVALID_THRESHOLDS",
      `${NOUN[dimension]} thresholds [${bounds.map(String).join(", ")}]: ${problem}`,
      { dimension, bounds, bins },
    );
  }
}
