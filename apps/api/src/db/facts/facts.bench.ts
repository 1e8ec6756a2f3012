/**
 * Measures the bulk paths on both providers, in fresh throwaway databases:
 *
 *   npm run db:bench -w @rfm/api -- [--transactions 100000] [--batch 10000] [--scores 100000]
 *                                     [--ordered] [--suspend] [--only sqlite|postgresql]
 *
 * By default order ids and times arrive in random order (the worst case for the indexes);
 * `--ordered` sends them in file order, as exports from a shop usually are. `--suspend` drops
 * the transactions' secondary index for the load and rebuilds it after (the time includes the
 * rebuild).
 * Prints rows per second for: customer writes, order writes of one-line orders, the importer's
 * usual case (new rows; and again, all already stored), and score writes, each through the facts
 * store as production runs them. Figures are in docs/storage.md.
 */
import { parseArgs } from "node:util";
import { DAY_MS } from "@rfm/core";
import type { Provider } from "../client";
import { createTestDatabase } from "../testing";
import { factsStoreOf, type OrderGroupColumns } from ".";

const { values } = parseArgs({
  options: {
    transactions: { type: "string", default: "100000" },
    batch: { type: "string", default: "10000" },
    scores: { type: "string", default: "100000" },
    ordered: { type: "boolean", default: false },
    suspend: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const ORDERED = values.ordered;
const TRANSACTIONS = Number(values.transactions);
const BATCH = Number(values.batch);
const SCORES = Number(values.scores);
const CUSTOMERS = Math.max(1, Math.round(TRANSACTIONS / 8));

function batchOf(customerIds: readonly number[], start: number, size: number): OrderGroupColumns {
  const orderId: string[] = new Array(size);
  const customerId = new Int32Array(size);
  const occurredAt = new Float64Array(size);
  const amountCents = new Int32Array(size);
  const channel: string[] = new Array(size);
  const province: string[] = new Array(size);
  for (let k = 0; k < size; k++) {
    const i = start + k;
    orderId[k] = ORDERED
      ? `ORD-${String(i).padStart(10, "0")}`
      : `ORD-${(i * 2_654_435_761) % 4_294_967_296}-${i}`;
    customerId[k] = customerIds[(i * 7919) % customerIds.length]!;
    occurredAt[k] = ORDERED
      ? Date.UTC(2022, 0, 1) + Math.floor((i / TRANSACTIONS) * 3 * 365 * DAY_MS)
      : Date.UTC(2022, 0, 1) + ((i * 104_729) % (3 * 365)) * DAY_MS + (i % 86_400) * 1000;
    amountCents[k] = 500 + ((i * 31) % 50_000);
    channel[k] = i % 3 === 0 ? "web" : "store";
    province[k] = ["ON", "QC", "BC", "AB", "NS"][i % 5]!;
  }
  const lines = new Uint32Array(size).fill(1);
  return {
    orderId,
    customerId,
    occurredAt,
    amountCents,
    firstLine: lines,
    lastLine: lines,
    channel,
    province,
  };
}

function rate(rows: number, ms: number): string {
  return `${Math.round(rows / (ms / 1000)).toLocaleString("en")} rows/s (${(ms / 1000).toFixed(2)} s)`;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

async function bench(provider: Provider): Promise<void> {
  const test = await createTestDatabase(provider);
  const facts = factsStoreOf(test.db);
  try {
    const externalId = Array.from({ length: CUSTOMERS }, (_, i) => `CUST-${i}`);
    const [ids, customersMs] = await timed(async () => {
      const all = new Map<string, number>();
      for (let start = 0; start < CUSTOMERS; start += BATCH) {
        const part = await facts.customers.write(
          { externalId: externalId.slice(start, start + BATCH) },
          "update",
        );
        for (const [key, value] of part.customers) all.set(key, value.id);
      }
      return all;
    });
    const customerIds = externalId.map((id) => ids.get(id)!);
    console.log(
      `${provider}: write ${CUSTOMERS.toLocaleString("en")} new customers: ${rate(CUSTOMERS, customersMs)}`,
    );

    const [, againCustomersMs] = await timed(async () => {
      for (let start = 0; start < CUSTOMERS; start += BATCH) {
        await facts.customers.write({ externalId: externalId.slice(start, start + BATCH) }, "update");
      }
    });
    console.log(`${provider}: write the same customers again: ${rate(CUSTOMERS, againCustomersMs)}`);

    const batches = Array.from({ length: Math.ceil(TRANSACTIONS / BATCH) }, (_, b) =>
      batchOf(customerIds, b * BATCH, Math.min(BATCH, TRANSACTIONS - b * BATCH)),
    );
    for (const pass of ["new", "duplicates"] as const) {
      const [inserted, ms] = await timed(async () => {
        const suspend = values.suspend && pass === "new";
        if (suspend) await facts.suspendOrderIndexes();
        let n = 0;
        for (const batch of batches) n += (await facts.orders.write(batch)).created;
        if (suspend) await facts.restoreOrderIndexes();
        return n;
      });
      console.log(
        `${provider}: ${TRANSACTIONS.toLocaleString("en")} orders in batches of ${BATCH.toLocaleString("en")}, ` +
          `${pass} (${inserted.toLocaleString("en")} inserted): ${rate(TRANSACTIONS, ms)}`,
      );
    }

    const run = await test.db.prisma.scoringRun.create({
      data: { asOf: new Date(), bins: 4, method: {}, monetaryBasis: "total" },
    });
    const n = Math.min(SCORES, customerIds.length);
    const more = SCORES - n;
    if (more > 0) {
      const extra = Array.from({ length: more }, (_, i) => `X-${i}`);
      for (let start = 0; start < more; start += 50_000) {
        const part = await facts.customers.write(
          { externalId: extra.slice(start, start + 50_000) },
          "update",
        );
        for (const customer of part.customers.values()) customerIds.push(customer.id);
      }
    }
    const scoreIds = Int32Array.from(customerIds.slice(0, SCORES));
    const column = (f: (i: number) => number) => Int32Array.from({ length: SCORES }, (_, i) => f(i));
    const [, ms] = await timed(() =>
      facts.transaction((tx) =>
        tx.scores.write(run.id, {
          length: SCORES,
          customerId: scoreIds,
          recencyDays: column((i) => i % 900),
          frequency: column((i) => 1 + (i % 12)),
          monetaryCents: column((i) => 1000 + i),
          r: column((i) => 1 + (i % 4)),
          f: column((i) => 1 + ((i >> 2) % 4)),
          m: column((i) => 1 + ((i >> 4) % 4)),
          code: column((i) => i % 64),
          clv: Float64Array.from({ length: SCORES }, (_, i) => i / 7),
        }),
      ),
    );
    console.log(
      `${provider}: write ${SCORES.toLocaleString("en")} scores in one transaction: ${rate(SCORES, ms)}`,
    );
  } finally {
    await test.drop();
  }
}

if (values.only !== "postgresql") await bench("sqlite");
if (values.only !== "sqlite") await bench("postgresql");
