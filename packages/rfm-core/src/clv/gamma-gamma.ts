import { RfmError } from "../errors";
import { groupRows } from "./group-rows";
import { nelderMead } from "./nelder-mead";
import { lnGamma } from "./special";
import { ProblemCollector, requireOption, sameLength } from "./validate";

/**
 * Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves";
 * Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"). Each transaction value of a
 * customer is Gamma(shape p, rate ν), and ν varies across customers as Gamma(shape q, rate v).
 * p and q are unitless; v is in currency units (the unit of `monetaryValue`).
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  /** The maximised log-likelihood (natural log, summed over the customers fitted). */
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** Customers fitted: those with frequency > 0 and monetaryValue > 0. */
  readonly customers: number;
}

export interface GammaGammaColumns {
  /** x: repeat purchases (non-negative integers). */
  readonly frequency: Float64Array;
  /** m̄: mean value of the repeat purchases, currency units. */
  readonly monetaryValue: Float64Array;
}

interface GammaGammaData {
  readonly x: Float64Array;
  readonly logM: Float64Array;
  readonly m: Float64Array;
  readonly weight: Float64Array;
  readonly xIndex: Uint32Array;
  readonly distinctX: Float64Array;
  readonly logDistinctX: Float64Array;
  readonly customers: number;
  readonly meanM: number;
}

function prepare(columns: GammaGammaColumns, where: string): GammaGammaData {
  const { frequency, monetaryValue } = columns;
  const n = sameLength(where, { frequency, monetaryValue });
  const problems = new ProblemCollector();
  let used = 0;
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!;
    const m = monetaryValue[i]!;
    if (!(x >= 0) || !Number.isInteger(x)) problems.add("frequency must be a non-negative integer", i);
    if (!Number.isFinite(m)) problems.add("monetaryValue must be finite", i);
    else if (x > 0 && m > 0) used++;
  }
  problems.throwIfAny(where);
  const selected = new Uint32Array(used);
  let s = 0;
  for (let i = 0; i < n; i++) if (frequency[i]! > 0 && monetaryValue[i]! > 0) selected[s++] = i;
  const g = groupRows([frequency, monetaryValue], selected);
  const [x, m] = g.columns as [Float64Array, Float64Array];
  const logM = new Float64Array(g.length);
  const xIndex = new Uint32Array(g.length);
  let distinct = 0;
  let sumM = 0;
  for (let i = 0; i < g.length; i++) {
    logM[i] = Math.log(m[i]!);
    sumM += g.weights[i]! * m[i]!;
    if (i > 0 && x[i] !== x[i - 1]) distinct++;
    xIndex[i] = distinct;
  }
  const distinctX = new Float64Array(g.length === 0 ? 0 : distinct + 1);
  for (let i = 0; i < g.length; i++) distinctX[xIndex[i]!] = x[i]!;
  const logDistinctX = distinctX.map(Math.log);
  return {
    x,
    logM,
    m,
    weight: g.weights,
    xIndex,
    distinctX,
    logDistinctX,
    customers: used,
    meanM: sumM / used,
  };
}

/**
 * Sum over customers of the Gamma-Gamma log-density of the observed mean spend m̄ given x
 * (Fader & Hardie 2013):
 *
 *   ln f(m̄ | x) = ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln v + (px − 1) ln m̄ + px ln x
 *                 − (px + q) ln(v + x m̄)
 */
function logLikelihood(d: GammaGammaData, p: number, q: number, v: number, perX: Float64Array): number {
  const constant = -lnGamma(q) + q * Math.log(v);
  for (let k = 0; k < d.distinctX.length; k++) {
    const px = p * d.distinctX[k]!;
    perX[k] = constant + lnGamma(px + q) - lnGamma(px) + px * d.logDistinctX[k]!;
  }
  let sum = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i]!;
    const px = p * x;
    sum +=
      d.weight[i]! * (perX[d.xIndex[i]!]! + (px - 1) * d.logM[i]! - (px + q) * Math.log(v + x * d.m[i]!));
  }
  return sum;
}

export interface GammaGammaLogLikelihoodOptions extends GammaGammaColumns {
  readonly params: GammaGammaParams;
}

/** The Gamma-Gamma log-likelihood at `params` over customers with x > 0 and m̄ > 0 (see {@link fitGammaGamma}). */
export function gammaGammaLogLikelihood(options: GammaGammaLogLikelihoodOptions): number {
  const d = prepare(options, "gammaGammaLogLikelihood");
  const { p, q, v } = checkGammaGammaParams(options.params, "gammaGammaLogLikelihood", false);
  return logLikelihood(d, p, q, v, new Float64Array(d.distinctX.length));
}

export interface FitGammaGammaOptions extends GammaGammaColumns {
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/** Fewer spenders than this cannot pin down three parameters. */
export const MIN_GAMMA_GAMMA_CUSTOMERS = 10;

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood (as lifetimes' `GammaGammaFitter`) on
 * the customers with frequency > 0 and monetaryValue > 0 only: one-time buyers have no repeat
 * spend, and the model has no room for zero or negative means. Nelder–Mead over
 * (ln p, ln q, ln v) from the deterministic start p = 1, q = 2, v = mean m̄ (so the implied
 * population mean p v / (q − 1) equals the observed one), same tolerances as `fitBgNbd`.
 *
 * The model assumes spend is independent of purchase frequency; check the correlation of x and
 * m̄ before relying on it (docs/clv.md). Throws `CLV_INSUFFICIENT_DATA` with fewer than
 * {@link MIN_GAMMA_GAMMA_CUSTOMERS} usable customers.
 */
export function fitGammaGamma(options: FitGammaGammaOptions): GammaGammaFit {
  const where = "fitGammaGamma";
  const d = prepare(options, where);
  if (d.customers < MIN_GAMMA_GAMMA_CUSTOMERS) {
    throw new RfmError(
      "CLV_INSUFFICIENT_DATA",
      `${where}: ${d.customers} customers have repeat purchases with positive spend, need ${MIN_GAMMA_GAMMA_CUSTOMERS}`,
      { customers: d.customers, required: MIN_GAMMA_GAMMA_CUSTOMERS },
    );
  }
  const perX = new Float64Array(d.distinctX.length);
  const result = nelderMead({
    objective: (t) => -logLikelihood(d, Math.exp(t[0]!), Math.exp(t[1]!), Math.exp(t[2]!), perX),
    start: [0, Math.log(2), Math.log(d.meanM)],
    fTolerance: options.tolerance ?? 1e-10,
    maxIterations: options.maxIterations ?? 5000,
  });
  const [lp, lq, lv] = result.x as unknown as [number, number, number];
  return {
    p: Math.exp(lp),
    q: Math.exp(lq),
    v: Math.exp(lv),
    logLikelihood: -result.value,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    customers: d.customers,
  };
}

export function checkGammaGammaParams(
  params: GammaGammaParams,
  where: string,
  needMean: boolean,
): GammaGammaParams {
  const { p, q, v } = params;
  const ok = [p, q, v].every((x) => x > 0 && Number.isFinite(x));
  requireOption(ok, where, "Gamma-Gamma parameters p, q, v must be positive and finite", { p, q, v });
  requireOption(
    !needMean || q > 1,
    where,
    "Gamma-Gamma q must be > 1 for the mean spend p v / (q − 1) to exist",
    {
      p,
      q,
      v,
    },
  );
  return params;
}

/**
 * E[M | x, m̄] for one customer, allocation-free (see {@link gammaGammaExpectedSpend}).
 * Requires q > 1 (checked by the public functions).
 */
export function gammaGammaExpectedOne(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = params;
  if (x === 0) return (p * v) / (q - 1);
  return (p * (v + x * Math.max(m, 0))) / (p * x + q - 1);
}

export interface GammaGammaExpectedSpendOptions extends GammaGammaColumns {
  readonly params: GammaGammaParams;
}

/**
 * Conditional expected average value per transaction of each customer (Fader, Hardie & Lee 2005;
 * lifetimes' `conditional_expected_average_profit`), in the currency unit of `monetaryValue`:
 *
 *   E[M | x, m̄] = p (v + x m̄) / (p x + q − 1)
 *              = (q − 1)/(p x + q − 1) · p v/(q − 1) + p x/(p x + q − 1) · m̄
 *
 * a weighted mean of the population mean p v / (q − 1) and the customer's own mean m̄, weighted
 * towards m̄ as x grows. Customers with x = 0 get the population mean; customers with x > 0 and
 * m̄ <= 0 (refunds at or above purchases) are treated as m̄ = 0, the limit from above, which
 * shrinks them towards zero. Throws `INVALID_OPTIONS` when q <= 1 (no finite mean).
 */
export function gammaGammaExpectedSpend(options: GammaGammaExpectedSpendOptions): Float64Array {
  const where = "gammaGammaExpectedSpend";
  const params = checkGammaGammaParams(options.params, where, true);
  const { frequency, monetaryValue } = options;
  const n = sameLength(where, { frequency, monetaryValue });
  const problems = new ProblemCollector();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!;
    const m = monetaryValue[i]!;
    if (!(x >= 0) || !Number.isFinite(m)) {
      problems.add("need frequency >= 0 and finite monetaryValue", i);
      continue;
    }
    out[i] = gammaGammaExpectedOne(params, x, m);
  }
  problems.throwIfAny(where);
  return out;
}
