import type { BgNbdParams } from "./bgnbd";
import type { GammaGammaParams } from "./gamma-gamma";

/**
 * Seeded random draws for simulating customer bases from the CLV models: parameter-recovery
 * tests and demo data. Deterministic for a given seed; not for anything security-related.
 */
export type Random = () => number;

/** mulberry32: a tiny 32-bit PRNG, uniform on [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw on (0, 1): never 0, so its log is finite. */
function openUniform(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return u;
}

/** Standard normal draw (Box–Muller, one of the pair). */
export function sampleNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(openUniform(random))) * Math.cos(2 * Math.PI * random());
}

/**
 * Gamma(shape, scale) draw by Marsaglia & Tsang (2000); for shape < 1 the boost
 * Gamma(k) = Gamma(k + 1) · U^(1/k). Mean shape × scale.
 */
export function sampleGamma(random: Random, shape: number, scale: number): number {
  if (shape < 1) return sampleGamma(random, shape + 1, scale) * openUniform(random) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(random);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

/** Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(random: Random, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  const y = sampleGamma(random, b, 1);
  return x / (x + y);
}

export interface SimulateBgNbdOptions {
  readonly params: BgNbdParams;
  /** Observation length T of each customer, model units (one row per customer). */
  readonly T: Float64Array;
  readonly seed: number;
  /** Also count the purchases in (T, T + holdout], for forecast checks. Default 0. */
  readonly holdout?: number;
}

/**
 * Simulates the BG/NBD story per customer: λ ~ Gamma(r, scale 1/α), p ~ Beta(a, b); from the
 * first purchase at 0, repeat purchases follow a Poisson process of rate λ, and after each repeat
 * purchase the customer drops out with probability p.
 */
export function simulateBgNbd(options: SimulateBgNbdOptions): {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  holdoutPurchases: Float64Array;
} {
  const { params, T, seed } = options;
  const holdout = options.holdout ?? 0;
  const random = mulberry32(seed);
  const n = T.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const holdoutPurchases = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = sampleGamma(random, params.r, 1 / params.alpha);
    const p = sampleBeta(random, params.a, params.b);
    const end = T[i]!;
    let t = 0;
    for (;;) {
      t += -Math.log(openUniform(random)) / lambda;
      if (t > end + holdout) break;
      if (t <= end) {
        frequency[i]! += 1;
        recency[i] = t;
      } else {
        holdoutPurchases[i]! += 1;
      }
      if (random() < p) break;
    }
  }
  return { frequency, recency, T: T.slice(), holdoutPurchases };
}

export interface SimulateGammaGammaOptions {
  readonly params: GammaGammaParams;
  /** Number of transactions x to average per customer (rows with x = 0 get 0). */
  readonly frequency: Float64Array;
  readonly seed: number;
}

/**
 * Simulates the Gamma-Gamma story: ν ~ Gamma(q, scale 1/v) per customer, each of the x
 * transaction values ~ Gamma(p, scale 1/ν); returns the mean value m̄ per customer.
 */
export function simulateGammaGamma(options: SimulateGammaGammaOptions): Float64Array {
  const { params, frequency, seed } = options;
  const random = mulberry32(seed);
  const out = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    if (x <= 0) continue;
    const nu = sampleGamma(random, params.q, 1 / params.v);
    let sum = 0;
    for (let k = 0; k < x; k++) sum += sampleGamma(random, params.p, 1 / nu);
    out[i] = sum / x;
  }
  return out;
}
