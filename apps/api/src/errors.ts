/**
 * The API's error module: what a client sees of any error, on every surface. Services throw
 * `AppError` (or rfm-core's `RfmError`), never transport errors; this module translates both
 * through `ERROR_TABLE` (app-error.ts) into one shape, `{ message, extensions: { code, reason?,
 * field?, ...details } }`, and the HTTP status. The GraphQL `formatError` and the Fastify error
 * handler are built from `toClientError`, so a code means the same on `/graphql`, `/exports`
 * and `/imports`. Anything unexpected is masked as INTERNAL_SERVER_ERROR (logged on the server,
 * never a message or stack trace to the client). No other module constructs a `GraphQLError`.
 */
import { unwrapResolverError } from "@apollo/server/errors";
import { RfmError } from "@rfm/core";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { AppError, type ClientCode, ERROR_TABLE, type ErrorCode, type Translation } from "./app-error";
import { asBusyConflict } from "./db/write-retry";

export * from "./app-error";

/** What a client sees of an error. */
export interface ClientError {
  /** The HTTP status of a route's answer (GraphQL answers keep Apollo's). */
  readonly status: Translation["status"];
  readonly message: string;
  readonly extensions: { readonly code: ClientCode; readonly [key: string]: unknown };
}

const MASKED: ClientError = {
  status: 500,
  message: "internal server error",
  extensions: { code: "INTERNAL_SERVER_ERROR" },
};

/**
 * Apollo's codes for a request that is not a valid operation (it does not parse or validate,
 * names no operation it holds...): the caller's doing, shown as BAD_USER_INPUT with the code as
 * `reason`. Apollo's BAD_USER_INPUT outside a resolver is a variable that does not coerce.
 */
const REQUEST_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

interface ValidationFailure {
  readonly property: string;
  readonly constraints?: Readonly<Record<string, string>>;
  readonly contexts?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly children?: readonly ValidationFailure[];
}

/**
 * class-validator's first failure, with its path from the arguments (`first`, `filter.search`,
 * `input.bins`): nested inputs report their failures as children of the field holding them.
 */
function firstFailure(
  failures: readonly ValidationFailure[],
  prefix = "",
): { field: string; failure: ValidationFailure } | null {
  for (const failure of failures) {
    const field = prefix === "" ? failure.property : `${prefix}.${failure.property}`;
    if (failure.constraints && Object.keys(failure.constraints).length > 0) return { field, failure };
    const nested = firstFailure(failure.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/** The argument limits type-graphql checked with class-validator, as BAD_USER_INPUT naming the field. */
function fromValidation(error: ArgumentValidationError): AppError {
  const found = firstFailure((error.extensions.validationErrors as ValidationFailure[] | undefined) ?? []);
  if (!found) return new AppError("BAD_USER_INPUT", error.message, { field: "input", cause: error });
  const { field, failure } = found;
  // A decorator's `context` carries what a client may want to know (the limit, e.g. `max`).
  const details = Object.assign({}, ...Object.values(failure.contexts ?? {})) as Record<string, unknown>;
  return new AppError("BAD_USER_INPUT", Object.values(failure.constraints ?? {}).join("; "), {
    field,
    details,
    cause: error,
  });
}

/**
 * A GraphQL error that no resolver threw: the request's own problem (Apollo gives it a code),
 * or null when it is not the request's fault.
 */
function fromRequest(error: GraphQLError): ClientError | null {
  const code = error.extensions.code;
  if (typeof code === "string" && REQUEST_CODES.has(code)) {
    return { status: 400, message: error.message, extensions: { code: "BAD_USER_INPUT", reason: code } };
  }
  if (code === "BAD_USER_INPUT") {
    // Variable coercion: Apollo's own, with a message naming the variable.
    return {
      status: 400,
      message: error.message,
      extensions: { code: "BAD_USER_INPUT", field: "variables" },
    };
  }
  // Anything else (a non-null field that resolved to null, Apollo's own failure) is ours.
  return null;
}

/** The error as an AppError when it is one of ours (or rfm-core's), else null. */
function asAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof RfmError) {
    // rfm-core names the input at fault in `details.field` (it knows no transport).
    const { field, ...details } = error.details;
    return new AppError(error.code, error.message, {
      ...(typeof field === "string" ? { field } : {}),
      details,
      cause: error,
    });
  }
  if (error instanceof ArgumentValidationError) return fromValidation(error);
  return asBusyConflict(error);
}

/** What a client sees for an error thrown anywhere: in a resolver, a route, a hook or Apollo. */
export function toClientError(error: unknown): ClientError {
  const app = asAppError(error);
  if (app) return translate(app);
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    const wraps = original !== undefined && original !== error;
    // A resolver's error, located by graphql-js (which copies the original's extensions).
    if (wraps && error.path) return toClientError(original);
    // Apollo's errors about the request wrap graphql-js's; their code is Apollo's.
    return fromRequest(error) ?? (wraps ? toClientError(original) : MASKED);
  }
  return MASKED;
}

function translate(error: AppError): ClientError {
  const translation = ERROR_TABLE[error.code];
  if (!translation.expose) return MASKED;
  // Bad input always names what was bad: the whole input when the thrower did not say.
  const field = error.field ?? (translation.client === "BAD_USER_INPUT" ? "input" : undefined);
  return {
    status: translation.status,
    message: error.message,
    extensions: {
      ...error.details,
      ...(field !== undefined ? { field } : {}),
      ...(error.code !== translation.client ? { reason: error.code } : {}),
      code: translation.client,
    },
  };
}

/**
 * Apollo's `formatError`: the client's view of the error, with the operation's locations and
 * path kept. `error` is what was thrown (a resolver's error arrives wrapped with its path).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const client = toClientError(unwrapResolverError(error));
  return {
    message: client.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: client.extensions,
  };
}

/** The HTTP status of a client code (the status of its rows in the error table). */
export function statusOfClientCode(code: unknown): Translation["status"] {
  const row = Object.values(ERROR_TABLE).find((translation) => translation.client === code);
  return row?.status ?? 500;
}

/**
 * The HTTP status of a GraphQL request refused before it ran (it did not parse, validate, pass
 * graphql-armor's limits or the argument checks): its first error's status when every error is
 * the caller's (4xx), else null (keep Apollo's). Apollo answers 500 for an error a plugin hook
 * throws (armor's token limit is one), though the error is the request's fault.
 */
export function refusedRequestStatus(errors: readonly GraphQLFormattedError[]): number | null {
  const statuses = errors.map((error) => statusOfClientCode(error.extensions?.code));
  if (statuses.length === 0 || statuses.some((status) => status >= 500)) return null;
  return statuses[0] ?? null;
}

/** Whether the server should log the error: a failure of ours (500), masked or not. */
export function isServerFailure(client: ClientError): boolean {
  return client.status >= 500;
}

interface SchemaFailure {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** Where a request part is named in `field`: `query.batchSize`, `params.file`. */
const PARTS: Readonly<Record<string, string>> = {
  querystring: "query",
  params: "params",
  body: "body",
  headers: "headers",
};

/**
 * A route schema's refusal (Fastify's Ajv, `http/query-schemas.ts`) as BAD_USER_INPUT naming the
 * parameter: `field` is `query.<name>`, the message says what was wrong with it. Query values are
 * strings, or arrays when repeated, so a failed `type` on a single-valued parameter means it was
 * given more than once (or, for a number, not as one).
 */
function fromSchema(error: unknown): AppError | null {
  const { validation, validationContext } = (error ?? {}) as {
    validation?: readonly SchemaFailure[];
    validationContext?: string;
  };
  const failure = validation?.[0];
  if (!failure) return null;
  const part = PARTS[validationContext ?? ""] ?? validationContext ?? "request";
  const unknown = failure.keyword === "additionalProperties" ? failure.params.additionalProperty : undefined;
  const name =
    typeof unknown === "string"
      ? unknown
      : (failure.instancePath.split("/")[1] ?? String(failure.params.missingProperty ?? ""));
  const label = `${part === "query" ? "query parameter" : part} "${name}"`;
  const message =
    typeof unknown === "string"
      ? `unknown ${label}`
      : failure.keyword === "type"
        ? `${label} must be a single ${String(failure.params.type)} (given once)`
        : `${label} ${failure.message ?? "is not valid"}`;
  return new AppError("BAD_USER_INPUT", message, {
    field: name === "" ? part : `${part}.${name}`,
    cause: error,
  });
}

/**
 * Fastify's own refusals, all about the request body: too large (413), a media type it has no
 * parser for (415), JSON that does not parse or an empty one (400). They keep their status.
 */
function fromFastify(error: unknown): AppError | null {
  const { statusCode, code } = (error ?? {}) as Partial<FastifyError>;
  // Fastify's errors carry an FST_ code; its JSON parser gives a SyntaxError a 400 and no code.
  const fastifys = (typeof code === "string" && code.startsWith("FST_")) || error instanceof SyntaxError;
  if (!fastifys || typeof statusCode !== "number" || statusCode < 400 || statusCode >= 500) return null;
  const ours: ErrorCode =
    statusCode === 413
      ? "PAYLOAD_TOO_LARGE"
      : statusCode === 415
        ? "UNSUPPORTED_MEDIA_TYPE"
        : "BAD_USER_INPUT";
  return new AppError(ours, (error as Error).message, { field: "body", cause: error });
}

/**
 * The one Fastify error handler (routes, hooks and Fastify itself): the table's status and the
 * GraphQL error shape, `{ errors: [{ message, extensions }] }`, so clients read every refusal
 * one way. Failures of ours are logged with their cause; the client sees them masked.
 */
export function handleHttpError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const client = toClientError(fromSchema(error) ?? fromFastify(error) ?? error);
  if (isServerFailure(client)) request.log.error({ err: error }, "request failed");
  return reply
    .code(client.status)
    .header("content-type", "application/json; charset=utf-8")
    .send({ errors: [{ message: client.message, extensions: client.extensions }] });
}
