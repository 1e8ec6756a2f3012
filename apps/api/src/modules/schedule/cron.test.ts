import { describe, expect, it } from "vitest";
import { AppError } from "../../app-error";
import { asOfDayOf, checkTimeZone, nextFiring, nextFirings, parseCron } from "./cron";

const iso = (dates: readonly Date[]) => dates.map((d) => d.toISOString());

describe("next firings of a schedule, in its time zone", () => {
  it("a daily 02:30 in Toronto skips to 03:00 EDT on the night clocks spring forward (2026-03-08)", () => {
    const cron = parseCron("30 2 * * *", "America/Toronto", "input.cron");
    expect(iso(nextFirings(cron, Date.UTC(2026, 2, 7, 12), 3))).toEqual([
      "2026-03-08T07:00:00.000Z", // 03:00 EDT: 02:30 does not exist that night
      "2026-03-09T06:30:00.000Z", // 02:30 EDT
      "2026-03-10T06:30:00.000Z",
    ]);
  });

  it("a daily 01:30 in Toronto fires once on the night 01:30 happens twice (2026-11-01), at the first", () => {
    const cron = parseCron("30 1 * * *", "America/Toronto", "input.cron");
    expect(iso(nextFirings(cron, Date.UTC(2026, 9, 31, 12), 3))).toEqual([
      "2026-11-01T05:30:00.000Z", // 01:30 EDT (UTC-4); not again at 01:30 EST
      "2026-11-02T06:30:00.000Z", // 01:30 EST (UTC-5)
      "2026-11-03T06:30:00.000Z",
    ]);
  });

  it("reads the same expression in each zone: 02:00 in Paris is 01:00 UTC in winter, 00:00 UTC in summer", () => {
    const cron = parseCron("0 2 * * *", "Europe/Paris", "input.cron");
    expect(nextFiring(cron, Date.UTC(2026, 0, 15, 12))?.toISOString()).toBe("2026-01-16T01:00:00.000Z");
    expect(nextFiring(cron, Date.UTC(2026, 6, 15, 12))?.toISOString()).toBe("2026-07-16T00:00:00.000Z");
  });

  it("is strictly after the given instant: a firing exactly at it is not the next one", () => {
    const cron = parseCron("0 * * * *", "UTC", "input.cron");
    expect(nextFiring(cron, Date.UTC(2026, 0, 1, 5))?.toISOString()).toBe("2026-01-01T06:00:00.000Z");
  });

  it("fires when either day field matches when both are restricted (Vixie cron's OR)", () => {
    // The 13th of each month, and every Friday: 2026-02-06 (Fri), 2026-02-13 (Fri and 13th), 2026-02-20 (Fri).
    const cron = parseCron("0 6 13 * 5", "UTC", "input.cron");
    expect(iso(nextFirings(cron, Date.UTC(2026, 1, 1), 4))).toEqual([
      "2026-02-06T06:00:00.000Z",
      "2026-02-13T06:00:00.000Z",
      "2026-02-20T06:00:00.000Z",
      "2026-02-27T06:00:00.000Z",
    ]);
  });
});

describe("refusals name the field and give croner's reason", () => {
  const refusal = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error("not refused");
  };

  it.each([
    ["61 * * * *", /Invalid value for minute: 61/],
    ["0 25 * * *", /Invalid value for hour: 25/],
    ["* * * *", /has 4 fields: a schedule is five fields/],
    ["0 0 * * * *", /has 6 fields/],
    ["", /has 0 fields/],
    ["0 2 * * mon-fir", /not a valid cron expression/],
  ])("%j", (cron, reason) => {
    const error = refusal(() => parseCron(cron, "UTC", "input.cron"));
    expect(error.code).toBe("INVALID_CRON");
    expect(error.field).toBe("input.cron");
    expect(error.message).toMatch(reason);
  });

  it.each(["Mars/Olympus", "Toronto", ""])("time zone %j is INVALID_TIME_ZONE", (zone) => {
    const error = refusal(() => checkTimeZone(zone, "input.timeZone"));
    expect(error.code).toBe("INVALID_TIME_ZONE");
    expect(error.field).toBe("input.timeZone");
  });

  it("keeps a known zone by its canonical name", () => {
    expect(checkTimeZone(" europe/paris ", "input.timeZone")).toBe("Europe/Paris");
  });
});

describe("the as-of day of a scheduled run: the store day before the firing's", () => {
  it.each([
    // Firing (UTC), store zone, as-of day
    [Date.UTC(2026, 2, 8, 7), "UTC", "2026-03-07"],
    [Date.UTC(2026, 2, 8, 0, 0), "UTC", "2026-03-07"], // midnight exactly: the 8th has begun
    [Date.UTC(2026, 2, 7, 23, 59), "UTC", "2026-03-06"],
    // 02:00 UTC on the 8th is still the 7th in Toronto (21:00 EST): as of the 6th.
    [Date.UTC(2026, 2, 8, 2), "America/Toronto", "2026-03-06"],
    [Date.UTC(2026, 2, 8, 7), "America/Toronto", "2026-03-07"],
    // 00:30 on the 1st in Tokyo is 15:30 UTC on the 31st of the month before.
    [Date.UTC(2026, 0, 31, 15, 30), "Asia/Tokyo", "2026-01-31"],
  ])("fired at %d in %s: as of %s", (at, zone, day) => {
    expect(asOfDayOf(at, zone)).toBe(day);
  });
});
