/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * The profile switcher in a real browser: a second scoring profile (5 bins) is created and
 * scored through the API; switching to it in the header shows its segments and its 5 x 5 grid
 * on the dashboard, its mapping on the segments page and its runs on the scoring page, and
 * switching back shows the default profile's again. Figures are compared with the API's.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

const KEY = "online-365";

describe("the admin in Chromium: switching scoring profile", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready, gql } = session;

  const dashboardRows = (page: Page) =>
    page
      .getByTestId("segment-customers-row")
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute("data-segment"), Number(r.getAttribute("data-value"))]),
      );

  it(
    "shows the other profile's segments everywhere once switched, and the default's again after",
    async () => {
      await gql(`mutation {
        createProfile(input: { key: "${KEY}", name: "Online, last 365 days, 5 bins", settings: { bins: 5, windowDays: 365, channels: ["web", "mobile"] } }) { profile { key } }
      }`);
      const started = await gql<{ runScoring: { run: { id: number } } }>(
        `mutation { runScoring(input: { profile: "${KEY}" }) { run { id } } }`,
      );
      const runId = started.runScoring.run.id;
      await poll(
        async () =>
          (
            await gql<{ scoringRun: { status: string; phase: string | null } }>(
              `query($id: Int!) { scoringRun(id: $id) { status phase } }`,
              { id: runId },
            )
          ).scoringRun,
        { timeout: 60_000 },
      ).toEqual({ status: "COMPLETE", phase: null });
      const expected = await gql<{
        defaults: { name: string; customerCount: number }[];
        online: { name: string; customerCount: number }[];
      }>(`{
        defaults: segments { name customerCount }
        online: segments(profile: "${KEY}") { name customerCount }
      }`);
      // The 5-bin R-F map: eleven segments, from Champions to Lost. The demo store sells on
      // "web", "mobile" and "store": the online profile scores some customers, not all of them.
      expect(expected.online).toHaveLength(11);
      const total = (segments: { customerCount: number }[]) =>
        segments.reduce((sum, s) => sum + s.customerCount, 0);
      expect(total(expected.online)).toBeGreaterThan(0);
      expect(total(expected.online)).toBeLessThan(total(expected.defaults));
      expect(expected.online[0]!.name).toBe("Champions");
      const asRows = (segments: { name: string; customerCount: number }[]) =>
        segments.map((s) => [s.name, s.customerCount]);

      const page = await newPage();
      await signIn(page, session.api.tokens.viewer);
      await ready(page, "dashboard");
      await poll(() => dashboardRows(page)).toEqual(asRows(expected.defaults));

      await page.getByTestId("profile-switcher").selectOption(KEY);
      await poll(() => dashboardRows(page)).toEqual(asRows(expected.online));
      await poll(() => page.locator("[data-testid=rf-grid] td[data-r]").count()).toBe(25);
      await screenshot(page, "dashboard-profile-online");

      // The choice follows the user from page to page.
      await page.getByRole("link", { name: "Segments", exact: true }).click();
      await ready(page, "segments");
      await poll(() =>
        page
          .getByTestId("segment-card")
          .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-segment"))),
      ).toEqual(expected.online.map((s) => s.name));
      expect(await page.getByTestId("profile-switcher").inputValue()).toBe(KEY);

      await page.getByRole("link", { name: "Scoring", exact: true }).click();
      await ready(page, "scoring");
      await poll(() =>
        page
          .locator("[data-testid=scoring-runs] tr[data-run]")
          .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run"))),
      ).toEqual([String(runId)]);
      await poll(() =>
        page
          .locator("[data-testid=profiles] tr[data-profile]")
          .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-profile"))),
      ).toEqual(["default", KEY]);
      await screenshot(page, "scoring-profiles");

      await page.getByTestId("profile-switcher").selectOption("default");
      await page.getByRole("link", { name: "Dashboard", exact: true }).click();
      await ready(page, "dashboard");
      await poll(() => dashboardRows(page)).toEqual(asRows(expected.defaults));
      await poll(() => page.locator("[data-testid=rf-grid] td[data-r]").count()).toBe(16);
    },
    TIMEOUT,
  );

  it(
    "an editor's refused profile shows the API's user error beside the form, and nothing is created",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor);
      await ready(page, "dashboard");
      await page.getByRole("link", { name: "Scoring", exact: true }).click();
      await ready(page, "scoring");
      const form = page.getByRole("form", { name: "New profile" });
      await form.locator("input[name=profileName]").fill("Another online profile");
      await form.locator("input[name=profileKey]").fill(KEY);
      await form.getByRole("button", { name: "Create the profile" }).click();
      const alert = form.locator("xpath=..").getByRole("alert");
      await poll(() => alert.textContent()).toBe(`a scoring profile with key "${KEY}" exists`);
      expect(await alert.locator("[data-code]").getAttribute("data-code")).toBe("CONFLICT");
      const { profiles } = await gql<{ profiles: { key: string }[] }>("{ profiles { key } }");
      expect(profiles.map((p) => p.key)).toEqual(["default", KEY]);
      await screenshot(page, "scoring-profile-refused");
    },
    TIMEOUT,
  );
});
