/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * Team access in a real browser: an admin creates a viewer token on the Tokens page, copies it
 * (the page shows it once, focused, with a copy button; the clipboard holds the same text), and
 * it is never shown again. In another browser the token signs in and sees the admin read-only.
 * The admin revokes it through the confirm dialog (focus goes into the dialog and, after, to
 * the result), and the signed-in viewer is refused at its next request and sent to sign-in.
 * An expired token is refused at sign-in with the day it expired. Screenshots at 1440 and 390 px.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

/** The focused element's test id, or its tag and accessible text: where focus went. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    return (
      el.getAttribute("data-testid") ??
      `${el.tagName.toLowerCase()}:${(el.textContent ?? "").trim().slice(0, 40)}`
    );
  });

/** Whether the page itself scrolls sideways (it must not at 390 px). */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe("the admin in Chromium: team access (API tokens)", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready } = session;

  it(
    "an admin creates a viewer token shown once, the viewer signs in read-only, and is refused once revoked",
    async () => {
      const admin = await newPage();
      await admin.context().grantPermissions(["clipboard-read", "clipboard-write"], {
        origin: session.admin.url,
      });
      await signIn(admin, session.api.tokens.admin);
      await admin.getByRole("link", { name: "Team access" }).click();
      await ready(admin, "tokens");
      // The harness's three tokens, the admin's own marked.
      const rows = admin.locator("[data-testid=api-tokens] tr[data-token]");
      await poll(() => rows.count()).toBe(3);
      expect(await admin.locator("tr[data-token]", { hasText: "admin-token" }).textContent()).toContain(
        "you",
      );

      const form = admin.getByRole("form", { name: "New API token" });
      await form.getByLabel("Name").fill("Agency (read-only)");
      await form.getByLabel("Role").selectOption("VIEWER");
      await form.getByLabel("Expires").selectOption("30");
      await form.getByRole("button", { name: "Create the token" }).click();
      const secretBox = admin.getByTestId("token-secret");
      await secretBox.waitFor();
      // Focus moved to the secret, which says it will not be shown again.
      expect(await focused(admin)).toBe("token-secret");
      expect(await secretBox.textContent()).toContain("you will not see it again");
      const secret = (await admin.getByTestId("token-secret-value").textContent())!.trim();
      expect(secret).toMatch(/^rfm_[A-Za-z0-9_-]{43}$/);
      await admin.getByRole("button", { name: "Copy", exact: true }).click();
      await admin.getByText("Copied to the clipboard.").waitFor();
      expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await poll(() => rows.count()).toBe(4);
      const row = admin.locator("tr[data-token]", { hasText: "Agency (read-only)" });
      expect(await row.textContent()).toMatch(/Viewer.*Never.*Active/);
      // What the API stored: a viewer token expiring in 30 days.
      const [stored] = await session.api.sql<{ role: string; expires_at: unknown; created_at: unknown }>(
        "SELECT role, expires_at, created_at FROM api_tokens WHERE name = 'Agency (read-only)'",
      );
      expect(stored!.role).toBe("viewer");
      const span =
        Number(new Date(stored!.expires_at as number)) - Number(new Date(stored!.created_at as number));
      expect(Math.abs(span - 30 * 86_400_000)).toBeLessThan(60_000);
      await admin.setViewportSize({ width: 1440, height: 1000 });
      await screenshot(admin, "tokens-secret-once-1440");

      await admin.getByRole("button", { name: "I have stored it" }).click();
      await secretBox.waitFor({ state: "detached" });
      expect(await focused(admin)).toMatch(/^input:/);
      // Never shown again, not after a reload either.
      await admin.reload();
      await ready(admin, "tokens");
      expect(await admin.content()).not.toContain(secret);
      await screenshot(admin, "tokens-1440");
      await admin.setViewportSize({ width: 390, height: 900 });
      expect(await scrollsSideways(admin)).toBe(false);
      await screenshot(admin, "tokens-390");
      await admin.setViewportSize({ width: 1440, height: 1000 });

      // Another browser signs in with the copied token: read-only everywhere.
      const viewer = await newPage();
      await signIn(viewer, secret);
      expect(await viewer.getByTestId("session-role").textContent()).toBe("Viewer (read-only)");
      expect(await viewer.getByTestId("session-user").textContent()).toContain("Agency (read-only)");
      await viewer.getByRole("link", { name: "Scoring" }).click();
      await ready(viewer, "scoring");
      expect(await viewer.getByRole("button", { name: "Start the run" }).isDisabled()).toBe(true);
      await viewer.getByText("only editors and admins start scoring runs").first().waitFor();
      await viewer.getByRole("link", { name: "Team access" }).click();
      await ready(viewer, "tokens");
      await viewer.getByText("only tokens with the admin role see and manage them").waitFor();
      expect(await viewer.locator("[data-testid=api-tokens]").count()).toBe(0);
      await screenshot(viewer, "tokens-viewer");

      // The admin revokes it: a confirm dialog takes focus; Cancel gives it back to the button.
      const revoke = row.getByRole("button", { name: "Revoke Agency (read-only)" });
      await revoke.click();
      const dialog = admin.getByRole("dialog", { name: "Revoke “Agency (read-only)”?" });
      await dialog.waitFor();
      expect(await focused(admin)).toBe("button:Cancel");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "detached" });
      expect(await focused(admin)).toBe("button:Revoke");
      await revoke.click();
      await dialog.waitFor();
      await screenshot(admin, "tokens-revoke-dialog");
      await dialog.getByRole("button", { name: "Revoke the token" }).click();
      await dialog.waitFor({ state: "detached" });
      const notice = admin.getByText("“Agency (read-only)” is revoked");
      await notice.waitFor();
      expect(await focused(admin)).toMatch(/^p:“Agency \(read-only\)” is revoked/);
      await poll(() => row.getByTestId("token-status").textContent()).toBe("Revoked");
      const [revokedRow] = await session.api.sql<{ revoked: number }>(
        "SELECT count(*) AS revoked FROM api_tokens WHERE name = 'Agency (read-only)' AND revoked_at IS NOT NULL",
      );
      expect(Number(revokedRow!.revoked)).toBe(1);

      // The viewer, still on a page, is refused at its next request and sent to sign in.
      await viewer.getByRole("link", { name: "Dashboard" }).click();
      await viewer.waitForURL((url) => url.pathname === "/sign-in");
      await viewer.getByText("not accepted any more").waitFor();
      // Signing in with it again is refused too.
      await viewer.getByLabel("API token").fill(secret);
      await viewer.getByRole("button", { name: "Sign in" }).click();
      await viewer.getByText("The API did not accept this token").waitFor();
    },
    TIMEOUT * 2,
  );

  it(
    "an expired token is refused at sign-in with the instant it expired",
    async () => {
      const made = await session.gql<{ createApiToken: { apiToken: { number: number }; secret: string } }>(
        `mutation { createApiToken(input: { name: "Old laptop", role: EDITOR, expiresInDays: 1 }) { apiToken { number } secret } }`,
      );
      await session.api.test.db.prisma.apiToken.update({
        where: { id: made.createApiToken.apiToken.number },
        data: { expiresAt: new Date("2026-02-03T04:05:06Z") },
      });
      const page = await newPage();
      await page.goto(`${session.admin.url}/sign-in`);
      await page.getByLabel("API token").fill(made.createApiToken.secret);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText('the token "Old laptop" expired on 2026-02-03 04:05 UTC').waitFor();
      expect(page.url()).toContain("/sign-in");
    },
    TIMEOUT,
  );

  it(
    "an editor may start a scoring run from the Scoring page; schedules stay with admins",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor);
      await page.getByRole("link", { name: "Scoring" }).click();
      await ready(page, "scoring");
      expect(await page.getByRole("button", { name: "Start the run" }).isDisabled()).toBe(false);
      expect(await page.getByText("only editors and admins start scoring runs").count()).toBe(0);
      await page.getByText("Only tokens with the admin role set scoring schedules.").first().waitFor();
      await page.getByRole("link", { name: "Team access" }).click();
      await ready(page, "tokens");
      await page.getByText("only tokens with the admin role see and manage them").waitFor();
    },
    TIMEOUT,
  );

  it(
    "revoking the token one is signed in with warns in the dialog, then signs out",
    async () => {
      const made = await session.gql<{ createApiToken: { secret: string } }>(
        `mutation { createApiToken(input: { name: "Second admin", role: ADMIN }) { secret } }`,
      );
      const page = await newPage();
      await signIn(page, made.createApiToken.secret, "/tokens");
      await ready(page, "tokens");
      const own = page.locator("tr[data-token]", { hasText: "Second admin" });
      expect(await own.textContent()).toContain("you");
      await own.getByRole("button", { name: "Revoke Second admin" }).click();
      const dialog = page.getByRole("dialog", { name: "Revoke “Second admin”?" });
      await dialog.getByText("This is the token you are signed in with").waitFor();
      await dialog.getByRole("button", { name: "Revoke and sign out" }).click();
      await page.waitForURL((url) => url.pathname === "/sign-in");
      const [row] = await session.api.sql<{ revoked: number }>(
        "SELECT count(*) AS revoked FROM api_tokens WHERE name = 'Second admin' AND revoked_at IS NOT NULL",
      );
      expect(Number(row!.revoked)).toBe(1);
    },
    TIMEOUT,
  );
});
