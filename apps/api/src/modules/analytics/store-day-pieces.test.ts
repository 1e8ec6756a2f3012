import { describe, expect, it } from "vitest";
import { storeCalendar } from "../../days";
import { storeDayPieces } from "./analytics.repository";

const HOUR = 3_600_000;

describe("storeDayPieces: where the daily chart cuts a UTC day into store days", () => {
  it.each([
    ["UTC", []],
    // Local midnight is 05:00 UTC in EST and 04:00 UTC in EDT (and in 1940s war time).
    ["America/Toronto", [4 * HOUR, 5 * HOUR]],
  ])("%s: %j", (zone, cuts) => {
    expect(storeDayPieces(storeCalendar(zone))).toEqual(cuts);
  });

  it("Asia/Kolkata: IST (+05:30) midnight is 18:30 UTC, among its older offsets", () => {
    const cuts = storeDayPieces(storeCalendar("Asia/Kolkata"));
    expect(cuts).toContain(18.5 * HOUR);
    expect([...cuts].sort((a, b) => a - b)).toEqual(cuts);
  });
});
