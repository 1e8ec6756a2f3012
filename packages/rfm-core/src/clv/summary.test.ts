import { describe, expect, it } from "vitest";
import { DAY_MS } from "../days";
import { toLifetimesSummary } from "./summary";

const asOf = Date.UTC(1997, 9, 1);

describe("toLifetimesSummary", () => {
  const columns = {
    // customer 0: one purchase 14 days before asOf; customer 1: three purchases, first 70 days
    // before asOf, last 7 days before it
    firstPurchase: Float64Array.of(asOf - 14 * DAY_MS, asOf - 70 * DAY_MS),
    lastPurchase: Float64Array.of(asOf - 14 * DAY_MS, asOf - 7 * DAY_MS),
    purchases: Uint32Array.of(1, 3),
    monetaryTotal: Float64Array.of(25, 90),
    asOf,
  };

  it("in weeks: x = purchases − 1, t_x and T in weeks", () => {
    const s = toLifetimesSummary({ ...columns, unitDays: 7 });
    expect(Array.from(s.frequency)).toEqual([0, 2]);
    expect(Array.from(s.recency)).toEqual([0, 9]);
    expect(Array.from(s.T)).toEqual([2, 10]);
    expect(s.unitDays).toBe(7);
  });

  it("in days", () => {
    const s = toLifetimesSummary({ ...columns, unitDays: 1 });
    expect(Array.from(s.recency)).toEqual([0, 63]);
    expect(Array.from(s.T)).toEqual([14, 70]);
  });

  it("without first-order values the monetary value is the mean order value over all purchases", () => {
    const s = toLifetimesSummary({ ...columns, unitDays: 7 });
    expect(Array.from(s.monetaryValue)).toEqual([0, 30]);
  });

  it("with first-order values it is the exact mean of the repeat purchases", () => {
    const s = toLifetimesSummary({ ...columns, firstOrderValue: Float64Array.of(25, 40), unitDays: 7 });
    expect(Array.from(s.monetaryValue)).toEqual([0, 25]);
  });

  it("works in whole UTC days: the time of day of a purchase or of asOf does not matter", () => {
    const s = toLifetimesSummary({
      firstPurchase: Float64Array.of(asOf - 70 * DAY_MS + 23 * 3_600_000),
      lastPurchase: Float64Array.of(asOf - 7 * DAY_MS + 1),
      purchases: Uint32Array.of(2),
      monetaryTotal: Float64Array.of(10),
      asOf: asOf + 18 * 3_600_000,
      unitDays: 1,
    });
    expect(Array.from(s.recency)).toEqual([63]);
    expect(Array.from(s.T)).toEqual([70]);
  });

  it("a purchase on the asOf day has T = 0", () => {
    const s = toLifetimesSummary({
      firstPurchase: Float64Array.of(asOf + 3_600_000),
      lastPurchase: Float64Array.of(asOf + 3_600_000),
      purchases: Uint32Array.of(1),
      monetaryTotal: Float64Array.of(10),
      asOf: asOf + 2 * 3_600_000,
      unitDays: 7,
    });
    expect(Array.from(s.T)).toEqual([0]);
  });

  it("accepts purchase counts as a Float64Array", () => {
    const s = toLifetimesSummary({ ...columns, purchases: Float64Array.of(1, 3), unitDays: 7 });
    expect(Array.from(s.frequency)).toEqual([0, 2]);
  });

  it("reports every broken rule at once", () => {
    const call = () =>
      toLifetimesSummary({
        firstPurchase: Float64Array.of(asOf, asOf - DAY_MS, asOf - DAY_MS),
        lastPurchase: Float64Array.of(asOf + DAY_MS, asOf - 2 * DAY_MS, asOf),
        purchases: Float64Array.of(1, 0, 2.5),
        monetaryTotal: Float64Array.of(1, 1, 1),
        asOf,
        unitDays: 7,
      });
    expect(call).toThrow(
      expect.objectContaining({
        code: "CLV_INVALID_INPUT",
        details: {
          problems: [
            { rule: "need firstPurchase <= lastPurchase <= asOf", count: 2, rows: [0, 1] },
            { rule: "purchases must be an integer >= 1", count: 2, rows: [1, 2] },
          ],
        },
      }),
    );
  });

  it("refuses mismatched lengths and a bad unit", () => {
    expect(() => toLifetimesSummary({ ...columns, monetaryTotal: Float64Array.of(1), unitDays: 7 })).toThrow(
      expect.objectContaining({ code: "LENGTH_MISMATCH" }),
    );
    expect(() => toLifetimesSummary({ ...columns, unitDays: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTIONS" }),
    );
  });
});
