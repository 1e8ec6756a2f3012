import { describe, expect, it } from "vitest";
import { dayNumberOf, storeCalendar } from "./days";
import { meanOrderValue, recencyDays } from "./measures";

/** Scoring "as of 31 August 2025": the last day counted. */
const AUG_31 = dayNumberOf("2025-08-31");
const utc = storeCalendar("UTC");
const at = (iso: string) => Date.parse(iso);

describe("recencyDays: calendar days from the last purchase's day to the as-of day", () => {
  it.each([
    { purchase: "on the as-of day, its last instant", last: at("2025-08-31T23:59:59.999Z"), days: 0 },
    { purchase: "on the as-of day, its first instant", last: at("2025-08-31T00:00:00Z"), days: 0 },
    { purchase: "the day before, its last instant", last: at("2025-08-30T23:59:59.999Z"), days: 1 },
    { purchase: "the day before, its first instant", last: at("2025-08-30T00:00:00Z"), days: 1 },
    { purchase: "two days before", last: at("2025-08-29T12:00:00Z"), days: 2 },
    { purchase: "a year before (2025 is not a leap year)", last: at("2024-08-31T08:00:00Z"), days: 365 },
  ])("a purchase $purchase has recency $days", ({ last, days }) => {
    expect(recencyDays({ asOfDay: AUG_31, lastPurchase: last, calendar: utc })).toBe(days);
  });

  it("counts calendar days, not elapsed time: 1 minute across midnight is 1 day, 23 hours within one is 0", () => {
    const asOfDay = dayNumberOf("2025-09-01");
    expect(recencyDays({ asOfDay, lastPurchase: at("2025-08-31T23:59:00Z"), calendar: utc })).toBe(1);
    expect(recencyDays({ asOfDay, lastPurchase: at("2025-09-01T00:30:00Z"), calendar: utc })).toBe(0);
  });

  it("counts the store's days: 23:30 in Toronto on the as-of day is 0 there, though it is the next UTC day", () => {
    const lastPurchase = at("2024-03-10T23:30:00-04:00"); // 2024-03-11T03:30Z
    const asOfDay = dayNumberOf("2024-03-10");
    expect(recencyDays({ asOfDay, lastPurchase, calendar: storeCalendar("America/Toronto") })).toBe(0);
    expect(recencyDays({ asOfDay, lastPurchase, calendar: utc })).toBe(-1);
    // A week later, across the spring-forward change (a 23-hour day): 7 days.
    expect(
      recencyDays({ asOfDay: asOfDay + 7, lastPurchase, calendar: storeCalendar("America/Toronto") }),
    ).toBe(7);
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
