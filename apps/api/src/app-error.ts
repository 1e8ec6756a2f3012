/**
 * The application's one error: `AppError` with a code from one list, and one table from each
 * code to what a client sees (GraphQL `extensions.code`, the HTTP status of the routes). Services
 * and repositories throw `AppError` (or rfm-core's `RfmError`, whose codes are in the same
 * table); they never throw transport errors. The GraphQL `formatError` and the Fastify error
 * handler both translate through `ERROR_TABLE`, so a code means the same on every surface.
 */
import type { RfmErrorCode } from "@rfm/core";

/** What clients branch on: GraphQL `extensions.code`, and the `code` of an HTTP error body. */
export type ClientCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "FAILED_PRECONDITION"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "INTERNAL_SERVER_ERROR";

export interface Translation {
  readonly client: ClientCode;
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500;
  /**
   * Whether the client sees the error's own message. Unexpected failures are masked as
   * "internal server error" (their cause goes to the server's log, never to the client).
   */
  readonly expose: boolean;
}

const input: Translation = { client: "BAD_USER_INPUT", status: 400, expose: true };
const notFound: Translation = { client: "NOT_FOUND", status: 404, expose: true };
const conflict: Translation = { client: "CONFLICT", status: 409, expose: true };
const precondition: Translation = { client: "FAILED_PRECONDITION", status: 409, expose: true };
const internal: Translation = { client: "INTERNAL_SERVER_ERROR", status: 500, expose: false };
/** A failure whose message helps the caller (what was committed, what to do next). */
const failed: Translation = { client: "INTERNAL_SERVER_ERROR", status: 500, expose: true };

/** Every code, with its translation. Adding a code means adding its row here, nowhere else. */
export const ERROR_TABLE = {
  // The caller's input.
  BAD_USER_INPUT: input,
  INVALID_FORMAT: input,
  UNKNOWN_COLUMN: input,
  MAPPING_INVALID: input,
  // Currencies and exchange rates (docs/scoring.md, "Currencies").
  UNKNOWN_CURRENCY: input,
  INVALID_RATES: input,
  MIXED_CURRENCIES: input,
  // rfm-core's codes (RfmError): its INVALID_* are the caller's doing, the rest are bugs here.
  INVALID_BINS: input,
  INVALID_CODE: input,
  INVALID_OPTIONS: input,
  INVALID_THRESHOLDS: input,
  INVALID_RULE: input,
  INVALID_MAPPING: input,
  INVALID_MAPPING_FILE: input,
  // rfm-core's refusals of a mapping draft edit (a missing segment is SEGMENT_NOT_FOUND, below).
  DUPLICATE_SEGMENT: input,
  INVALID_SEGMENT: input,
  INVALID_EDIT: input,
  /** A scoring schedule's cron expression that croner cannot read, or not five fields. */
  INVALID_CRON: input,
  /** A time zone that is not an IANA name. */
  INVALID_TIME_ZONE: input,
  LENGTH_MISMATCH: internal,
  CLV_INVALID_INPUT: internal,
  CLV_INSUFFICIENT_DATA: internal,
  ORDER_CUSTOMER_CONFLICT: internal,
  // A file or import options refused before any row is read (ImportError).
  BAD_OPTION: input,
  UNKNOWN_FIELD: input,
  MISSING_COLUMN: input,
  DUPLICATE_COLUMN: input,
  EMPTY_FILE: input,
  BAD_HEADER: input,
  LINE_TOO_LONG: input,
  BINARY_FILE: input,
  // What is asked for does not exist.
  NOT_FOUND: notFound,
  SEGMENT_NOT_FOUND: notFound,
  // Someone else got there first, or is still at it: try again.
  CONFLICT: conflict,
  SCORING_IN_PROGRESS: conflict,
  /** Membership asked of the current run before its recording committed (seconds after the run). */
  MEMBERSHIP_NOT_RECORDED: conflict,
  // The state does not allow it yet (no run, a mapping for other bins than the run).
  NO_SCORING_RUN: precondition,
  MAPPING_BINS_MISMATCH: precondition,
  MISSING_EXCHANGE_RATE: precondition,
  /** A scoring profile with runs (history) cannot be deleted. */
  PROFILE_IN_USE: precondition,
  /** An admin revoking the token they are signed in with, without confirming it. */
  REVOKES_OWN_TOKEN: precondition,
  // Who is asking.
  UNAUTHENTICATED: { client: "UNAUTHENTICATED", status: 401, expose: true },
  FORBIDDEN: { client: "FORBIDDEN", status: 403, expose: true },
  // The request itself.
  PAYLOAD_TOO_LARGE: { client: "PAYLOAD_TOO_LARGE", status: 413, expose: true },
  UNSUPPORTED_MEDIA_TYPE: { client: "UNSUPPORTED_MEDIA_TYPE", status: 415, expose: true },
  // Work that started and stopped part-way: the message says what was kept and what to do.
  IMPORT_FAILED: failed,
  SCORING_FAILED: failed,
  // The database's schema history: an operator's problem, shown by the CLI, masked over HTTP.
  MIGRATION_MODIFIED: internal,
  MIGRATION_FAILED_BEFORE: internal,
  MIGRATION_FAILED: internal,
  INTERNAL: internal,
} as const satisfies Record<string, Translation>;

export type ErrorCode = keyof typeof ERROR_TABLE;

type AssertNever<T extends never> = T;
/** Fails to compile, naming the code, if rfm-core gains an error code without a row above. */
export type CoreCodesCovered = AssertNever<Exclude<RfmErrorCode, ErrorCode>>;

export interface AppErrorOptions {
  /** The argument, input field or request part at fault (`input.codes`, `query`, `body`). */
  readonly field?: string;
  /** Structured detail for clients (the codes, rows or versions involved); shown when exposed. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.details = options.details ?? {};
  }
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_TABLE, code);
}
