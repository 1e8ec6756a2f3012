import { describe, expect, it } from "vitest";
import { asOfDayOf, DAY_MS, dayNumberOf, isoDayOf, isTimeZone, StoreCalendar, storeCalendar } from "./days";

const at = (iso: string) => Date.parse(iso);

describe("day numbers", () => {
  it("a day is 86,400,000 ms", () => {
    expect(DAY_MS).toBe(86_400_000);
  });

  it.each([
    ["1970-01-01", 0],
    ["1970-01-02", 1],
    ["1969-12-31", -1],
    ["2014-12-31", 16_435],
    ["2024-02-29", 19_782],
  ])("%s is day %i and back", (iso, day) => {
    expect(dayNumberOf(iso)).toBe(day);
    expect(isoDayOf(day)).toBe(iso);
  });

  it.each(["2014-02-30", "2014-13-01", "14-12-31", "2014-12-31T00:00", ""])("%j is not a day", (text) => {
    expect(dayNumberOf(text)).toBeNaN();
  });
});

describe("time zones", () => {
  it.each(["UTC", "America/Toronto", "asia/tokyo", "Etc/GMT+5"])("%s is a zone", (name) => {
    expect(isTimeZone(name)).toBe(true);
  });

  it.each(["", "Mars/Olympus", "EST5EDT6", "Toronto"])("%j is not", (name) => {
    expect(isTimeZone(name)).toBe(false);
  });

  it("an unknown zone is INVALID_OPTIONS naming it; a known one is kept by its canonical name", () => {
    expect(() => storeCalendar("Mars/Olympus")).toThrow(
      expect.objectContaining({ code: "INVALID_OPTIONS", details: { timeZone: "Mars/Olympus" } }),
    );
    expect(storeCalendar("america/toronto").timeZone).toBe("America/Toronto");
    expect(storeCalendar().timeZone).toBe("UTC");
  });
});

describe("StoreCalendar: the day an instant falls on", () => {
  it.each([
    // UTC: the UTC date.
    ["UTC", "2014-12-31T23:59:59.999Z", "2014-12-31"],
    ["UTC", "2015-01-01T00:00:00Z", "2015-01-01"],
    // Toronto, the evening of the spring-forward day (EDT, -04:00): still 10 March there.
    ["America/Toronto", "2024-03-10T23:30:00-04:00", "2024-03-10"],
    // Toronto in winter (EST, -05:00), 23:59 local is 04:59 UTC the next day.
    ["America/Toronto", "2024-01-15T04:59:00Z", "2024-01-14"],
    ["America/Toronto", "2024-01-15T05:00:00Z", "2024-01-15"],
    // Both readings of 01:30 on the fall-back day are 3 November.
    ["America/Toronto", "2024-11-03T05:30:00Z", "2024-11-03"],
    ["America/Toronto", "2024-11-03T06:30:00Z", "2024-11-03"],
    // Tokyo (+09:00, no DST): 20:00 UTC is the next morning.
    ["Asia/Tokyo", "2014-12-30T20:00:00Z", "2014-12-31"],
    ["Asia/Tokyo", "2014-12-30T14:59:59Z", "2014-12-30"],
    // Kathmandu (+05:45): a quarter-hour offset.
    ["Asia/Kathmandu", "2024-06-01T18:14:59Z", "2024-06-01"],
    ["Asia/Kathmandu", "2024-06-01T18:15:00Z", "2024-06-02"],
    // Toronto before standard time (local mean time, -05:17:32).
    ["America/Toronto", "1894-06-01T05:17:31Z", "1894-05-31"],
    ["America/Toronto", "1894-06-01T05:17:32Z", "1894-06-01"],
  ])("%s: %s is on %s", (zone, instant, day) => {
    expect(storeCalendar(zone).isoDayOf(at(instant))).toBe(day);
  });
});

describe("StoreCalendar: where a day starts", () => {
  it.each([
    ["UTC", "2014-12-31", "2014-12-31T00:00:00.000Z", 24],
    ["America/Toronto", "2024-01-15", "2024-01-15T05:00:00.000Z", 24],
    // Spring forward at 02:00: 23 hours. Fall back at 02:00: 25 hours.
    ["America/Toronto", "2024-03-10", "2024-03-10T05:00:00.000Z", 23],
    ["America/Toronto", "2024-11-03", "2024-11-03T04:00:00.000Z", 25],
    ["Asia/Tokyo", "2014-12-31", "2014-12-30T15:00:00.000Z", 24],
    // Santiago springs forward at midnight: 8 September 2024 starts at 01:00 local (04:00 UTC).
    ["America/Santiago", "2024-09-08", "2024-09-08T04:00:00.000Z", 23],
  ])("%s: %s starts at %s and lasts %i hours", (zone, iso, start, hours) => {
    const calendar = storeCalendar(zone);
    const day = dayNumberOf(iso);
    expect(new Date(calendar.startOfDay(day)).toISOString()).toBe(start);
    expect((calendar.endOfDay(day) - calendar.startOfDay(day)) / 3_600_000).toBe(hours);
    expect(calendar.dayOf(calendar.startOfDay(day))).toBe(day);
    expect(calendar.dayOf(calendar.startOfDay(day) - 1)).toBe(day - 1);
  });
});

describe("StoreCalendar: a local wall-clock time as an instant", () => {
  const local = (iso: string) => Date.parse(`${iso}Z`);
  it.each([
    ["UTC", "2014-12-30T23:30:00", "2014-12-30T23:30:00.000Z"],
    ["America/Toronto", "2024-03-10T23:30:00", "2024-03-11T03:30:00.000Z"],
    ["America/Toronto", "2024-03-09T23:30:00", "2024-03-10T04:30:00.000Z"],
    // 02:30 does not exist on the spring-forward day: the same time after the jump, 03:30 EDT.
    ["America/Toronto", "2024-03-10T02:30:00", "2024-03-10T07:30:00.000Z"],
    // 01:30 happens twice on the fall-back day: the first one (EDT).
    ["America/Toronto", "2024-11-03T01:30:00", "2024-11-03T05:30:00.000Z"],
    ["Asia/Tokyo", "2014-12-30T00:00:00", "2014-12-29T15:00:00.000Z"],
    ["America/Los_Angeles", "2014-12-30T00:00:00", "2014-12-30T08:00:00.000Z"],
  ])("%s: %s local is %s", (zone, wall, instant) => {
    expect(new Date(storeCalendar(zone).instantOf(local(wall))).toISOString()).toBe(instant);
  });

  it.each([
    "Asia/Tokyo",
    "America/Los_Angeles",
    "America/Toronto",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
  ])("%s: every midnight of 2014 read as local is on its own calendar day", (zone) => {
    const calendar = new StoreCalendar(zone);
    for (let day = dayNumberOf("2014-01-01"); day <= dayNumberOf("2014-12-31"); day++) {
      expect(calendar.dayOf(calendar.instantOf(day * DAY_MS))).toBe(day);
    }
  });
});

describe("asOfDayOf: the last day a run counts", () => {
  it("a run up to the start of 1 January counts 31 December, in the run's zone", () => {
    const toronto = storeCalendar("America/Toronto");
    expect(isoDayOf(asOfDayOf(at("2015-01-01T00:00:00Z"), storeCalendar()))).toBe("2014-12-31");
    expect(isoDayOf(asOfDayOf(toronto.startOfDay(dayNumberOf("2015-01-01")), toronto))).toBe("2014-12-31");
  });
});
