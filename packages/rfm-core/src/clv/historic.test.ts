import { describe, expect, it } from "vitest";
import { DAY_MS } from "../days";
import { historicClv } from "./historic";

const asOf = Date.UTC(2022, 8, 1); // 2022-09-01, the seed's scoring date

function one(
  total: number,
  firstDaysAgo: number,
  extra: { lastDaysAgo?: number; minTenureDays?: number; lapsedAfterDays?: number } = {},
) {
  const out = historicClv({
    monetaryTotal: Float64Array.of(total),
    firstPurchase: Float64Array.of(asOf - firstDaysAgo * DAY_MS),
    lastPurchase:
      extra.lastDaysAgo === undefined ? undefined : Float64Array.of(asOf - extra.lastDaysAgo * DAY_MS),
    asOf,
    horizonDays: 365,
    minTenureDays: extra.minTenureDays,
    lapsedAfterDays: extra.lapsedAfterDays,
  });
  return out[0]!;
}

describe("historicClv", () => {
  it.each([
    // total, first purchase days ago, expected = total / max(tenure, 30) × 365
    ["90 days of tenure, 300 spent: 300/90 × 365", 300, 90, (300 / 90) * 365],
    ["exactly the 30-day floor: 60/30 × 365", 60, 30, (60 / 30) * 365],
    ["a one-day customer is floored at 30 days: 100/30 × 365", 100, 1, (100 / 30) * 365],
    ["a customer who bought at asOf (tenure 0) is floored too", 100, 0, (100 / 30) * 365],
    ["a year of tenure, 730 spent: 2 per day × 365", 730, 365, 730],
    ["zero spend gives 0", 0, 50, 0],
    ["net-negative spend (refunds) stays negative: −40/80 × 365", -40, 80, (-40 / 80) * 365],
  ])("%s", (_name, total, daysAgo, expected) => {
    expect(one(total, daysAgo)).toBeCloseTo(expected, 9);
  });

  it("uses minTenureDays when given (window-length floor)", () => {
    expect(one(100, 10, { minTenureDays: 92 })).toBeCloseTo((100 / 92) * 365, 9);
  });

  it("the lapse rule zeroes customers silent for longer than lapsedAfterDays, and only them", () => {
    expect(one(500, 200, { lastDaysAgo: 181, lapsedAfterDays: 180 })).toBe(0);
    expect(one(500, 200, { lastDaysAgo: 180, lapsedAfterDays: 180 })).toBeCloseTo((500 / 200) * 365, 9);
  });

  it("gives 0 to a customer who never purchased (NaN first purchase) and keeps rows aligned", () => {
    const out = historicClv({
      monetaryTotal: Float64Array.of(100, 0, 200),
      firstPurchase: Float64Array.of(asOf - 100 * DAY_MS, Number.NaN, asOf - 50 * DAY_MS),
      asOf,
      horizonDays: 100,
    });
    expect(Array.from(out)).toEqual([100, 0, 400]);
  });

  it("scales linearly with the horizon and a zero horizon gives 0", () => {
    const base = {
      monetaryTotal: Float64Array.of(120),
      firstPurchase: Float64Array.of(asOf - 60 * DAY_MS),
      asOf,
    };
    expect(historicClv({ ...base, horizonDays: 0 })[0]).toBe(0);
    expect(historicClv({ ...base, horizonDays: 60 })[0]).toBeCloseTo(120, 9);
    expect(historicClv({ ...base, horizonDays: 180 })[0]).toBeCloseTo(360, 9);
  });

  it("reports every bad row at once: a purchase after asOf and a non-finite total", () => {
    const call = () =>
      historicClv({
        monetaryTotal: Float64Array.of(1, Number.POSITIVE_INFINITY, 1),
        firstPurchase: Float64Array.of(asOf + DAY_MS, asOf - DAY_MS, asOf + 2 * DAY_MS),
        asOf,
        horizonDays: 365,
      });
    expect(call).toThrow(
      expect.objectContaining({
        code: "CLV_INVALID_INPUT",
        details: {
          problems: [
            { rule: "firstPurchase must be finite and <= asOf", count: 2, rows: [0, 2] },
            { rule: "monetaryTotal must be finite", count: 1, rows: [1] },
          ],
        },
      }),
    );
  });

  it("refuses mismatched columns and bad options", () => {
    expect(() =>
      historicClv({
        monetaryTotal: new Float64Array(2),
        firstPurchase: new Float64Array(3),
        asOf,
        horizonDays: 1,
      }),
    ).toThrow(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
    const ok = { monetaryTotal: new Float64Array(1), firstPurchase: new Float64Array(1), asOf };
    expect(() => historicClv({ ...ok, horizonDays: -1 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTIONS" }),
    );
    expect(() => historicClv({ ...ok, horizonDays: 1, minTenureDays: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTIONS" }),
    );
    expect(() => historicClv({ ...ok, horizonDays: 1, lapsedAfterDays: 30 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTIONS" }),
    );
  });
});
