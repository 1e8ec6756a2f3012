import { UTCDate } from "@date-fns/utc";
// Subpath imports: the package index loads all of date-fns (about a second through tsx).
import { format } from "date-fns/format";
import { isValid } from "date-fns/isValid";
import { parse } from "date-fns/parse";
import { DAY_MS, type StoreCalendar, storeCalendar } from "../days";
import type { ImportHint } from "./hints";
import { ImportError } from "./types";

/**
 * ISO 8601 / RFC 3339: a calendar date, optionally a time (`T` or a space) to minutes, seconds
 * or fractions, optionally `Z` or an offset (`+02:00`, `+0200`, `+02`).
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Epoch ms of an ISO 8601 date or date-time, or NaN. No offset means the local date or time in
 * `calendar`'s zone (default UTC): `2014-12-30` is the first instant of that day there.
 */
export function parseIsoDate(text: string, calendar?: StoreCalendar): number {
  const m = ISO.exec(text);
  if (m === null) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (m[4] === undefined) return local(isoDay(text), calendar);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  const zone = m[8];
  const naive = zone === undefined;
  if (zone !== undefined && zone.toUpperCase() !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    if (oh > 23 || om > 59) return Number.NaN;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return naive ? local(date.getTime(), calendar) : date.getTime() - offsetMinutes * 60_000;
}

/** The instant of a local wall-clock time (epoch ms read as UTC) in the calendar's zone. */
function local(wallClock: number, calendar: StoreCalendar | undefined): number {
  return calendar === undefined || Number.isNaN(wallClock) ? wallClock : calendar.instantOf(wallClock);
}

const DIGIT_0 = 48;
const HYPHEN = 45;

function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - DIGIT_0;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

/**
 * Epoch ms of `YYYY-MM-DD`, or NaN: the common case, read without a regular expression,
 * a Date or the cache (days from the civil date, after H. Hinnant's `days_from_civil`).
 */
export function isoDay(text: string): number {
  if (text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN) return Number.NaN;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146_097 + doe - 719_468) * DAY_MS;
}

const COLON = 58;
const DOT = 46;
const COMMA = 44;

/**
 * Epoch ms of `YYYY-MM-DD` + `T` (or a space) + `HH:MM`, optionally `:SS` and a fraction, optionally
 * `Z`: the date-times exports write, read without a regular expression, a Date or a cache (each
 * value of such a column is usually distinct, so caching them only costs). NaN for anything else,
 * offsets included: {@link parseIsoDate} decides those. Where this returns a number it is the
 * number parseIsoDate returns.
 */
export function isoDateTime(text: string): number {
  const n = text.length;
  if (n < 16) return Number.NaN;
  const t = text.charCodeAt(10);
  if (t !== 84 && t !== 116 && t !== 32) return Number.NaN; // T, t, space
  if (text.charCodeAt(13) !== COLON) return Number.NaN;
  const hour = digit(text, 11) * 10 + digit(text, 12);
  const minute = digit(text, 14) * 10 + digit(text, 15);
  let second = 0;
  let ms = 0;
  let i = 16;
  if (i < n && text.charCodeAt(i) === COLON) {
    if (n < 19) return Number.NaN;
    second = digit(text, 17) * 10 + digit(text, 18);
    i = 19;
    const sep = i < n ? text.charCodeAt(i) : 0;
    if (sep === DOT || sep === COMMA) {
      const start = ++i;
      while (i < n && i - start < 10 && digit(text, i) >= 0) i++;
      const digits = i - start;
      if (digits === 0 || digits > 9) return Number.NaN;
      ms = digit(text, start) * 100;
      if (digits > 1) ms += digit(text, start + 1) * 10;
      if (digits > 2) ms += digit(text, start + 2);
    }
  }
  if (i < n) {
    const z = text.charCodeAt(i);
    if ((z !== 90 && z !== 122) || i + 1 !== n) return Number.NaN; // Z, z
  }
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return Number.NaN;
  const day = isoDay(text);
  return day + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Fields a format leaves out come from this date, so they are the same on every machine: years
 * written with two digits (`yy`) land in 1950-2049, and a format without a year reads 2000.
 */
const REFERENCE = new UTCDate(Date.UTC(2000, 0, 1));

/** Offset tokens: with these the text says its own offset and the round-trip check is skipped. */
const OFFSET_TOKEN = /[XxOz]/;

export interface DateProblem {
  readonly code: "BAD_DATE" | "AMBIGUOUS_DATE" | "DATE_OUT_OF_RANGE";
  readonly reason: string;
  /** The date format to choose, for a date no format read. */
  readonly hint?: ImportHint;
}

/** The dates a file may give: from `min` to `max` inclusive, epoch ms. */
export interface DateBounds {
  readonly min: number;
  readonly max: number;
  /** How `max` came about, for the reject's reason (`now plus 1 day`). */
  readonly maxWhy: string;
  readonly minWhy: string;
}

/**
 * The bounds for `now` (epoch ms) plus `toleranceDays`, and `minDate` (`YYYY-MM-DD`, its first
 * instant in the calendar's zone, default UTC), or a sentence saying which option is wrong.
 */
export function dateBounds(
  now: number,
  toleranceDays: number,
  minDate: string,
  calendar: StoreCalendar = storeCalendar(),
): DateBounds | string {
  if (!Number.isFinite(now)) return `now ${now} is not a time`;
  if (!(Number.isFinite(toleranceDays) && toleranceDays >= 0))
    return `the future tolerance ${toleranceDays} is not a number of days of 0 or more`;
  const min = isoDay(minDate);
  if (minDate.length !== 10 || Number.isNaN(min))
    return `the earliest date "${minDate}" is not a YYYY-MM-DD date`;
  return {
    min: calendar.instantOf(min),
    max: now + toleranceDays * DAY_MS,
    maxWhy: `now plus ${toleranceDays} day${toleranceDays === 1 ? "" : "s"}`,
    minWhy: "the earliest date accepted",
  };
}

const instant = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/** Distinct date strings are few in real files; past this many the cache starts over. */
const CACHE_LIMIT = 200_000;

/**
 * Reads dates as epoch ms, caching the result per distinct string. A value with `Z` or an offset
 * is that instant; one without (a date, or a date and time) is read in the store's zone
 * (`calendar`, default UTC), so a date-only value is the first instant of that calendar day
 * there and stays on that day whatever the zone. ISO 8601 is always
 * accepted; other text only through the given date-fns formats, each checked strictly: the
 * parsed date written back with the same format must give the text again, except that a
 * one-letter numeric token (`M`, `d`, `H`...) may have a leading zero (`02/05/2011` is
 * `M/d/yyyy`, `9/7/11` is not). Two readings that disagree make the value ambiguous.
 */
export class DateReader {
  private readonly formats: readonly string[];
  private readonly hits = new Map<string, number>();
  private readonly misses = new Map<string, DateProblem>();
  /** Why the last {@link read} returned NaN. */
  problem: DateProblem | null = null;
  /** No conversion of local times needed. */
  private readonly utc: boolean;

  /**
   * Throws ImportError BAD_OPTION when a format has tokens date-fns does not know. Without
   * `bounds`, any date is in range (the parser always passes them).
   */
  constructor(
    formats: readonly string[] = [],
    private readonly bounds: DateBounds | null = null,
    /** The store's zone, for values that give no offset. */
    readonly calendar: StoreCalendar = storeCalendar(),
  ) {
    this.utc = this.calendar.timeZone === "UTC";
    const problems = [];
    for (const f of formats) {
      try {
        format(REFERENCE, f);
      } catch (error) {
        problems.push({
          code: "BAD_OPTION" as const,
          message: `date format "${f}" is not a date-fns format: ${(error as Error).message.split(";")[0]}`,
        });
      }
    }
    if (problems.length > 0) throw new ImportError(problems);
    this.formats = formats;
  }

  /** Epoch ms, or NaN with {@link problem} set. The text is expected trimmed and non-empty. */
  read(text: string): number {
    if (this.formats.length === 0) {
      const fast = text.length === 10 ? isoDay(text) : isoDateTime(text);
      if (!Number.isNaN(fast)) {
        // With Z it is an instant; without, a local time in the store's zone.
        const z = text.charCodeAt(text.length - 1);
        return this.utc || z === 90 || z === 122 ? fast : this.calendar.instantOf(fast);
      }
    }
    const hit = this.hits.get(text);
    if (hit !== undefined) return hit;
    const miss = this.misses.get(text);
    if (miss !== undefined) {
      this.problem = miss;
      return Number.NaN;
    }
    if (this.hits.size + this.misses.size >= CACHE_LIMIT) {
      this.hits.clear();
      this.misses.clear();
    }
    const result = this.readUncached(text);
    if (typeof result === "number") {
      this.hits.set(text, result);
      return result;
    }
    this.misses.set(text, result);
    this.problem = result;
    return Number.NaN;
  }

  /**
   * As {@link read}, and NaN with a DATE_OUT_OF_RANGE {@link problem} for a date outside the
   * bounds: after now plus the tolerance, or before the floor.
   */
  readInRange(text: string): number {
    const ms = this.read(text);
    const b = this.bounds;
    if (b === null || Number.isNaN(ms) || (ms <= b.max && ms >= b.min)) return ms;
    const shown = JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
    this.problem = {
      code: "DATE_OUT_OF_RANGE",
      reason:
        ms > b.max
          ? `date ${shown} is in the future: after ${instant(b.max)} (${b.maxWhy})`
          : `date ${shown} is before ${instant(b.min).slice(0, 10)} (${b.minWhy})`,
    };
    return Number.NaN;
  }

  private readUncached(text: string): number | DateProblem {
    const shown = JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
    const readings: { by: string; ms: number }[] = [];
    const iso = parseIsoDate(text, this.calendar);
    if (!Number.isNaN(iso)) readings.push({ by: "ISO 8601", ms: iso });
    for (const f of this.formats) {
      const ms = parseWithFormat(text, f, this.calendar);
      if (!Number.isNaN(ms)) readings.push({ by: f, ms });
    }
    const first = readings[0];
    if (first === undefined) {
      const iso = ISO.exec(text);
      if (iso !== null && !isCalendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) {
        return { code: "BAD_DATE", reason: `date ${shown} is not a calendar date` };
      }
      if (this.formats.length === 0) {
        return {
          code: "BAD_DATE",
          reason: `date ${shown} is not ISO 8601`,
          hint: { option: "dateFormat", values: suggestFormat(text).split(" or ") },
        };
      }
      return {
        code: "BAD_DATE",
        reason: `date ${shown} is neither ISO 8601 nor ${this.formats.join(" nor ")}`,
      };
    }
    if (readings.some((r) => r.ms !== first.ms)) {
      const each = readings.map((r) => `${r.by} reads ${new Date(r.ms).toISOString().replace(".000Z", "Z")}`);
      return { code: "AMBIGUOUS_DATE", reason: `date ${shown} is ambiguous: ${each.join(", ")}` };
    }
    return first.ms;
  }
}

/**
 * date-fns `parse` in UTC, strict: NaN unless formatting the result gives the text back. A
 * format without an offset token gives a local time, read in `calendar`'s zone (default UTC).
 */
export function parseWithFormat(text: string, fmt: string, calendar?: StoreCalendar): number {
  const date = parse(text, fmt, REFERENCE);
  if (!isValid(date)) return Number.NaN;
  if (OFFSET_TOKEN.test(fmt.replace(/'[^']*'/g, ""))) return date.getTime();
  if (!sameWriting(text, format(date, fmt))) return Number.NaN;
  return local(date.getTime(), calendar);
}

const RUNS = /\d+|\D+/g;

/** Equal but for case and a leading zero on a one-digit number (`02` for `2`). */
function sameWriting(text: string, formatted: string): boolean {
  if (text === formatted) return true;
  const a = text.match(RUNS) ?? [];
  const b = formatted.match(RUNS) ?? [];
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    if (y.length === 1 && x === `0${y}`) continue;
    if (x.toLowerCase() !== y.toLowerCase()) return false;
  }
  return true;
}

/**
 * A date format to suggest for a value, from its shape (month-first when it cannot tell: then
 * both, `M/d/yyyy or d/M/yyyy`).
 */
export function suggestFormat(text: string): string {
  const ymd = /^\d{8}$/.exec(text);
  if (ymd) return "yyyyMMdd";
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(:\d{2})?)?$/.exec(text);
  if (m === null) return "M/d/yyyy";
  const [, a, sep, b, year, , seconds] = m;
  const y = year?.length === 2 ? "yy" : "yyyy";
  const time = text.includes(":") ? `${text.includes("T") ? "'T'" : " "}H:mm${seconds ? ":ss" : ""}` : "";
  if (Number(a) > 12) return `d${sep}M${sep}${y}${time}`;
  if (Number(b) > 12) return `M${sep}d${sep}${y}${time}`;
  return `M${sep}d${sep}${y}${time} or d${sep}M${sep}${y}${time}`;
}

/**
 * Date formats that read the given values (a column's first values), best first, for a person
 * to choose from: ISO 8601 values need none (an empty list when all are ISO). Each candidate
 * comes from {@link suggestFormat} on a value and is kept only when it reads every value that is
 * not ISO 8601, checked as the import checks it ({@link parseWithFormat}); so `1/13/14` among the
 * values rules out `d/M/yy`. When no one format reads them all (a file mixing `10/13/2010` and
 * `10-01-2012`), the suggestion is the smallest list found greedily, joined by commas as the
 * option takes it (`M/d/yyyy,M-d-yyyy`).
 */
export function suggestDateFormats(values: readonly string[]): string[] {
  const texts = [...new Set(values.map((v) => v.trim()))].filter(
    (v) => v !== "" && Number.isNaN(parseIsoDate(v)),
  );
  if (texts.length === 0) return [];
  const candidates = [...new Set(texts.flatMap((t) => suggestFormat(t).split(" or ")))];
  const reads = candidates.map((format) => ({
    format,
    read: new Set(texts.filter((t) => !Number.isNaN(parseWithFormat(t, format)))),
  }));
  const all = reads.filter((r) => r.read.size === texts.length).map((r) => r.format);
  if (all.length > 0) return all;
  const chosen: string[] = [];
  const left = new Set(texts);
  while (left.size > 0) {
    let best: (typeof reads)[number] | undefined;
    let bestCount = 0;
    for (const r of reads) {
      let count = 0;
      for (const t of left) if (r.read.has(t)) count++;
      if (count > bestCount) {
        best = r;
        bestCount = count;
      }
    }
    if (best === undefined) break;
    chosen.push(best.format);
    for (const t of best.read) left.delete(t);
  }
  return chosen.length > 0 ? [chosen.join(",")] : [];
}
