/**
 * The arithmetic of the R and M measures, in one place: rfm-core's reference aggregators and
 * the API's scoring runs (whose aggregates come from SQL) both compute them here, so a
 * customer's recency and mean order value cannot differ between the two.
 */
import type { DayNumber, StoreCalendar } from "./days";

export interface RecencyOptions {
  /** The last day counted (the as-of day), a store day: see {@link asOfDayOf}. */
  readonly asOfDay: DayNumber;
  /** The last purchase, epoch ms. */
  readonly lastPurchase: number;
  /** The store's time zone: which day the purchase falls on. */
  readonly calendar: StoreCalendar;
}

/**
 * Recency: calendar days from the store day of the last purchase to the as-of day, both days in
 * the store's time zone. A purchase on the as-of day has recency 0, one the day before 1,
 * whatever the time of day (as the R `rfm` package, PyMC-Marketing and lifetimes count days
 * between the analysis date and the last purchase). The aggregators only pass purchases up to
 * the end of the as-of day, so the result is >= 0 there.
 */
export function recencyDays(options: RecencyOptions): number {
  return options.asOfDay - options.calendar.dayOf(options.lastPurchase);
}

/**
 * Mean order value: net spend / purchases, rounded to 1/100 of a currency unit with
 * `Math.round` (so a half cent rounds up, towards +∞: 0.125 -> 0.13 and -0.125 -> -0.12) so
 * that equal means tie exactly. The rounding is of the binary double: 1.005 is stored just
 * below 1.005 and gives 1.00. Net spend may be negative (refunds above purchases), and so is
 * the mean then. With no purchase the net spend is returned rounded (divided by 1).
 */
export function meanOrderValue(netSpend: number, purchases: number): number {
  return Math.round((netSpend / (purchases > 0 ? purchases : 1)) * 100) / 100;
}
