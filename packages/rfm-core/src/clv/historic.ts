import { DAY_MS } from "../days";
import { ProblemCollector, requireOption, sameLength } from "./validate";

/** Default floor on tenure, in days: see {@link HistoricClvOptions.minTenureDays}. */
export const DEFAULT_MIN_TENURE_DAYS = 30;

export interface HistoricClvOptions {
  /** Total spend per customer, currency units, after refunds (may be 0 or negative). */
  readonly monetaryTotal: Float64Array;
  /** Epoch ms of each customer's first purchase; NaN for a customer who never purchased. */
  readonly firstPurchase: Float64Array;
  /** Epoch ms of each customer's last purchase; required only with `lapsedAfterDays`. */
  readonly lastPurchase?: Float64Array;
  /** Scoring time, epoch ms: tenure and lapse are measured up to it. */
  readonly asOf: number;
  /** Forecast horizon in days (e.g. 365 for a one-year CLV). */
  readonly horizonDays: number;
  /**
   * Floor on tenure in days, default 30. Without it a customer whose first order was an hour ago
   * would get a spend rate of a whole order per hour. When the aggregation covers a fixed window
   * (the product's default is three months), passing the window length treats every customer
   * first seen inside it alike.
   */
  readonly minTenureDays?: number;
  /**
   * Optional lapse rule: a customer whose last purchase is more than this many days before
   * `asOf` is taken as lost and gets 0.
   */
  readonly lapsedAfterDays?: number;
}

/**
 * Historic (naive) CLV: the customer's average spend per day of tenure, projected over the
 * horizon, in currency units:
 *
 *   tenureDays = (asOf − firstPurchase) / 86,400,000
 *   clv = monetaryTotal / max(tenureDays, minTenureDays) × horizonDays
 *
 * This equals average order value × purchase rate × horizon, with the purchase rate measured as
 * purchases per day of tenure (AOV × purchases / tenure = total / tenure), so it needs only the
 * totals. Tenure runs to `asOf`, not to the last purchase, so a customer who has gone quiet has
 * a falling rate. It assumes every customer stays active at their past rate (no churn except the
 * optional lapse rule) and is linear in spend: zero spend gives 0 and a net-negative customer
 * (refunds above purchases) gets a negative value, which keeps segment averages unbiased.
 * A customer with a NaN first purchase (never purchased) gets 0.
 *
 * Use it when there is too little history for the probabilistic models (fewer than a few
 * hundred repeat buyers) or as a transparent baseline; see docs/clv.md.
 *
 * @returns one value per customer, aligned with the inputs.
 */
export function historicClv(options: HistoricClvOptions): Float64Array {
  const { monetaryTotal, firstPurchase, lastPurchase, asOf, horizonDays, lapsedAfterDays } = options;
  const minTenureDays = options.minTenureDays ?? DEFAULT_MIN_TENURE_DAYS;
  const where = "historicClv";
  requireOption(Number.isFinite(asOf), where, "asOf must be a finite epoch-ms time", { asOf });
  requireOption(horizonDays >= 0 && Number.isFinite(horizonDays), where, "horizonDays must be >= 0", {
    horizonDays,
  });
  requireOption(minTenureDays > 0 && Number.isFinite(minTenureDays), where, "minTenureDays must be > 0", {
    minTenureDays,
  });
  if (lapsedAfterDays !== undefined) {
    requireOption(lapsedAfterDays >= 0, where, "lapsedAfterDays must be >= 0", { lapsedAfterDays });
    requireOption(lastPurchase !== undefined, where, "lapsedAfterDays needs lastPurchase", {});
  }
  const n = sameLength(where, { monetaryTotal, firstPurchase, lastPurchase });
  const out = new Float64Array(n);
  const problems = new ProblemCollector();
  const lapseMs = lapsedAfterDays === undefined ? Number.POSITIVE_INFINITY : lapsedAfterDays * DAY_MS;
  const minTenureMs = minTenureDays * DAY_MS;
  const horizonMs = horizonDays * DAY_MS;
  for (let i = 0; i < n; i++) {
    const first = firstPurchase[i]!;
    if (Number.isNaN(first)) continue;
    const total = monetaryTotal[i]!;
    if (!(first <= asOf) || first === Number.NEGATIVE_INFINITY) {
      problems.add("firstPurchase must be finite and <= asOf", i);
      continue;
    }
    if (!Number.isFinite(total)) {
      problems.add("monetaryTotal must be finite", i);
      continue;
    }
    if (lastPurchase !== undefined && lapseMs !== Number.POSITIVE_INFINITY) {
      const last = lastPurchase[i]!;
      if (!(last >= first && last <= asOf)) {
        problems.add("need firstPurchase <= lastPurchase <= asOf", i);
        continue;
      }
      if (asOf - last > lapseMs) continue;
    }
    const tenureMs = asOf - first;
    out[i] = (total / Math.max(tenureMs, minTenureMs)) * horizonMs;
  }
  problems.throwIfAny(where);
  return out;
}
