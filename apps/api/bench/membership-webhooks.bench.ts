/**
 * Membership changes to webhook deliveries, end to end, at size: `customers` customers scored
 * by a first run (recorded while nobody is subscribed: no events), then one subscription to a
 * loopback receiver (test-receiver.ts, answering 200) for customer.entered_segment and
 * customer.left_segment, then a second run in which `moved` customers have a code of another
 * segment. Timed apart and together: recording the second run's changes (facts store), putting
 * their events in the outbox (enqueueMembershipEvents) and delivering them (WebhookDispatcher:
 * fan-out into 500-event deliveries and signed POSTs, as `rfm serve` does). The receiver checks
 * that every change arrived exactly once. Scores are written straight into customer_scores
 * (as membership.bench.ts does: recording reads only codes). SQLite in a fresh file, PostgreSQL
 * in a fresh schema of the test database; both are dropped at the end.
 *
 *   npx tsx bench/membership-webhooks.bench.ts [--customers 500000] [--moved 100000] [--only sqlite|postgresql] [--per-subscription 4]
 *
 * A measurement, not a test: it prints figures and the load average, and exits 0 unless a step fails.
 */
import { parseArgs } from "node:util";
import { createTestDatabase } from "../src/db/testing";
import { enqueueMembershipEvents } from "../src/modules/membership/membership.service";
import { WebhookDispatcher } from "../src/modules/webhook/dispatcher";
import { createSubscription } from "../src/modules/webhook/subscription.service";
import { startReceiver } from "../src/modules/webhook/test-receiver";
import { load, seedMovedStore, timed } from "./membership-store";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "500000" },
    moved: { type: "string", default: "100000" },
    only: { type: "string" },
    "per-subscription": { type: "string", default: "4" },
  },
});
const CUSTOMERS = Number(values.customers);
const MOVED = Number(values.moved);
const PER_SUBSCRIPTION = Number(values["per-subscription"]);
if (!(MOVED <= CUSTOMERS)) throw new Error("--moved must not exceed --customers");

async function bench(provider: "sqlite" | "postgresql"): Promise<void> {
  console.log(
    `${provider}: ${CUSTOMERS.toLocaleString("en")} customers, ${MOVED.toLocaleString("en")} moved (load ${load()})`,
  );
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
    const { db } = test;
    const { record } = await seedMovedStore(db, CUSTOMERS, MOVED);
    // Nobody subscribed yet: the first recording's changes move the outbox cursor, no events.
    await timed("run 1 recorded (everyone enters, no subscriber)", async () => {
      await record(1);
      const none = await enqueueMembershipEvents(db, 1);
      if (none !== 0) throw new Error(`${none} events enqueued with no subscriber`);
    });
    await createSubscription(db, "bench", {
      url: receiver.url,
      events: ["customer.entered_segment", "customer.left_segment"],
      secret: "whsec_benchmark_secret_0123456789",
    });

    const recording = await timed(`run 2 recorded (${MOVED.toLocaleString("en")} moved)`, () => record(2));
    const changes = recording.result.entered + recording.result.left;
    if (recording.result.entered !== MOVED || recording.result.left !== MOVED) {
      throw new Error(
        `expected ${MOVED} entered and left, got ${recording.result.entered}/${recording.result.left}`,
      );
    }
    const enqueueing = await timed("its events enqueued", () => enqueueMembershipEvents(db, 1));
    if (enqueueing.result !== changes) throw new Error(`enqueued ${enqueueing.result} of ${changes}`);
    const dispatcher = new WebhookDispatcher({
      db,
      perSubscription: PER_SUBSCRIPTION,
      onError: (e) => console.error(e),
    });
    const delivery = await timed("delivered (fan-out + signed POSTs)", () => dispatcher.runOnce());
    const [notDelivered] = await db.raw.query<{ n: number | string }>(
      "SELECT count(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'",
    );
    if (received.size !== changes || duplicates !== 0 || Number(notDelivered?.n) !== 0) {
      throw new Error(
        `received ${received.size} of ${changes} events, ${duplicates} twice, ${notDelivered?.n} not delivered`,
      );
    }
    const total = recording.seconds + enqueueing.seconds + delivery.seconds;
    const rate = (s: number) => Math.round(changes / s).toLocaleString("en");
    console.log(
      `  ${provider} summary: ${changes.toLocaleString("en")} events in ${delivery.result} deliveries ` +
        `(${PER_SUBSCRIPTION} in flight); recording ${recording.seconds.toFixed(2)} s, ` +
        `enqueueing ${enqueueing.seconds.toFixed(2)} s, delivery ${delivery.seconds.toFixed(2)} s ` +
        `(${rate(delivery.seconds)} events/s); end to end ${total.toFixed(2)} s (${rate(total)} events/s); load ${load()}`,
    );
  } finally {
    await receiver.close();
    await test.drop();
  }
}

for (const provider of ["sqlite", "postgresql"] as const) {
  if (values.only && values.only !== provider) continue;
  await bench(provider);
}
