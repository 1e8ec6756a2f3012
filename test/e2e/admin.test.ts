/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * The admin in a real browser (Debian's Chromium via playwright-core) against the real API
 * (createServer on a random port, a fresh SQLite file loaded with the demo store and scored)
 * and the production build of the admin (`next start`, proxying to that API). Figures on the
 * pages are compared with what the API answers. Screenshots of each page go to
 * test/e2e/artifacts/.
 *
 * The tests run in order and share one database: the mapping test publishes v2, which the
 * later tests see.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";
import { type AdminHarness, startAdmin } from "./support/admin";
import { ARTIFACTS_DIR, type BrowserHarness, launchBrowser, screenshot } from "./support/browser";
import { parseCsv } from "./support/csv";

const TIMEOUT = 120_000;

/** expect.poll with room for a loaded CI machine (vitest's default gives up after 1 s). */
function poll<T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(fn, { timeout: 20_000, interval: 100, ...options });
}

describe("the admin in Chromium", () => {
  let api: ApiHarness;
  let admin: AdminHarness;
  let browser: BrowserHarness;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    api = await startApi("sqlite", { customers: 600 });
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

  async function newPage(): Promise<Page> {
    context = await browser.newContext();
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    return page;
  }

  async function signIn(page: Page, token: string, next = "/dashboard"): Promise<void> {
    await page.goto(`${admin.url}/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel("API token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === next);
  }

  async function ready(page: Page, name: string): Promise<void> {
    await page.locator(`[data-page-ready="${name}"]`).waitFor({ state: "attached" });
  }

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await api.gql<T>(query, variables, api.tokens.admin);
    if (res.errors?.length) throw new Error(`API error: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  }

  it(
    "signs in with a token, refuses a wrong one, and sends an expired session back to sign-in",
    async () => {
      const page = await newPage();
      await page.goto(`${admin.url}/dashboard`);
      await page.waitForURL(/\/sign-in\?reason=signed-out/);
      await page.getByLabel("API token").fill("rfm_not-a-real-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      await poll(() => page.locator("form [role=alert]").textContent()).toContain(
        "did not accept this token",
      );
      await screenshot(page, "sign-in");

      await page.getByLabel("API token").fill(api.tokens.admin);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname === "/dashboard");
      await ready(page, "dashboard");
      expect(await page.getByTestId("session-role").textContent()).toBe("Admin");

      // A token that stops working (here: replaced by a wrong one) sends the user back to sign-in.
      await page.evaluate(() => localStorage.setItem("rfm.token", "rfm_revoked"));
      await page.goto(`${admin.url}/mapping`);
      await page.waitForURL(/\/sign-in\?reason=expired/);
      expect(await page.getByRole("status").first().textContent()).toContain("not accepted any more");
      expect(new URL(page.url()).searchParams.get("next")).toBe("/mapping");
    },
    TIMEOUT,
  );

  it(
    "the dashboard shows the demo store's figures, as the API gives them",
    async () => {
      const expected = await gql<{
        overview: {
          customersScored: number;
          revenue: number;
          mappingVersion: number;
          run: { asOfDay: string };
        };
        segments: { name: string; customerCount: number; revenue: number }[];
        analytics: { rfGrid: { r: number; f: number; customers: number }[] };
      }>(`{
        overview { customersScored revenue mappingVersion run { asOfDay } }
        segments { name customerCount revenue }
        analytics { rfGrid { r f customers } }
      }`);
      const page = await newPage();
      await signIn(page, api.tokens.viewer);
      await ready(page, "dashboard");

      const value = (testId: string) => page.getByTestId(testId).getAttribute("data-value");
      expect(Number(await value("headline-customers-scored"))).toBe(expected.overview.customersScored);
      expect(expected.overview.customersScored).toBeGreaterThan(0);
      expect(Number(await value("headline-revenue"))).toBeCloseTo(expected.overview.revenue, 2);
      expect(Number(await value("headline-mapping-version"))).toBe(expected.overview.mappingVersion);
      expect(await value("headline-as-of")).toBe(expected.overview.run.asOfDay);

      const shown = await page
        .getByTestId("segment-customers-row")
        .evaluateAll((rows) =>
          rows.map((r) => [r.getAttribute("data-segment"), Number(r.getAttribute("data-value"))]),
        );
      expect(shown).toEqual(expected.segments.map((s) => [s.name, s.customerCount]));

      await page.getByTestId("rf-grid").waitFor();
      const grid = await page
        .locator("[data-testid=rf-grid] td[data-r]")
        .evaluateAll((cells) =>
          cells.map(
            (c) =>
              `${c.getAttribute("data-r")}${c.getAttribute("data-f")}:${c.getAttribute("data-customers")}`,
          ),
        );
      const expectedGrid = expected.analytics.rfGrid.map((c) => `${c.r}${c.f}:${c.customers}`);
      expect(grid.sort()).toEqual(expectedGrid.sort());
      // Charts rendered (recharts draws SVG bars).
      await page.locator(".recharts-bar-rectangle").first().waitFor();
      await screenshot(page, "dashboard");
    },
    TIMEOUT,
  );

  it(
    "moves a code to another segment with the keyboard, previews it, publishes, and every figure follows",
    async () => {
      const before = await gql<{
        mapping: { version: number };
        champions: { customerCount: number; codes: string[] };
        loyal: { customerCount: number };
        with444: { totalCount: number };
      }>(`{
        mapping { version }
        champions: segment(name: "Champions") { customerCount codes }
        loyal: segment(name: "Loyal Customer") { customerCount }
        with444: customers(filter: { codes: ["444"] }, first: 1) { totalCount }
      }`);
      expect(before.champions.codes).toContain("444");
      const moved = before.with444.totalCount;
      expect(moved).toBeGreaterThan(0);

      const page = await newPage();
      await signIn(page, api.tokens.editor, "/mapping");
      await ready(page, "mapping");
      const loyalRow = page.locator('[data-testid=preview-row][data-segment="Loyal Customer"]');
      await poll(() => loyalRow.getAttribute("data-draft-customers")).toBe(
        String(before.loyal.customerCount),
      );

      // Keyboard: the grid's tab stop is 444; move away and back with the arrows, select with Space.
      const cell444 = page.locator('[role=gridcell][data-code="444"]');
      await cell444.focus();
      await page.keyboard.press("ArrowDown");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-code"))).toBe("434");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Space");
      expect(await cell444.getAttribute("aria-selected")).toBe("true");
      expect(await page.getByTestId("selection-summary").textContent()).toContain("444");

      await page.getByLabel("Move the selected codes to").selectOption("Loyal Customer");
      await page.getByRole("button", { name: "Assign", exact: true }).click();
      await poll(() => cell444.getAttribute("data-segment")).toBe("Loyal Customer");
      await poll(() => loyalRow.getAttribute("data-draft-customers")).toBe(
        String(before.loyal.customerCount + moved),
      );
      expect(await loyalRow.getAttribute("data-published-customers")).toBe(
        String(before.loyal.customerCount),
      );
      expect(await page.getByTestId("publish-changes").getByTestId("code-moves").textContent()).toContain(
        "Champions → Loyal Customer: 444",
      );
      await screenshot(page, "mapping-draft");

      await page.getByLabel("Note (what changed and why)").fill("444 spends like a loyal customer");
      await page.getByRole("button", { name: `Publish as v${before.mapping.version + 1}` }).click();
      await page.getByTestId("publish-done").waitFor();
      await page
        .locator(`[data-testid=version-history] [data-version="${before.mapping.version + 1}"]`)
        .waitFor();
      await screenshot(page, "mapping-published");

      const after = await gql<{
        mapping: { version: number };
        loyal: { customerCount: number; codes: string[] };
        champions: { customerCount: number };
      }>(`{
        mapping { version }
        loyal: segment(name: "Loyal Customer") { customerCount codes }
        champions: segment(name: "Champions") { customerCount }
      }`);
      expect(after.mapping.version).toBe(before.mapping.version + 1);
      expect(after.loyal.codes).toContain("444");
      expect(after.loyal.customerCount).toBe(before.loyal.customerCount + moved);
      expect(after.champions.customerCount).toBe(before.champions.customerCount - moved);

      await page.getByRole("link", { name: "Dashboard" }).click();
      await ready(page, "dashboard");
      await poll(() => page.getByTestId("headline-mapping-version").getAttribute("data-value")).toBe(
        String(after.mapping.version),
      );
      await poll(() =>
        page
          .locator('[data-testid=segment-customers-row][data-segment="Loyal Customer"]')
          .getAttribute("data-value"),
      ).toBe(String(after.loyal.customerCount));
    },
    TIMEOUT,
  );

  it(
    "tells the editor when someone else published first, and publishes after a reload",
    async () => {
      const { mapping } = await gql<{ mapping: { version: number } }>(`{ mapping { version } }`);
      // A shared draft exists when the editor opens the page...
      await gql(`mutation { assignCodes(codes: ["111"], segment: "About to Sleep") { version } }`);
      const page = await newPage();
      await signIn(page, api.tokens.editor, "/mapping");
      await ready(page, "mapping");
      await page.getByTestId("publish-changes").getByTestId("code-moves").waitFor();
      // ...then someone else publishes it and starts a new draft.
      await gql(
        `mutation { publishMapping(expectedVersion: ${mapping.version}, note: "elsewhere") { version } }`,
      );
      await gql(`mutation { assignCodes(codes: ["112"], segment: "About to Sleep") { version } }`);

      await page.getByRole("button", { name: `Publish as v${mapping.version + 1}` }).click();
      const conflict = page.getByTestId("publish-conflict");
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain("Someone else published first");
      expect(await conflict.textContent()).toContain(`Version v${mapping.version + 1} was published`);
      await screenshot(page, "mapping-conflict");

      await conflict.getByRole("button", { name: "Reload the mapping" }).click();
      await page.getByRole("button", { name: `Publish as v${mapping.version + 2}` }).click();
      await page.getByTestId("publish-done").waitFor();
      const after = await gql<{ mapping: { version: number }; lost: { codes: string[] } }>(
        `{ mapping { version } lost: segment(name: "About to Sleep") { codes } }`,
      );
      expect(after.mapping.version).toBe(mapping.version + 2);
      expect(after.lost.codes).toEqual(expect.arrayContaining(["111", "112"]));
    },
    TIMEOUT,
  );

  it(
    "an editor adds, renames, reorders and deletes a segment in the draft",
    async () => {
      const page = await newPage();
      await signIn(page, api.tokens.editor, "/segments");
      await ready(page, "segments");
      const form = page.locator("form", { has: page.getByRole("button", { name: "Add the segment" }) });
      await form.getByLabel("Name").fill("Whales");
      await form.getByLabel("Color (hex)").fill("#1e3a8a");
      await form.getByLabel("Description").fill("Very large spenders.");
      await form.getByLabel("Recommended action").fill("Call them.");
      await form.getByRole("button", { name: "Add the segment" }).click();
      const card = (name: string) => page.locator(`[data-testid=segment-card][data-segment="${name}"]`);
      await card("Whales").waitFor();

      await card("Whales").getByRole("button", { name: "Edit" }).click();
      await card("Whales").getByLabel("Name").fill("Big Spenders");
      await card("Whales").getByRole("button", { name: "Save" }).click();
      await card("Big Spenders").waitFor();
      await card("Big Spenders").getByRole("button", { name: "Move Big Spenders up" }).click();
      // It was added last; one step up puts it before the last segment.
      await poll(async () =>
        (
          await page
            .getByTestId("segment-card")
            .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-segment")))
        ).at(-2),
      ).toBe("Big Spenders");

      // Give it a code, then delete it handing its codes to another segment.
      await gql(`mutation { assignCodes(codes: ["113"], segment: "Big Spenders") { version } }`);
      await page.reload();
      await ready(page, "segments");
      await card("Big Spenders").getByRole("button", { name: "Delete…" }).click();
      await card("Big Spenders")
        .getByLabel("Give the 1 codes of Big Spenders to")
        .selectOption("Lost Customer");
      await screenshot(page, "segments-edit");
      await card("Big Spenders").getByRole("button", { name: "Delete Big Spenders" }).click();
      await card("Big Spenders").waitFor({ state: "detached" });

      const { mappingDraft } = await gql<{
        mappingDraft: { valid: boolean; segments: { name: string; codes: string[] }[] };
      }>(`{ mappingDraft { valid segments { name codes } } }`);
      expect(mappingDraft.valid).toBe(true);
      expect(mappingDraft.segments.map((s) => s.name)).not.toContain("Big Spenders");
      expect(mappingDraft.segments.find((s) => s.name === "Lost Customer")?.codes).toContain("113");
      await gql(`mutation { discardDraft }`);
    },
    TIMEOUT,
  );

  it(
    "writes a segment as score ranges, shows the problems of an invalid draft by code, and rolls back",
    async () => {
      const page = await newPage();
      await signIn(page, api.tokens.editor, "/mapping");
      await ready(page, "mapping");

      const rules = page.locator("form", { has: page.getByRole("button", { name: "Set the rules" }) });
      await rules.getByLabel("Segment").selectOption("Champions");
      await rules.getByLabel("Rules").fill("R4 F4 M*");
      await rules.getByRole("button", { name: "Set the rules" }).click();
      for (const code of ["441", "442", "443", "444"]) {
        await poll(() =>
          page.locator(`[role=gridcell][data-code="${code}"]`).getAttribute("data-segment"),
        ).toBe("Champions");
      }
      expect(await page.locator('[role=gridcell][data-code="434"]').getAttribute("data-segment")).not.toBe(
        "Champions",
      );

      // Someone deletes a segment without giving its codes to another: the draft is invalid.
      const { mappingDraft } = await gql<{ mappingDraft: { segments: { name: string; codes: string[] }[] } }>(
        `{ mappingDraft { segments { name codes } } }`,
      );
      const orphaned = mappingDraft.segments.find((s) => s.name === "Price Sensitive")?.codes ?? [];
      expect(orphaned.length).toBeGreaterThan(0);
      await gql(`mutation { deleteSegment(name: "Price Sensitive") { valid } }`);
      await page.reload();
      await ready(page, "mapping");
      const validation = page.getByTestId("validation");
      await validation.waitFor();
      for (const code of orphaned) expect(await validation.textContent()).toContain(code);
      expect(
        await page.locator('[role=gridcell][data-code="' + orphaned[0] + '"]').getAttribute("aria-label"),
      ).toContain("has a problem");
      expect(await page.getByRole("button", { name: /^Publish as v/ }).isDisabled()).toBe(true);
      await screenshot(page, "mapping-invalid");

      await page.getByRole("button", { name: "Discard the draft…" }).click();
      await page.getByRole("button", { name: "Discard", exact: true }).click();
      await poll(() => page.getByTestId("mapping-status").textContent()).toContain(
        "Showing the published mapping",
      );

      // Roll back to the first version: a new version with v1's codes.
      const before = await gql<{
        mapping: { version: number };
        v1: { segments: { name: string; codes: string[] }[] };
      }>(`{ mapping { version } v1: mappingVersion(version: 1) { segments { name codes } } }`);
      const entry = page.locator('[data-testid=version-history] [data-version="1"]');
      await entry.getByRole("button", { name: "Roll back to v1…" }).click();
      await entry.getByLabel("Why restore v1?").fill("back to the preset");
      await entry.getByRole("button", { name: "Publish a copy of v1" }).click();
      await poll(() => entry.getByRole("status").textContent()).toContain(
        `new v${before.mapping.version + 1}`,
      );
      const after = await gql<{
        mapping: { version: number; note: string | null; segments: { name: string; codes: string[] }[] };
      }>(`{ mapping { version note segments { name codes } } }`);
      expect(after.mapping.version).toBe(before.mapping.version + 1);
      const codesOf = (segments: { name: string; codes: string[] }[]) =>
        Object.fromEntries(segments.map((s) => [s.name, [...s.codes].sort()]));
      expect(codesOf(after.mapping.segments)).toEqual(codesOf(before.v1.segments));
      await page.locator(`[data-testid=version-history] [data-version="${after.mapping.version}"]`).waitFor();
    },
    TIMEOUT,
  );

  it(
    "a viewer sees every page read-only, with the reason",
    async () => {
      const page = await newPage();
      await signIn(page, api.tokens.viewer, "/mapping");
      await ready(page, "mapping");
      expect(await page.getByTestId("session-role").textContent()).toBe("Viewer (read-only)");
      expect(await page.getByText("Read-only:").first().textContent()).toBeTruthy();
      await page.locator('[role=gridcell][data-code="111"]').click();
      expect(await page.getByRole("button", { name: "Assign", exact: true }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: /^Publish as v/ }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Set the rules" }).isDisabled()).toBe(true);
      await screenshot(page, "mapping-viewer");

      await page.getByRole("link", { name: "Segments" }).click();
      await ready(page, "segments");
      for (const button of await page.getByRole("button", { name: /^(Edit|Delete…)$/ }).all()) {
        expect(await button.isDisabled()).toBe(true);
      }
      expect(await page.getByRole("button", { name: "Add the segment" }).isDisabled()).toBe(true);
      await screenshot(page, "segments-viewer");

      await page.getByRole("link", { name: "Audiences" }).click();
      await ready(page, "audiences");
      expect(await page.getByRole("button", { name: "Prepare the export" }).isDisabled()).toBe(true);
      expect(await page.getByText("may not export audiences").count()).toBe(1);

      await page.getByRole("link", { name: "Scoring" }).click();
      await ready(page, "scoring");
      expect(await page.getByRole("button", { name: "Start the run" }).isDisabled()).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "exports a segment as CSV with chosen columns; the downloaded file has the API's customers",
    async () => {
      // The file keeps the API's column order, whatever order they are ticked in.
      const columns = ["customer_id", "email", "monetary", "code"];
      const segment = "Champions";
      const expected = await listCustomers(segment);

      const page = await newPage();
      await signIn(page, api.tokens.editor, `/audiences`);
      await page.goto(`${admin.url}/audiences?segment=${encodeURIComponent(segment)}`);
      await ready(page, "audiences");
      await poll(() => page.getByTestId("audience-total").textContent()).toContain(
        `${expected.length} customer`,
      );
      await page.getByRole("button", { name: "None" }).click();
      for (const column of [...columns].reverse()) {
        await page.getByRole("checkbox", { name: column, exact: true }).check();
      }
      await page.getByRole("button", { name: "Prepare the export" }).click();
      const link = page.getByTestId("export-download");
      await link.waitFor();
      await screenshot(page, "audiences");

      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const file = join(ARTIFACTS_DIR, `export-${segment}.csv`);
      await download.saveAs(file);
      const [header, ...rows] = parseCsv(readFileSync(file, "utf8")).filter(
        (r) => r.length > 1 || r[0] !== "",
      );
      expect(header).toEqual(columns);
      expect(rows).toHaveLength(expected.length);
      const byId = new Map(expected.map((c) => [c.id, c]));
      for (const [id, email, monetary, code] of rows as [string, string, string, string][]) {
        const customer = byId.get(id);
        expect(customer, `customer ${id} of the file`).toBeDefined();
        expect(code).toBe(customer?.score.code);
        expect(email).toBe(customer?.email ?? "");
        expect(Number(monetary)).toBeCloseTo(customer?.score.monetary ?? Number.NaN, 2);
      }

      // The download is logged: the history shows it after a refresh.
      await page.getByRole("button", { name: "Refresh" }).click();
      await poll(() => page.getByTestId("export-history").textContent()).toContain(String(expected.length));
    },
    TIMEOUT,
  );

  it(
    "opens a customer's 360 page from an audience",
    async () => {
      const page = await newPage();
      await signIn(page, api.tokens.viewer, "/audiences");
      await ready(page, "audiences");
      const first = page.getByTestId("audience-row").first();
      const id = await first.getAttribute("data-customer");
      expect(id).toBeTruthy();
      await first.getByRole("link").click();
      await page.waitForURL((url) => url.pathname === `/customers/${encodeURIComponent(id ?? "")}`);
      await ready(page, "customer");
      const expected = await gql<{
        customer: {
          name: string | null;
          segment: string | null;
          score: { code: string };
          transactions: { totalCount: number };
        };
      }>(
        `query($id: ID!) { customer(id: $id) { name segment score { code } transactions { totalCount } } }`,
        { id },
      );
      expect(await page.getByTestId("customer-code").textContent()).toBe(expected.customer.score.code);
      expect(await page.getByTestId("customer-segment").textContent()).toBe(expected.customer.segment);
      await page.getByTestId("customer-transactions").waitFor();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(expected.customer.name ?? id);
      await screenshot(page, "customer-360");

      await page.goto(`${admin.url}/customers/no-such-customer`);
      await poll(() => page.getByText("No customer has the id").count()).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "an admin starts a scoring run and watches it finish; the dashboard then shows movement",
    async () => {
      const page = await newPage();
      await signIn(page, api.tokens.admin, "/scoring");
      await ready(page, "scoring");
      await page.getByLabel("Window (days)").fill("365");
      await page.getByRole("button", { name: "Start the run" }).click();
      const progress = page.getByTestId("run-progress");
      await progress.waitFor();
      await poll(() => progress.getAttribute("data-status"), { timeout: 60_000 }).toBe("COMPLETE");
      await screenshot(page, "scoring");
      const runs = await gql<{ scoringRuns: { id: number; status: string; current: boolean }[] }>(
        `{ scoringRuns { id status current } }`,
      );
      expect(runs.scoringRuns[0]).toMatchObject({ status: "COMPLETE", current: true });
      await poll(() =>
        page
          .locator(`[data-testid=scoring-runs] tr[data-run="${runs.scoringRuns[0]?.id}"]`)
          .getAttribute("data-status"),
      ).toBe("COMPLETE");

      await page.getByRole("link", { name: "Dashboard" }).click();
      await ready(page, "dashboard");
      await page.getByTestId("movement-matrix").waitFor();
      await screenshot(page, "dashboard-after-second-run");
    },
    TIMEOUT,
  );

  /** Every customer of a segment, paged through the API 200 at a time. */
  async function listCustomers(segment: string) {
    type Node = { id: string; email: string | null; score: { code: string; monetary: number } };
    const all: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        segment: {
          customers: {
            edges: { node: Node }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        };
      } = await gql(
        `query($s: String!, $after: String) { segment(name: $s) { customers(first: 200, after: $after) {
          edges { node { id email score { code monetary } } } pageInfo { hasNextPage endCursor } } } }`,
        { s: segment, after },
      );
      all.push(...page.segment.customers.edges.map((e) => e.node));
      if (!page.segment.customers.pageInfo.hasNextPage) return all;
      after = page.segment.customers.pageInfo.endCursor;
    }
  }
});
