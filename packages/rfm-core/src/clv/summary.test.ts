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

  // asOf 1997-10-01 00:00 UTC: the last day observed is 1997-09-30. Customer 0 bought on
  // 1997-09-17 (T = 13 days); customer 1 on 1997-07-23 and last on 1997-09-24 (t_x = 63, T = 69).
  it("in weeks: x = purchases − 1, t_x and T in weeks", () => {
    const s = toLifetimesSummary({ ...columns, unitDays: 7 });
    expect(Array.from(s.frequency)).toEqual([0, 2]);
    expect(Array.from(s.recency)).toEqual([0, 9]);
    expect(Array.from(s.T)).toEqual([13 / 7, 69 / 7]);
    expect(s.unitDays).toBe(7);
  });

  it("in days", () => {
    const s = toLifetimesSummary({ ...columns, unitDays: 1 });
    expect(Array.from(s.recency)).toEqual([0, 63]);
    expect(Array.from(s.T)).toEqual([13, 69]);
  });

  it("T counts days to the last day observed, as lifetimes does: CDNOW's 1997-01-01 buyers have T = 38.86 weeks", () => {
    // lifetimes: summary_data_from_transaction_data(..., observation_period_end="1997-09-30"):
    // T = (1997-09-30 - 1997-01-01).days = 272, 38.857 weeks (CDNOW summary: 38.86).
    const s = toLifetimesSummary({
      firstPurchase: Float64Array.of(Date.UTC(1997, 0, 1, 15)),
      lastPurchase: Float64Array.of(Date.UTC(1997, 8, 30, 9)),
      purchases: Uint32Array.of(2),
      monetaryTotal: Float64Array.of(50),
      asOf,
      unitDays: 1,
    });
    expect(Array.from(s.T)).toEqual([272]);
    expect(Array.from(s.recency)).toEqual([272]);
  });

  it("counts the store's days: a first purchase at 23:30 in Toronto is that Toronto day", () => {
    // 1997-09-29 23:30 EDT is 1997-09-30 03:30 UTC. As of the end of 30 September in Toronto
    // (1997-10-01 04:00 UTC), T is 1 day in Toronto and would be 0 in UTC days.
    const first = Date.parse("1997-09-29T23:30:00-04:00");
    const options = {
      firstPurchase: Float64Array.of(first),
      lastPurchase: Float64Array.of(first),
      purchases: Uint32Array.of(1),
      monetaryTotal: Float64Array.of(10),
      asOf: Date.parse("1997-10-01T04:00:00Z"),
      unitDays: 1,
    };
    expect(Array.from(toLifetimesSummary({ ...options, timeZone: "America/Toronto" }).T)).toEqual([1]);
    expect(Array.from(toLifetimesSummary({ ...options, asOf: Date.UTC(1997, 9, 1) }).T)).toEqual([0]);
  });

  it("without first-order values the monetary value is the mean order value over all purchases", () => {
    const s = toLifetimesSummary({ ...columns, unitDays: 7 });
    expect(Array.from(s.monetaryValue)).toEqual([0, 30]);
  });

  it("with first-order values it is the exact mean of the repeat purchases", () => {
    const s = toLifetimesSummary({ ...columns, firstOrderValue: Float64Array.of(25, 40), unitDays: 7 });
    expect(Array.from(s.monetaryValue)).toEqual([0, 25]);
  });

  it("works in whole days: the time of day of a purchase or of asOf does not matter", () => {
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
