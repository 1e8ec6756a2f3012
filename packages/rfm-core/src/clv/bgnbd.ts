import { RfmError } from "../errors";
import { groupRows } from "./group-rows";
import { nelderMead } from "./nelder-mead";
import { PairCache } from "./pair-cache";
import { hyp2f1MinusOneOverB, lnGamma } from "./special";
import { checkRecencyFrequency, requireOption } from "./validate";

/**
 * BG/NBD parameters (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way").
 * While active, a customer buys as a Poisson process with rate λ ~ Gamma(shape r, rate α);
 * after each repeat purchase they drop out for good with probability p ~ Beta(a, b).
 * α is in model time units (its unit is the unit of recency and T: days or weeks); r, a and b
 * are unitless.
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export interface BgNbdFit extends BgNbdParams {
  /** The maximised log-likelihood (the paper's form, natural log, summed over customers). */
  readonly logLikelihood: number;
  /** Nelder–Mead iterations and objective evaluations used. */
  readonly iterations: number;
  readonly evaluations: number;
  /** False when the iteration cap stopped the search before the tolerances were met. */
  readonly converged: boolean;
  /** Customers fitted. */
  readonly customers: number;
}

/** The lifetimes-form columns the BG/NBD needs; see `LifetimesSummary`. */
export interface RecencyFrequencyColumns {
  /** x: repeat purchases (non-negative integers). */
  readonly frequency: Float64Array;
  /** t_x: time from first to last purchase, model units (0 <= t_x <= T). */
  readonly recency: Float64Array;
  /** T: time from first purchase to the end of observation, model units. */
  readonly T: Float64Array;
}

/** Customers grouped by identical (x, t_x, T), with the distinct frequencies indexed once. */
interface BgNbdData {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Index of each row's x in `distinctX` (rows are sorted by x, so this is non-decreasing). */
  readonly xIndex: Uint32Array;
  readonly distinctX: Float64Array;
  readonly customers: number;
}

function prepare(columns: RecencyFrequencyColumns, where: string): BgNbdData {
  const customers = checkRecencyFrequency(where, columns.frequency, columns.recency, columns.T);
  const g = groupRows([columns.frequency, columns.recency, columns.T]);
  const [x, tx, T] = g.columns as [Float64Array, Float64Array, Float64Array];
  const xIndex = new Uint32Array(g.length);
  let distinct = 0;
  for (let i = 0; i < g.length; i++) {
    if (i > 0 && x[i] !== x[i - 1]) distinct++;
    xIndex[i] = distinct;
  }
  const distinctX = new Float64Array(g.length === 0 ? 0 : distinct + 1);
  for (let i = 0; i < g.length; i++) distinctX[xIndex[i]!] = x[i]!;
  return { x, tx, T, weight: g.weights, xIndex, distinctX, customers };
}

/**
 * Sum of the per-customer BG/NBD log-likelihoods, equation (6) of the paper in logs:
 *
 *   ln L_i = ln Γ(r + x) − ln Γ(r) + r ln α + ln Γ(a + b) + ln Γ(b + x) − ln Γ(b) − ln Γ(a + b + x)
 *            + ln[ (α + T)^−(r+x) + δ_{x>0} · a / (b + x − 1) · (α + t_x)^−(r+x) ]
 *
 * with the last bracket taken by log-sum-exp of its two terms' logs, which stays finite where
 * the powers themselves underflow (large x or T).
 */
function logLikelihood(
  d: BgNbdData,
  r: number,
  alpha: number,
  a: number,
  b: number,
  scratch: Float64Array,
): number {
  // Per distinct x: the terms that do not depend on t_x or T (scratch[2k]) and ln(a / (b + x − 1))
  // (scratch[2k + 1]), so the per-customer loop is left with two logs and one log-sum-exp.
  const logAlpha = Math.log(alpha);
  const constant = -lnGamma(r) + r * logAlpha + lnGamma(a + b) - lnGamma(b);
  const logA = Math.log(a);
  for (let k = 0; k < d.distinctX.length; k++) {
    const x = d.distinctX[k]!;
    scratch[2 * k] = constant + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    scratch[2 * k + 1] = x > 0 ? logA - Math.log(b + x - 1) : 0;
  }
  const { x: xs, tx: txs, T: Ts, weight, xIndex } = d;
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const k = 2 * xIndex[i]!;
    const rx = r + x;
    // ln[(α+T)^−(r+x) + a/(b+x−1) (α+t_x)^−(r+x)] = ln(α+T)^−(r+x) + ln(1 + e^(u − v)), and
    // u − v = ln(a/(b+x−1)) + (r+x) ln((α+T)/(α+t_x)) is bounded, so log1p(exp) is stable;
    // it is the log-sum-exp of the two terms with the larger one factored out when u − v > 0.
    let term = -rx * Math.log(alpha + Ts[i]!);
    if (x > 0) {
      const diff = scratch[k + 1]! + rx * Math.log((alpha + Ts[i]!) / (alpha + txs[i]!));
      term += diff > 0 ? diff + Math.log1p(Math.exp(-diff)) : Math.log1p(Math.exp(diff));
    }
    sum += weight[i]! * (scratch[k]! + term);
  }
  return sum;
}

export interface BgNbdLogLikelihoodOptions extends RecencyFrequencyColumns {
  readonly params: BgNbdParams;
}

/**
 * The BG/NBD log-likelihood of the data at `params` (equation 6 of Fader, Hardie & Lee 2005,
 * summed over customers; see {@link fitBgNbd}). Useful to compare fits or to check published
 * estimates. Throws `CLV_INVALID_INPUT` / `LENGTH_MISMATCH` on bad columns.
 */
export function bgnbdLogLikelihood(options: BgNbdLogLikelihoodOptions): number {
  const d = prepare(options, "bgnbdLogLikelihood");
  const { r, alpha, a, b } = checkParams(options.params, "bgnbdLogLikelihood");
  return logLikelihood(d, r, alpha, a, b, new Float64Array(2 * d.distinctX.length));
}

export interface FitBgNbdOptions extends RecencyFrequencyColumns {
  /** Cap on Nelder–Mead iterations. Default 5,000. */
  readonly maxIterations?: number;
  /** Relative tolerance on the log-likelihood. Default 1e-10. */
  readonly tolerance?: number;
}

/**
 * Fits the BG/NBD by maximum likelihood: Nelder–Mead over (ln r, ln α, ln a, ln b), so every
 * parameter stays positive, maximising the log-likelihood of {@link bgnbdLogLikelihood}.
 *
 * Deterministic: it starts from r = 1, α = 1 / pooled repeat rate (Σ T / Σ x, so that the mean
 * rate r / α matches the data), a = 1, b = 1, with log-steps of 0.5, and customers are grouped
 * by identical (x, t_x, T) first, so neither input order nor duplicate rows change the result.
 * Converged when the simplex's log-likelihoods agree to `tolerance` relatively and its vertices
 * to 1e-6 in log-parameters, with restarts from the optimum to confirm it.
 *
 * Needs at least one customer with a repeat purchase (`CLV_INSUFFICIENT_DATA` otherwise: with
 * no repeats the likelihood has no interior maximum).
 */
export function fitBgNbd(options: FitBgNbdOptions): BgNbdFit {
  const where = "fitBgNbd";
  const d = prepare(options, where);
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < d.x.length; i++) {
    sumX += d.weight[i]! * d.x[i]!;
    sumT += d.weight[i]! * d.T[i]!;
  }
  if (!(sumX > 0) || !(sumT > 0)) {
    throw new RfmError(
      "CLV_INSUFFICIENT_DATA",
      `${where}: no customer has a repeat purchase, the BG/NBD cannot be fitted`,
      {
        customers: d.customers,
      },
    );
  }
  const scratch = new Float64Array(2 * d.distinctX.length);
  const result = nelderMead({
    objective: (p) =>
      -logLikelihood(d, Math.exp(p[0]!), Math.exp(p[1]!), Math.exp(p[2]!), Math.exp(p[3]!), scratch),
    start: [0, Math.log(sumT / sumX), 0, 0],
    fTolerance: options.tolerance ?? 1e-10,
    maxIterations: options.maxIterations ?? 5000,
  });
  const [lr, la, lA, lb] = result.x as unknown as [number, number, number, number];
  return {
    r: Math.exp(lr),
    alpha: Math.exp(la),
    a: Math.exp(lA),
    b: Math.exp(lb),
    logLikelihood: -result.value,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    customers: d.customers,
  };
}

function checkParams(params: BgNbdParams, where: string): BgNbdParams {
  const { r, alpha, a, b } = params;
  const ok = [r, alpha, a, b].every((v) => v > 0 && Number.isFinite(v));
  requireOption(ok, where, "BG/NBD parameters r, alpha, a, b must be positive and finite", {
    r,
    alpha,
    a,
    b,
  });
  return params;
}

/**
 * E[Y(t) | x, t_x, T]: expected repeat purchases in the next t model units of one customer,
 * equation (10) of the paper: the straightforward one-customer form, kept as the reference the
 * batched {@link BgNbdForecast} (what {@link bgnbdExpectedPurchases} and `predictClv` use) is
 * tested against.
 *
 * Computed through Euler's transformation ₂F₁(r+x, b+x; c; z) = (1−z)^(a−1−r−x) ₂F₁(A, a−1; c; z)
 * with c = a + b + x − 1, A = a + b − 1 − r and z = t / (α + T + t), which turns the equation into
 *
 *   E = c · [ (1 − (1−z)^(a−1)) / (a − 1) − (1−z)^(a−1) · S ] / D
 *   S = (₂F₁(A, a−1; c; z) − 1) / (a − 1)   (series with small parameters: fast even for large x)
 *   D = 1 + δ_{x>0} · a / (b + x − 1) · ((α + T) / (α + t_x))^(r+x)
 *
 * Both quotients by (a − 1) are evaluated in forms that are exact at a = 1 (expm1 and
 * {@link hyp2f1MinusOneOverB}), where the paper's form is 0/0.
 */
export function bgnbdExpectedOne(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const log1mz = Math.log1p(-z);
  const am1 = a - 1;
  const c = a + b + x - 1;
  const first = am1 === 0 ? -log1mz : -Math.expm1(am1 * log1mz) / am1;
  const s = hyp2f1MinusOneOverB(a + b - 1 - r, am1, c, z);
  const numerator = c * (first - Math.exp(am1 * log1mz) * s);
  if (x === 0) return numerator;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return numerator / (1 + Math.exp(logOdds));
}

/** Relative truncation tolerance of the ₂F₁ series in forecasts (far below any CLV precision). */
const SERIES_TOLERANCE = 1e-13;
/**
 * Hard cap on series terms, past which the partial sum is used: reached only when t is several
 * hundred times α + T, far past any sane horizon (z = 0.99, t = 99 (α + T), takes ~3,000).
 */
const SERIES_MAX_TERMS = 20_000;

/**
 * The coefficients s_j (j >= 1) of S(z) = Σ_j s_j z^j for one frequency x (see
 * {@link BgNbdForecast}), computed once and extended on demand: they depend on x only, so all
 * customers with that x, at every horizon, share them and pay only a multiply-add per term.
 */
class SeriesCoefficients {
  values = new Float64Array(64);
  /** Entries 1..length − 1 are valid (entry 0 is unused). */
  length = 2;

  constructor(
    private readonly A: number,
    private readonly am1: number,
    private readonly c: number,
  ) {
    this.values[1] = A / c;
  }

  /** Makes entries up to `index` valid; returns the (possibly reallocated) array. */
  ensure(index: number): Float64Array {
    if (index < this.length) return this.values;
    if (index >= this.values.length) {
      const grown = new Float64Array(Math.max(2 * this.values.length, index + 1));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    const { A, am1, c } = this;
    const v = this.values;
    for (let j = this.length - 1; j < index; j++)
      v[j + 1] = (v[j]! * ((A + j) * (am1 + j))) / ((c + j) * (j + 1));
    this.length = index + 1;
    return v;
  }
}

/**
 * Equation (10) prepared for many customers and horizons at once. For one customer it computes
 * the numerator of equation (10) combined over horizons t_k with weights w_k,
 *
 *   Σ_k w_k N(t_k),  N(t) = D · E[Y(t) | x, t_x, T]
 *   N(t) = c · [ (1 − (1−z)^(a−1)) / (a − 1) − (1−z)^(a−1) · S(z) ],  z = t / (α + T + t)
 *   S(z) = Σ_{j ≥ 1} s_j z^j,  s_1 = A / c,  s_{j+1} = s_j (A + j)(a − 1 + j) / ((c + j)(j + 1))
 *
 * with c = a + b + x − 1 and A = a + b − 1 − r (the form of {@link bgnbdExpectedOne}); D, the
 * only part that depends on t_x, is applied per customer. Each series stops when its latest
 * term times the tail bound 1 / (1 − z) is below 1e-13 of its sum (past the growth phase).
 * Customers with the same (x, T) share the numerator (memoised), which with day-resolution
 * times leaves a few thousand series for millions of customers.
 */
export class BgNbdForecast {
  private readonly coefficients = new Map<number, SeriesCoefficients>();

  constructor(
    private readonly params: BgNbdParams,
    private readonly times: Float64Array,
    private readonly weights: Float64Array,
  ) {}

  /** Σ_k w_k N(t_k) for frequency x and age T. */
  numerator(x: number, T: number): number {
    const { r, alpha, a, b } = this.params;
    const am1 = a - 1;
    const A = a + b - 1 - r;
    const c = a + b + x - 1;
    let coefficients = this.coefficients.get(x);
    if (coefficients === undefined) {
      coefficients = new SeriesCoefficients(A, am1, c);
      this.coefficients.set(x, coefficients);
    }
    const growthEnd = Math.abs(A) + Math.abs(am1);
    let total = 0;
    for (let k = 0; k < this.times.length; k++) {
      const t = this.times[k]!;
      if (!(t > 0)) continue;
      const z = t / (alpha + T + t);
      const tailFactor = 1 / (1 - z);
      let s = coefficients.ensure(2);
      let sum = 0;
      let power = z;
      for (let j = 1; j < SERIES_MAX_TERMS; j++) {
        if (j + 1 >= coefficients.length) s = coefficients.ensure(2 * j + 2);
        const term = s[j]! * power;
        sum += term;
        power *= z;
        if (term === 0) break;
        if (
          j > growthEnd &&
          Math.abs(term) * tailFactor <= SERIES_TOLERANCE * Math.abs(sum) &&
          Math.abs(s[j + 1]!) * z < Math.abs(s[j]!)
        ) {
          break;
        }
      }
      const log1mz = Math.log1p(-z);
      const powerAm1Minus1 = Math.expm1(am1 * log1mz); // (1 − z)^(a−1) − 1
      const first = am1 === 0 ? -log1mz : -powerAm1Minus1 / am1;
      total += this.weights[k]! * c * (first - (1 + powerAm1Minus1) * sum);
    }
    return total;
  }

  /** Σ_k w_k E[Y(t_k) | x, t_x, T] for every customer, into `out`. */
  expectations(frequency: Float64Array, recency: Float64Array, T: Float64Array, out: Float64Array): void {
    const { r, alpha, a, b } = this.params;
    const cache = new PairCache();
    for (let i = 0; i < frequency.length; i++) {
      const x = frequency[i]!;
      const age = T[i]!;
      let numerator: number;
      if (cache.has(x, age)) {
        numerator = cache.cachedValue();
      } else {
        numerator = this.numerator(x, age);
        cache.store(x, age, numerator);
      }
      if (x === 0) {
        out[i] = numerator;
      } else {
        const logOdds =
          Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + age) - Math.log(alpha + recency[i]!));
        out[i] = numerator / (1 + Math.exp(logOdds));
      }
    }
  }
}

export interface BgNbdExpectedPurchasesOptions extends RecencyFrequencyColumns {
  readonly params: BgNbdParams;
  /** Forecast length in model units (same unit as recency and T), >= 0. */
  readonly t: number;
}

/**
 * Conditional expected number of repeat purchases of each customer in the next `t` model units,
 * given their history (x, t_x, T): equation (10) of Fader, Hardie & Lee (2005),
 *
 *   E[Y(t) | x, t_x, T] = (a + b + x − 1) / (a − 1)
 *       · [1 − ((α + T) / (α + T + t))^(r+x) ₂F₁(r + x, b + x; a + b + x − 1; t / (α + T + t))]
 *       / [1 + δ_{x>0} a / (b + x − 1) ((α + T) / (α + t_x))^(r+x)]
 *
 * (evaluated as described at {@link bgnbdExpectedOne} and {@link BgNbdForecast}).
 * Unitless counts, one per customer, aligned with the inputs. O(n), no allocation per customer;
 * the ₂F₁ series needs a few dozen terms when t is comparable to α + T and a few hundred when
 * t ≈ 10 (α + T), once per distinct (x, T).
 */
export function bgnbdExpectedPurchases(options: BgNbdExpectedPurchasesOptions): Float64Array {
  const where = "bgnbdExpectedPurchases";
  const n = checkRecencyFrequency(where, options.frequency, options.recency, options.T);
  const params = checkParams(options.params, where);
  requireOption(options.t >= 0 && Number.isFinite(options.t), where, "t must be finite and >= 0", {
    t: options.t,
  });
  const out = new Float64Array(n);
  const forecast = new BgNbdForecast(params, Float64Array.of(options.t), Float64Array.of(1));
  forecast.expectations(options.frequency, options.recency, options.T, out);
  return out;
}

export interface BgNbdProbabilityAliveOptions extends RecencyFrequencyColumns {
  readonly params: BgNbdParams;
}

/**
 * Probability that each customer is still active at the end of observation (Fader, Hardie &
 * Lee 2005; Hardie's note "Computing P(alive) using the BG/NBD model"):
 *
 *   P(alive | x, t_x, T) = 1 / [1 + δ_{x>0} · a / (b + x − 1) · ((α + T) / (α + t_x))^(r+x)]
 *
 * so 1 for customers without repeat purchases (the model lets customers drop out only right
 * after a repeat purchase). Evaluated as a logistic of the log-odds, stable for large x.
 */
export function bgnbdProbabilityAlive(options: BgNbdProbabilityAliveOptions): Float64Array {
  const where = "bgnbdProbabilityAlive";
  const n = checkRecencyFrequency(where, options.frequency, options.recency, options.T);
  const { r, alpha, a, b } = checkParams(options.params, where);
  const { frequency, recency, T } = options;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!;
    if (x === 0) {
      out[i] = 1;
      continue;
    }
    const logOdds =
      Math.log(a / (b + x - 1)) + (r + x) * (Math.log(alpha + T[i]!) - Math.log(alpha + recency[i]!));
    out[i] = 1 / (1 + Math.exp(logOdds));
  }
  return out;
}

export { checkParams as checkBgNbdParams };
