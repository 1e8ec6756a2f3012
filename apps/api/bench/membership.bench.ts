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
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Database } from "../src/db/client";
import { factsStoreOf, type SegmentOfCode } from "../src/db/facts";
import { createTestDatabase } from "../src/db/testing";
import { ensurePublishedMapping } from "../src/modules/mapping/mapping.repository";
import { enqueueMembershipEvents } from "../src/modules/membership/membership.service";
import { segmentIdentities } from "../src/modules/segment/identity";

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
const BATCH = 50_000;
const AS_OF = Date.UTC(2025, 0, 1);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s (load ${load()})`);
  return result;
}

/** Scores of one run: customer i has code codeOf(i). */
async function writeRun(db: Database, runId: number, ids: Int32Array, codeOf: (i: number) => number) {
  const n = ids.length;
  const zeros = new Float64Array(n);
  const ones = new Float64Array(n).fill(1);
  const code = new Int32Array(n);
  for (let i = 0; i < n; i++) code[i] = codeOf(i);
  await factsStoreOf(db).scores.write(runId, {
    length: n,
    customerId: ids,
    recencyDays: zeros,
    frequency: ones,
    monetaryCents: zeros,
    r: ones,
    f: ones,
    m: ones,
    code,
    clv: null,
  });
}

async function bench(provider: "sqlite" | "postgresql"): Promise<void> {
  console.log(
    `${provider}: ${CUSTOMERS.toLocaleString("en")} customers, ${MOVED.toLocaleString("en")} moved`,
  );
  const test = await createTestDatabase(provider);
  try {
    const { db } = test;
    const facts = factsStoreOf(db);
    const ids = new Int32Array(CUSTOMERS);
    await timed("customers written", async () => {
      for (let start = 0; start < CUSTOMERS; start += BATCH) {
        const externalId = Array.from(
          { length: Math.min(BATCH, CUSTOMERS - start) },
          (_, k) => `C${start + k}`,
        );
        const { customers } = await facts.customers.write({ externalId }, "update");
        for (let k = 0; k < externalId.length; k++) ids[start + k] = customers.get(externalId[k]!)!.id;
      }
    });
    const mapping = await ensurePublishedMapping(db, 1);
    const bins = mapping.compiled.bins;
    const codes: SegmentOfCode[] = (await segmentIdentities(db, mapping.id)).flatMap((s) =>
      s.codes.map((c) => {
        const [r, f, m] = [...c].map(Number) as [number, number, number];
        return { code: ((r - 1) * bins + (f - 1)) * bins + (m - 1), key: s.key, name: s.name };
      }),
    );
    const keyOf = new Map(codes.map((c) => [c.code, c.key]));
    const codeCount = bins ** 3;
    /** The first code after `code` (cyclically) in another segment. */
    const other = (code: number) => {
      for (let k = 1; k < codeCount; k++) {
        const next = (code + k) % codeCount;
        if (keyOf.get(next) !== keyOf.get(code)) return next;
      }
      throw new Error("one segment only");
    };
    const first = (i: number) => (i * 37) % codeCount;
    // Every (CUSTOMERS / MOVED)-th customer moves, spread over the id range.
    const step = CUSTOMERS / MOVED;
    const movedAt = (i: number) =>
      Math.floor(Math.floor(i / step) * step) === i && Math.floor(i / step) < MOVED;
    await timed("run 1 scores written", () => writeRun(db, 1, ids, first));
    await timed("run 2 scores written", () =>
      writeRun(db, 2, ids, (i) => (movedAt(i) ? other(first(i)) : first(i))),
    );
    // As an import (customers) and a run (scores) leave them.
    await facts.refreshStatistics(["customers", "customer_scores"]);
    const record = (runId: number) =>
      facts.membership.record({
        profileId: 1,
        runId,
        asOf: AS_OF + runId,
        mappingVersionId: mapping.id,
        at: Date.now(),
        codes,
      });
    const r1 = await timed("first recording (everyone enters)", () => record(1));
    console.log(`    entered ${r1.entered.toLocaleString("en")}, left ${r1.left.toLocaleString("en")}`);
    const e1 = await timed("its events enqueued", () => enqueueMembershipEvents(db, 1));
    console.log(`    ${e1.toLocaleString("en")} events`);
    const r2 = await timed(`second recording (${MOVED.toLocaleString("en")} moved)`, () => record(2));
    console.log(`    entered ${r2.entered.toLocaleString("en")}, left ${r2.left.toLocaleString("en")}`);
    if (r2.entered !== MOVED || r2.left !== MOVED) throw new Error(`expected ${MOVED} entered and left`);
    const e2 = await timed("its events enqueued", () => enqueueMembershipEvents(db, 1));
    console.log(`    ${e2.toLocaleString("en")} events`);
    const r3 = await timed("the same pair again (no-op)", () => record(2));
    if (r3.recorded) throw new Error("recorded twice");
  } finally {
    await test.drop();
  }
}

for (const provider of ["sqlite", "postgresql"] as const) {
  if (values.only && values.only !== provider) continue;
  await bench(provider);
}
