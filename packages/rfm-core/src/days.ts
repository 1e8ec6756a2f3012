/**
 * Days as the store counts them: calendar dates in the store's time zone (an IANA name such as
 * `America/Toronto`, default `UTC`). Recency, "as of", windows in days and daily charts all
 * count these days, so an order at 23:30 in Toronto belongs to that Toronto day, not to the next
 * UTC day. Zone rules come from the runtime's own `Intl` (ICU's tz database); nothing here reads
 * the clock or the machine's zone.
 */
import { RfmError } from "./errors";

/** One day in epoch milliseconds (epoch time has no leap seconds). */
export const DAY_MS = 86_400_000;

/** The zone used when none is configured. */
export const DEFAULT_TIME_ZONE = "UTC";

/**
 * A day number: the days from 1970-01-01 to a calendar date, i.e. `Date.UTC(y, m - 1, d) /
 * DAY_MS`. The same date has the same number in every zone; which instants belong to it
 * depends on the zone ({@link StoreCalendar}).
 */
export type DayNumber = number;

/** The day number of `YYYY-MM-DD`, or NaN for anything else (including 2014-02-30). */
export function dayNumberOf(isoDay: string): DayNumber {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (m === null) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, mo - 1, d));
  date.setUTCFullYear(y);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return Number.NaN;
  return date.getTime() / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDayOf(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whether the runtime knows `name` as a time zone (IANA names, case-insensitive, and `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Offsets are cached per UTC day; a day with a transition in it is computed per instant. */
const VARIES = Number.NaN;

/**
 * The calendar of one time zone: which store day an instant falls on, and where a store day
 * starts. Build it once per run ({@link storeCalendar}) and reuse it: offsets are looked up
 * through `Intl` once per UTC day and cached, so millions of customers cost a map lookup each.
 *
 * Rules at clock changes: a day is every instant whose local date is that day (a spring-forward
 * day is 23 hours long, a fall-back day 25). A local wall-clock time that occurs twice (fall
 * back) means the earlier instant; one that does not exist (spring forward) means the instant
 * the same time after the jump (02:30 on a day clocks go from 02:00 to 03:00 is 03:30), as
 * Temporal's `disambiguation: "compatible"` does.
 */
export class StoreCalendar {
  /** The zone's canonical name (`america/toronto` is `America/Toronto`). */
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat | null;
  private readonly offsets = new Map<number, number>();

  constructor(timeZone: string = DEFAULT_TIME_ZONE) {
    if (!isTimeZone(timeZone)) {
      throw new RfmError(
        "INVALID_OPTIONS",
        `"${timeZone}" is not a time zone: use an IANA name such as UTC or America/Toronto`,
        {
          timeZone,
        },
      );
    }
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    this.timeZone = format.resolvedOptions().timeZone;
    // UTC needs no lookups: every offset is 0.
    this.format = this.timeZone === "UTC" || this.timeZone === "Etc/UTC" ? null : format;
  }

  /** The zone's offset from UTC at an instant, in ms (Toronto in winter: -18,000,000). */
  offsetAt(instant: number): number {
    if (this.format === null) return 0;
    const day = Math.floor(instant / DAY_MS);
    let offset = this.offsets.get(day);
    if (offset === undefined) {
      const start = this.rawOffset(day * DAY_MS);
      offset = start === this.rawOffset(day * DAY_MS + DAY_MS - 1) ? start : VARIES;
      this.offsets.set(day, offset);
    }
    return Number.isNaN(offset) ? this.rawOffset(instant) : offset;
  }

  /** The store day an instant falls on. */
  dayOf(instant: number): DayNumber {
    return Math.floor((instant + this.offsetAt(instant)) / DAY_MS);
  }

  /** `YYYY-MM-DD` of the store day an instant falls on. */
  isoDayOf(instant: number): string {
    return isoDayOf(this.dayOf(instant));
  }

  /** The first instant of a store day (its local midnight, or the end of a jump over it). */
  startOfDay(day: DayNumber): number {
    const local = day * DAY_MS;
    const exact = this.exactInstants(local);
    if (exact !== null) return exact;
    // Midnight does not exist (clocks jump over it): the day starts at the jump. Between the
    // two readings of midnight the local date changes once; find that instant.
    const [a, b] = this.readings(local);
    let lo = Math.min(a, b);
    let hi = Math.max(a, b);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.dayOf(mid) >= day) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  /** The first instant after a store day: orders before it are "up to the end of" that day. */
  endOfDay(day: DayNumber): number {
    return this.startOfDay(day + 1);
  }

  /**
   * The instant of a local wall-clock time given as epoch ms of that time read as UTC
   * (`Date.UTC(2024, 2, 10, 23, 30)` for 2024-03-10 23:30 local). See the class for clock changes.
   */
  instantOf(localMs: number): number {
    if (this.format === null) return localMs;
    return this.exactInstants(localMs) ?? this.readings(localMs)[0];
  }

  /** The instants `local - offset` for the offsets a day before and a day after. */
  private readings(localMs: number): [before: number, after: number] {
    return [localMs - this.offsetAt(localMs - DAY_MS), localMs - this.offsetAt(localMs + DAY_MS)];
  }

  /** The earliest instant whose local time is `localMs`, or null when that time does not exist. */
  private exactInstants(localMs: number): number | null {
    let found: number | null = null;
    for (const t of this.readings(localMs)) {
      if (t + this.offsetAt(t) === localMs && (found === null || t < found)) found = t;
    }
    return found;
  }

  /** The offset at an instant through Intl, to the second (the formatter shows no ms). */
  private rawOffset(instant: number): number {
    const parts = this.format!.formatToParts(instant);
    const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    const era = parts.find((p) => p.type === "era")?.value;
    const year = era === "BC" || era === "B" ? 1 - field("year") : field("year");
    const date = new Date(
      Date.UTC(2000, field("month") - 1, field("day"), field("hour"), field("minute"), field("second")),
    );
    date.setUTCFullYear(year);
    return date.getTime() - Math.floor(instant / 1000) * 1000;
  }
}

/** Throws RfmError INVALID_OPTIONS naming the zone when the runtime does not know it. */
export function storeCalendar(timeZone: string = DEFAULT_TIME_ZONE): StoreCalendar {
  return new StoreCalendar(timeZone);
}

/**
 * The last day a run counts, for a run whose orders end before `asOf` (epoch ms, exclusive):
 * the store day of the instant just before it. For `asOf` at a store midnight that is the day
 * before; "as of 2014-12-31" is `asOf` = the start of 2015-01-01 in the store's zone.
 */
export function asOfDayOf(asOf: number, calendar: StoreCalendar): DayNumber {
  return calendar.dayOf(asOf - 1);
}
