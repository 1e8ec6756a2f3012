/**
 * The arithmetic of the R and M measures, in one place: rfm-core's reference aggregators and
 * the API's scoring runs (whose aggregates come from SQL) both compute them here, so a
 * customer's recency and mean order value cannot differ between the two.
 */
import { DAY_MS } from "./days";

/**
 * Recency: whole days elapsed from the last purchase to `asOf`,
 * `floor((asOf - lastPurchase) / DAY_MS)`. Elapsed days, not calendar days: with `asOf` at the
 * first instant of a UTC day (how scoring "as of a day" is passed), a purchase any time on the
 * day before has recency 0, and one at the very first instant of that day too. Both times are
 * epoch ms; the aggregators only pass purchases before `asOf`, so the result is >= 0 there.
 */
export function recencyDays(asOf: number, lastPurchase: number): number {
  return Math.floor((asOf - lastPurchase) / DAY_MS);
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
