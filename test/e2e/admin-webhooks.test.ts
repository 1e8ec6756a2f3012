/**
 * The Webhooks page in a real browser: an admin creates a subscription to a loopback receiver
 * (the secret is shown once, then never again), a mapping publish made through the API is
 * delivered after a refused first attempt, the delivery log shows both status codes, Replay
 * queues the same events again, and the subscription is paused and deleted. A viewer sees a
 * notice instead.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookDispatcher } from "@rfm/api/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

describe("the admin in Chromium: webhooks", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready, gql } = session;
  const statuses: number[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const status = statuses.length === 0 ? 500 : 200;
      statuses.push(status);
      res.writeHead(status).end();
    });
  });
  let hookUrl = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/rfm`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it(
    "creates a subscription showing its secret once, logs deliveries with status codes, replays, pauses and deletes",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.admin);
      await page.getByRole("link", { name: "Webhooks", exact: true }).click();
      await ready(page, "webhooks");
      await page.getByText("No subscriptions yet").waitFor();

      const form = page.getByRole("form", { name: "New webhook subscription" });
      await form.getByLabel("URL").fill(hookUrl);
      await form.getByLabel("mapping.published").check();
      await form.getByRole("button", { name: "Create subscription" }).click();
      const secret = await page.getByTestId("webhook-secret-value").textContent();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      await screenshot(page, "webhooks-secret-once");
      const row = page.locator("[data-testid=webhook-subscriptions] tr[data-subscription]");
      await poll(() => row.count()).toBe(1);
      await poll(() => row.first().textContent()).toContain(hookUrl);
      await page.getByRole("button", { name: "I have stored it" }).click();
      await page.getByTestId("webhook-secret").waitFor({ state: "detached" });
      // Never shown again: not after a reload either.
      await page.reload();
      await ready(page, "webhooks");
      expect(await page.content()).not.toContain(secret!);
      const [stored] = await session.api.sql<{ secret: string; events: unknown; created_by: string }>(
        "SELECT secret, events, created_by FROM webhook_subscriptions",
      );
      expect(stored!.secret).toBe(secret);
      expect(stored!.created_by).toBe("admin-token");

      // A publish through the API, delivered by the dispatcher (what `rfm serve` runs).
      const assigned = await gql<{ assignCodes: { userErrors: unknown[] } }>(
        `mutation { assignCodes(input: { codes: ["444"], segment: "Loyal Customer" }) { userErrors { code message } } }`,
      );
      expect(assigned.assignCodes.userErrors).toEqual([]);
      const published = await gql<{
        publishMapping: { mapping: { version: number }; userErrors: unknown[] };
      }>(
        `mutation { publishMapping(input: { expectedVersion: 1, note: "for the webhook" }) { mapping { version } userErrors { code message } } }`,
      );
      expect(published.publishMapping).toEqual({ mapping: { version: 2 }, userErrors: [] });
      let now = Date.now();
      const dispatcher = new WebhookDispatcher({ db: session.api.test.db, now: () => now });
      await dispatcher.runOnce();
      now += 3_600_000;
      await dispatcher.runOnce();
      expect(statuses).toEqual([500, 200]);

      await page.getByRole("button", { name: "Deliveries" }).click();
      const deliveries = page.locator("[data-testid=webhook-deliveries] tr[data-delivery]");
      await poll(() => deliveries.count()).toBe(1);
      await poll(() => deliveries.first().getByTestId("status-codes").textContent()).toBe("500, 200");
      expect(await deliveries.first().textContent()).toContain("delivered");
      await screenshot(page, "webhooks-delivery-log");

      await deliveries.first().getByRole("button", { name: "Replay" }).click();
      await poll(() => deliveries.count()).toBe(2);
      await poll(() => deliveries.first().textContent()).toContain("replay of");
      expect(await deliveries.first().getByTestId("status-codes").textContent()).toBe("not sent yet");

      // Pause it.
      await row.first().getByRole("button", { name: "Edit" }).click();
      const edit = page.getByRole("form", { name: "Edit webhook subscription" });
      await edit.getByLabel("Active").uncheck();
      await edit.getByRole("button", { name: "Save" }).click();
      await poll(() => row.first().textContent()).toContain("Paused");
      const [paused] = await session.api.sql<{ active: boolean | number }>(
        "SELECT active FROM webhook_subscriptions",
      );
      expect(Boolean(paused!.active)).toBe(false);

      // Delete, confirmed.
      await row.first().getByRole("button", { name: "Delete" }).click();
      await row.first().getByRole("button", { name: "Confirm delete" }).click();
      await page.getByText("No subscriptions yet").waitFor();
      const [left] = await session.api.sql<{ n: number | string }>(
        "SELECT count(*) AS n FROM webhook_subscriptions",
      );
      expect(Number(left!.n)).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "a viewer sees that webhooks are for admins, and no subscription",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer, "/webhooks");
      await ready(page, "webhooks");
      await page.getByText("only tokens with the admin role").waitFor();
      expect(await page.locator("[data-testid=webhook-subscriptions]").count()).toBe(0);
    },
    TIMEOUT,
  );
});
