/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * Movement you can explore, in a real browser: three month ends are backfilled before the
 * demo's run; a marketer opens the Movement page, picks two runs that are not the last two,
 * reads a cell, follows its link to the audience of that move and exports it. The count and the
 * file are checked against
 * a join of the two runs' customer_scores written here, the link against the Audiences page's
 * URL parameters. Then "as of" on the scoring page: a run as of a past day that is still running
 * is announced as of that day. Own API and database (the demo store, SQLite).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, screenshot } from "./support/browser";
import { parseCsv } from "./support/csv";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

type Segment = { key: string; name: string; codes: string[] };

// With the facts on the ClickHouse cluster (backfilled runs, movement between them).
describe("the admin in Chromium, facts on ClickHouse: movement between two chosen runs, and the as-of day", () => {
  const session = useAdminSession("clickhouse");
  const { newPage, signIn, ready, gql } = session;
  /** Run ids as of 2025-09-30, 2025-10-31 and 2025-11-30. */
  let months: number[] = [];

  async function backfill(): Promise<void> {
    if (months.length > 0) return;
    await gql(
      `mutation { startBackfill(input: { from: "2025-09", to: "2025-11" }) { userErrors { code } } }`,
    );
    type Backfill = { status: string; periods: { runId: number | null }[] };
    for (let i = 0; i < 1200; i++) {
      const { backfill } = await gql<{ backfill: Backfill }>(`{ backfill { status periods { runId } } }`);
      if (backfill.status !== "RUNNING") {
        expect(backfill.status).toBe("COMPLETE");
        months = backfill.periods.map((p) => p.runId!);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the backfill did not finish in 120 s");
  }

  /** The selected option's text of a select, by its label. */
  const selected = (page: Page, label: string) =>
    page.getByLabel(label).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? "");

  it(
    "a marketer picks the 2025-09-30 and 2025-11-30 runs, reads a cell, and its link names that move's audience; the count is the SQL join's",
    async () => {
      await backfill();
      expect(months).toHaveLength(3);
      const [sep, , nov] = months as [number, number, number];
      const page = await newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      // An editor: a marketer who exports the customers of a move at the end.
      await signIn(page, session.api.tokens.editor, "/movement");
      await ready(page, "movement");

      // Default: the last two runs (2025-11-30, then the demo's 2025-12-31).
      const matrix = page.getByTestId("movement-matrix");
      await poll(() => matrix.getAttribute("data-to-run")).toBe(String(session.api.runId));
      expect(await matrix.getAttribute("data-from-run")).toBe(String(nov));
      expect(await selected(page, "From run (rows)")).toBe(`as of 2025-11-30 · run ${nov}`);
      expect(await selected(page, "To run (columns)")).toBe(
        `as of 2025-12-31 · run ${session.api.runId} (current)`,
      );

      // Pick September to November.
      await page.getByLabel("From run (rows)").selectOption(String(sep));
      await page.getByLabel("To run (columns)").selectOption(String(nov));
      await poll(() => matrix.getAttribute("data-from-run")).toBe(String(sep));
      await poll(() => matrix.getAttribute("data-to-run")).toBe(String(nov));
      expect(new URL(page.url()).search).toBe(`?from=${sep}&to=${nov}`);
      await poll(() => page.getByRole("heading", { level: 2 }).first().textContent()).toBe(
        `Run ${sep} (as of 2025-09-30) to run ${nov} (as of 2025-11-30)`,
      );

      // The largest move between two different segments, as the page shows it.
      const cells = await matrix.locator("td a").evaluateAll((links) =>
        links.map((a) => {
          const td = a.closest("td")!;
          return {
            from: td.getAttribute("data-from")!,
            to: td.getAttribute("data-to")!,
            shown: a.textContent!,
            href: a.getAttribute("href")!,
            label: a.getAttribute("aria-label")!,
          };
        }),
      );
      const moves = cells.filter((c) => c.from !== c.to);
      expect(moves.length).toBeGreaterThan(0);
      const cell = moves.sort(
        (a, b) => Number(b.shown.replace(/,/g, "")) - Number(a.shown.replace(/,/g, "")),
      )[0]!;

      // The same move counted here: customers in both runs, segments from their r, f, m.
      const { segments } = await gql<{ segments: Segment[] }>(`{ segments { key name codes } }`);
      const keyOf = new Map(segments.flatMap((s) => s.codes.map((c) => [c, s.key])));
      const rows = await session.api.facts<{ a: string; b: string; n: number | string }>(
        `SELECT (a.r * 100 + a.f * 10 + a.m) AS "a", (b.r * 100 + b.f * 10 + b.m) AS "b", count(*) AS "n"
         FROM customer_scores a JOIN customer_scores b ON b.customer_id = a.customer_id AND b.run_id = $2
         WHERE a.run_id = $1 GROUP BY a.r, a.f, a.m, b.r, b.f, b.m`,
        [sep, nov],
        `SELECT toString(r * 100 + f * 10 + m) AS a, toString(br * 100 + bf * 10 + bm) AS b, count() AS n
         FROM (SELECT customer_id, r, f, m FROM customer_scores WHERE run_id = ${Number(sep)})
         ANY INNER JOIN (SELECT customer_id, r AS br, f AS bf, m AS bm FROM customer_scores WHERE run_id = ${Number(nov)})
         USING customer_id GROUP BY a, b`,
      );
      const expected = rows
        .filter((r) => keyOf.get(String(r.a)) === cell.from && keyOf.get(String(r.b)) === cell.to)
        .reduce((sum, r) => sum + Number(r.n), 0);
      expect(expected).toBeGreaterThan(0);
      expect(Number(cell.shown.replace(/,/g, ""))).toBe(expected);

      const name = (key: string) => segments.find((s) => s.key === key)!.name;
      expect(cell.label).toBe(
        `${name(cell.from)} → ${name(cell.to)}: ${expected.toLocaleString("en")} customer${expected === 1 ? "" : "s"}`,
      );
      const href = new URL(cell.href, session.admin.url);
      expect(href.pathname).toBe("/audiences");
      expect([...href.searchParams.entries()]).toEqual([
        ["segment", cell.to],
        ["run", String(nov)],
        ["movedFrom", cell.from],
        ["movedFromRun", String(sep)],
      ]);
      // Reachable by its accessible name, as a screen-reader user would find it.
      await page.getByRole("link", { name: cell.label }).waitFor();
      await screenshot(page, "movement-1440");

      // At 390 px the page does not scroll sideways; the matrix scrolls inside its card.
      await page.setViewportSize({ width: 390, height: 844 });
      await poll(() =>
        page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
      ).toBe(true);
      const scroller = page.getByTestId("movement-scroll");
      expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await screenshot(page, "movement-390");

      // Following the link opens the Audiences page with the move's parameters.
      await page.getByRole("link", { name: cell.label }).click();
      await page.waitForURL((url) => url.pathname === "/audiences");
      expect(new URL(page.url()).search).toBe(href.search);

      // The move's customers are an audience: the count shown, and the file exported for
      // analysis, are the customers the SQL join finds in that cell.
      await poll(() => page.getByTestId("audience-total").textContent()).toContain(
        `${expected.toLocaleString("en")} customer`,
      );
      await page.getByRole("radio", { name: "Analysis" }).check();
      await page.getByRole("button", { name: "Prepare the export" }).click();
      const link = page.getByTestId("export-download");
      await link.waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const file = join(ARTIFACTS_DIR, "export-movement-cell.csv");
      await download.saveAs(file);
      const [header, ...lines] = parseCsv(readFileSync(file, "utf8")).filter(
        (r) => r.length > 1 || r[0] !== "",
      );
      const column = header!.indexOf("customer_id");
      expect(column).toBeGreaterThanOrEqual(0);
      const movers = await session.api.facts<{ id: string; a: string; b: string }>(
        `SELECT c.external_id AS "id", (a.r * 100 + a.f * 10 + a.m) AS "a", (b.r * 100 + b.f * 10 + b.m) AS "b"
         FROM customer_scores a JOIN customer_scores b ON b.customer_id = a.customer_id AND b.run_id = $2
         JOIN customers c ON c.id = a.customer_id
         WHERE a.run_id = $1`,
        [sep, nov],
        // One join per SELECT on ClickHouse 18.16: the two runs' join, then the customers' ids.
        `SELECT external_id AS id, a, b FROM (
           SELECT customer_id, toString(r * 100 + f * 10 + m) AS a, toString(br * 100 + bf * 10 + bm) AS b
           FROM (SELECT customer_id, r, f, m FROM customer_scores WHERE run_id = ${Number(sep)})
           ANY INNER JOIN (SELECT customer_id, r AS br, f AS bf, m AS bm FROM customer_scores WHERE run_id = ${Number(nov)})
           USING customer_id)
         ANY INNER JOIN (SELECT id AS customer_id, argMax(external_id, version) AS external_id FROM customers GROUP BY id)
         USING customer_id`,
      );
      const want = movers
        .filter((r) => keyOf.get(String(r.a)) === cell.from && keyOf.get(String(r.b)) === cell.to)
        .map((r) => r.id)
        .sort();
      expect(want).toHaveLength(expected);
      expect(lines.map((r) => r[column]!).sort()).toEqual(want);
    },
    TIMEOUT,
  );

  it(
    "picking a later run as 'from' is explained, not sent; swapping the runs shows their movement",
    async () => {
      await backfill();
      const [sep, oct] = months as [number, number, number];
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer, `/movement`);
      await ready(page, "movement");
      await page.goto(`${session.admin.url}/movement?from=${oct}&to=${sep}`);
      const problem = page.getByTestId("movement-problem");
      await poll(() => problem.textContent()).toBe(
        `The "to" run ${sep} is as of 2025-09-30, before the "from" run ${oct} (as of 2025-10-31): movement reads forward in time. Swap the runs or pick a later "to" run.`,
      );
      expect(await page.getByTestId("movement-matrix").count()).toBe(0);
      await page.getByRole("button", { name: "Swap runs" }).click();
      await poll(() => page.getByTestId("movement-matrix").getAttribute("data-from-run")).toBe(String(sep));
      expect(await page.getByTestId("movement-matrix").getAttribute("data-to-run")).toBe(String(oct));
      expect(await problem.count()).toBe(0);

      await page.getByLabel("To run (columns)").selectOption(String(sep));
      await poll(() => problem.textContent()).toBe(
        `Both pickers name run ${sep}: pick two different runs to compare.`,
      );
    },
    TIMEOUT,
  );

  it(
    "the dashboard's movement card links its cells to their audiences and to the Movement page",
    async () => {
      const page = await newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await signIn(page, session.api.tokens.viewer, "/dashboard");
      await ready(page, "dashboard");
      const matrix = page.getByTestId("movement-matrix");
      await matrix.waitFor();
      // At 1440 px the whole matrix fits its card: nothing to scroll.
      expect(
        await page.getByTestId("movement-scroll").evaluate((el) => el.scrollWidth <= el.clientWidth),
      ).toBe(true);
      await matrix.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS_DIR}/dashboard-movement-1440.png` });
      const hrefs = await matrix
        .locator("td a")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
      expect(hrefs.length).toBeGreaterThan(0);
      const to = String(session.api.runId);
      for (const href of hrefs) {
        const url = new URL(href, session.admin.url);
        expect(url.pathname).toBe("/audiences");
        expect(url.searchParams.get("run")).toBe(to);
        expect(url.searchParams.get("movedFromRun")).toBe(await matrix.getAttribute("data-from-run"));
      }
      await page.getByRole("link", { name: "Compare other runs" }).click();
      await page.waitForURL((url) => url.pathname === "/movement");
    },
    TIMEOUT,
  );

  // Last: it leaves a run marked running in the database.
  it(
    "a run as of 2025-06-30 that is still running is announced as of 2025-06-30 (not the server's date, not 2025-07-01); the runs table agrees",
    async () => {
      // A run in progress, as another process would have recorded it: as of the end of
      // 2025-06-30 (UTC), started now. Copied from the demo's run so every setting is valid.
      const asOf = Date.parse("2025-07-01T00:00:00Z");
      const started = Date.now();
      const sqlite = session.api.test.db.provider === "sqlite";
      const [{ id } = { id: 0 }] = await session.api.sql<{ id: number }>(
        `INSERT INTO scoring_runs (profile_id, as_of, bins, method, monetary_basis, status, started_at, time_zone)
         SELECT profile_id, $1, bins, method, monetary_basis, 'running', $2, 'UTC' FROM scoring_runs WHERE id = $3
         RETURNING id AS "id"`,
        [
          sqlite ? asOf : new Date(asOf).toISOString(),
          sqlite ? started : new Date(started).toISOString(),
          session.api.runId,
        ],
      );
      expect(id).toBeGreaterThan(0);
      const page = await newPage();
      await signIn(page, session.api.tokens.admin, "/scoring");
      await ready(page, "scoring");
      const progress = page.getByTestId("run-progress");
      await poll(() => progress.getAttribute("data-status")).toBe("RUNNING");
      await poll(async () => (await progress.textContent())?.replace(/\s+/g, " ").trim()).toMatch(
        new RegExp(`^Run ${id} is scoring as of 2025-06-30 with 4 scores per dimension: `),
      );
      const row = page.locator(`[data-testid=scoring-runs] tr[data-run="${id}"]`);
      expect(await row.locator("td").nth(2).textContent()).toBe("2025-06-30");
      // The demo's complete run reads as of its last day counted too.
      const demo = page.locator(`[data-testid=scoring-runs] tr[data-run="${session.api.runId}"]`);
      expect(await demo.locator("td").nth(2).textContent()).toBe("2025-12-31");
      await screenshot(page, "scoring-running-as-of");
    },
    TIMEOUT,
  );
});
