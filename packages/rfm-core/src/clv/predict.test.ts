import { describe, expect, it } from "vitest";
import { type BgNbdParams, bgnbdExpectedOne } from "./bgnbd";
import type { GammaGammaParams } from "./gamma-gamma";
import { predictClv } from "./predict";

const bgnbd: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gammaGamma: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.45 };
const col = (...values: number[]) => Float64Array.from(values);

// x, t_x, T in weeks, m̄ in dollars
const customers = {
  frequency: col(0, 1, 4, 12),
  recency: col(0, 10, 30, 38),
  T: col(20, 39, 39, 39),
  monetaryValue: col(0, 25, 40, 18),
};

const spend = (x: number, m: number) =>
  x === 0
    ? (gammaGamma.p * gammaGamma.v) / (gammaGamma.q - 1)
    : (gammaGamma.p * (gammaGamma.v + x * m)) / (gammaGamma.p * x + gammaGamma.q - 1);

describe("predictClv", () => {
  it("undiscounted: expected repeat purchases over the horizon × expected spend per purchase", () => {
    const out = predictClv({ bgnbd, gammaGamma, ...customers, horizon: 52 });
    expect(out).toBeInstanceOf(Float64Array);
    expect(out.length).toBe(4);
    for (let i = 0; i < 4; i++) {
      const x = customers.frequency[i]!;
      const expected =
        bgnbdExpectedOne(bgnbd, 52, x, customers.recency[i]!, customers.T[i]!) *
        spend(x, customers.monetaryValue[i]!);
      expect(out[i]).toBeCloseTo(expected, 10);
    }
  });

  it("discounted: each period's purchases discounted at the period's end, lifetimes-style", () => {
    // 52 weeks in periods of 13 weeks at 3 % per period
    const out = predictClv({
      bgnbd,
      gammaGamma,
      ...customers,
      horizon: 52,
      periodLength: 13,
      discountRatePerPeriod: 0.03,
    });
    for (let i = 0; i < 4; i++) {
      const x = customers.frequency[i]!;
      const y = (t: number) => bgnbdExpectedOne(bgnbd, t, x, customers.recency[i]!, customers.T[i]!);
      let expected = 0;
      for (let k = 1; k <= 4; k++) expected += (y(13 * k) - y(13 * (k - 1))) / 1.03 ** k;
      expect(out[i]).toBeCloseTo(expected * spend(x, customers.monetaryValue[i]!), 10);
    }
  });

  it("a last, partial period ends at the horizon", () => {
    const [value] = predictClv({
      bgnbd,
      gammaGamma,
      frequency: col(2),
      recency: col(20),
      T: col(30),
      monetaryValue: col(30),
      horizon: 10,
      periodLength: 4,
      discountRatePerPeriod: 0.1,
    });
    const y = (t: number) => bgnbdExpectedOne(bgnbd, t, 2, 20, 30);
    const expected = (y(4) / 1.1 + (y(8) - y(4)) / 1.1 ** 2 + (y(10) - y(8)) / 1.1 ** 3) * spend(2, 30);
    expect(value).toBeCloseTo(expected, 10);
  });

  it("discounting lowers the value, and a zero rate equals the undiscounted value", () => {
    const plain = predictClv({ bgnbd, gammaGamma, ...customers, horizon: 52 });
    const zero = predictClv({
      bgnbd,
      gammaGamma,
      ...customers,
      horizon: 52,
      periodLength: 4,
      discountRatePerPeriod: 0,
    });
    const discounted = predictClv({
      bgnbd,
      gammaGamma,
      ...customers,
      horizon: 52,
      periodLength: 4,
      discountRatePerPeriod: 0.01,
    });
    for (let i = 0; i < 4; i++) {
      expect(zero[i]).toBe(plain[i]);
      expect(discounted[i]!).toBeLessThan(plain[i]!);
      expect(discounted[i]!).toBeGreaterThan(plain[i]! / 1.01 ** 13);
    }
  });

  it("a zero horizon gives 0 for everyone", () => {
    const out = predictClv({ bgnbd, gammaGamma, ...customers, horizon: 0 });
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });

  it("needs periodLength with a discount rate, q > 1, and aligned columns", () => {
    expect(() =>
      predictClv({ bgnbd, gammaGamma, ...customers, horizon: 52, discountRatePerPeriod: 0.01 }),
    ).toThrow(expect.objectContaining({ code: "INVALID_OPTIONS" }));
    expect(() =>
      predictClv({ bgnbd, gammaGamma: { p: 1, q: 0.9, v: 1 }, ...customers, horizon: 52 }),
    ).toThrow(expect.objectContaining({ code: "INVALID_OPTIONS" }));
    expect(() => predictClv({ bgnbd, gammaGamma, ...customers, monetaryValue: col(1), horizon: 52 })).toThrow(
      expect.objectContaining({ code: "LENGTH_MISMATCH" }),
    );
  });
});
