import { afterEach, describe, expect, it } from "vitest";
import { spawnRfm } from "../../cli/kill-matrix-support";
import { PROVIDERS, useTestDatabase } from "../../db/testing";
import { WebhookDispatcher } from "./dispatcher";
import { enqueueEvents, type OutboxEvent } from "./outbox";
import { verifySignature } from "./signature";
import { createSubscription, listDeliveries, replayDelivery } from "./subscription.service";
import { type Receiver, startReceiver } from "./test-receiver";

const T0 = Date.UTC(2026, 11, 6, 5, 0, 0);
const HOUR = 3_600_000;

/** A clock the test moves. */
function clock(start = T0) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const membership = (n: number, segmentKey = "champions", profileId = 1): OutboxEvent => ({
  id: `evt_chg_${segmentKey}_${profileId}_${n}`,
  type: n % 2 === 0 ? "customer.entered_segment" : "customer.left_segment",
  profileId,
  segmentKey,
  occurredAt: new Date(T0 - 60_000 + n),
  data: { customerId: `C${n}`, segment: { key: segmentKey, name: segmentKey }, runId: 4 },
});

interface Body {
  deliveryId: string;
  events: { id: string; type: string; createdAt: string; profile: string; data: Record<string, unknown> }[];
}

/** Every request's body verified against its signature (with the sender's clock), parsed. */
function verifiedBodies(
  receiver: Receiver,
  secret: string,
  nowSeconds: (t: number) => number = (t) => t,
): Body[] {
  return receiver.requests.map((request) => {
    const header = String(request.headers["rfm-signature"]);
    const t = Number(/t=(\d+)/.exec(header)?.[1]);
    expect(
      verifySignature({
        secret,
        header,
        body: request.body,
        nowSeconds: nowSeconds(t),
        toleranceSeconds: 300,
      }),
    ).toBe(true);
    expect(request.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(request.body) as Body;
    expect(request.headers["rfm-delivery-id"]).toBe(body.deliveryId);
    return body;
  });
}

const SECRET = "whsec_integration_test_secret";
/** Real HTTP, real databases and a loaded shared machine: more than vitest's default 5 s. */
const TEST_TIMEOUT = 60_000;

describe.each(PROVIDERS)("webhook delivery on %s", (provider) => {
  const test = useTestDatabase(provider);
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  async function subscribe(
    url: string,
    options: { segmentKeys?: string[]; events?: string[]; profile?: string } = {},
  ) {
    const { subscription } = await createSubscription(test.db, "test", {
      url,
      secret: SECRET,
      events: options.events ?? ["customer.entered_segment", "customer.left_segment"],
      segmentKeys: options.segmentKeys ?? [],
      profile: options.profile ?? null,
    });
    return subscription;
  }

  async function deliveryRows() {
    return test.db.raw.query<{
      id: number;
      status: string;
      attempts: number;
      last_status_code: number | null;
      event_count: number;
    }>("SELECT id, status, attempts, last_status_code, event_count FROM webhook_deliveries ORDER BY id");
  }

  it(
    "a receiver that fails twice per delivery then succeeds gets every wanted event once, in batches of 500, each signed",
    async () => {
      const { db } = test;
      const time = clock();
      const seen = new Map<string, number>();
      receiver = await startReceiver(({ headers }) => {
        const id = String(headers["rfm-delivery-id"]);
        const n = (seen.get(id) ?? 0) + 1;
        seen.set(id, n);
        return n <= 2 ? 500 : 200;
      });
      await subscribe(receiver.url, { segmentKeys: ["champions"] });
      await enqueueEvents(db, [
        ...Array.from({ length: 1200 }, (_, n) => membership(n)),
        // Not wanted: another segment, another profile, another type.
        ...Array.from({ length: 30 }, (_, n) => membership(n, "at-risk")),
        ...Array.from({ length: 20 }, (_, n) => membership(n, "champions", 2)),
        {
          id: "evt_run_9_completed",
          type: "run.completed",
          profileId: 1,
          segmentKey: null,
          occurredAt: new Date(T0),
          data: { runId: 9 },
        },
      ]);
      const dispatcher = new WebhookDispatcher({ db, now: time.now, random: () => 0.5 });
      expect(await dispatcher.runOnce()).toBe(3);
      expect(
        (await deliveryRows()).map((d) => [d.status, d.attempts, d.last_status_code, d.event_count]),
      ).toEqual([
        ["pending", 1, 500, 500],
        ["pending", 1, 500, 500],
        ["pending", 1, 500, 200],
      ]);
      // Not yet due: the first retry waits 15 s (half of 30 s with this jitter draw).
      time.advance(14_000);
      expect(await dispatcher.runOnce()).toBe(0);
      time.advance(1_000);
      expect(await dispatcher.runOnce()).toBe(3);
      time.advance(30_000);
      expect(await dispatcher.runOnce()).toBe(3);
      expect((await deliveryRows()).map((d) => [d.status, d.attempts, d.last_status_code])).toEqual([
        ["delivered", 3, 200],
        ["delivered", 3, 200],
        ["delivered", 3, 200],
      ]);
      const attempts = await db.raw.query<{ delivery_id: number; attempt: number; status_code: number }>(
        "SELECT delivery_id, attempt, status_code FROM webhook_attempts ORDER BY delivery_id, attempt",
      );
      expect(attempts.map((a) => [a.attempt, a.status_code])).toEqual(
        Array.from({ length: 3 }, () => [
          [1, 500],
          [2, 500],
          [3, 200],
        ]).flat(),
      );
      const bodies = verifiedBodies(receiver, SECRET);
      expect(bodies).toHaveLength(9);
      const delivered = new Set(
        bodies
          .filter((_, i) => receiver!.requests[i]!.status === 200)
          .flatMap((b) => b.events.map((e) => e.id)),
      );
      const [wanted] = await db.raw.query<{ n: number | string }>(
        "SELECT count(*) AS n FROM webhook_events WHERE profile_id = 1 AND segment_key = 'champions'",
      );
      expect(delivered.size).toBe(Number(wanted!.n));
      expect(delivered.size).toBe(1200);
      // Deliveries go out in parallel: find the one holding the first event; it comes first in it.
      const first = bodies.find((b) => b.events[0]?.id === "evt_chg_champions_1_0")?.events[0];
      expect(first).toEqual({
        id: "evt_chg_champions_1_0",
        type: "customer.entered_segment",
        createdAt: new Date(T0 - 60_000).toISOString(),
        profile: "default",
        data: { customerId: "C0", segment: { key: "champions", name: "champions" }, runId: 4 },
      });
      // Every event of the outbox was fanned out, wanted or not.
      const [left] = await db.raw.query<{ n: number | string }>(
        "SELECT count(*) AS n FROM webhook_events WHERE dispatched_at IS NULL",
      );
      expect(Number(left!.n)).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    "a receiver that does not answer in time counts as a failure, and is retried",
    async () => {
      const { db } = test;
      const time = clock();
      let hang = true;
      receiver = await startReceiver(() => (hang ? "hang" : 204));
      await subscribe(receiver.url);
      await enqueueEvents(db, [membership(1)]);
      const dispatcher = new WebhookDispatcher({ db, now: time.now, random: () => 0, timeoutMs: 300 });
      const started = performance.now();
      expect(await dispatcher.runOnce()).toBe(1);
      expect(performance.now() - started).toBeLessThan(3000);
      const [failed] = await db.raw.query<{
        status: string;
        last_status_code: number | null;
        last_error: string;
      }>("SELECT status, last_status_code, last_error FROM webhook_deliveries");
      expect(failed).toEqual({
        status: "pending",
        last_status_code: null,
        last_error: "no answer within 300 ms",
      });
      hang = false;
      time.advance(1_000);
      expect(await dispatcher.runOnce()).toBe(1);
      expect((await deliveryRows()).map((d) => [d.status, d.attempts, d.last_status_code])).toEqual([
        ["delivered", 2, 204],
      ]);
      expect(receiver.requests).toHaveLength(2);
    },
    TEST_TIMEOUT,
  );

  it(
    "a receiver down for an hour loses nothing: retries with backoff deliver every event once it is back",
    async () => {
      const { db } = test;
      const time = clock();
      const upAt = T0 + HOUR;
      receiver = await startReceiver(() => (time.now() < upAt ? 503 : 200));
      await subscribe(receiver.url);
      await enqueueEvents(
        db,
        Array.from({ length: 1500 }, (_, n) => membership(n)),
      );
      const dispatcher = new WebhookDispatcher({ db, now: time.now });
      let polls = 0;
      while ((await deliveryRows()).some((d) => d.status !== "delivered") || polls === 0) {
        await dispatcher.runOnce();
        time.advance(60_000);
        polls += 1;
        expect(polls).toBeLessThan(200);
      }
      const rows = await deliveryRows();
      expect(rows).toHaveLength(3);
      // Each delivery was tried while down, with waits that grew (1 h with waits of up to 30 s * 2^n).
      for (const row of rows) expect(row.attempts).toBeGreaterThanOrEqual(4);
      const bodies = verifiedBodies(receiver, SECRET);
      const ok = bodies.filter((_, i) => receiver!.requests[i]!.status === 200);
      expect(ok).toHaveLength(3);
      const ids = ok.flatMap((b) => b.events.map((e) => e.id));
      const outbox = await db.raw.query<{ id: string }>("SELECT id FROM webhook_events ORDER BY id");
      expect([...ids].sort()).toEqual(outbox.map((r) => r.id));
      // Attempts are spaced by growing waits: never two attempts of one delivery within 1 s.
      const times = await db.raw.query<{ delivery_id: number; at: number }>(
        "SELECT delivery_id, at FROM webhook_attempts ORDER BY delivery_id, attempt",
      );
      for (let i = 1; i < times.length; i++) {
        if (times[i]!.delivery_id === times[i - 1]!.delivery_id) {
          expect(Number(times[i]!.at) - Number(times[i - 1]!.at)).toBeGreaterThanOrEqual(1000);
        }
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "a receiver down for more than a day: the delivery is failed after 24 h, with each status code logged",
    async () => {
      const { db } = test;
      const time = clock();
      receiver = await startReceiver(() => 502);
      const subscription = await subscribe(receiver.url);
      await enqueueEvents(db, [membership(1)]);
      const dispatcher = new WebhookDispatcher({ db, now: time.now, random: () => 0.999 });
      for (let i = 0; i < 30; i++) {
        await dispatcher.runOnce();
        time.advance(HOUR);
      }
      const { rows } = await listDeliveries(db, { subscriptionId: subscription.id, first: 10 });
      expect(rows).toHaveLength(1);
      const delivery = rows[0]!;
      expect(delivery.status).toBe("failed");
      expect(delivery.nextAttemptAt).toBeNull();
      expect(delivery.lastStatusCode).toBe(502);
      expect(delivery.attemptLog.every((a) => a.statusCode === 502)).toBe(true);
      expect(delivery.attemptLog).toHaveLength(delivery.attempts);
      // With the largest waits (30 s, 60 s, ... capped at 1 h), a day holds 7 growing waits and
      // then hourly ones: 8 attempts in the first ~64 min, then one an hour up to 24 h.
      expect(delivery.attempts).toBeGreaterThanOrEqual(24);
      expect(delivery.attempts).toBeLessThanOrEqual(31);
      const last = delivery.attemptLog.at(-1)!.at.getTime();
      expect(last - delivery.firstAttemptAt!.getTime()).toBeLessThanOrEqual(24 * HOUR);
      const count = receiver.requests.length;
      await dispatcher.runOnce();
      expect(receiver.requests).toHaveLength(count);
    },
    TEST_TIMEOUT,
  );

  it(
    "a sender killed mid-delivery: its lease runs out and another dispatcher sends it, nothing lost",
    async () => {
      const { db } = test;
      const time = clock();
      receiver = await startReceiver(() => 200);
      await subscribe(receiver.url);
      await enqueueEvents(
        db,
        Array.from({ length: 10 }, (_, n) => membership(n)),
      );
      const killed = new WebhookDispatcher({ db, now: time.now, leaseMs: 60_000 });
      await killed.fanOut();
      // It claimed the delivery and died before sending (or while the request was in flight).
      expect(await killed.claim(10)).toHaveLength(1);
      const survivor = new WebhookDispatcher({ db, now: time.now, leaseMs: 60_000 });
      expect(await survivor.runOnce()).toBe(0);
      time.advance(59_000);
      expect(await survivor.runOnce()).toBe(0);
      time.advance(2_000);
      expect(await survivor.runOnce()).toBe(1);
      expect(receiver.requests).toHaveLength(1);
      const ids = verifiedBodies(receiver, SECRET)[0]!.events.map((e) => e.id);
      expect(ids).toEqual(Array.from({ length: 10 }, (_, n) => `evt_chg_champions_1_${n}`));
      expect((await deliveryRows()).map((d) => [d.status, d.attempts])).toEqual([["delivered", 1]]);
    },
    TEST_TIMEOUT,
  );

  it(
    "an `rfm webhook dispatch` process killed (SIGKILL) while its request is in flight: after the lease the delivery is sent again, nothing lost",
    async () => {
      let answering = false;
      receiver = await startReceiver(() => (answering ? 200 : "hang"));
      await subscribe(receiver.url);
      await enqueueEvents(
        test.db,
        Array.from({ length: 25 }, (_, n) => membership(n)),
      );
      const sender = spawnRfm(["webhook", "dispatch"], test.url);
      for (let i = 0; receiver.requests.length === 0; i++) {
        expect(sender.ended, sender.stderr()).toBe(false);
        expect(i).toBeLessThan(600);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      sender.child.kill("SIGKILL");
      expect((await sender.done).signal).toBe("SIGKILL");
      const [claimed] = await test.db.raw.query<{
        status: string;
        attempts: number;
        lease_owner: string | null;
      }>("SELECT status, attempts, lease_owner FROM webhook_deliveries");
      expect(claimed).toMatchObject({ status: "pending", attempts: 0 });
      expect(claimed!.lease_owner).not.toBeNull();
      answering = true;
      // Within the lease (10 s timeout + 30 s) nobody sends it again; after it, the next one does.
      const now = Date.now();
      expect(await new WebhookDispatcher({ db: test.db, now: () => now + 30_000 }).runOnce()).toBe(0);
      expect(await new WebhookDispatcher({ db: test.db, now: () => now + 41_000 }).runOnce()).toBe(1);
      expect(receiver.requests).toHaveLength(2);
      const [first, second] = receiver.requests.map((r) => JSON.parse(r.body) as Body);
      expect(second!.deliveryId).toBe(first!.deliveryId);
      expect(second!.events.map((e) => e.id)).toEqual(first!.events.map((e) => e.id));
      expect(second!.events).toHaveLength(25);
      expect((await deliveryRows()).map((d) => [d.status, d.attempts, d.last_status_code])).toEqual([
        ["delivered", 1, 200],
      ]);
    },
    TEST_TIMEOUT,
  );

  it("two dispatcher processes on one database never send the same delivery twice, nor at once", async () => {
    // The first answers wait until a 5th request is in: one process sends at most 4 at once to
    // a subscription, so the two processes are then sending at the same time.
    let bothSending!: () => void;
    const overlap = new Promise<void>((resolve) => {
      bothSending = resolve;
    });
    receiver = await startReceiver(({ index }) => {
      if (index >= 4) bothSending();
      return { status: 200, delayMs: 20, after: overlap };
    });
    await subscribe(receiver.url);
    await enqueueEvents(
      test.db,
      Array.from({ length: 600 }, (_, n) => membership(n)),
    );
    // Two real `rfm webhook dispatch` processes, started together on the same database.
    const processes = [0, 1].map(() => spawnRfm(["webhook", "dispatch", "--batch-size", "10"], test.url));
    const ends = await Promise.all(processes.map((p) => p.done));
    expect(
      ends.map((e) => e.code),
      processes.map((p) => p.stderr()).join("\n"),
    ).toEqual([0, 0]);
    const attempts = processes.map((p) => Number(/attempts: (\d+)/.exec(p.stdout())?.[1]));
    expect(attempts[0]! + attempts[1]!).toBe(60);
    expect(receiver.maxConcurrentPerDelivery).toBe(1);
    const deliveryIds = receiver.requests.map((r) => String(r.headers["rfm-delivery-id"]));
    expect(deliveryIds).toHaveLength(60);
    expect(new Set(deliveryIds).size).toBe(60);
    const events = receiver.requests.flatMap((r) => (JSON.parse(r.body) as Body).events.map((e) => e.id));
    expect(events).toHaveLength(600);
    expect(new Set(events).size).toBe(600);
    const [n] = await test.db.raw.query<{ n: number | string }>(
      "SELECT count(*) AS n FROM webhook_deliveries",
    );
    expect(Number(n!.n)).toBe(60);
  }, 90_000);

  it(
    "a replay is a new delivery of the same events, and an inactive subscription is sent nothing",
    async () => {
      const { db } = test;
      receiver = await startReceiver(() => 200);
      await subscribe(receiver.url);
      const off = await startReceiver(() => 200);
      try {
        const inactive = await subscribe(off.url);
        await db.prisma.webhookSubscription.update({ where: { id: inactive.id }, data: { active: false } });
        await enqueueEvents(
          db,
          Array.from({ length: 3 }, (_, n) => membership(n)),
        );
        const dispatcher = new WebhookDispatcher({ db });
        await dispatcher.runOnce();
        const [original] = await deliveryRows();
        const replay = await replayDelivery(db, original!.id);
        expect(replay).toMatchObject({
          replayOf: original!.id,
          status: "pending",
          eventCount: 3,
          attempts: 0,
        });
        expect(await dispatcher.runOnce()).toBe(1);
        const bodies = verifiedBodies(receiver, SECRET);
        expect(bodies.map((b) => b.deliveryId)).toEqual([String(original!.id), String(replay.id)]);
        expect(bodies[1]!.events.map((e) => e.id)).toEqual(bodies[0]!.events.map((e) => e.id));
        expect(off.requests).toHaveLength(0);
      } finally {
        await off.close();
      }
    },
    TEST_TIMEOUT,
  );
});
