/**
 * The one place the cross-package tests and their scripts read the environment (Biome's
 * `noProcessEnv` allows it in `env.ts` files only). These are the harness's own settings, none
 * of them required, so plain defaults suffice; the API and the admin validate theirs in their
 * own `env.ts`.
 */

export interface TestEnv {
  /** Debian's Chromium unless set: playwright-core never downloads a browser (STACK.md). */
  readonly CHROMIUM_PATH: string;
  /** page-timings.ts: the running admin's origin without a trailing slash, "" when unset. */
  readonly ADMIN_URL: string;
  /** page-timings.ts: the token it signs in with, "" when unset. */
  readonly RFM_TOKEN: string;
}

export const testEnv: TestEnv = {
  CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  ADMIN_URL: (process.env.ADMIN_URL ?? "").replace(/\/+$/, ""),
  RFM_TOKEN: process.env.RFM_TOKEN ?? "",
};

/**
 * The environment for a server the tests start (`next start`): ours unchanged, so PATH and
 * HOME pass through, with `extra` on top. The API's `childEnv` does the same for the API's
 * own children; this workspace keeps its own rather than reach into the API's sources.
 */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
