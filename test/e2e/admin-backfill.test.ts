/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * History from day one in a real browser: an editor backfills three month ends from the
 * scoring page and watches them being scored; the dashboard then draws every segment's size
 * over the four runs, with the figures the API gives. Own API and database (the demo store).
 */
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

describe("the admin in Chromium: backfill and segment sizes over time", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready, gql } = session;

  it(
    "an editor backfills 2025-09 to 2025-11 from the scoring page; the dashboard charts each segment over the four runs",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/scoring");
      await ready(page, "scoring");
      await page.getByLabel("From month").fill("2025-09");
      await page.getByLabel("To month").fill("2025-11");
      await page.getByRole("button", { name: "Backfill", exact: true }).click();
      await poll(() => page.getByTestId("backfill-progress").getAttribute("data-status"), {
        timeout: 60_000,
      }).toBe("COMPLETE");
      const periods = await page
        .getByTestId("backfill-period")
        .evaluateAll((items) =>
          items.map((i) => `${i.getAttribute("data-as-of")} ${i.getAttribute("data-status")}`),
        );
      expect(periods).toEqual(["2025-09-30 SCORED", "2025-10-31 SCORED", "2025-11-30 SCORED"]);
      // The runs table shows them, and the demo's run (as of 2025-12-31) is still the current one.
      await poll(() => page.locator("[data-testid=scoring-runs] tr[data-run]").count()).toBe(4);
      await screenshot(page, "scoring-backfill");

      const expected = await gql<{
        segmentSizeHistory: {
          name: string;
          points: { asOfDay: string; runId: number; customers: number }[];
        }[];
        overview: { run: { asOfDay: string } };
      }>(`{ segmentSizeHistory { name points { asOfDay runId customers } } overview { run { asOfDay } } }`);
      expect(expected.overview.run.asOfDay).toBe("2025-12-31");

      await page.getByRole("link", { name: "Dashboard" }).click();
      await ready(page, "dashboard");
      const chart = page.getByTestId("segment-size-history");
      await chart.waitFor();
      expect(await chart.getAttribute("data-points")).toBe("4");
      // One line per segment in the SVG.
      await poll(() => chart.locator(".recharts-line").count()).toBe(expected.segmentSizeHistory.length);
      const rows = await chart.getByTestId("size-history-row").evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-as-of"),
          ...Array.from(tr.querySelectorAll("td"))
            .slice(1)
            .map((td) => Number(td.textContent!.replace(/,/g, ""))),
        ]),
      );
      const days = expected.segmentSizeHistory[0]!.points.map((p) => p.asOfDay);
      expect(days).toEqual(["2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31"]);
      expect(rows).toEqual(
        days.map((day, i) => [day, ...expected.segmentSizeHistory.map((s) => s.points[i]!.customers)]),
      );
      await screenshot(page, "dashboard-size-history");
    },
    TIMEOUT,
  );
});
