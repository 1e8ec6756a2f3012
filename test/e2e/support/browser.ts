/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser (STACK.md). Each
 * launch gets a fresh profile directory, removed by `close()`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
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
 * Launches Chromium with a fresh user-data-dir. A persistent context per `newContext()` keeps
 * the explicit profile directory the flags above assume; each has its own storage.
 */
export async function launchBrowser(): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's Chromium (apt-get install -y --no-install-recommends chromium), as .ci/run does`,
    );
  }
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    async newContext() {
      const profile = mkdtempSync(join(tmpdir(), "rfm-chromium-"));
      profiles.push(profile);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: { width: 1400, height: 1000 },
        acceptDownloads: true,
      });
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot in the artifacts folder, named after the page. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}
