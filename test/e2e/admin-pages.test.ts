/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * The admin's pages in a real browser (Debian's Chromium via playwright-core) against the real
 * API and the admin's production build (see support/session.ts): signing in, the dashboard,
 * what a viewer may not do, exporting an audience, a customer's 360 page and a scoring run.
 * Figures on the pages are compared with what the API answers; screenshots of each page go to
 * test/e2e/artifacts/.
 *
 * The tests run in order and share one database: the scoring run comes last, as it changes the
 * current run the others read.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, screenshot } from "./support/browser";
import { parseCsv } from "./support/csv";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

// With the facts on the ClickHouse cluster: the other admin suites run on SQLite, so these pages
// (dashboard, segments, export, customer 360, a scoring run) are the admin on the third engine.
describe("the admin in Chromium, facts on ClickHouse: signing in, pages and roles", () => {
  const session = useAdminSession("clickhouse");
  const { newPage, signIn, ready, gql } = session;

  it(
    "signs in with a token, refuses a wrong one, and sends an expired session back to sign-in",
    async () => {
      const page = await newPage();
      await page.goto(`${session.admin.url}/dashboard`);
      await page.waitForURL(/\/sign-in\?reason=signed-out/);
      await page.getByLabel("API token").fill("rfm_not-a-real-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      await poll(() => page.locator("form [role=alert]").textContent()).toContain(
        "did not accept this token",
      );
      await screenshot(page, "sign-in");

      await page.getByLabel("API token").fill(session.api.tokens.admin);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname === "/dashboard");
      await ready(page, "dashboard");
      expect(await page.getByTestId("session-role").textContent()).toBe("Admin");

      // A token that stops working (here: replaced by a wrong one) sends the user back to sign-in.
      await page.evaluate(() => localStorage.setItem("rfm.token", "rfm_revoked"));
      await page.goto(`${session.admin.url}/mapping`);
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
          revenue: { amount: string; currencyCode: string };
          mappingVersion: number;
          run: { asOfDay: string };
        };
        segments: { name: string; customerCount: number }[];
        analytics: { rfGrid: { r: number; f: number; customers: number }[] };
      }>(`{
        overview { customersScored revenue { amount currencyCode } mappingVersion run { asOfDay } }
        segments { name customerCount revenue { amount currencyCode } }
        analytics { rfGrid { r f customers } }
      }`);
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer);
      await ready(page, "dashboard");

      const value = (testId: string) => page.getByTestId(testId).getAttribute("data-value");
      expect(Number(await value("headline-customers-scored"))).toBe(expected.overview.customersScored);
      expect(expected.overview.customersScored).toBeGreaterThan(0);
      // The page keeps the API's exact decimal string, and shows it with the currency's symbol.
      expect(await value("headline-revenue")).toBe(expected.overview.revenue.amount);
      expect(expected.overview.revenue.currencyCode).toBe("USD");
      expect(await page.getByTestId("headline-revenue").textContent()).toContain(
        `$${Number(expected.overview.revenue.amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
      );
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
    "a viewer sees every page read-only, with the reason",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer, "/mapping");
      await ready(page, "mapping");
      expect(await page.getByTestId("session-role").textContent()).toBe("Viewer (read-only)");
      expect(await page.getByText("Read-only:").first().textContent()).toBeTruthy();
      await page.locator('[role=gridcell][data-code="111"]').click();
      expect(await page.getByRole("button", { name: "Assign", exact: true }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: /^Publish as v/ }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Set the rules" }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Upload file…" }).isDisabled()).toBe(true);
      expect(await page.getByRole("button", { name: "Download YAML" }).isDisabled()).toBe(false);
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
      await signIn(page, session.api.tokens.editor, `/audiences`);
      await page.goto(`${session.admin.url}/audiences?segment=${encodeURIComponent(segment)}`);
      await ready(page, "audiences");
      await poll(() => page.getByTestId("audience-total").textContent()).toContain(
        `${expected.length} customer`,
      );
      // Every customer of the segment: an analysis file (a campaign file needs consent).
      await page.getByRole("radio", { name: "Analysis" }).check();
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
      const byId = new Map(expected.map((c) => [c.externalId, c]));
      for (const [id, email, monetary, code] of rows as [string, string, string, string][]) {
        const customer = byId.get(id);
        expect(customer, `customer ${id} of the file`).toBeDefined();
        expect(code).toBe(customer?.score.code);
        expect(email).toBe(customer?.email ?? "");
        expect(Number(monetary)).toBeCloseTo(Number(customer?.score.monetary.amount ?? Number.NaN), 2);
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
      await signIn(page, session.api.tokens.viewer, "/audiences");
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
          segment: { name: string } | null;
          score: { code: string };
          transactions: { totalCount: number };
        };
      }>(
        `query($id: ID!) { customer(id: $id) { name segment { name } score { code } transactions { totalCount } } }`,
        { id },
      );
      expect(await page.getByTestId("customer-code").textContent()).toBe(expected.customer.score.code);
      expect(await page.getByTestId("customer-segment").textContent()).toBe(expected.customer.segment?.name);
      await page.getByTestId("customer-transactions").waitFor();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(expected.customer.name ?? id);
      await screenshot(page, "customer-360");

      await page.goto(`${session.admin.url}/customers/no-such-customer`);
      await poll(() => page.getByText("No customer has the id").count()).toBe(1);
    },
    TIMEOUT,
  );

  it(
    "an admin starts a scoring run and watches it finish; the dashboard then shows movement",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.admin, "/scoring");
      await ready(page, "scoring");
      await page.getByLabel("Window (days)").fill("365");
      await page.getByRole("button", { name: "Start the run" }).click();
      const progress = page.getByTestId("run-progress");
      await progress.waitFor();
      await poll(() => progress.getAttribute("data-status"), { timeout: 60_000 }).toBe("COMPLETE");
      await screenshot(page, "scoring");
      const runs = await gql<{
        scoringRuns: { edges: { node: { id: number; status: string; current: boolean } }[] };
      }>(`{ scoringRuns(first: 1) { edges { node { id status current } } } }`);
      const newest = runs.scoringRuns.edges[0]?.node;
      expect(newest).toMatchObject({ status: "COMPLETE", current: true });
      await poll(() =>
        page.locator(`[data-testid=scoring-runs] tr[data-run="${newest?.id}"]`).getAttribute("data-status"),
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
    type Node = {
      externalId: string;
      email: string | null;
      score: { code: string; monetary: { amount: string } };
    };
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
          edges { node { externalId email score { code monetary { amount } } } } pageInfo { hasNextPage endCursor } } } }`,
        { s: segment, after },
      );
      all.push(...page.segment.customers.edges.map((e) => e.node));
      if (!page.segment.customers.pageInfo.hasNextPage) return all;
      after = page.segment.customers.pageInfo.endCursor;
    }
  }
});
