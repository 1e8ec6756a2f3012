/**
 * Days as the store counts them: calendar days in the store's time zone (`STORE_TIME_ZONE`,
 * default UTC), through rfm-core's {@link StoreCalendar}. Every command and query that takes or
 * shows a day goes through these, with the zone of the run or of the server.
 */
import { DAY_MS, dayNumberOf, isoDayOf, StoreCalendar, storeCalendar } from "@rfm/core";

export { DAY_MS, dayNumberOf, isoDayOf, StoreCalendar, storeCalendar };

const calendars = new Map<string, StoreCalendar>();

/** One calendar per zone for the process: its offset cache is shared by every run and request. */
export function calendarOf(timeZone: string): StoreCalendar {
  let calendar = calendars.get(timeZone);
  if (calendar === undefined) {
    calendar = storeCalendar(timeZone);
    calendars.set(timeZone, calendar);
  }
  return calendar;
}

/** Epoch ms of the first instant of a yyyy-MM-dd day in the zone. */
export function dayStart(isoDay: string, timeZone: string): number {
  return calendarOf(timeZone).startOfDay(dayNumberOf(isoDay));
}

/** The first instant after the given day in the zone: scoring "as of" a day includes that whole day. */
export function endOfDay(isoDay: string, timeZone: string): number {
  return calendarOf(timeZone).endOfDay(dayNumberOf(isoDay));
}

/** The yyyy-MM-dd of an instant in the zone. */
export function dayOf(ms: number, timeZone: string): string {
  return calendarOf(timeZone).isoDayOf(ms);
}

/** The last day counted by a run whose orders end before `asOf` (exclusive): the day before it. */
export function lastDayBefore(asOf: number, timeZone: string): string {
  return dayOf(asOf - 1, timeZone);
}
