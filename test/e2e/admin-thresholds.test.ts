/**
 * Thresholds in the admin, in Chromium against the real API: the current run's cut points in
 * words on the dashboard and in the mapping editor, fixed thresholds previewed on the scoring
 * page before a run, and "keep these thresholds". The tests run in order on one database.
 */
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

interface Bands {
  bounds: (number | null)[];
  bands: { label: string; text: string; customers: number | null }[];
}
const DIM = "bounds bands { label text customers }";

describe("thresholds in the admin, in Chromium", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready, gql } = session;
  const sqlCount = async (where: string, runId: number) =>
    Number(
      (
        await session.api.sql<{ n: number | string }>(
          `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND ${where}`,
          [runId],
        )
      )[0]!.n,
    );
  /** The words a list shows, best score first, with the customers beside them. */
  const shownWords = (page: import("playwright-core").Page, dimension: string) =>
    page
      .locator(`[data-testid=threshold-words-${dimension}] li`)
      .evaluateAll((items) =>
        items.map((li) => [
          li.querySelector("span")?.textContent ?? "",
          Number(li.querySelector("[data-customers]")?.getAttribute("data-customers")),
        ]),
      );

  it(
    "the dashboard and the mapping editor show what each score means, as the API gives it",
    async () => {
      const expected = await gql<{
        overview: { run: { id: number; thresholds: { recency: Bands; frequency: Bands; monetary: Bands } } };
      }>(
        `{ overview { run { id thresholds { recency { ${DIM} } frequency { ${DIM} } monetary { ${DIM} } } } } }`,
      );
      const run = expected.overview.run;
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer);
      await ready(page, "dashboard");
      await page.getByTestId("threshold-words").waitFor();
      for (const d of ["recency", "frequency", "monetary"] as const) {
        const want = [...run.thresholds[d].bands].reverse().map((b) => [b.text, b.customers]);
        expect(await shownWords(page, d), d).toEqual(want);
      }
      // The best recency score reads "last order 0-N days ago", N its bound, and holds the rows up to N.
      const r4 = run.thresholds.recency.bands[3]!;
      const bound = run.thresholds.recency.bounds[0]!;
      expect(r4.text).toBe(`R4: last order 0-${bound} days ago`);
      expect(r4.customers).toBe(await sqlCount(`recency_days <= ${bound}`, run.id));
      expect(await page.getByTestId("threshold-words").textContent()).toContain(r4.text);
      await screenshot(page, "dashboard-thresholds");

      await page.getByRole("link", { name: "Mapping" }).click();
      await ready(page, "mapping");
      await page.getByTestId("threshold-words").waitFor();
      expect(await shownWords(page, "frequency")).toEqual(
        [...run.thresholds.frequency.bands].reverse().map((b) => [b.text, b.customers]),
      );
    },
    TIMEOUT,
  );

  it(
    "the scoring page previews fixed thresholds on the current run; the run started with them has those sizes; its thresholds can be kept",
    async () => {
      const { overview } = await gql<{ overview: { run: { id: number; asOfDay: string } } }>(
        "{ overview { run { id asOfDay } } }",
      );
      const page = await newPage();
      await signIn(page, session.api.tokens.admin, "/scoring");
      await ready(page, "scoring");
      const fields = page.getByTestId("threshold-fields");
      await fields.locator("[data-dimension=recency] input[value=fixed]").check();
      await page.getByLabel("Recency bounds").fill("30, 90, 180");
      await fields.locator("[data-dimension=monetary] input[value=fixed]").check();
      await page.getByLabel("Monetary bounds").fill("50, 200, 500");
      await page.getByRole("button", { name: "Preview the bin sizes" }).click();
      const preview = page.getByTestId("threshold-preview");
      await preview.waitFor();
      expect(await preview.getAttribute("data-run")).toBe(String(overview.run.id));
      expect(await preview.textContent()).toContain(
        `Based on run ${overview.run.id} (as of ${overview.run.asOfDay}`,
      );
      const shownRecency = await preview
        .locator("[data-testid=threshold-words-recency] li")
        .evaluateAll((items) => items.map((li) => li.querySelector("span")?.textContent ?? ""));
      expect(shownRecency).toEqual([
        "R4: last order 0-30 days ago",
        "R3: last order 31-90 days ago",
        "R2: last order 91-180 days ago",
        "R1: last order more than 180 days ago",
      ]);
      const counts = (dimension: string) =>
        preview
          .locator(`[data-testid=threshold-words-${dimension}] [data-customers]`)
          .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-customers"))));
      const recencyCounts = await counts("recency");
      const monetaryCounts = await counts("monetary");
      // Best first, counted here in SQL on the current run's stored values.
      expect(recencyCounts).toEqual([
        await sqlCount("recency_days <= 30", overview.run.id),
        await sqlCount("recency_days BETWEEN 31 AND 90", overview.run.id),
        await sqlCount("recency_days BETWEEN 91 AND 180", overview.run.id),
        await sqlCount("recency_days > 180", overview.run.id),
      ]);
      expect(monetaryCounts).toEqual([
        await sqlCount("monetary_cents >= 50000", overview.run.id),
        await sqlCount("monetary_cents >= 20000 AND monetary_cents < 50000", overview.run.id),
        await sqlCount("monetary_cents >= 5000 AND monetary_cents < 20000", overview.run.id),
        await sqlCount("monetary_cents < 5000", overview.run.id),
      ]);
      await screenshot(page, "scoring-threshold-preview");

      // The run with those thresholds, as of the same day: its sizes are the preview's.
      await page.getByLabel("As of").fill(overview.run.asOfDay);
      await page.getByRole("button", { name: "Start the run" }).click();
      await poll(() => page.getByTestId("run-progress").getAttribute("data-status"), {
        timeout: 90_000,
      }).toBe("COMPLETE");
      const after = await gql<{
        overview: { run: { id: number; thresholds: { recency: Bands; monetary: Bands } } };
      }>(`{ overview { run { id thresholds { recency { ${DIM} } monetary { ${DIM} } } } } }`);
      const fixedRun = after.overview.run;
      expect(fixedRun.id).toBeGreaterThan(overview.run.id);
      expect([...fixedRun.thresholds.recency.bands].reverse().map((b) => b.customers)).toEqual(recencyCounts);
      expect([...fixedRun.thresholds.monetary.bands].reverse().map((b) => b.customers)).toEqual(
        monetaryCounts,
      );
      expect(fixedRun.thresholds.monetary.bounds).toEqual([5000, 20000, 50000]);

      // Keep these thresholds: a new run with the same cut points.
      await page.getByRole("button", { name: "Refresh" }).click();
      const keep = page.getByTestId(`keep-thresholds-${fixedRun.id}`);
      await poll(() => keep.isEnabled()).toBe(true);
      await keep.click();
      await poll(
        async () =>
          (await gql<{ overview: { run: { id: number } } }>("{ overview { run { id } } }")).overview.run.id,
        { timeout: 90_000 },
      ).toBeGreaterThan(fixedRun.id);
      const kept = await gql<{
        overview: { run: { id: number; thresholds: { recency: Bands; monetary: Bands } } };
      }>(`{ overview { run { id thresholds { recency { ${DIM} } monetary { ${DIM} } } } } }`);
      expect(kept.overview.run.thresholds.recency.bounds).toEqual([30, 90, 180]);
      expect(kept.overview.run.thresholds.monetary.bounds).toEqual([5000, 20000, 50000]);
      await screenshot(page, "scoring-kept-thresholds");
    },
    TIMEOUT * 2,
  );
});
