/**
 * Times webhook delivery of a run that moves 100,000 customers: 200,000 membership events
 * (each moved customer leaves one segment and enters another) in the outbox, one subscription
 * to a local receiver on loopback (node:http, answering 200 at once, checking nothing). Reports
 * the time from a full outbox to every delivery acknowledged (fan-out into 500-event deliveries
 * and signed POSTs, each recorded, overlapping as in `rfm serve`) and events per second; then checks the receiver got every
 * event exactly once. SQLite in a fresh file, PostgreSQL in a fresh schema; both dropped.
 *
 *   npx tsx bench/webhooks.bench.ts [--moved 100000] [--only sqlite|postgresql] [--per-subscription 4]
 *
 * A measurement, not a test: it prints figures and exits 0 unless a step fails.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createTestDatabase } from "../src/db/testing";
import { WebhookDispatcher } from "../src/modules/webhook/dispatcher";
import { enqueueEvents, type OutboxEvent } from "../src/modules/webhook/outbox";
import { createSubscription } from "../src/modules/webhook/subscription.service";
import { startReceiver } from "../src/modules/webhook/test-receiver";

const { values } = parseArgs({
  options: {
    moved: { type: "string", default: "100000" },
    only: { type: "string" },
    "per-subscription": { type: "string", default: "4" },
  },
});
const moved = Number(values.moved);
const perSubscription = Number(values["per-subscription"]);
const providers = values.only
  ? [values.only as "sqlite" | "postgresql"]
  : (["sqlite", "postgresql"] as const);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const SEGMENTS = ["champions", "loyal", "potential-loyalist", "at-risk", "hibernating"];

function events(): OutboxEvent[] {
  const at = new Date();
  const out: OutboxEvent[] = [];
  for (let n = 0; n < moved; n++) {
    const from = SEGMENTS[n % SEGMENTS.length]!;
    const to = SEGMENTS[(n + 1) % SEGMENTS.length]!;
    const base = { profileId: 1, occurredAt: at };
    const data = (key: string) => ({
      customerId: `C${n}`,
      segment: { key, name: key },
      runId: 2,
      mappingVersion: 1,
      at: at.toISOString(),
    });
    out.push({
      ...base,
      id: `evt_chg_${2 * n}`,
      type: "customer.left_segment",
      segmentKey: from,
      data: data(from),
    });
    out.push({
      ...base,
      id: `evt_chg_${2 * n + 1}`,
      type: "customer.entered_segment",
      segmentKey: to,
      data: data(to),
    });
  }
  return out;
}

for (const provider of providers) {
  const test = await createTestDatabase(provider);
  const received = new Set<string>();
  let duplicates = 0;
  const receiver = await startReceiver(
    ({ body }) => {
      for (const match of body.matchAll(/"id":"(evt_chg_\d+)"/g)) {
        if (received.has(match[1]!)) duplicates += 1;
        received.add(match[1]!);
      }
      return 200;
    },
    { keepBodies: false },
  );
  try {
    await createSubscription(test.db, "bench", {
      url: receiver.url,
      events: ["customer.entered_segment", "customer.left_segment"],
      secret: "whsec_benchmark_secret_0123456789",
    });
    const all = events();
    let t0 = performance.now();
    await enqueueEvents(test.db, all);
    const enqueue = seconds(t0);
    const dispatcher = new WebhookDispatcher({
      db: test.db,
      perSubscription,
      onError: (e) => console.error(e),
    });
    // End to end, as `rfm serve` does it: fan-out and sending overlap (sending starts after the
    // first fan-out batch).
    t0 = performance.now();
    const attempts = await dispatcher.runOnce();
    const total = seconds(t0);
    const [pending] = await test.db.raw.query<{ n: number | string }>(
      "SELECT count(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'",
    );
    if (received.size !== all.length || duplicates !== 0 || Number(pending?.n) !== 0) {
      throw new Error(
        `received ${received.size} of ${all.length} events, ${duplicates} twice, ${pending?.n} not delivered`,
      );
    }
    console.log(
      `${provider}: ${all.length.toLocaleString("en")} events (${moved.toLocaleString("en")} customers moved), ` +
        `${attempts} deliveries of 500, ${perSubscription} in flight; enqueue ${enqueue.toFixed(2)} s (the producer's share); ` +
        `fan-out + send ${total.toFixed(2)} s: ${Math.round(all.length / total).toLocaleString("en")} events/s; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
  } finally {
    await receiver.close();
    await test.drop();
  }
}
