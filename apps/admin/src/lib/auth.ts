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
export function signInUrl(reason: SignInReason, next?: string, origin: string = currentOrigin()): string {
  const params = new URLSearchParams({ reason });
  if (next && safeNext(next, origin) === next) params.set("next", next);
  return `${SIGN_IN_PATH}?${params.toString()}`;
}

/** Where sign-in leads when `next` is missing or refused (the root redirects here too). */
const HOME = "/dashboard";

/** The admin's origin: the page's in the browser; a placeholder elsewhere (only paths are compared). */
function currentOrigin(): string {
  return typeof window === "undefined" ? "http://admin.invalid" : window.location.origin;
}

/**
 * A path to go to after sign-in, or `/dashboard`. Invariant: the answer is a path on `origin`
 * (one leading `/`, never `//`), so a redirect to it never leaves the admin. `next` is parsed
 * as the browser would parse it (`new URL(next, origin)`): the URL parser turns `\` into `/` and
 * drops tabs and newlines, so `/\evil.example` and `/<tab>/evil.example` name another host and
 * are refused, though their text starts with one `/`. The path returned is the parsed one, so
 * what the router is given is exactly what was checked.
 */
export function safeNext(next: string | null | undefined, origin: string = currentOrigin()): string {
  if (!next?.startsWith("/") || next.startsWith("//")) return HOME;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return HOME;
  }
  if (url.origin !== new URL(origin).origin) return HOME;
  if (url.pathname.startsWith("//") || url.pathname.startsWith(SIGN_IN_PATH)) return HOME;
  return `${url.pathname}${url.search}${url.hash}`;
}
