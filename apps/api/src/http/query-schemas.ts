/**
 * The query string of every route, as a JSON schema checked by Fastify (its built-in Ajv)
 * before the handler runs: a parameter given twice where one is meant, one too long or too
 * large, or one the route does not know is refused with 400 BAD_USER_INPUT and `field:
 * "query.<name>"` (errors.ts), never reaching the importer or the export (where it was a 500).
 *
 * Query values arrive as strings (an array when repeated). Fastify's Ajv coerces them
 * (`coerceTypes: "array"`: a single value fills an array property, a number property is parsed)
 * and, by default, silently drops unknown properties (`removeAdditional: true`): `AJV_OPTIONS`
 * turns that off, so `additionalProperties: false` refuses them by name. What each value means
 * (a known encoding, a valid date format) stays the importer's to say, with its own message.
 */
import type { FastifyServerOptions, RouteOptions } from "fastify";
import { AUDIENCE_PARAMS } from "../modules/audience/audience.params";

/** Fastify's `ajv` option: unknown query parameters are refused, not dropped. */
export const AJV_OPTIONS = {
  customOptions: { removeAdditional: false },
} as const satisfies FastifyServerOptions["ajv"];

/** One value, given at most once, of at most `maxLength` characters. */
const text = (maxLength: number) => ({ type: "string", maxLength }) as const;

/** A route that takes no query parameters. */
export const NO_QUERY = { type: "object", additionalProperties: false, properties: {} } as const;

/** What every export route takes: the columns, preset, purpose, Excel, the profile and, on a signed URL, its grant. */
const EXPORT_BASE = {
  columns: text(2_000),
  // Column preset, purpose (consent) and Excel's byte order mark (export.service.ts).
  preset: text(20),
  purpose: text(20),
  excel: { type: "string", enum: ["true", "false", "1", "0"] },
  // A scoring profile's key (default: the default profile).
  profile: text(40),
  // The grant of a signed URL (`createExport`); the signature check gives them meaning.
  token: text(20),
  expires: text(20),
  sig: text(100),
} as const;

/**
 * `GET /exports/segments/{key-or-name}.{format}` and `GET /exports/customers.{format}`: the
 * audience's filters (modules/audience/audience.params.ts; `segment` is the path's on the first),
 * each once, besides the columns, profile and grant.
 */
export const EXPORT_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...EXPORT_BASE,
    ...Object.fromEntries(AUDIENCE_PARAMS.map((param) => [param, text(200)])),
  },
} as const;

/** `GET /exports/audiences/{saved-name}.{format}`: the saved definition is the audience; no filters. */
export const SAVED_AUDIENCE_EXPORT_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: EXPORT_BASE,
} as const;

/** The largest batch a client may ask for (rows held in memory at once): 50 times the default. */
export const MAX_IMPORT_BATCH_SIZE = 1_000_000;

/** `POST /imports/{kind}`: the CLI's import flags, `map` and `dateFormat` repeatable. */
export const IMPORT_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    format: text(20),
    map: { type: "array", maxItems: 200, items: text(1_000) },
    dateFormat: { type: "array", maxItems: 50, items: text(100) },
    encoding: text(50),
    delimiter: text(20),
    batchSize: { type: "integer", minimum: 1, maximum: MAX_IMPORT_BATCH_SIZE },
    // The importer's value rules (issue 14): amounts with more than two decimals, the date window.
    roundAmounts: text(50),
    futureToleranceDays: text(20),
    minDate: text(50),
  },
} as const;

/**
 * `POST /imports/preview`: the kind and the import's own options, `auto` allowed for the
 * encoding and the delimiter, and `partial` (the body is the start of a longer file).
 */
export const PREVIEW_QUERY = {
  type: "object",
  additionalProperties: false,
  required: ["kind"],
  properties: {
    kind: { type: "string", enum: ["transactions", "customers"] },
    format: text(20),
    map: { type: "array", maxItems: 200, items: text(1_000) },
    dateFormat: { type: "array", maxItems: 50, items: text(100) },
    encoding: text(50),
    delimiter: text(20),
    roundAmounts: text(50),
    partial: { type: "boolean" },
  },
} as const;

/** `POST /imports/rates`: the base of rows without a base column. */
export const RATES_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: { base: text(20) },
} as const;

/**
 * Fastify's `onRoute` hook: every route but GraphQL's (whose GET parameters Apollo reads) must
 * declare its query string with `additionalProperties: false`, so that no route can silently
 * ignore a parameter it does not know. Registering one without throws at start.
 */
export function requireQuerySchema(route: RouteOptions): void {
  if (route.url === "/graphql" || route.url === "*") return;
  const schema = route.schema?.querystring as { additionalProperties?: unknown } | undefined;
  if (schema?.additionalProperties !== false) {
    throw new Error(
      `route ${String(route.method)} ${route.url} declares no query schema refusing unknown parameters (http/query-schemas.ts)`,
    );
  }
}
