/**
 * The distributions the demo data needs, drawn from rfm-core's one seeded generator and gamma
 * sampler (`seededRandom`, `sampleGamma`): the same `--seed` always gives the same data set,
 * and tests and benchmarks depend on that.
 */
import { sampleGamma, sampleNormal, seededRandom, type Random as Uniform } from "@rfm/core";

export class Random {
  /** Uniform in [0, 1). */
  readonly next: Uniform;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  normal(): number {
    return sampleNormal(this.next);
  }

  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Gamma(shape, 1). */
  gamma(shape: number): number {
    return sampleGamma(this.next, shape);
  }

  poisson(lambda: number): number {
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Index drawn with probability proportional to `cumulative[i] - cumulative[i - 1]`. */
  weighted(cumulative: Float64Array): number {
    const x = this.next() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
