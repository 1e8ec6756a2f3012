import { DAY_MS, storeCalendar } from "../days";
import type { ScoringWarning } from "./score";

/** Orders further apart than this are implausible for one business's customers. */
export const MAX_PLAUSIBLE_ORDER_SPAN_YEARS = 50;
/** An as-of further than this after the latest order is implausible (recency would be all gap). */
export const MAX_PLAUSIBLE_AS_OF_GAP_YEARS = 10;

const YEAR_MS = 365.25 * DAY_MS;

export interface DefaultAsOf {
  /** The end of the latest order's store day, but never after the end of `now`'s store day. */
  readonly asOf: number;
  /** AS_OF_CAPPED when the latest order is after now's day (data imported before dates were checked). */
  readonly warning: ScoringWarning | null;
}

/**
 * A run's default as-of: the end of the day of the latest order, so that order has recency 0,
 * capped at the end of `now`'s day, both days in the store's zone (`timeZone`, default UTC). An
 * as-of in the future would make every recency include days that have not happened (one order
 * dated 9999-12-31 gave recencies of millions of days).
 */
export function defaultAsOf(options: {
  readonly latestOrder: number;
  readonly now: number;
  readonly timeZone?: string | undefined;
}): DefaultAsOf {
  const calendar = storeCalendar(options.timeZone);
  const day = (ms: number) => calendar.isoDayOf(ms);
  const wanted = calendar.endOfDay(calendar.dayOf(options.latestOrder));
  const cap = calendar.endOfDay(calendar.dayOf(options.now));
  if (wanted <= cap) return { asOf: wanted, warning: null };
  return {
    asOf: cap,
    warning: {
      code: "AS_OF_CAPPED",
      dimension: null,
      scores: [],
      message:
        `The latest order is dated ${day(options.latestOrder)}, after today (${day(options.now)}): ` +
        `the run is as of the end of today instead. Orders dated in the future are wrong data; ` +
        `imports now reject them (docs/import.md).`,
    },
  };
}

/**
 * Warnings about spans no real customer base has: the orders spanning more than
 * {@link MAX_PLAUSIBLE_ORDER_SPAN_YEARS} years (a date like 0001-01-01 or 9999-12-31 among them),
 * or the as-of more than {@link MAX_PLAUSIBLE_AS_OF_GAP_YEARS} years after the latest order.
 * Days are named as everywhere: the as-of is the last day counted (the day before the instant).
 * `earliestOrder`/`latestOrder` null (no orders): no warning.
 */
export function spanWarnings(options: {
  /** The scoring instant (exclusive): the run is "as of" the store day before it. */
  readonly asOf: number;
  readonly earliestOrder: number | null;
  readonly latestOrder: number | null;
  /** The store's time zone the days are named in (default UTC). */
  readonly timeZone?: string | undefined;
}): ScoringWarning[] {
  const { asOf, earliestOrder, latestOrder } = options;
  const calendar = storeCalendar(options.timeZone);
  const day = (ms: number) => calendar.isoDayOf(ms);
  if (earliestOrder === null || latestOrder === null) return [];
  const warnings: ScoringWarning[] = [];
  const years = (ms: number) => Math.floor(ms / YEAR_MS);
  if (latestOrder - earliestOrder > MAX_PLAUSIBLE_ORDER_SPAN_YEARS * YEAR_MS) {
    warnings.push({
      code: "IMPLAUSIBLE_SPAN",
      dimension: null,
      scores: [],
      message:
        `The orders span ${years(latestOrder - earliestOrder).toLocaleString("en")} years ` +
        `(${day(earliestOrder)} to ${day(latestOrder)}): check for wrong dates.`,
    });
  }
  if (asOf - latestOrder > MAX_PLAUSIBLE_AS_OF_GAP_YEARS * YEAR_MS) {
    warnings.push({
      code: "IMPLAUSIBLE_SPAN",
      dimension: null,
      scores: [],
      message:
        `The run is as of ${day(asOf - 1)}, ${years(asOf - latestOrder).toLocaleString("en")} years after ` +
        `the latest order (${day(latestOrder)}): every recency includes that gap.`,
    });
  }
  return warnings;
}
