import type { CombinedError } from "urql";

/** The `extensions.code` values the API answers with (see apps/api/schema.graphql's errors). */
export type ApiErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "BAD_USER_INPUT";

/** The first GraphQL error's `extensions.code`, if any. */
export function errorCode(error: CombinedError | undefined | null): string | undefined {
  if (!error) return undefined;
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions?.code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** A rejected or expired token: the API says UNAUTHENTICATED, or the HTTP status is 401. */
export function isUnauthenticated(error: CombinedError): boolean {
  if (errorCode(error) === "UNAUTHENTICATED") return true;
  const response: unknown = error.response;
  return typeof response === "object" && response !== null && "status" in response && response.status === 401;
}

/** The API's message for an expired token (it says when it expired), if that is the refusal. */
export function tokenExpiredMessage(error: CombinedError): string | undefined {
  return error.graphQLErrors.find((e) => e.extensions?.reason === "TOKEN_EXPIRED")?.message;
}

/** A sentence for the user: the API's own messages, and plain words for transport failures. */
export function describeError(error: CombinedError): string {
  if (error.networkError) {
    return "The API could not be reached. Check that it is running, then try again.";
  }
  const code = errorCode(error);
  const messages = error.graphQLErrors.map((e) => e.message).filter((m) => m.length > 0);
  const text = messages.join(" ");
  if (code === "FORBIDDEN") return text || "Your token's role does not allow this.";
  return text || error.message;
}
