/**
 * Times segment membership recording (modules/membership, db/facts/membership.ts) at size:
 * `customers` customers scored by a first run (every one enters: the first recording), then a
 * second run in which `moved` of them have a code of another segment (each logs a `left` and an
 * `entered`), then the same pair again (a no-op). The outbox enqueueing of each recording's
 * events is timed apart. The scores are written straight into customer_scores with codes spread
 * over the 64 codes of the default mapping (recording reads only the codes, not how they were
 * scored). SQLite in a fresh file, PostgreSQL in a fresh schema of the test database; both are
 * dropped at the end.
 *
 *   npx tsx bench/membership.bench.ts [--customers 500000] [--moved 100000] [--only sqlite|postgresql]
 *
 * A measurement, not a test: it prints figures and the load average, and exits 0 unless a step fails.
 */
import { parseArgs } from "node:util";
import { createTestDatabase } from "../src/db/testing";
import { enqueueMembershipEvents } from "../src/modules/membership/membership.service";
import { createSubscription } from "../src/modules/webhook/subscription.service";
import { seedMovedStore, timed } from "./membership-store";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "500000" },
    moved: { type: "string", default: "100000" },
    only: { type: "string" },
  },
});
const CUSTOMERS = Number(values.customers);
const MOVED = Number(values.moved);
if (!(MOVED <= CUSTOMERS)) throw new Error("--moved must not exceed --customers");

async function bench(provider: "sqlite" | "postgresql"): Promise<void> {
  console.log(
    `${provider}: ${CUSTOMERS.toLocaleString("en")} customers, ${MOVED.toLocaleString("en")} moved`,
  );
  const test = await createTestDatabase(provider);
  try {
    const { db } = test;
    const { record } = await seedMovedStore(db, CUSTOMERS, MOVED);
    // A subscriber to membership events, so each recording's events go to the outbox (nothing
    // is delivered here: membership-webhooks.bench.ts times delivery).
    await createSubscription(db, "bench", {
      url: "http://127.0.0.1:9/hooks",
      events: ["customer.entered_segment", "customer.left_segment"],
    });
    const { result: r1 } = await timed("first recording (everyone enters)", () => record(1));
    console.log(`    entered ${r1.entered.toLocaleString("en")}, left ${r1.left.toLocaleString("en")}`);
    const { result: e1 } = await timed("its events enqueued", () => enqueueMembershipEvents(db, 1));
    console.log(`    ${e1.toLocaleString("en")} events`);
    const { result: r2 } = await timed(`second recording (${MOVED.toLocaleString("en")} moved)`, () =>
      record(2),
    );
    console.log(`    entered ${r2.entered.toLocaleString("en")}, left ${r2.left.toLocaleString("en")}`);
    if (r2.entered !== MOVED || r2.left !== MOVED) throw new Error(`expected ${MOVED} entered and left`);
    const { result: e2 } = await timed("its events enqueued", () => enqueueMembershipEvents(db, 1));
    console.log(`    ${e2.toLocaleString("en")} events`);
    const { result: r3 } = await timed("the same pair again (no-op)", () => record(2));
    if (r3.recorded) throw new Error("recorded twice");
  } finally {
    await test.drop();
  }
}

for (const provider of ["sqlite", "postgresql"] as const) {
  if (values.only && values.only !== provider) continue;
  await bench(provider);
}
