/**
 * What every browser test file shares: its own API (a fresh SQLite file with the demo store,
 * scored), the admin's production build proxying to it, and Chromium, started once per file
 * and removed after it. Each test gets a fresh browser context (its own storage, so no
 * session leaks from one test into the next), closed after the test.
 */

import type { FactEngine } from "@rfm/api/testing";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { type ApiHarness, startApi } from "../../support/api";
import { type AdminHarness, startAdmin } from "./admin";
import { type BrowserHarness, launchBrowser } from "./browser";

/** Per test, and for starting or stopping the harness, on a loaded CI machine. */
export const TIMEOUT = 120_000;

/** expect.poll with room for a loaded CI machine (vitest's default gives up after 1 s). */
export function poll<T>(
  fn: () => T | Promise<T>,
  options: { timeout?: number } = {},
): ReturnType<typeof expect.poll<T>> {
  return expect.poll(fn, { timeout: 20_000, interval: 100, ...options });
}

export interface AdminSession {
  /** The API; set once `beforeAll` has run, so read it inside tests only. */
  readonly api: ApiHarness;
  /** The admin (`url`); set once `beforeAll` has run. */
  readonly admin: AdminHarness;
  /** A page in a new, empty browser context, closed after the test. */
  newPage(): Promise<Page>;
  /** Signs in through the sign-in form and waits until the admin has navigated to `next`. */
  signIn(page: Page, token: string, next?: string): Promise<void>;
  /** Waits until the page named `name` says it has its data (`data-page-ready`). */
  ready(page: Page, name: string): Promise<void>;
  /** A GraphQL request with the admin token; throws on errors, so tests see only data. */
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/**
 * Registers the hooks that start and stop the harness; call it once, at the top of a
 * `describe`. The tests of one file share the database, in order.
 */
/**
 * The API on `engine` (default SQLite; "clickhouse" puts the facts on the test cluster), the
 * admin's production build and Chromium, for one test file.
 */
export function useAdminSession(engine: FactEngine = "sqlite"): AdminSession {
  let api: ApiHarness | undefined;
  let admin: AdminHarness | undefined;
  let browser: BrowserHarness | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    api = await startApi(engine, { customers: 600 });
    admin = await startAdmin(api.url);
    browser = await launchBrowser();
  }, TIMEOUT);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await admin?.close();
    await api?.close();
  }, TIMEOUT);

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use the session inside tests`);
    return value;
  };

  return {
    get api() {
      return started(api, "the API");
    },
    get admin() {
      return started(admin, "the admin");
    },
    async newPage() {
      context = await started(browser, "Chromium").newContext();
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(20_000);
      return page;
    },
    async signIn(page, token, next = "/dashboard") {
      await page.goto(`${started(admin, "the admin").url}/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("API token").fill(token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname === next);
    },
    async ready(page, name) {
      await page.locator(`[data-page-ready="${name}"]`).waitFor({ state: "attached" });
    },
    async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const harness = started(api, "the API");
      const res = await harness.gql<T>(query, variables, harness.tokens.admin);
      if (res.errors?.length) throw new Error(`API error: ${JSON.stringify(res.errors)}`);
      return res.data as T;
    },
  };
}
