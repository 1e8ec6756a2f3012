import { BgNbdForecast, type BgNbdParams, checkBgNbdParams } from "./bgnbd";
import { checkGammaGammaParams, type GammaGammaParams, gammaGammaExpectedOne } from "./gamma-gamma";
import { checkRecencyFrequency, ProblemCollector, requireOption, sameLength } from "./validate";

export interface PredictClvOptions {
  readonly bgnbd: BgNbdParams;
  readonly gammaGamma: GammaGammaParams;
  /** x: repeat purchases. */
  readonly frequency: Float64Array;
  /** t_x, model units. */
  readonly recency: Float64Array;
  /** T, model units. */
  readonly T: Float64Array;
  /** m̄: mean repeat-purchase value, currency units (ignored when x = 0). */
  readonly monetaryValue: Float64Array;
  /** Forecast length in model units (the unit of recency and T: 52 for a year in weeks). */
  readonly horizon: number;
  /**
   * Discount rate per period (0.01 = 1 %). Default 0: undiscounted. When > 0, `periodLength` is
   * required.
   */
  readonly discountRatePerPeriod?: number;
  /** Length of one discounting period in model units (e.g. 30 for months when the unit is days). */
  readonly periodLength?: number;
}

/**
 * Predicted customer lifetime value over a finite horizon, per customer, in currency units:
 * BG/NBD expected repeat purchases times Gamma-Gamma expected value per purchase.
 *
 * Undiscounted (the default):
 *
 *   CLV = E[Y(H) | x, t_x, T] · E[M | x, m̄]
 *
 * With a discount rate d per period of length P, as lifetimes' `customer_lifetime_value`
 * (there with P = 30 days): the horizon is cut into n = ⌈H / P⌉ periods, the purchases expected
 * in period k are discounted to now at the end of that period,
 *
 *   CLV = E[M | x, m̄] · Σ_{k=1..n} (E[Y(min(kP, H))] − E[Y((k−1)P)]) / (1 + d)^k
 *
 * E[Y] is equation (10) of Fader, Hardie & Lee (2005), see `bgnbdExpectedPurchases`; E[M] is
 * the Gamma-Gamma conditional mean, see `gammaGammaExpectedSpend`. Only repeat purchases are
 * valued (the model's first purchase is history). Independence of spend and frequency is the
 * Gamma-Gamma's assumption.
 *
 * Returns a Float64Array aligned with the inputs (row i is customer i), ready to be summed per
 * code or segment. O(n) with no allocation per customer: one ₂F₁ series pass per distinct
 * (x, T) serves all period ends at once (see `BgNbdForecast`); the rest is a log and an
 * exp per customer.
 */
export function predictClv(options: PredictClvOptions): Float64Array {
  const where = "predictClv";
  const { frequency, recency, T, monetaryValue, horizon } = options;
  const bg = checkBgNbdParams(options.bgnbd, where);
  const gg = checkGammaGammaParams(options.gammaGamma, where, true);
  const discount = options.discountRatePerPeriod ?? 0;
  requireOption(horizon >= 0 && Number.isFinite(horizon), where, "horizon must be finite and >= 0", {
    horizon,
  });
  requireOption(discount >= 0 && Number.isFinite(discount), where, "discountRatePerPeriod must be >= 0", {
    discount,
  });
  const period = options.periodLength;
  if (discount > 0) {
    requireOption(
      period !== undefined && period > 0 && Number.isFinite(period),
      where,
      "a discount rate needs periodLength > 0 (in model time units)",
      { periodLength: period },
    );
  }
  const n = checkRecencyFrequency(where, frequency, recency, T);
  sameLength(where, { frequency, monetaryValue });
  const problems = new ProblemCollector();
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(monetaryValue[i]!)) problems.add("monetaryValue must be finite", i);
  problems.throwIfAny(where);

  // The horizon's period ends t_k and weights w_k such that the value is Σ_k w_k E[Y(t_k)]:
  // summing by parts, Σ_k (E[Y(t_k)] − E[Y(t_(k−1))]) f_k = Σ_k E[Y(t_k)] (f_k − f_(k+1)) with
  // f_k = (1 + d)^−k and f_(n+1) = 0. Undiscounted, it is the single end t_1 = H with w_1 = 1.
  let times: Float64Array;
  let weights: Float64Array;
  if (discount === 0 || period === undefined) {
    times = Float64Array.of(horizon);
    weights = Float64Array.of(1);
  } else {
    const steps = Math.max(0, Math.ceil(horizon / period - 1e-9));
    times = new Float64Array(steps);
    weights = new Float64Array(steps);
    for (let k = 1; k <= steps; k++) {
      times[k - 1] = Math.min(k * period, horizon);
      weights[k - 1] = (1 + discount) ** -k - (k === steps ? 0 : (1 + discount) ** -(k + 1));
    }
  }
  const out = new Float64Array(n);
  new BgNbdForecast(bg, times, weights).expectations(frequency, recency, T, out);
  for (let i = 0; i < n; i++) out[i]! *= gammaGammaExpectedOne(gg, frequency[i]!, monetaryValue[i]!);
  return out;
}
