import { describe, expect, it } from "vitest";
import { mulberry32, sampleBeta, sampleGamma } from "./simulate";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, variance: sumSq / n - mean * mean };
}

describe("simulation helpers", () => {
  it("mulberry32 is deterministic per seed and uniform on [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    const m = moments(mulberry32(1), 100_000);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });

  it.each([
    [0.25, 2],
    [1, 1],
    [3.7, 0.5],
    [50, 0.1],
  ])("Gamma(shape %d, scale %d) draws have mean kθ and variance kθ²", (shape, scale) => {
    const random = mulberry32(7);
    const m = moments(() => sampleGamma(random, shape, scale), 200_000);
    // Standard errors of the sample mean and variance at n = 200,000 are below 1 % here.
    expect(Math.abs(m.mean / (shape * scale) - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.variance / (shape * scale * scale) - 1)).toBeLessThan(0.05);
  });

  it("Beta(a, b) draws have mean a / (a + b)", () => {
    const random = mulberry32(8);
    const m = moments(() => sampleBeta(random, 0.8, 2.5), 100_000);
    expect(m.mean).toBeCloseTo(0.8 / 3.3, 2);
  });
});
