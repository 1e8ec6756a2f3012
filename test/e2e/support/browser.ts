/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser (STACK.md). One
 * browser per harness; each context is a fresh, empty profile of its own (playwright's
 * incognito-like contexts: own cookies, storage and cache), gone when it is closed.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { testEnv } from "../../support/env";

export const CHROMIUM_PATH = testEnv.CHROMIUM_PATH;

/** Shared with page-timings.ts, so the timings run Chromium as the tests do. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where screenshots go (test/e2e/artifacts, gitignored). */
export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");

export interface BrowserHarness {
  /** A new, empty browser context (own storage), closed by `close()` if the test does not. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Launches Chromium once; `newContext()` opens a new context in it. A browser start costs
 * seconds of CPU on a loaded two-core machine, and a file's tests each want a clean profile,
 * not a clean browser: a context gives that (page-timings.ts runs the same way).
 */
export async function launchBrowser(): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's Chromium (apt-get install -y --no-install-recommends chromium), as .ci/run does`,
    );
  }
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  return {
    newContext: () => browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true }),
    async close() {
      // Closing the browser closes its contexts; playwright removes its own profile folder.
      await browser.close();
    },
  };
}

/** A full-page screenshot in the artifacts folder, named after the page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}
