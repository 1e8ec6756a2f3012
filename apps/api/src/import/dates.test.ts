import { DAY_MS, seededRandom } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { storeCalendar } from "../days";
import {
  DateReader,
  dateBounds,
  isoDateTime,
  isoDay,
  parseIsoDate,
  parseWithFormat,
  suggestDateFormats,
  suggestFormat,
} from "./dates";
import { ImportError } from "./types";

const utc = (iso: string) => Date.parse(iso);

describe("parseIsoDate", () => {
  it.each([
    ["2022-06-01", "2022-06-01T00:00:00Z"],
    ["2022-06-01T10:00", "2022-06-01T10:00:00Z"],
    ["2022-06-01T10:00:00Z", "2022-06-01T10:00:00Z"],
    ["2022-06-01 10:00:00", "2022-06-01T10:00:00Z"],
    ["2022-06-01T10:00:00.5Z", "2022-06-01T10:00:00.500Z"],
    ["2022-06-01T10:00:00.123456Z", "2022-06-01T10:00:00.123Z"],
    ["2022-06-01T10:00:00+02:00", "2022-06-01T08:00:00Z"],
    ["2022-06-01T10:00:00-0530", "2022-06-01T15:30:00Z"],
    ["2022-06-01T01:00:00+03", "2022-05-31T22:00:00Z"],
    ["2024-02-29", "2024-02-29T00:00:00Z"],
    ["0099-01-01", "0099-01-01T00:00:00Z"],
  ])("reads %s as %s (no offset: UTC)", (text, iso) => {
    expect(parseIsoDate(text)).toBe(utc(iso));
  });

  it.each([
    "2022-13-01",
    "2022-02-30",
    "2023-02-29",
    "2022-06-01T24:00",
    "2022-06-01T10:60",
    "2022-06-01Z",
    "2022-6-1",
    "20220601",
    "2022/06/01",
    "06/01/2022",
    "2022-06-01T10:00:00+25:00",
    "",
  ])("refuses %j", (text) => {
    expect(parseIsoDate(text)).toBeNaN();
  });

  it("reads YYYY-MM-DD the same on the fast path as through the full parser, for every day of 1900-2100", () => {
    const differing: string[] = [];
    for (let ms = Date.UTC(1900, 0, 1); ms <= Date.UTC(2100, 11, 31); ms += DAY_MS) {
      const text = new Date(ms).toISOString().slice(0, 10);
      if (isoDay(text) !== ms || parseIsoDate(text) !== ms) differing.push(text);
    }
    expect(differing).toEqual([]);
  });
});

describe("isoDateTime (the fast path for date-times)", () => {
  it("reads every date-time it accepts exactly as parseIsoDate does, over 200 years of random instants", () => {
    const differing: string[] = [];
    const random = seededRandom(7);
    for (let n = 0; n < 20_000; n++) {
      const iso = new Date(Date.UTC(1900, 0, 1) + Math.floor(random() * 200 * 365.25 * DAY_MS)).toISOString();
      const variants = [
        iso,
        iso.slice(0, -1),
        iso.slice(0, 19),
        iso.slice(0, 16),
        iso.replace("T", " "),
        iso.replace(".", ","),
      ];
      for (const text of variants) if (isoDateTime(text) !== parseIsoDate(text)) differing.push(text);
    }
    expect(differing).toEqual([]);
  });

  it.each([
    ["2022-06-01T10:00:00.5Z", "2022-06-01T10:00:00.500Z"],
    ["2022-06-01t10:00:00.123456789z", "2022-06-01T10:00:00.123Z"],
    ["2024-02-29 23:59:59", "2024-02-29T23:59:59Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(isoDateTime(text)).toBe(utc(iso));
  });

  it.each([
    "2022-06-01T10:00:00+02:00",
    "2022-06-01T10:00:00-0530",
    "2022-06-01T24:00",
    "2022-06-01T10:60",
    "2022-06-01T10:00:60",
    "2022-02-30T10:00",
    "2022-06-01T10:00:00.",
    "2022-06-01T10:00:00.1234567890Z",
    "2022-06-01T10:00:00ZZ",
    "2022-06-01T10:0",
    "2022-06-01X10:00",
    "2022-06-01T10:00:0",
  ])("leaves %j to parseIsoDate (NaN here)", (text) => {
    expect(isoDateTime(text)).toBeNaN();
  });

  it("gives DateReader the same answers for date-times with and without offsets", () => {
    const reader = new DateReader();
    expect(reader.read("2022-06-01T10:00:00.250Z")).toBe(utc("2022-06-01T10:00:00.250Z"));
    expect(reader.read("2022-06-01T10:00:00+02:00")).toBe(utc("2022-06-01T08:00:00Z"));
    expect(reader.read("2022-06-01T25:00:00Z")).toBeNaN();
    expect(reader.problem?.code).toBe("BAD_DATE");
  });
});

describe("parseWithFormat", () => {
  it.each([
    ["10/13/2010", "M/d/yyyy", "2010-10-13"],
    ["02/05/2011", "M/d/yyyy", "2011-02-05"],
    ["10-01-2012", "M-d-yyyy", "2012-10-01"],
    ["9/7/11", "M/d/yy", "2011-09-07"],
    ["9/7/49", "M/d/yy", "2049-09-07"],
    ["9/7/50", "M/d/yy", "1950-09-07"],
    ["19970101", "yyyyMMdd", "1997-01-01"],
    ["13.10.2010", "dd.MM.yyyy", "2010-10-13"],
    ["Oct 13, 2010", "MMM d, yyyy", "2010-10-13"],
    ["oct 13, 2010", "MMM d, yyyy", "2010-10-13"],
    ["2010-10-13 14:05", "yyyy-MM-dd HH:mm", "2010-10-13T14:05:00"],
    ["2010-10-13T14:05+02:00", "yyyy-MM-dd'T'HH:mmXXX", "2010-10-13T12:05:00"],
  ])("reads %j with %s", (text, fmt, iso) => {
    expect(parseWithFormat(text, fmt)).toBe(utc(`${iso}${iso.length === 10 ? "" : "Z"}`));
  });

  it.each([
    ["13/45/2010", "M/d/yyyy", "no 45th day"],
    ["2/30/2010", "M/d/yyyy", "no February 30"],
    ["9/7/11", "M/d/yyyy", "a two-digit year is not yyyy"],
    ["2/5/2011", "MM/dd/yyyy", "MM wants two digits"],
    ["2/3/20100", "M/d/yyyy", "five-digit year"],
    ["2010-10-13", "M/d/yyyy", "another shape"],
    ["10/13/2010 junk", "M/d/yyyy", "trailing text"],
  ])("refuses %j with %s (%s)", (text, fmt) => {
    expect(parseWithFormat(text, fmt)).toBeNaN();
  });
});

describe("DateReader", () => {
  it("accepts ISO 8601 without formats, and refuses anything else with a suggestion, never guessing", () => {
    const reader = new DateReader();
    expect(reader.read("2022-06-01")).toBe(utc("2022-06-01"));
    expect(reader.read("10/13/2010")).toBeNaN();
    expect(reader.problem).toEqual({
      code: "BAD_DATE",
      reason: 'date "10/13/2010" is not ISO 8601',
      hint: { option: "dateFormat", values: ["M/d/yyyy"] },
    });
  });

  it("still accepts ISO 8601 when formats are given", () => {
    const reader = new DateReader(["M/d/yyyy"]);
    expect(reader.read("2022-06-01T10:00:00Z")).toBe(utc("2022-06-01T10:00:00Z"));
    expect(reader.read("6/1/2022")).toBe(utc("2022-06-01"));
  });

  it("accepts a value that only one of several formats reads", () => {
    const reader = new DateReader(["M/d/yyyy", "M-d-yyyy"]);
    expect(reader.read("10/13/2010")).toBe(utc("2010-10-13"));
    expect(reader.read("10-01-2012")).toBe(utc("2012-10-01"));
  });

  it("accepts a value that two formats read as the same day", () => {
    const reader = new DateReader(["d/M/yyyy", "M/d/yyyy"]);
    expect(reader.read("03/03/2011")).toBe(utc("2011-03-03"));
    expect(reader.read("13/04/2011")).toBe(utc("2011-04-13"));
    expect(reader.read("04/13/2011")).toBe(utc("2011-04-13"));
  });

  it("rejects a value that two formats read as different days, naming both readings", () => {
    const reader = new DateReader(["d/M/yyyy", "M/d/yyyy"]);
    expect(reader.read("03/04/2011")).toBeNaN();
    expect(reader.problem).toEqual({
      code: "AMBIGUOUS_DATE",
      reason:
        'date "03/04/2011" is ambiguous: d/M/yyyy reads 2011-04-03T00:00:00Z, M/d/yyyy reads 2011-03-04T00:00:00Z',
    });
  });

  it("names the formats tried when none reads the value", () => {
    const reader = new DateReader(["M/d/yyyy", "M-d-yyyy"]);
    expect(reader.read("13/45/2010")).toBeNaN();
    expect(reader.problem?.reason).toBe('date "13/45/2010" is neither ISO 8601 nor M/d/yyyy nor M-d-yyyy');
  });

  it("gives the same answer from its cache as the first time", () => {
    const reader = new DateReader(["M/d/yyyy"]);
    for (let i = 0; i < 3; i++) {
      expect(reader.read("10/13/2010")).toBe(utc("2010-10-13"));
      expect(reader.read("13/13/2010")).toBeNaN();
      expect(reader.problem?.code).toBe("BAD_DATE");
    }
  });

  it("refuses a format date-fns does not know, before reading anything", () => {
    expect(() => new DateReader(["YYYY-MM-DD"])).toThrow(ImportError);
    try {
      new DateReader(["M/d/yyyy", "YYYY-MM-DD"]);
    } catch (error) {
      expect((error as ImportError).code).toBe("BAD_OPTION");
      expect((error as ImportError).message).toContain('"YYYY-MM-DD"');
    }
  });
});

describe("suggestFormat", () => {
  it.each([
    ["10/13/2010", "M/d/yyyy"],
    ["13/10/2010", "d/M/yyyy"],
    ["03/04/2011", "M/d/yyyy or d/M/yyyy"],
    ["9/7/11", "M/d/yy or d/M/yy"],
    ["10-13-2010", "M-d-yyyy"],
    ["13.10.2010", "d.M.yyyy"],
    ["19970101", "yyyyMMdd"],
    ["10/13/2010 14:05", "M/d/yyyy H:mm"],
    ["whatever", "M/d/yyyy"],
  ])("suggests for %j: %s", (text, suggestion) => {
    expect(suggestFormat(text)).toBe(suggestion);
  });
});

describe("the store's time zone", () => {
  const zone = (name: string) => storeCalendar(name);
  it.each([
    // No offset: the local time in the store's zone.
    ["America/Toronto", "2024-03-10 23:30", "2024-03-11T03:30:00.000Z"],
    ["America/Toronto", "2024-03-10T23:30:00", "2024-03-11T03:30:00.000Z"],
    ["America/Toronto", "2024-01-10 23:30", "2024-01-11T04:30:00.000Z"],
    ["America/Toronto", "2024-03-10", "2024-03-10T05:00:00.000Z"],
    // Z or an offset: that instant, whatever the zone.
    ["America/Toronto", "2024-03-10T23:30:00Z", "2024-03-10T23:30:00.000Z"],
    ["America/Toronto", "2024-03-10T23:30:00-04:00", "2024-03-11T03:30:00.000Z"],
    ["Asia/Tokyo", "2024-03-10T23:30:00+01:00", "2024-03-10T22:30:00.000Z"],
    // Date-only values are the first instant of that calendar day in the zone.
    ["Asia/Tokyo", "2014-12-30", "2014-12-29T15:00:00.000Z"],
    ["America/Los_Angeles", "2014-12-30", "2014-12-30T08:00:00.000Z"],
  ])("%s: %s is %s", (name, text, iso) => {
    const reader = new DateReader([], null, zone(name));
    expect(new Date(reader.read(text)).toISOString()).toBe(iso);
    expect(new Date(parseIsoDate(text, zone(name))).toISOString()).toBe(iso);
  });

  it.each(["Asia/Tokyo", "America/Los_Angeles", "UTC"])(
    "%s: a date-only value stays on its calendar day, through ISO 8601 and through a format",
    (name) => {
      const calendar = zone(name);
      const iso = new DateReader([], null, calendar).read("2014-12-30");
      const formatted = new DateReader(["M/d/yyyy"], null, calendar).read("12/30/2014");
      expect(formatted).toBe(iso);
      expect(calendar.isoDayOf(iso)).toBe("2014-12-30");
      // ...and on the same day in UTC storage only where the zone is UTC.
      expect(new Date(iso).toISOString().slice(0, 10)).toBe(
        name === "Asia/Tokyo" ? "2014-12-29" : "2014-12-30",
      );
    },
  );

  it("reads a format with an offset token as that instant, and one without in the zone", () => {
    const toronto = zone("America/Toronto");
    expect(parseWithFormat("2024-03-10 23:30 +0000", "yyyy-MM-dd HH:mm xx", toronto)).toBe(
      utc("2024-03-10T23:30:00Z"),
    );
    expect(parseWithFormat("03/10/2024 23:30", "MM/dd/yyyy HH:mm", toronto)).toBe(
      utc("2024-03-11T03:30:00Z"),
    );
  });

  it("holds the earliest date to its first instant in the zone", () => {
    const bounds = dateBounds(utc("2026-01-01T00:00:00Z"), 1, "2000-01-01", zone("Asia/Tokyo"));
    expect(typeof bounds === "string" ? bounds : new Date(bounds.min).toISOString()).toBe(
      "1999-12-31T15:00:00.000Z",
    );
  });
});

describe("suggestDateFormats", () => {
  it.each([
    [["2022-06-01", "2022-06-02T10:00:00Z"], []],
    [["9/7/11", "7/8/11", "3/14/11"], ["M/d/yy"]],
    [["14/3/2011", "7/8/2011"], ["d/M/yyyy"]],
    [
      ["3/4/2011", "7/8/2011"],
      ["M/d/yyyy", "d/M/yyyy"],
    ],
    // The format that reads most values first.
    [["10/13/2010", "10-01-2012", "1-31-2012"], ["M-d-yyyy,M/d/yyyy"]],
    [["20220601", "20221231"], ["yyyyMMdd"]],
    [["3/14/2011 10:22", "12/1/2011 9:05"], ["M/d/yyyy H:mm"]],
    [["", "  ", "1/13/24"], ["M/d/yy"]],
  ] as const)("%j suggests %j", (values, suggested) => {
    expect(suggestDateFormats(values)).toEqual(suggested);
  });
});
