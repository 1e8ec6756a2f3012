import { describe, expect, it } from "vitest";
import { DAY_MS } from "../days";
import { estimateClv } from "./estimate";
import { historicClv } from "./historic";
import { simulateBgNbd, simulateGammaGamma } from "./simulate";

const asOf = Date.parse("2023-01-01T00:00:00Z");

/** Customers simulated from the BG/NBD and Gamma-Gamma stories (CDNOW-like parameters), in weeks. */
function customers(n: number) {
  const T = new Float64Array(n).map((_, i) => 26 + (i % 27));
  const sim = simulateBgNbd({ params: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 }, T, seed: 11 });
  const meanSpend = simulateGammaGamma({
    params: { p: 6.25, q: 3.74, v: 15.45 },
    frequency: new Float64Array(n).fill(1),
    seed: 12,
  });
  const week = 7 * DAY_MS;
  const firstPurchase = new Float64Array(n).map((_, i) => asOf - T[i]! * week);
  const lastPurchase = new Float64Array(n).map((_, i) => firstPurchase[i]! + sim.recency[i]! * week);
  const frequency = new Float64Array(n).map((_, i) => sim.frequency[i]! + 1);
  const monetary = new Float64Array(n).map((_, i) => Math.round(frequency[i]! * meanSpend[i]! * 100) / 100);
  return { firstPurchase, lastPurchase, frequency, monetary, asOf };
}

describe("estimateClv", () => {
  it("fits BG/NBD + Gamma-Gamma when there are enough repeat buyers", () => {
    const data = customers(2000);
    const estimate = estimateClv(data);
    expect(estimate.fallbackReason).toBeNull();
    expect(estimate.method).toBe("model");
    expect(estimate.bgnbd?.converged).toBe(true);
    expect(estimate.clv).toHaveLength(2000);
    expect(estimate.clv.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    // Two customers alike but for the number of past purchases: more purchases, more value.
    const twin = estimateClv({
      firstPurchase: new Float64Array([...data.firstPurchase, asOf - 300 * DAY_MS, asOf - 300 * DAY_MS]),
      lastPurchase: new Float64Array([...data.lastPurchase, asOf - 10 * DAY_MS, asOf - 10 * DAY_MS]),
      frequency: new Float64Array([...data.frequency, 2, 6]),
      monetary: new Float64Array([...data.monetary, 100, 300]),
      asOf,
    });
    expect(twin.clv[2001]!).toBeGreaterThan(twin.clv[2000]!);
  });

  it("falls back to the historic estimate, saying why, when nobody bought twice", () => {
    const base = customers(50);
    base.frequency.fill(1);
    base.lastPurchase.set(base.firstPurchase);
    const estimate = estimateClv(base);
    expect(estimate.method).toBe("historic");
    expect(estimate.fallbackReason).toMatch(/repeat purchase/);
    expect(Array.from(estimate.clv)).toEqual(
      Array.from(
        historicClv({
          monetaryTotal: base.monetary,
          firstPurchase: base.firstPurchase,
          asOf,
          horizonDays: 365,
        }),
      ),
    );
  });

  it("falls back, naming the purchase model, when nobody drops out (and fits no spend model)", () => {
    // 200 customers buying every week for 20-24 weeks, the last purchase a week ago: no sign of
    // dropout, so the BG/NBD's a and b run off towards infinity and the fit hits its cap.
    const week = 7 * DAY_MS;
    const n = 200;
    const frequency = new Float64Array(n).map((_, i) => 20 + (i % 5));
    const data = {
      firstPurchase: new Float64Array(n).map((_, i) => asOf - (20 + (i % 5)) * week),
      lastPurchase: new Float64Array(n).fill(asOf - week),
      frequency,
      monetary: new Float64Array(n).map((_, i) => frequency[i]! * (30 + (i % 7))),
      asOf,
    };
    const estimate = estimateClv(data);
    expect(estimate).toMatchObject({ method: "historic", bgnbd: null, gammaGamma: null });
    expect(estimate.fallbackReason).toBe(
      "the BG/NBD fit did not converge in 1000 iterations (typical when the purchases show no sign of customers dropping out)",
    );
    expect(Array.from(estimate.clv)).toEqual(
      Array.from(
        historicClv({
          monetaryTotal: data.monetary,
          firstPurchase: data.firstPurchase,
          asOf,
          horizonDays: 365,
        }),
      ),
    );
  });

  it("uses the historic estimate when asked", () => {
    const estimate = estimateClv({ ...customers(100), method: "historic", horizonDays: 30 });
    expect(estimate).toMatchObject({
      method: "historic",
      horizonDays: 30,
      fallbackReason: null,
      bgnbd: null,
    });
  });
});
