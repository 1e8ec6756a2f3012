/**
 * Customer bases simulated from the CLV models, for parameter-recovery tests and benchmarks;
 * deterministic per seed (the project's one generator, `seededRandom`).
 */

import { openUniform, sampleBeta, sampleGamma, seededRandom } from "../random";
import type { BgNbdParams } from "./bgnbd";
import type { GammaGammaParams } from "./gamma-gamma";

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
  const random = seededRandom(seed);
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
  const random = seededRandom(seed);
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
