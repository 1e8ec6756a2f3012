/**
 * The API's errors: every error a client sees carries `extensions.code`, and the mapping from
 * domain error codes to those is here, in one place. Anything unexpected is masked as
 * INTERNAL_SERVER_ERROR (logged on the server, never a stack trace to the client).
 */
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { AppError, type ClientCode, ERROR_TABLE } from "./app-error";

export * from "./app-error";

export function apiError(
  code: ClientCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** Bad input, naming the argument or input field (`field`) it came from. */
export function badInput(
  message: string,
  field: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return apiError("BAD_USER_INPUT", message, { ...extensions, field });
}

export function notFound(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return apiError("NOT_FOUND", message, extensions);
}

export function conflict(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return apiError("CONFLICT", message, extensions);
}

/** The state does not allow it (no run yet, a mapping for other bins than the run). */
const PRECONDITION_CODES = new Set(["NO_SCORING_RUN", "MAPPING_BINS_MISMATCH"]);
/** Refused because of something else going on: try again later. */
const CONFLICT_CODES = new Set(["SCORING_IN_PROGRESS"]);
/** The caller's doing: rfm-core's `INVALID_*` and `MAPPING_*` codes, and services' own. */
const isBadInputCode = (code: string) =>
  code === "BAD_USER_INPUT" || code.startsWith("INVALID_") || code.startsWith("MAPPING_");

/** What a client sees for an error thrown anywhere in a resolver. */
export function toClientError(error: unknown): GraphQLFormattedError | GraphQLError {
  if (error instanceof ArgumentValidationError) {
    const details =
      (error.extensions.validationErrors as { property: string; constraints?: Record<string, string> }[]) ??
      [];
    const first = details[0];
    const message = first?.constraints ? Object.values(first.constraints).join("; ") : error.message;
    return badInput(message, first?.property ?? "input");
  }
  if (error instanceof GraphQLError) {
    if (error.extensions.code !== undefined) return error;
    const original = error.originalError;
    if (original && original !== error) return toClientError(original);
    // Parse and validation errors of the request itself.
    return apiError(
      error.nodes || error.positions ? "BAD_USER_INPUT" : "INTERNAL_SERVER_ERROR",
      error.message,
    );
  }
  if (error instanceof AppError) {
    const translation = ERROR_TABLE[error.code];
    if (translation.expose) {
      return apiError(translation.client, error.message, {
        ...error.details,
        ...(translation.client === "BAD_USER_INPUT" ? { field: error.field ?? "input" } : {}),
        ...(error.field !== undefined ? { field: error.field } : {}),
        ...(error.code !== translation.client ? { reason: error.code } : {}),
      });
    }
    return apiError("INTERNAL_SERVER_ERROR", "internal server error");
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && error instanceof Error) {
    if (PRECONDITION_CODES.has(code)) return apiError("FAILED_PRECONDITION", error.message, { reason: code });
    if (CONFLICT_CODES.has(code)) return apiError("CONFLICT", error.message, { reason: code });
    if (isBadInputCode(code)) {
      return badInput(error.message, (error as { field?: string }).field ?? "input", { reason: code });
    }
  }
  return apiError("INTERNAL_SERVER_ERROR", "internal server error");
}
