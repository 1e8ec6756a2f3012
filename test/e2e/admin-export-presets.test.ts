/// <reference lib="dom" />
/**
 * A marketer pulls an email-tool file for Excel from the Audiences page, in Chromium against
 * the real API and admin: she picks the Email tool preset and "For Excel", keeps the Campaign
 * purpose, downloads, and the file starts with the UTF-8 byte order mark, has the preset's header
 * and exactly the consented Champions (counted with SQL here); the summary says how many were
 * left out for consent. Screenshots at 1440 and 390 px wide.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { indexOfCode, type RfmCode } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, screenshot } from "./support/browser";
import { parseCsv } from "./support/csv";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

describe("the admin in Chromium: campaign-ready exports", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready, gql } = session;

  it(
    "downloads the Email tool preset for Excel: BOM, header, the consented Champions, and the summary of who is left out",
    async () => {
      const { segment } = await gql<{ segment: { codes: string[] } }>(
        `{ segment(name: "Champions") { codes } }`,
      );
      const codes = segment.codes.map((c) => indexOfCode(c as RfmCode, 4)).join(", ");
      const champions = await session.api.sql<{ id: string; email: string | null; consent: number }>(
        `SELECT c.external_id AS "id", c.email AS "email",
           CASE WHEN c.marketing_consent THEN 1 WHEN NOT c.marketing_consent THEN 0 ELSE -1 END AS "consent"
         FROM customer_scores s JOIN customers c ON c.id = s.customer_id
         WHERE s.run_id = $1 AND s.code IN (${codes}) ORDER BY s.customer_id`,
        [session.api.runId],
      );
      const consented = champions.filter((c) => Number(c.consent) === 1 && c.email !== null);
      const notRecorded = champions.filter((c) => Number(c.consent) === -1).length;
      expect(consented.length).toBeGreaterThan(0);
      expect(notRecorded).toBeGreaterThan(0);

      const page = await newPage();
      await page.setViewportSize({ width: 1440, height: 1000 });
      await signIn(page, session.api.tokens.editor, "/audiences");
      await page.goto(`${session.admin.url}/audiences?segment=Champions`);
      await ready(page, "audiences");
      await page.getByRole("radio", { name: "Email tool" }).check();
      await page.getByRole("checkbox", { name: "For Excel" }).check();
      expect(await page.getByRole("radio", { name: "Campaign" }).isChecked()).toBe(true);
      await page.getByRole("button", { name: "Prepare the export" }).click();
      const link = page.getByTestId("export-download");
      await link.waitFor();
      // Focus goes to the result, not back to the page body.
      await poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null)).toBe(
        "export-result",
      );
      const summary = await page.getByTestId("export-summary").textContent();
      expect(summary).toContain(`${consented.length} rows to write`);
      expect(summary).toContain(`${notRecorded} left out: no marketing consent recorded`);
      expect(await link.textContent()).toMatch(/Download champions-email-\d{4}-\d{2}-\d{2}\.csv/);
      await screenshot(page, "audiences-export-presets-1440");

      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toMatch(/^champions-email-\d{4}-\d{2}-\d{2}\.csv$/);
      const file = join(ARTIFACTS_DIR, "export-champions-email.csv");
      await download.saveAs(file);
      const bytes = readFileSync(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...rows] = parseCsv(bytes.subarray(3).toString("utf8")).filter(
        (r) => r.length > 1 || r[0] !== "",
      );
      expect(header).toEqual([
        "email",
        "first_name",
        "last_name",
        "segment",
        "segment_key",
        "r",
        "f",
        "m",
        "code",
      ]);
      expect(rows.map((r) => r[0])).toEqual(consented.map((c) => c.email));

      // The same panel at phone width.
      await page.setViewportSize({ width: 390, height: 900 });
      // The export panel fits (the audience table beside it is the Audiences page's to fit, with
      // its own scroll container: issue 10 §8, another change).
      const form = page.locator("form", { has: page.getByRole("button", { name: "Prepare the export" }) });
      const box = await form.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await form.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await screenshot(page, "audiences-export-presets-390");
    },
    TIMEOUT,
  );
});
