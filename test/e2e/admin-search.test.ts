/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * Finding a customer from the header in a real browser: a viewer types part of an email into
 * the search box, the results appear as she types, she picks the customer with the arrow keys
 * and Enter, and lands on the customer's page. Then an id typed exactly, Enter, opens it
 * directly. Own API and database (the demo store); expected customers from SQL.
 */
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

describe("the admin in Chromium: finding a customer from the header", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready } = session;

  it(
    "part of an email, arrow down to the customer, Enter: the customer's page",
    async () => {
      // A customer in the middle of the table and a fragment of its email: "wilson.137@exa".
      const [row] = await session.api.sql<{ id: string; name: string; email: string }>(
        `SELECT external_id AS "id", name AS "name", email AS "email" FROM customers ORDER BY id LIMIT 1 OFFSET 136`,
      );
      const email = row!.email;
      const at = email.indexOf("@");
      const fragment = email.slice(email.lastIndexOf(".", email.lastIndexOf(".", at) - 1) + 1, at + 4);
      const matching = await session.api.sql<{ id: string }>(
        `SELECT external_id AS "id" FROM customers WHERE instr(lower(email), $1) > 0 ORDER BY external_id`,
        [fragment.toLowerCase()],
      );
      expect(matching.map((m) => m.id)).toContain(row!.id);

      const page = await newPage();
      await signIn(page, session.api.tokens.viewer, "/dashboard");
      await ready(page, "dashboard");
      const box = page.getByRole("combobox", { name: "Find a customer" });
      await box.click();
      await box.pressSequentially(fragment, { delay: 30 });
      const options = page.getByRole("listbox", { name: "Customers found" }).getByRole("option");
      await poll(() => options.count()).toBe(matching.length);
      const shown = await options.evaluateAll((items) => items.map((item) => item.textContent ?? ""));
      for (const m of matching) expect(shown.some((text) => text.includes(m.id))).toBe(true);
      // Each result shows name, email, id and segment.
      const target = shown.findIndex((text) => text.includes(row!.id));
      expect(shown[target]).toContain(row!.name);
      expect(shown[target]).toContain(email);
      expect(await box.getAttribute("aria-expanded")).toBe("true");

      for (let i = 0; i <= target; i++) await box.press("ArrowDown");
      const activeId = await box.getAttribute("aria-activedescendant");
      expect(await page.locator(`[id="${activeId}"]`).getAttribute("aria-selected")).toBe("true");
      expect(await page.locator(`[id="${activeId}"]`).textContent()).toContain(row!.id);
      await screenshot(page, "header-customer-search");

      await box.press("Enter");
      await page.waitForURL((url) => url.pathname === `/customers/${encodeURIComponent(row!.id)}`);
      await ready(page, "customer");
      await expect.poll(() => page.getByText(email).first().isVisible()).toBe(true);

      // Escape closes the list; an exact id (any case) and Enter opens that customer.
      const other = await session.api.sql<{ id: string }>(
        `SELECT external_id AS "id" FROM customers ORDER BY id LIMIT 1 OFFSET 9`,
      );
      await box.fill(other[0]!.id.slice(0, 4));
      await poll(() => box.getAttribute("aria-expanded")).toBe("true");
      await box.press("Escape");
      expect(await box.getAttribute("aria-expanded")).toBe("false");
      await box.fill(other[0]!.id.toLowerCase());
      await poll(() => options.first().textContent()).toContain(other[0]!.id);
      await box.press("Enter");
      await page.waitForURL((url) => url.pathname === `/customers/${encodeURIComponent(other[0]!.id)}`);
      await ready(page, "customer");

      // On a phone: the results fit the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await box.fill(fragment);
      await poll(() => options.count()).toBe(matching.length);
      const right = await page
        .getByRole("listbox", { name: "Customers found" })
        .evaluate((list) => list.getBoundingClientRect().right);
      expect(right).toBeLessThanOrEqual(390);
      await screenshot(page, "header-customer-search-390");
    },
    TIMEOUT,
  );
});
