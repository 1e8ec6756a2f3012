import { describe, expect, it } from "vitest";
import { DAY_MS } from "./days";
import { meanOrderValue, recencyDays } from "./measures";

/** 1 September 2025, 00:00 UTC: scoring "as of 31 August". */
const SEPT_1 = Date.UTC(2025, 8, 1);

describe("recencyDays: whole days elapsed to asOf", () => {
  it("a day is 86,400,000 ms", () => {
    expect(DAY_MS).toBe(86_400_000);
  });

  it.each([
    { purchase: "at asOf - 1 ms (31 Aug 23:59:59.999)", last: SEPT_1 - 1, days: 0 },
    {
      purchase: "at the first instant of the day before asOf (31 Aug 00:00)",
      last: SEPT_1 - 86_400_000,
      days: 1,
    },
    {
      purchase: "1 ms after that day boundary (31 Aug 00:00:00.001)",
      last: SEPT_1 - 86_400_000 + 1,
      days: 0,
    },
    {
      purchase: "1 ms before that day boundary (30 Aug 23:59:59.999)",
      last: SEPT_1 - 86_400_000 - 1,
      days: 1,
    },
    { purchase: "at the first instant of 30 Aug", last: Date.UTC(2025, 7, 30), days: 2 },
    { purchase: "at asOf itself", last: SEPT_1, days: 0 },
    {
      purchase: "a year before (1 Sept 2024, 2025 is not a leap year)",
      last: Date.UTC(2024, 8, 1),
      days: 365,
    },
  ])("a purchase $purchase has recency $days", ({ last, days }) => {
    expect(recencyDays(SEPT_1, last)).toBe(days);
  });

  it("counts elapsed days, not calendar days, when asOf is not at midnight", () => {
    // 23 hours elapsed across a calendar-day change: still day 0.
    expect(recencyDays(Date.UTC(2025, 8, 1, 12), Date.UTC(2025, 7, 31, 13))).toBe(0);
    expect(recencyDays(Date.UTC(2025, 8, 1, 12), Date.UTC(2025, 7, 31, 12))).toBe(1);
  });
});

describe("meanOrderValue: net spend per purchase, rounded to the cent", () => {
  it.each([
    { case: "an exact mean", net: 90, purchases: 3, mean: 30 },
    { case: "a third, rounded down", net: 100, purchases: 3, mean: 33.33 },
    { case: "two thirds, rounded up", net: 200, purchases: 3, mean: 66.67 },
    { case: "a half cent (0.125), rounded up", net: 0.25, purchases: 2, mean: 0.13 },
    { case: "a negative half cent (-0.125), rounded towards +∞", net: -0.25, purchases: 2, mean: -0.12 },
    { case: "negative net spend (refunds above purchases)", net: -30, purchases: 4, mean: -7.5 },
    { case: "1.005, stored just below it in binary", net: 1.005, purchases: 1, mean: 1 },
    { case: "no purchase: the net spend itself, rounded", net: 12.345, purchases: 0, mean: 12.35 },
    { case: "zero spend", net: 0, purchases: 5, mean: 0 },
  ])("$case: $net over $purchases gives $mean", ({ net, purchases, mean }) => {
    expect(meanOrderValue(net, purchases)).toBe(mean);
  });
});
