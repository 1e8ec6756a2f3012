import { describe, expect, it } from "vitest";
import { sampleBeta, sampleGamma, sampleNormal, seededRandom } from "./random";

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

describe("the seeded generator and its distributions", () => {
  it("seededRandom is deterministic per seed and uniform on [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    const m = moments(seededRandom(1), 100_000);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });

  it("seed 42 starts with the stream the demo store was generated from", () => {
    const random = seededRandom(42);
    expect([random(), random(), random()].map((u) => u * 4294967296)).toEqual([
      2852766471, 4136168353, 1126838629,
    ]);
  });

  it("Gamma draws of seed 1 are the demo store's (shape 0.55 boosted, then 3.7)", () => {
    const random = seededRandom(1);
    expect([sampleGamma(random, 0.55), sampleGamma(random, 3.7)]).toEqual([
      1.2770855879606362, 2.191149768848347,
    ]);
  });

  it("standard normal draws have mean 0 and variance 1", () => {
    const random = seededRandom(9);
    const m = moments(() => sampleNormal(random), 100_000);
    expect(m.mean).toBeCloseTo(0, 2);
    expect(m.variance).toBeCloseTo(1, 1);
  });

  it.each([
    [0.25, 2],
    [1, 1],
    [3.7, 0.5],
    [50, 0.1],
  ])("Gamma(shape %d, scale %d) draws have mean kθ and variance kθ²", (shape, scale) => {
    const random = seededRandom(7);
    const m = moments(() => sampleGamma(random, shape, scale), 200_000);
    // Standard errors of the sample mean and variance at n = 200,000 are below 1 % here.
    expect(Math.abs(m.mean / (shape * scale) - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.variance / (shape * scale * scale) - 1)).toBeLessThan(0.05);
  });

  it("Beta(a, b) draws have mean a / (a + b)", () => {
    const random = seededRandom(8);
    const m = moments(() => sampleBeta(random, 0.8, 2.5), 100_000);
    expect(m.mean).toBeCloseTo(0.8 / 3.3, 2);
  });
});
