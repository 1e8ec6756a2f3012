/**
 * The API token lives in the browser's localStorage (so a customer opened in a new tab stays
 * signed in); signing out removes it. The admin never sends it anywhere but its own origin.
 */
const TOKEN_KEY = "rfm.token";

export const SIGN_IN_PATH = "/sign-in";

/** Why the user lands on sign-in; shown as a message there. */
export type SignInReason = "expired" | "signed-out";

export function readToken(): string | null {
  if (typeof window === "undefined") return null;
  return window.localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  window.localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  window.localStorage.removeItem(TOKEN_KEY);
}

/** The sign-in URL that returns to `next` afterwards (only same-origin paths are kept). */
export function signInUrl(reason: SignInReason, next?: string): string {
  const params = new URLSearchParams({ reason });
  if (next && safeNext(next) === next) params.set("next", next);
  return `${SIGN_IN_PATH}?${params.toString()}`;
}

/** A path to go to after sign-in: only a local absolute path, never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith(SIGN_IN_PATH)) {
    return "/dashboard";
  }
  return next;
}
