/** UTC days, as the store's data and every command and query count them. */
import { DAY_MS } from "@rfm/core";

export { DAY_MS };

/** Epoch ms of the start (00:00 UTC) of a yyyy-MM-dd day. */
export function dayStart(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`);
}

/** The first instant after the given day: scoring "as of" a day includes that whole day. */
export function endOfDay(isoDay: string): number {
  return dayStart(isoDay) + DAY_MS;
}

/** The yyyy-MM-dd (UTC) of an epoch ms. */
export function dayOf(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}
