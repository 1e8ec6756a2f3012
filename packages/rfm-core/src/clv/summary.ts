import { asOfDayOf, storeCalendar } from "../days";
import { ProblemCollector, requireOption, sameLength } from "./validate";

/**
 * Per-customer summary in the form of the "lifetimes" library and of Fader, Hardie & Lee (2005),
 * the input of the BG/NBD and Gamma-Gamma models. Columns are aligned: row i is one customer.
 * Times are in model units of `unitDays` days (1 = days, 7 = weeks); every time passed to the
 * models along with this summary (forecast horizons) must use the same unit.
 */
export interface LifetimesSummary {
  /** x: number of repeat purchases, i.e. purchases after the first (0 for one-time buyers). */
  readonly frequency: Float64Array;
  /** t_x: time from the first to the last purchase day, in model units (0 when x = 0). */
  readonly recency: Float64Array;
  /** T: time from the first purchase day to the as-of day (the last day observed), in model units. */
  readonly T: Float64Array;
  /** Mean value of the repeat purchases (currency units); 0 when x = 0. See {@link toLifetimesSummary}. */
  readonly monetaryValue: Float64Array;
  /** Length of one model time unit in days. */
  readonly unitDays: number;
}

export interface ToLifetimesSummaryOptions {
  /** Epoch ms of each customer's first purchase. */
  readonly firstPurchase: Float64Array;
  /** Epoch ms of each customer's last purchase (>= firstPurchase). */
  readonly lastPurchase: Float64Array;
  /** Number of purchases (orders, or purchase days; see below), >= 1. */
  readonly purchases: Uint32Array | Float64Array;
  /** Total spend per customer, currency units (after refunds). */
  readonly monetaryTotal: Float64Array;
  /** Value of each customer's first purchase, when known: gives the exact repeat-purchase mean. */
  readonly firstOrderValue?: Float64Array;
  /**
   * End of the observation period, epoch ms, exclusive: the first instant after the last day
   * observed (no purchase may be later).
   */
  readonly asOf: number;
  /** The store's time zone, whose calendar days are counted (IANA name, default `UTC`). */
  readonly timeZone?: string | undefined;
  /** Days per model time unit: 1 for days, 7 for weeks. */
  readonly unitDays: number;
}

/**
 * Converts the aggregator's columns into the lifetimes form, per customer i:
 *
 * - frequency x = purchases − 1
 * - recency t_x = (day(lastPurchase) − day(firstPurchase)) / unitDays
 * - T = (asOfDay − day(firstPurchase)) / unitDays
 *
 * where day(ms) is the calendar day of an instant in the store's zone (`timeZone`, default UTC)
 * and asOfDay the last day observed, the day of the instant just before `asOf`. Times are whole
 * days, as in lifetimes' `summary_data_from_transaction_data` with `freq="D"` (T = (observation
 * period end − first purchase).days, the period end being the last day observed) and BTYD:
 * purchases are dated, not timed, and a first purchase on the last day observed has T = 0
 * (CDNOW: asOf 1997-10-01 00:00 UTC, the period ending 1997-09-30, gives T = 272 days = 38.86
 * weeks for a first purchase on 1997-01-01, as in the published CDNOW summary).
 * Day resolution also makes many customers share (x, t_x, T), which the fitters and forecasts
 * exploit: millions of customers over a few months have only thousands of distinct summaries.
 * - monetaryValue = (monetaryTotal − firstOrderValue) / x when `firstOrderValue` is given (the
 *   mean of the repeat purchases, exactly as lifetimes and the Gamma-Gamma paper define it);
 *   otherwise monetaryTotal / purchases, the mean order value over all purchases including the
 *   first. That approximation is acceptable: it only differs when first orders are
 *   systematically larger or smaller than later ones, and the Gamma-Gamma model already assumes
 *   spend is independent of the purchase sequence. 0 when x = 0 (the models ignore it then).
 *
 * The BG/NBD literature counts at most one purchase per customer per period (same-day orders
 * are combined). If `purchases` counts orders, several orders on one day count as repeats with
 * zero recency gap; combine them upstream when that matters. Every broken rule (purchases a
 * positive integer, firstPurchase <= lastPurchase <= asOf, finite times) is reported at once as
 * `CLV_INVALID_INPUT`; mismatched lengths as `LENGTH_MISMATCH`.
 */
export function toLifetimesSummary(options: ToLifetimesSummaryOptions): LifetimesSummary {
  const { firstPurchase, lastPurchase, purchases, monetaryTotal, firstOrderValue, asOf, unitDays } = options;
  const where = "toLifetimesSummary";
  requireOption(Number.isFinite(asOf), where, "asOf must be a finite epoch-ms time", { asOf });
  requireOption(
    unitDays > 0 && Number.isFinite(unitDays),
    where,
    "unitDays must be a positive number of days",
    {
      unitDays,
    },
  );
  const n = sameLength(where, { firstPurchase, lastPurchase, purchases, monetaryTotal, firstOrderValue });
  const calendar = storeCalendar(options.timeZone);
  const asOfDay = asOfDayOf(asOf, calendar);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  const problems = new ProblemCollector();
  for (let i = 0; i < n; i++) {
    const count = purchases[i]!;
    const first = firstPurchase[i]!;
    const last = lastPurchase[i]!;
    const total = monetaryTotal[i]!;
    if (!(count >= 1) || !Number.isInteger(count)) problems.add("purchases must be an integer >= 1", i);
    if (!Number.isFinite(first) || !Number.isFinite(last)) problems.add("purchase times must be finite", i);
    else if (!(first <= last && last <= asOf)) problems.add("need firstPurchase <= lastPurchase <= asOf", i);
    if (!Number.isFinite(total)) problems.add("monetaryTotal must be finite", i);
    const x = count - 1;
    const firstDay = calendar.dayOf(first);
    frequency[i] = x;
    recency[i] = (calendar.dayOf(last) - firstDay) / unitDays;
    T[i] = (asOfDay - firstDay) / unitDays;
    if (x > 0) {
      monetaryValue[i] = firstOrderValue === undefined ? total / count : (total - firstOrderValue[i]!) / x;
    }
  }
  problems.throwIfAny(where);
  return { frequency, recency, T, monetaryValue, unitDays };
}
