import { describe, expect, it } from "vitest";
import { seededRandom } from "../random";
import {
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
} from "./gamma-gamma";
import { simulateGammaGamma } from "./simulate";

/** Published Gamma-Gamma estimates for the CDNOW sample (lifetimes docs; Fader & Hardie 2013). */
const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.45 };

const col = (...values: number[]) => Float64Array.from(values);

describe("gammaGammaLogLikelihood", () => {
  it("at p = q = 1 and x = 1 it is the beta-prime log-density ln(v / (v + m)²)", () => {
    const ll = gammaGammaLogLikelihood({
      params: { p: 1, q: 1, v: 10 },
      frequency: col(1),
      monetaryValue: col(30),
    });
    expect(ll).toBeCloseTo(Math.log(10 / 40 ** 2), 13);
  });

  it("at p = 2, q = 3, x = 2: Γ(7)/(Γ(4)Γ(3)) v³ m³ 2⁴ / (v + 2m)⁷", () => {
    const v = 12;
    const m = 20;
    const density = ((720 / (6 * 2)) * v ** 3 * m ** 3 * 2 ** 4) / (v + 2 * m) ** 7;
    const ll = gammaGammaLogLikelihood({
      params: { p: 2, q: 3, v },
      frequency: col(2),
      monetaryValue: col(m),
    });
    expect(ll).toBeCloseTo(Math.log(density), 12);
  });

  it("ignores customers without repeat purchases or with a non-positive mean", () => {
    const params = { p: 2, q: 3, v: 12 };
    const alone = gammaGammaLogLikelihood({ params, frequency: col(2), monetaryValue: col(20) });
    const mixed = gammaGammaLogLikelihood({
      params,
      frequency: col(0, 2, 3, 1),
      monetaryValue: col(0, 20, 0, -5),
    });
    expect(mixed).toBe(alone);
  });
});

describe("gammaGammaExpectedSpend", () => {
  it.each([
    // x, m̄, expected p (v + x m̄) / (p x + q − 1) with p 6.25, q 3.74, v 15.45
    [1, 30, (6.25 * (15.45 + 30)) / (6.25 + 2.74)],
    [5, 30, (6.25 * (15.45 + 150)) / (31.25 + 2.74)],
    [50, 30, (6.25 * (15.45 + 1500)) / (312.5 + 2.74)],
  ])("x = %d, m̄ = %d gives p (v + x m̄) / (p x + q − 1)", (x, m, expected) => {
    expect(
      gammaGammaExpectedSpend({ params: CDNOW, frequency: col(x), monetaryValue: col(m) })[0],
    ).toBeCloseTo(expected, 10);
  });

  it("shrinks towards the population mean p v / (q − 1) when x is small and towards m̄ as x grows", () => {
    const population = (CDNOW.p * CDNOW.v) / (CDNOW.q - 1);
    const out = gammaGammaExpectedSpend({
      params: CDNOW,
      frequency: col(0, 1, 10, 1000),
      monetaryValue: col(0, 100, 100, 100),
    });
    expect(out[0]).toBeCloseTo(population, 12);
    expect(out[1]!).toBeGreaterThan(population);
    expect(out[1]!).toBeLessThan(out[2]!);
    expect(out[3]!).toBeLessThan(100);
    expect(out[3]!).toBeGreaterThan(99.5);
  });

  it("treats a repeat buyer with a non-positive mean as m̄ = 0", () => {
    const out = gammaGammaExpectedSpend({ params: CDNOW, frequency: col(2, 2), monetaryValue: col(-10, 0) });
    expect(out[0]).toBe(out[1]);
    expect(out[0]).toBeCloseTo((CDNOW.p * CDNOW.v) / (2 * CDNOW.p + CDNOW.q - 1), 12);
  });

  it("refuses q <= 1, where the mean spend does not exist", () => {
    expect(() =>
      gammaGammaExpectedSpend({ params: { p: 1, q: 1, v: 1 }, frequency: col(1), monetaryValue: col(1) }),
    ).toThrow(expect.objectContaining({ code: "INVALID_OPTIONS" }));
  });
});

describe("fitGammaGamma", () => {
  const truth: GammaGammaParams = { p: 6, q: 4, v: 15 };
  const n = 5000;
  const random = seededRandom(99);
  // 1 to 10 repeat transactions per customer
  const frequency = Float64Array.from({ length: n }, () => 1 + Math.floor(10 * random()));
  const monetaryValue = simulateGammaGamma({ params: truth, frequency, seed: 5 });

  it("recovers the parameters of 5,000 simulated repeat buyers", () => {
    const fit = fitGammaGamma({ frequency, monetaryValue });
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(n);
    // About three standard deviations of the estimates, measured over twelve seeds: q ±0.35
    // (sd 0.11). p and v trade off along a ridge (sd 1.3 and 3.1: with q = 4 the spread between
    // customers swamps the within-customer spread that pins p), while the population mean
    // p v / (q − 1) is sharp (sd 0.75 %).
    expect(Math.abs(fit.q - truth.q)).toBeLessThan(0.35);
    expect(Math.abs(fit.p - truth.p)).toBeLessThan(4);
    expect(Math.abs(fit.v - truth.v)).toBeLessThan(9);
    const mean = (fit.p * fit.v) / (fit.q - 1);
    expect(Math.abs(mean / 30 - 1)).toBeLessThan(0.03);
  });

  it("finds the maximum: the fitted log-likelihood beats the true parameters' and its neighbours'", () => {
    const fit = fitGammaGamma({ frequency, monetaryValue });
    const at = (params: GammaGammaParams) => gammaGammaLogLikelihood({ frequency, monetaryValue, params });
    expect(fit.logLikelihood).toBeCloseTo(at(fit), 8);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(at(truth));
    for (const key of ["p", "q", "v"] as const) {
      for (const factor of [0.99, 1.01])
        expect(fit.logLikelihood).toBeGreaterThan(at({ ...fit, [key]: fit[key] * factor }));
    }
  });

  it("needs at least 10 repeat buyers with positive spend", () => {
    expect(() => fitGammaGamma({ frequency: col(1, 2, 0), monetaryValue: col(10, 20, 0) })).toThrow(
      expect.objectContaining({ code: "CLV_INSUFFICIENT_DATA", details: { customers: 2, required: 10 } }),
    );
  });

  it("reports bad rows", () => {
    expect(() => fitGammaGamma({ frequency: col(1, -1), monetaryValue: col(Number.NaN, 1) })).toThrow(
      expect.objectContaining({ code: "CLV_INVALID_INPUT" }),
    );
  });
});
