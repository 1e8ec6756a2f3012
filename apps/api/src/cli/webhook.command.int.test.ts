import { type AddressInfo, createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { enqueueEvents } from "../modules/webhook/outbox";
import { createSubscription } from "../modules/webhook/subscription.service";
import { startReceiver } from "../modules/webhook/test-receiver";
import { spawnRfm } from "./kill-matrix-support";

/** A loopback port nothing listens on now (`rfm serve --port` wants a positive number). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `rfm <args>` in a child process against `url`, as a user runs it. */
const rfm = (url: string, ...args: string[]) => runCli(args, url);

/** A dozen `rfm` processes, each a few seconds to start on a loaded machine. */
describe.each(PROVIDERS)("rfm webhook, end to end on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("creates (secret printed once), lists, sends, shows the log with status codes, replays, updates and deletes", async () => {
    const seen: number[] = [];
    const receiver = await startReceiver(() => {
      const status = seen.length === 0 ? 500 : 200;
      seen.push(status);
      return status;
    });
    try {
      const refused = await rfm(
        t.url,
        "webhook",
        "create",
        "file:///etc/passwd",
        "--events",
        "run.completed",
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("BAD_USER_INPUT: the URL must be http:// or https://, not file:");

      const created = await rfm(
        t.url,
        "webhook",
        "create",
        receiver.url,
        "--events",
        "customer.entered_segment,customer.left_segment",
        "--segments",
        "champions",
      );
      expect(created.code, created.stderr).toBe(0);
      const secret = /whsec_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
      expect(secret).toBeDefined();
      const [row] = await t.db.raw.query<{ id: number; secret: string; created_by: string }>(
        "SELECT id, secret, created_by FROM webhook_subscriptions",
      );
      expect(row).toMatchObject({ secret, created_by: "cli" });

      const listed = await rfm(t.url, "webhook", "list");
      expect(listed.stdout).toContain(`#${row!.id} active ${receiver.url}`);
      expect(listed.stdout).toContain("segments champions");
      expect(listed.stdout).not.toContain(secret!);

      await enqueueEvents(t.db, [
        {
          id: "evt_chg_1",
          type: "customer.entered_segment",
          profileId: 1,
          segmentKey: "champions",
          occurredAt: new Date(),
          data: { customerId: "C1", segment: { key: "champions", name: "Champions" } },
        },
        {
          id: "evt_chg_2",
          type: "customer.entered_segment",
          profileId: 1,
          segmentKey: "lost",
          occurredAt: new Date(),
          data: { customerId: "C2", segment: { key: "lost", name: "Lost" } },
        },
      ]);
      expect((await rfm(t.url, "webhook", "dispatch")).stdout).toContain("attempts: 1");
      // Due again after a wait of at least 1 s (and at most 30 s: too long for a test); make it due now.
      await t.db.raw.execute("UPDATE webhook_deliveries SET next_attempt_at = created_at");
      expect((await rfm(t.url, "webhook", "dispatch")).stdout).toContain("attempts: 1");
      expect(seen).toEqual([500, 200]);
      expect(
        receiver.requests.map((r) => JSON.parse(r.body).events.map((e: { id: string }) => e.id)),
      ).toEqual([["evt_chg_1"], ["evt_chg_1"]]);

      const log = await rfm(t.url, "webhook", "deliveries", String(row!.id));
      expect(log.stdout).toContain("1 deliveries");
      expect(log.stdout).toMatch(/#\d+ delivered 1 events, 2 attempts \[500, 200\]/);

      const [delivery] = await t.db.raw.query<{ id: number }>("SELECT id FROM webhook_deliveries");
      const replay = await rfm(t.url, "webhook", "replay", String(delivery!.id));
      expect(replay.stdout).toContain(`replays #${delivery!.id} (1 events)`);
      expect(
        (await rfm(t.url, "webhook", "deliveries", String(row!.id), "--status", "pending")).stdout,
      ).toContain(`(replay of #${delivery!.id})`);

      const paused = await rfm(
        t.url,
        "webhook",
        "update",
        String(row!.id),
        "--active",
        "false",
        "--segments",
        "",
      );
      expect(paused.code, paused.stderr).toBe(0);
      expect(paused.stdout).toContain("INACTIVE");
      expect(paused.stdout).toContain("segments all");

      expect((await rfm(t.url, "webhook", "delete", String(row!.id))).stdout).toContain(
        `Deleted webhook subscription #${row!.id}`,
      );
      const gone = await rfm(t.url, "webhook", "delete", String(row!.id));
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain(`NOT_FOUND: no webhook subscription ${row!.id}`);
      const [left] = await t.db.raw.query<{ n: number | string }>(
        "SELECT count(*) AS n FROM webhook_deliveries",
      );
      expect(Number(left!.n)).toBe(0);
    } finally {
      await receiver.close();
    }
  }, 300_000);

  it("rfm serve sends deliveries by itself while it runs, and stops on SIGTERM", async () => {
    const receiver = await startReceiver(() => 204);
    const serve = spawnRfm(["serve", "--port", String(await freePort())], t.url);
    try {
      await createSubscription(t.db, "test", { url: receiver.url, events: ["run.completed"] });
      await serve.printed("RFM API on");
      await enqueueEvents(t.db, [
        {
          id: "evt_run_77_completed",
          type: "run.completed",
          profileId: 1,
          segmentKey: null,
          occurredAt: new Date(),
          data: { runId: 77 },
        },
      ]);
      for (let i = 0; receiver.requests.length === 0; i++) {
        expect(serve.ended, serve.stderr()).toBe(false);
        expect(i).toBeLessThan(600);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(JSON.parse(receiver.requests[0]!.body).events[0].id).toBe("evt_run_77_completed");
      serve.child.kill("SIGTERM");
      expect((await serve.done).code).toBe(0);
      const [row] = await t.db.raw.query<{ status: string }>("SELECT status FROM webhook_deliveries");
      expect(row!.status).toBe("delivered");
    } finally {
      if (!serve.ended) serve.child.kill("SIGKILL");
      await receiver.close();
    }
  }, 120_000);
});
