import { describe, expect, it } from "vitest";
import {
  formatAsOf,
  formatDate,
  formatDateTime,
  formatDay,
  formatDuration,
  formatInt,
  formatLastDay,
  formatMoney,
  formatShare,
} from "./format";

describe("formatShare", () => {
  it.each([
    [0.1846, "18.46%"],
    [0, "0.00%"],
    [1, "100.00%"],
    [Number.NaN, "–"],
  ])("%s is shown as %s", (share, shown) => {
    expect(formatShare(share)).toBe(shown);
  });
});

describe("formatInt and formatMoney", () => {
  it.each([
    [2_380_000, "2,380,000"],
    [0, "0"],
    [null, "–"],
  ])("count %s is shown as %s", (value, shown) => {
    expect(formatInt(value)).toBe(shown);
  });
  it.each([
    [1234.5, "1,234.50"],
    [-20, "-20.00"],
    [undefined, "–"],
  ])("amount %s is shown as %s", (value, shown) => {
    expect(formatMoney(value)).toBe(shown);
  });
  it.each([
    [1234.5, "USD", "$1,234.50"],
    [1234.5, "EUR", "€1,234.50"],
    [1234.5, "JPY", "¥1,235"],
    [-20, "GBP", "-£20.00"],
    [12, "CAD", "CA$12.00"],
    [1.2345, "BHD", "BHD 1.235"],
    [1234.5, "NOPE", "1,234.50"],
    [null, "EUR", "–"],
  ])("amount %s in %s is shown as %s, with the currency's symbol and digits", (value, code, shown) => {
    expect(formatMoney(value, code).replace(/\u00a0/g, " ")).toBe(shown);
  });
});

describe("dates and durations", () => {
  it("shows an instant's UTC day", () => {
    expect(formatDate("2022-09-01T00:00:00.000Z")).toBe("2022-09-01");
  });
  it.each([
    ["2026-01-01T00:00:00.000Z", "2025-12-31"],
    ["2026-01-01T00:00:00.001Z", "2026-01-01"],
    ["2026-01-01T15:30:00Z", "2026-01-01"],
    [null, "–"],
  ])("an exclusive end %s counts up to %s", (iso, day) => {
    expect(formatLastDay(iso)).toBe(day);
  });
  it("counts the last day in the run's zone: Toronto's 2024-03-10 ends at 04:00 UTC on the 11th", () => {
    expect(formatLastDay("2024-03-11T04:00:00.000Z", "America/Toronto")).toBe("2024-03-10");
    expect(formatLastDay("2024-03-11T04:00:00.000Z")).toBe("2024-03-11");
    expect(formatDay("2024-03-11T03:30:00.000Z", "America/Toronto")).toBe("2024-03-10");
  });
  it("says which day a run counts, or that it has not found it yet", () => {
    expect(formatAsOf({ asOfDay: "2014-12-31", asOfKnown: true, timeZone: "UTC" })).toBe("2014-12-31");
    expect(formatAsOf({ asOfDay: "2014-12-31", asOfKnown: true, timeZone: "Asia/Tokyo" })).toBe(
      "2014-12-31 (Asia/Tokyo)",
    );
    expect(formatAsOf({ asOfDay: "2026-12-06", asOfKnown: false, timeZone: "UTC" })).toBe(
      "the day of the latest order",
    );
  });
  it("shows an instant in UTC to the minute", () => {
    expect(formatDateTime("2026-11-23T16:50:16.123Z")).toBe("2026-11-23 16:50 UTC");
  });
  it.each([
    [999, "999 ms"],
    [1000, "1.0 s"],
    [59_949, "59.9 s"],
    [125_000, "2 min 5 s"],
    [null, "–"],
  ])("%s ms is shown as %s", (ms, shown) => {
    expect(formatDuration(ms)).toBe(shown);
  });
});
