/** Scalars shared by the schema: instants as ISO date-times, days as ISO dates (UTC). */
import { LocalDateResolver } from "graphql-scalars";
import { GraphQLISODateTime } from "type-graphql";

export const DateTimeISO = GraphQLISODateTime;
export const LocalDate = LocalDateResolver;
