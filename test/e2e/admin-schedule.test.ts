/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * The Schedule card of the scoring page in Chromium: an admin types a cron expression and sees
 * its next three firings (instants computed by hand here), a mistyped expression is refused
 * with the reason, saving stores the schedule (read back with SQL) and shows its next run, and
 * switching it off clears the next run.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

const DAY = 86_400_000;

/** The next 04:15 UTC strictly after `after`, by hand. */
function next0415(after: number): number {
  const d = new Date(after);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 4, 15);
  while (t <= after) t += DAY;
  return t;
}

describe("the admin in Chromium: scheduling scoring runs", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready } = session;

  const previewed = (page: Page) =>
    page
      .getByTestId("schedule-preview")
      .locator("li")
      .evaluateAll((items) => items.map((li) => Date.parse(li.getAttribute("data-at") ?? "")));

  it(
    "previews the expression's next firings, refuses a mistyped one, saves it and shows its next run",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.admin, "/scoring");
      await ready(page, "scoring");
      const card = page.getByTestId("schedule-card");
      await expect.poll(() => card.getByTestId("schedule-next-run").textContent()).toContain("No schedule");

      await card.getByTestId("schedule-cron").fill("15 4 * *");
      await poll(() => card.getByTestId("schedule-preview-error").textContent()).toMatch(
        /has 4 fields: a schedule is five fields/,
      );

      const before = Date.now();
      await card.getByTestId("schedule-cron").fill("15 4 * * *");
      await card.getByTestId("schedule-timezone").fill("UTC");
      const first = next0415(before);
      await poll(() => previewed(page)).toEqual([first, first + DAY, first + 2 * DAY]);
      await expect.poll(() => card.getByTestId("schedule-preview").textContent()).toContain("04:15 (UTC)");
      await expect.poll(() => card.getByTestId("schedule-preview-error").count()).toBe(0);
      await screenshot(page, "scoring-schedule-preview");

      await card.getByTestId("schedule-save").click();
      await poll(() => card.getByTestId("schedule-next-run").getAttribute("data-at")).toBe(
        new Date(first).toISOString(),
      );
      const rows = await session.api.sql<{ cron: string; time_zone: string; profile_id: number }>(
        "SELECT cron, time_zone, profile_id FROM scoring_schedules",
      );
      expect(rows.map((r) => ({ ...r, profile_id: Number(r.profile_id) }))).toEqual([
        { cron: "15 4 * * *", time_zone: "UTC", profile_id: 1 },
      ]);
      await screenshot(page, "scoring-schedule-saved");

      await card.getByTestId("schedule-enabled").uncheck();
      await card.getByTestId("schedule-save").click();
      await poll(() => card.getByTestId("schedule-next-run").textContent()).toContain("Switched off");
      const [stored] = await session.api.sql<{ enabled: unknown; next_run_at: unknown }>(
        "SELECT enabled, next_run_at FROM scoring_schedules",
      );
      expect({ enabled: Boolean(stored?.enabled), next: stored?.next_run_at }).toEqual({
        enabled: false,
        next: null,
      });
    },
    TIMEOUT,
  );

  it(
    "shows a viewer the schedule without letting them change it",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer, "/scoring");
      await ready(page, "scoring");
      const card = page.getByTestId("schedule-card");
      await poll(() => card.getByTestId("schedule-next-run").textContent()).toContain("Switched off");
      expect(await card.getByTestId("schedule-cron").isDisabled()).toBe(true);
      expect(await card.getByTestId("schedule-save").isDisabled()).toBe(true);
      await expect
        .poll(() => card.textContent())
        .toContain("Only tokens with the admin role set scoring schedules.");
    },
    TIMEOUT,
  );
});
