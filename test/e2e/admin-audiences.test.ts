/// <reference lib="dom" />
/**
 * A marketer's audience job in a real browser against the real API (demo store, SQLite):
 * filter Champions to Ontario on the Audiences page, read the count, download the export and
 * compare its rows with the API's list (ids) and with SQL; save the audience, then export it
 * again by name from the saved list. Screenshots at 1440 and 390 px wide.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Download, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, screenshot } from "./support/browser";
import { parseCsv } from "./support/csv";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

/** Champions (444, 443, 434, 344) as dense code indexes under 4 bins, by hand. */
const CHAMPIONS = [63, 62, 59, 47];

describe("the Audiences page in Chromium: an audience is exactly what you see", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready, gql } = session;

  /** The customer ids of a downloaded CSV. */
  async function idsOf(download: Download, name: string): Promise<string[]> {
    const file = join(ARTIFACTS_DIR, name);
    await download.saveAs(file);
    const [header, ...rows] = parseCsv(readFileSync(file, "utf8")).filter((r) => r.length > 1 || r[0] !== "");
    const column = header!.indexOf("customer_id");
    expect(column).toBeGreaterThanOrEqual(0);
    return rows.map((r) => r[column]!);
  }

  /** The API's list of the audience (every page), ids only. */
  async function apiIds(filter: Record<string, unknown>): Promise<{ ids: string[]; total: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page: {
        customers: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { externalId: string } }[];
        };
      } = await gql(
        `query($filter: CustomerFilter, $after: String) { customers(filter: $filter, first: 200, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { externalId } } } }`,
        { filter, after },
      );
      total = page.customers.totalCount;
      ids.push(...page.customers.edges.map((e) => e.node.externalId));
      if (!page.customers.pageInfo.hasNextPage) return { ids, total };
      after = page.customers.pageInfo.endCursor;
    }
  }

  async function applyOntario(page: Page) {
    await page.getByLabel("Province", { exact: true }).fill("ON");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("province") === "ON");
  }

  it(
    "filters Champions to Ontario, shows the count, downloads exactly those customers, saves the audience and exports it again by name",
    async () => {
      const api = await apiIds({ segment: "champions", province: "ON" });
      const sql = (
        await session.api.sql<{ id: string }>(
          `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
           WHERE s.run_id = $1 AND s.code IN (${CHAMPIONS.join(", ")}) AND c.province IN ('Ontario', 'ON')`,
          [session.api.runId],
        )
      ).map((r) => r.id);
      expect(api.total).toBe(sql.length);
      expect([...api.ids].sort()).toEqual([...sql].sort());
      const allChampions = await apiIds({ segment: "champions" });
      expect(allChampions.total).toBeGreaterThan(api.total);
      expect(api.total).toBeGreaterThan(0);

      const page = await newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await signIn(page, session.api.tokens.editor, "/audiences");
      await page.goto(`${session.admin.url}/audiences?segment=champions`);
      await ready(page, "audiences");
      await poll(() => page.getByTestId("audience-total").textContent()).toContain(
        `${allChampions.total} customer`,
      );

      await applyOntario(page);
      await poll(() => page.getByTestId("audience-total").textContent()).toContain(`${api.total} customer`);
      const shown = await page
        .getByTestId("audience-row")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-customer") ?? ""));
      expect(shown.length).toBe(Math.min(50, api.total));
      for (const id of shown) expect(api.ids).toContain(id);

      // The export panel, below the filters, sends the same filter. For analysis: everyone of the
      // audience, whatever their consent (a campaign file is checked below, with the saved audience).
      await page.getByRole("radio", { name: "Analysis" }).check();
      await page.getByRole("button", { name: "Prepare the export" }).click();
      const link = page.getByTestId("export-download");
      await link.waitFor();
      expect(await page.getByText(`${api.total} rows`).count()).toBeGreaterThan(0);
      await screenshot(page, "audiences-ontario-champions");
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const exported = await idsOf(download, "export-ontario-champions.csv");
      expect([...exported].sort()).toEqual([...api.ids].sort());

      // Save it, then export it again by name from the saved list.
      await page.getByLabel("Name", { exact: true }).fill("Ontario Champions");
      await page.getByLabel("Note (optional)").fill("weekly newsletter");
      await page.getByRole("button", { name: "Save this audience" }).click();
      await poll(() => page.getByTestId("saved-status").textContent()).toContain(
        `Saved “Ontario Champions”, version 1 (${api.total} customers now).`,
      );
      // Focus went to the outcome, not to the page body.
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe(
        "saved-status",
      );
      const saved = page.locator('[data-audience="Ontario Champions"]');
      await poll(() => saved.textContent()).toContain(`${api.total} customers now`);
      await saved.getByRole("button", { name: "Export Ontario Champions" }).click();
      const again = page.getByTestId("saved-export-download");
      await again.waitFor();
      // The saved audience's export is for a campaign: only those whose marketing consent is
      // recorded as given, as SQL finds them, and the panel says how many were left out.
      const consented = (
        await session.api.sql<{ id: string }>(
          `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
           WHERE s.run_id = $1 AND s.code IN (${CHAMPIONS.join(", ")}) AND c.province IN ('Ontario', 'ON')
             AND c.marketing_consent IS TRUE`,
          [session.api.runId],
        )
      ).map((r) => r.id);
      expect(consented.length).toBeGreaterThan(0);
      expect(consented.length).toBeLessThan(api.total);
      await poll(() => page.getByTestId("saved-export-summary").textContent()).toContain(
        `${consented.length.toLocaleString("en")} rows (customers with marketing consent); `,
      );
      expect(await page.getByTestId("saved-export-summary").textContent()).toMatch(/left out: /);
      const [second] = await Promise.all([page.waitForEvent("download"), again.click()]);
      expect([...(await idsOf(second, "export-saved-ontario-champions.csv"))].sort()).toEqual(
        [...consented].sort(),
      );

      // Opening it from a fresh page fills the filters from the saved definition.
      await page.goto(`${session.admin.url}/audiences?segment=lost-customer`);
      await ready(page, "audiences");
      await page
        .locator('[data-audience="Ontario Champions"]')
        .getByRole("button", { name: "Open Ontario Champions" })
        .click();
      await page.waitForURL(
        (url) => url.searchParams.get("province") === "ON" && url.searchParams.get("segment") === "champions",
      );
      await poll(() => page.getByTestId("audience-total").textContent()).toContain(`${api.total} customer`);
      expect(await page.getByLabel("Province", { exact: true }).inputValue()).toBe("ON");

      const logged = await gql<{ exports: { edges: { node: { audience: string | null; rows: number } }[] } }>(
        `{ exports(first: 2) { edges { node { audience rows } } } }`,
      );
      expect(logged.exports.edges.map((e) => e.node)).toEqual([
        {
          audience: 'saved audience "Ontario Champions": segment champions, province ON',
          rows: consented.length,
        },
        { audience: "segment champions, province ON", rows: api.total },
      ]);

      await page.setViewportSize({ width: 390, height: 844 });
      // Nothing sticks out of the page (wide tables scroll inside their own container).
      const sticking = () =>
        page.evaluate(() =>
          Array.from(document.querySelectorAll("body *"))
            .filter((el) => el.getBoundingClientRect().right > 391 && !el.closest(".overflow-x-auto"))
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className.toString().slice(0, 60)}`),
        );
      await poll(sticking).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, "audiences-390");
    },
    TIMEOUT * 2,
  );

  it(
    "a movement link (segment, run, movedFrom, movedFromRun) says who moved and lists them",
    async () => {
      const runId = session.api.runId;
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer, "/audiences");
      // Champions in this run who were Champions in the same run: every Champion (a run is its own "earlier run").
      await page.goto(
        `${session.admin.url}/audiences?segment=champions&run=${runId}&movedFrom=champions&movedFromRun=${runId}`,
      );
      await ready(page, "audiences");
      expect(await page.getByTestId("moved-from").textContent()).toContain(
        `Champions → Champions since run ${runId}`,
      );
      const all = await apiIds({ segment: "champions" });
      await poll(() => page.getByTestId("audience-total").textContent()).toContain(`${all.total} customer`);
    },
    TIMEOUT,
  );
});
