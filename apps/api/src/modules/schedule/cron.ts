/**
 * Cron expressions of scoring schedules, read by croner (no dependencies, IANA time zones, DST
 * handled as Vixie cron does): five fields, `minute hour day-of-month month day-of-week`, read
 * in the schedule's zone. A firing in a DST gap (02:30 on the night clocks skip from 02:00 to
 * 03:00) happens at the first valid minute after it; a time that occurs twice (01:30 on the
 * night clocks go back) fires once, at its first occurrence. When both day-of-month and
 * day-of-week are restricted, either matching fires (Vixie cron's OR).
 *
 * "As of": a scheduled run scores up to the end of the last complete store day before its
 * firing (the day before the firing's day in the store's zone), so a 02:00 nightly run counts
 * all of yesterday and nothing of today.
 */
import { isTimeZone } from "@rfm/core";
import { Cron } from "croner";
import { AppError } from "../../app-error";
import { calendarOf } from "../../days";

/** Upcoming firings shown for a schedule (the admin's preview). */
export const PREVIEW_FIRINGS = 3;

/** Refuses a time zone that is not an IANA name (INVALID_TIME_ZONE naming `field`). */
export function checkTimeZone(timeZone: string, field: string): string {
  const zone = timeZone.trim();
  if (!isTimeZone(zone)) {
    throw new AppError(
      "INVALID_TIME_ZONE",
      `"${timeZone}" is not an IANA time zone name such as UTC, Europe/Paris or America/Toronto`,
      { field },
    );
  }
  return calendarOf(zone).timeZone;
}

/**
 * The expression as croner reads it in the zone; INVALID_CRON naming `field`, with croner's
 * reason, when it is not a valid five-field expression.
 */
export function parseCron(cron: string, timeZone: string, field: string): Cron {
  const expression = cron.trim().replace(/\s+/g, " ");
  const fields = expression === "" ? 0 : expression.split(" ").length;
  if (fields !== 5) {
    throw new AppError(
      "INVALID_CRON",
      `"${cron}" has ${fields} field${fields === 1 ? "" : "s"}: a schedule is five fields, minute hour day-of-month month day-of-week (such as "0 2 * * *", every day at 02:00)`,
      { field },
    );
  }
  try {
    return new Cron(expression, { timezone: timeZone, paused: true, mode: "5-part" });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, "");
    throw new AppError("INVALID_CRON", `"${cron}" is not a valid cron expression: ${reason}`, { field });
  }
}

/** The expression as stored: trimmed, single spaces. */
export function normalizeCron(cron: string): string {
  return cron.trim().replace(/\s+/g, " ");
}

/** The first `count` firings strictly after `after` (epoch ms). */
export function nextFirings(cron: Cron, after: number, count: number): Date[] {
  return cron.nextRuns(count, new Date(after));
}

/** The next firing strictly after `after`; null when the expression never fires again. */
export function nextFiring(cron: Cron, after: number): Date | null {
  return cron.nextRun(new Date(after));
}

/** The as-of day of a run fired at `at`: the store day before the one `at` falls in. */
export function asOfDayOf(at: number, storeTimeZone: string): string {
  const calendar = calendarOf(storeTimeZone);
  return calendar.isoDayOf(calendar.startOfDay(calendar.dayOf(at)) - 1);
}
