/** Scalars shared by the schema: instants as ISO date-times, days as ISO dates (UTC). */
import { LocalDateResolver } from "graphql-scalars";
import { GraphQLISODateTime } from "type-graphql";

export const DateTimeISO = GraphQLISODateTime;
export const LocalDate = LocalDateResolver;

const DAY_MS = 86_400_000;

/** Epoch ms of the start (00:00 UTC) of a yyyy-MM-dd day. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The yyyy-MM-dd (UTC) of an epoch ms. */
export function dayOf(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}
