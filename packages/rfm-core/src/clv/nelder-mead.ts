import { RfmError } from "../errors";

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** The function to minimise. It receives a scratch array it must not keep; NaN counts as +∞. */
  readonly objective: (x: Float64Array) => number;
  /** Starting point (its length is the dimension). */
  readonly start: ArrayLike<number>;
  /** Initial simplex: vertex i is `start` moved by `step` along axis i. Default 0.5. */
  readonly step?: number;
  /**
   * Converged when the simplex values differ by at most `fTolerance` × (|f_best| + 1e-12) and
   * every vertex is within `xTolerance` of the best in every coordinate. Defaults 1e-10 and 1e-6.
   */
  readonly fTolerance?: number;
  readonly xTolerance?: number;
  /** Cap on iterations over all restarts. Default 5,000. */
  readonly maxIterations?: number;
  /**
   * After converging, the search restarts from the best point with a fresh simplex (Nelder–Mead
   * can stall on a collapsed simplex); it stops when a restart improves the value by no more than
   * `fTolerance` relatively, or after this many restarts. Default 3.
   */
  readonly maxRestarts?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** False when the iteration cap was hit before the tolerances were met. */
  readonly converged: boolean;
}

/**
 * Nelder–Mead simplex minimisation with the standard coefficients (reflection 1, expansion 2,
 * contraction ½, shrink ½), deterministic: the same inputs always take the same path. Meant for
 * the handful of parameters of the CLV models, optimised on the log scale so they stay positive.
 */
export function nelderMead(options: NelderMeadOptions): NelderMeadResult {
  const n = options.start.length;
  const step = options.step ?? 0.5;
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 5000;
  const maxRestarts = options.maxRestarts ?? 3;
  if (n < 1 || !(step > 0) || !(fTol >= 0) || !(xTol >= 0) || !(maxIterations >= 1) || !(maxRestarts >= 0)) {
    throw new RfmError(
      "INVALID_OPTIONS",
      "nelderMead needs a non-empty start, step > 0, tolerances >= 0, maxIterations >= 1",
      {
        dimension: n,
        step,
        fTolerance: fTol,
        xTolerance: xTol,
        maxIterations,
      },
    );
  }
  let evaluations = 0;
  const f = (x: Float64Array): number => {
    evaluations++;
    const v = options.objective(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };

  // Vertices are rows of `simplex`, values in `values`.
  const simplex = new Float64Array((n + 1) * n);
  const values = new Float64Array(n + 1);
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  const best = Float64Array.from(options.start);
  let bestValue = f(best.slice());
  let iterations = 0;
  let converged = false;

  const vertex = (i: number): Float64Array => simplex.subarray(i * n, i * n + n);

  for (let restart = 0; restart <= maxRestarts; restart++) {
    for (let i = 0; i <= n; i++) {
      const v = vertex(i);
      v.set(best);
      if (i > 0) v[i - 1]! += step;
      values[i] = i === 0 ? bestValue : f(v.slice());
    }
    const startValue = bestValue;
    converged = false;
    while (iterations < maxIterations) {
      // Order: best at 0, worst at n (insertion sort: n is tiny).
      for (let i = 1; i <= n; i++) {
        const value = values[i]!;
        const row = vertex(i).slice();
        let j = i - 1;
        while (j >= 0 && values[j]! > value) {
          values[j + 1] = values[j]!;
          vertex(j + 1).set(vertex(j));
          j--;
        }
        values[j + 1] = value;
        vertex(j + 1).set(row);
      }
      if (isConverged(simplex, values, n, fTol, xTol)) {
        converged = true;
        break;
      }
      iterations++;
      centroid.fill(0);
      for (let i = 0; i < n; i++) {
        const v = vertex(i);
        for (let d = 0; d < n; d++) centroid[d]! += v[d]! / n;
      }
      const worst = vertex(n);
      for (let d = 0; d < n; d++) reflected[d] = centroid[d]! + (centroid[d]! - worst[d]!);
      const fr = f(reflected);
      if (fr < values[0]!) {
        for (let d = 0; d < n; d++) trial[d] = centroid[d]! + 2 * (centroid[d]! - worst[d]!);
        const fe = f(trial);
        if (fe < fr) accept(worst, trial, fe);
        else accept(worst, reflected, fr);
      } else if (fr < values[n - 1]!) {
        accept(worst, reflected, fr);
      } else {
        // Contract towards the better of the worst vertex and its reflection.
        const outside = fr < values[n]!;
        const towards = outside ? reflected : worst;
        for (let d = 0; d < n; d++) trial[d] = centroid[d]! + 0.5 * (towards[d]! - centroid[d]!);
        const fc = f(trial);
        if (fc < (outside ? fr : values[n]!)) {
          accept(worst, trial, fc);
        } else {
          const b = vertex(0);
          for (let i = 1; i <= n; i++) {
            const v = vertex(i);
            for (let d = 0; d < n; d++) v[d] = b[d]! + 0.5 * (v[d]! - b[d]!);
            values[i] = f(v.slice());
          }
        }
      }
    }
    let argmin = 0;
    for (let i = 1; i <= n; i++) if (values[i]! < values[argmin]!) argmin = i;
    best.set(vertex(argmin));
    bestValue = values[argmin]!;
    if (!converged) break;
    if (restart > 0 && startValue - bestValue <= fTol * (Math.abs(bestValue) + 1e-12)) break;
  }
  return { x: best, value: bestValue, iterations, evaluations, converged };

  function accept(worst: Float64Array, point: Float64Array, value: number): void {
    worst.set(point);
    values[n] = value;
  }
}

function isConverged(
  simplex: Float64Array,
  values: Float64Array,
  n: number,
  fTol: number,
  xTol: number,
): boolean {
  const fBest = values[0]!;
  if (!Number.isFinite(fBest)) return false;
  if (values[n]! - fBest > fTol * (Math.abs(fBest) + 1e-12)) return false;
  for (let i = 1; i <= n; i++) {
    for (let d = 0; d < n; d++) {
      if (Math.abs(simplex[i * n + d]! - simplex[d]!) > xTol) return false;
    }
  }
  return true;
}
