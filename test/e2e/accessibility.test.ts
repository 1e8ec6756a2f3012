/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * Phone, keyboard and contrast (issue 10 §8) in a real browser against the real API and the
 * admin's production build (see support/session.ts). Every page of the admin, found from its
 * main navigation (so a page added to the navigation is covered without editing this file),
 * plus the sign-in page, a customer's page and a segment's audience, at 1440 px and 390 px:
 * axe-core finds no serious or critical violation, the page itself never scrolls sideways, and
 * a screenshot of each goes to test/e2e/artifacts/<page>-<width>.png. Then the actions after
 * which focus used to drop to <body>: Assign in the mapping editor, the inline confirmations,
 * form submissions with errors; and the accessible names of hinted fields.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectNoSeriousViolations } from "./support/axe";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

const WIDTHS = [1440, 390] as const;

/** What `document.activeElement` is, described well enough for a failure message. */
async function focused(
  page: Page,
): Promise<{ tag: string; text: string; testId: string | null; name: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el ? el.tagName.toLowerCase() : "none",
      text: (el?.textContent ?? "").trim().slice(0, 120),
      testId: el?.getAttribute("data-testid") ?? null,
      name: el?.getAttribute("aria-label") ?? (el instanceof HTMLInputElement ? el.name : ""),
    };
  });
}

/** Fails unless focus settles, within 20 s, on an element (not <body>) for which `accept` holds. */
async function expectFocus(
  page: Page,
  what: string,
  accept: (el: { tag: string; text: string; testId: string | null; name: string }) => boolean,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last = await focused(page);
  while (last.tag === "body" || last.tag === "none" || !accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`focus should be on ${what}, but is on ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await focused(page);
  }
}

/** Sideways scroll of the page itself: the document is wider than the viewport. */
async function pageOverflow(
  page: Page,
): Promise<{ scrollWidth: number; innerWidth: number; widest: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const widest: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth) {
      // The elements sticking out past the right edge, outermost first, to say what to fix.
      // Content inside a box that scrolls on its own is fine: only what the page itself holds
      // counts, and absolutely placed elements, which may escape a scroller that is not positioned.
      const insideScroller = (el: HTMLElement) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
        }
        return false;
      };
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
        const rect = el.getBoundingClientRect();
        const placed = ["absolute", "fixed"].includes(getComputedStyle(el).position);
        if (rect.right > innerWidth + 1 && widest.length < 8 && (placed || !insideScroller(el))) {
          widest.push(
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${String(el.className).slice(0, 60)} right=${Math.round(rect.right)}`,
          );
        }
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, widest };
  });
}

describe("the admin in Chromium: phone widths, keyboard focus and axe-core", () => {
  const session = useAdminSession();
  const { newPage, signIn, gql } = session;

  /** Waits until the page has its data and no loading placeholder is left. */
  async function settled(page: Page): Promise<void> {
    await page.locator("[data-page-ready]").first().waitFor({ state: "attached" });
    await page.waitForLoadState("networkidle");
    await poll(() => page.locator("main .animate-spin").count()).toBe(0);
  }

  /**
   * axe, no sideways scroll and the screenshot, at the page's current width. Returns the
   * problems found (empty when none), so one run lists every page's problems at once.
   */
  async function check(page: Page, name: string, width: number): Promise<string[]> {
    const problems: string[] = [];
    await expectNoSeriousViolations(page, `${name} at ${width} px`).catch((error: Error) =>
      problems.push(error.message),
    );
    const overflow = await pageOverflow(page);
    if (overflow.scrollWidth > overflow.innerWidth) {
      problems.push(
        `${name} at ${width} px scrolls sideways (${overflow.scrollWidth} > ${overflow.innerWidth}); sticking out: ${overflow.widest.join("; ")}`,
      );
    }
    await screenshot(page, `${name}-${width}`);
    return problems;
  }

  it(
    "every page, found from the navigation, plus sign-in, a customer and an audience: axe clean and no sideways scroll at 1440 and 390 px",
    async () => {
      const { customers } = await gql<{ customers: { edges: { node: { externalId: string } }[] } }>(
        `{ customers(filter: { segment: "Champions" }, first: 1) { edges { node { externalId } } } }`,
      );
      const customerId = customers.edges[0]?.node.externalId;
      expect(customerId, "a Champion in the demo store").toBeDefined();

      const problems: string[] = [];
      const page = await newPage();
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${session.admin.url}/sign-in`);
        await page.getByLabel("API token").waitFor();
        problems.push(...(await check(page, "sign-in", width)));
      }

      await page.setViewportSize({ width: 1440, height: 900 });
      await signIn(page, session.api.tokens.admin);
      await settled(page);
      const nav = await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link")
        .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      expect(nav.length).toBeGreaterThanOrEqual(6);
      expect(nav).toContain("/dashboard");

      const pages = [
        ...nav.map((href) => ({ name: href.replace(/^\//, "").replace(/\W+/g, "-"), path: href })),
        { name: "customer", path: `/customers/${encodeURIComponent(customerId ?? "")}` },
        { name: "audience-champions", path: "/audiences?segment=Champions" },
      ];
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        for (const { name, path } of pages) {
          await page.goto(`${session.admin.url}${path}`);
          await settled(page);
          problems.push(...(await check(page, name, width)));
        }
      }
      expect(problems.join("\n\n")).toBe("");
    },
    TIMEOUT * 3,
  );

  it(
    "at 390 px the navigation sits behind a menu button that opens it, and every page is reachable from it",
    async () => {
      const page = await newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, session.api.tokens.admin);
      await settled(page);
      const menu = page.getByRole("button", { name: "Menu" });
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
      expect(await links.first().isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      await links.first().waitFor({ state: "visible" });
      await expectNoSeriousViolations(page, "the open menu at 390 px");
      await screenshot(page, "menu-open-390");
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      const last = hrefs.at(-1) ?? "";
      await links.last().click();
      await page.waitForURL((url) => url.pathname === last);
      // Following a link closes the menu again.
      await poll(() => menu.getAttribute("aria-expanded")).toBe("false");
      // Escape closes an open menu and gives focus back to the button.
      await menu.click();
      await page.keyboard.press("Escape");
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      await expectFocus(page, "the menu button", (el) => el.text === "Menu");
    },
    TIMEOUT,
  );

  it(
    "Assign gives focus to its result, and the draft's confirmation takes focus and gives it back; axe clean with codes selected and with the confirmation open",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/mapping");
      await settled(page);
      const cell = page.locator('[role=gridcell][data-code="111"]');
      await cell.click();
      expect(await cell.getAttribute("aria-selected")).toBe("true");
      await expectNoSeriousViolations(page, "the mapping editor with a code selected");

      await page.getByLabel("Move the selected codes to").selectOption("About to Sleep");
      await page.getByRole("button", { name: "Assign", exact: true }).click();
      await poll(() => cell.getAttribute("data-segment")).toBe("About to Sleep");
      // Assign is disabled once the selection is cleared: focus goes to the result, not <body>.
      await expectFocus(page, "the Assign result", (el) => el.text === "Moved 1 code to About to Sleep.");
      await expectNoSeriousViolations(page, "the mapping editor after Assign");

      // The shared draft's "Discard" asks first: the question takes focus, on the safe answer.
      const discard = page.getByRole("button", { name: "Discard the draft…" });
      await discard.click();
      await expectFocus(page, "Keep it", (el) => el.tag === "button" && el.text === "Keep it");
      await expectNoSeriousViolations(page, "the mapping editor asking to discard the draft");
      await screenshot(page, "mapping-discard-confirm-1440");
      await page.keyboard.press("Enter");
      await expectFocus(page, "the Discard button again", (el) => el.text === "Discard the draft…");
      await discard.click();
      await page.getByRole("button", { name: "Discard", exact: true }).click();
      // The button went away with the draft: focus is on the page's heading.
      await expectFocus(page, "the page heading", (el) => el.tag === "h1" && el.text === "Mapping editor");
      await poll(() => cell.getAttribute("data-segment")).toBe("Lost Customer");
    },
    TIMEOUT,
  );

  it(
    "on the segments page, adding, editing and deleting keep focus on the form, its result or its button; axe clean with the delete question open",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/segments");
      await settled(page);

      // Adding: the button is disabled while the request runs and once the form is cleared.
      const add = page.locator("section", { has: page.getByRole("heading", { name: "Add a segment" }) });
      await add.getByLabel("Name", { exact: true }).fill("Focus check");
      await add.getByRole("button", { name: "Add the segment" }).click();
      await expectFocus(page, "the add result", (el) => el.text.startsWith("Added Focus check"));

      const card = page.locator('[data-testid=segment-card][data-segment="Focus check"]');
      await card.waitFor();
      await card.getByRole("button", { name: "Edit" }).click();
      await expectFocus(page, "the first field of the edit form", (el) => el.tag === "input");
      await card.getByRole("button", { name: "Cancel" }).click();
      await expectFocus(page, "Edit again", (el) => el.text === "Edit");

      await card.getByRole("button", { name: "Delete…" }).click();
      await expectFocus(page, "Cancel of the delete question", (el) => el.text === "Cancel");
      await expectNoSeriousViolations(page, "the segments page asking to delete a segment");
      await screenshot(page, "segments-delete-confirm-1440");
      await page.keyboard.press("Enter");
      await expectFocus(page, "Delete… again", (el) => el.text === "Delete…");

      await card.getByRole("button", { name: "Delete…" }).click();
      await card.getByRole("button", { name: "Delete Focus check" }).click();
      await card.waitFor({ state: "detached" });
      await expectFocus(page, "the page heading", (el) => el.tag === "h1");
      // What the two edits left in the shared draft goes, so later tests see the published mapping.
      await gql(`mutation { discardDraft { discarded } }`);
    },
    TIMEOUT,
  );

  it(
    "a webhook's edit form and delete question take focus and give it back; after deleting, focus is on the heading",
    async () => {
      await gql(
        `mutation { createWebhookSubscription(input: { url: "http://127.0.0.1:9/focus-check", events: [CUSTOMER_ENTERED_SEGMENT] }) { userErrors { code message } } }`,
      );
      const page = await newPage();
      await signIn(page, session.api.tokens.admin, "/webhooks");
      await settled(page);
      const row = page.locator("tr[data-subscription]", { hasText: "focus-check" });
      await row.getByRole("button", { name: "Edit" }).click();
      await expectFocus(page, "the first control of the edit form", (el) => el.tag === "input");
      await expectNoSeriousViolations(page, "the webhooks page editing a subscription");
      await page
        .getByRole("form", { name: "Edit webhook subscription" })
        .getByRole("button", { name: "Cancel" })
        .click();
      await expectFocus(page, "Edit again", (el) => el.text === "Edit");

      await row.getByRole("button", { name: "Delete", exact: true }).click();
      await expectFocus(page, "Keep", (el) => el.text === "Keep");
      await expectNoSeriousViolations(page, "the webhooks page asking to delete a subscription");
      await page.keyboard.press("Enter");
      await expectFocus(page, "Delete again", (el) => el.text === "Delete");
      await row.getByRole("button", { name: "Delete", exact: true }).click();
      await row.getByRole("button", { name: "Confirm delete" }).click();
      await row.waitFor({ state: "detached" });
      await expectFocus(page, "the page heading", (el) => el.tag === "h1" && el.text === "Webhooks");
    },
    TIMEOUT,
  );

  it(
    "a refused form puts focus on its error summary, and axe finds nothing serious with the errors shown",
    async () => {
      const page = await newPage();
      // Sign-in: "Checking…" disables the button; the refusal takes focus.
      await page.goto(`${session.admin.url}/sign-in`);
      await page.getByLabel("API token").fill("rfm_not-a-real-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expectFocus(page, "the sign-in refusal", (el) => el.text.includes("did not accept this token"));
      await expectNoSeriousViolations(page, "the sign-in page with its error");

      await signIn(page, session.api.tokens.admin, "/scoring");
      await settled(page);
      const form = page.getByRole("form", { name: "New profile" });
      await form.getByLabel("Profile name", { exact: true }).fill("Bad key");
      await form.getByLabel("Profile key", { exact: true }).fill("Not A Key!");
      await form.getByRole("button", { name: "Create the profile" }).click();
      await expectFocus(
        page,
        "the profile form's error summary",
        (el) => el.text.length > 0 && el.tag === "div",
      );
      const alert = await focused(page);
      expect(alert.text.toLowerCase()).toContain("key");
      await expectNoSeriousViolations(page, "the scoring page with the profile form's errors");
      await screenshot(page, "scoring-form-errors-1440");
    },
    TIMEOUT,
  );

  it(
    "a hinted field's accessible name is its label alone, and the hint is its description",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.admin, "/scoring");
      await settled(page);
      const hinted = [
        ["As of", "The last day counted"],
        ["Window (days)", "The last N days"],
        ["Profile key", "Lower-case letters, digits, dashes."],
        ["Profile window, days", "Empty: every order."],
        ["Channels", "Comma-separated; empty: all."],
      ] as const;
      for (const [label, hint] of hinted) {
        // exact: the whole accessible name is the label (a hint inside the <label> would be part of it).
        const input = page.getByLabel(label, { exact: true });
        expect(await input.count(), `one control named exactly "${label}"`).toBe(1);
        const description = await input.evaluate((el) =>
          (el.getAttribute("aria-describedby") ?? "")
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? "")
            .join(" "),
        );
        expect(description, `the description of "${label}"`).toContain(hint);
      }
    },
    TIMEOUT,
  );
});
