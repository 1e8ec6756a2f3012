/**
 * The store the membership benchmarks share (membership.bench.ts, membership-webhooks.bench.ts):
 * `customers` customers scored by two runs, the second moving `moved` of them to a code of
 * another segment of the published mapping. Scores are written straight into customer_scores
 * (recording reads only the codes, not how they were scored), codes spread over the mapping's.
 * On the ClickHouse engine the customers and scores are generated on each shard by SQL
 * (`numbers()`), the same ids and codes (`seedClickHouse`).
 */
import { loadavg } from "node:os";
import type { Database } from "../src/db/client";
import { factsStoreOf, type MembershipResult, type SegmentOfCode } from "../src/db/facts";
import type { ClickHouse } from "../src/db/facts/clickhouse/connection";
import { ensurePublishedMapping } from "../src/modules/mapping/mapping.repository";
import { segmentIdentities } from "../src/modules/segment/identity";

const BATCH = 50_000;
const AS_OF = Date.UTC(2025, 0, 1);

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** Runs `fn`, printing how long it took and the load average. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const t0 = performance.now();
  const result = await fn();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`  ${label}: ${seconds.toFixed(2)} s (load ${load()})`);
  return { result, seconds };
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

/**
 * Writes the customers and the two runs' scores (timed), and returns how to record a run's
 * membership (run 1: everyone enters; run 2: `moved` leave a segment and enter another).
 */
export async function seedMovedStore(
  db: Database,
  customers: number,
  moved: number,
): Promise<{ record: (runId: 1 | 2) => Promise<MembershipResult> }> {
  const facts = factsStoreOf(db);
  const ids = new Int32Array(customers);
  // On ClickHouse the shards generate the customers (ids 1..customers) with the scores below.
  if (!db.analytics) {
    await timed("customers written", async () => {
      for (let start = 0; start < customers; start += BATCH) {
        const externalId = Array.from(
          { length: Math.min(BATCH, customers - start) },
          (_, k) => `C${start + k}`,
        );
        const written = await facts.customers.write({ externalId }, "update");
        for (let k = 0; k < externalId.length; k++)
          ids[start + k] = written.customers.get(externalId[k]!)!.id;
      }
    });
  }
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
  // Every (customers / moved)-th customer moves, spread over the id range.
  const step = customers / moved;
  const movedAt = (i: number) =>
    Math.floor(Math.floor(i / step) * step) === i && Math.floor(i / step) < moved;
  const ch = db.analytics;
  if (ch) {
    const otherOf = Array.from({ length: codeCount }, (_, code) => other(code));
    await timed("customers and both runs' scores generated on the shards", () =>
      seedClickHouse(ch, customers, moved, codeCount, otherOf),
    );
    return { record: recorder(db, mapping.id, codes) };
  }
  await timed("run 1 scores written", () => writeRun(db, 1, ids, first));
  await timed("run 2 scores written", () =>
    writeRun(db, 2, ids, (i) => (movedAt(i) ? other(first(i)) : first(i))),
  );
  // As an import (customers) and a run (scores) leave them.
  await facts.refreshStatistics(["customers", "customer_scores"]);
  return { record: recorder(db, mapping.id, codes) };
}

function recorder(
  db: Database,
  mappingVersionId: number,
  codes: readonly SegmentOfCode[],
): (runId: 1 | 2) => Promise<MembershipResult> {
  return (runId) =>
    factsStoreOf(db).membership.record({
      profileId: 1,
      runId,
      asOf: AS_OF + runId,
      mappingVersionId,
      at: Date.now(),
      codes,
    });
}

/**
 * The same store generated on each ClickHouse shard: customer i (0-based) has id i + 1 and lives
 * on shard (i + 1) % shards; its codes are those of `seedMovedStore` (first: i * 37 mod codes;
 * run 2 moves every (customers / moved)-th to `otherOf` its code), computed in Float64 as in JS.
 */
async function seedClickHouse(
  ch: ClickHouse,
  customers: number,
  moved: number,
  codeCount: number,
  otherOf: readonly number[],
): Promise<void> {
  const step = customers / moved;
  const first = `toUInt16((number * 37) % ${codeCount})`;
  const movedAt = `(floor(floor(number / ${step}) * ${step}) = number AND floor(number / ${step}) < ${moved})`;
  const second = `if(${movedAt}, transform(${first}, [${otherOf.map((_, c) => `toUInt16(${c})`).join(", ")}], [${otherOf.map((c) => `toUInt16(${c})`).join(", ")}], toUInt16(0)), ${first})`;
  const db = ch.database;
  for (let shard = 0; shard < ch.shardCount; shard++) {
    const mine = `(number + 1) % ${ch.shardCount} = ${shard}`;
    const client = ch.clients[shard]!;
    await client.command({
      query: `INSERT INTO ${db}.customers_local (id, external_id, imported_at, version)
        SELECT toUInt32(number + 1), concat('C', toString(number)), 0, 1 FROM numbers(${customers}) WHERE ${mine}`,
    });
    for (const [run, code] of [
      [1, first],
      [2, second],
    ] as const) {
      await client.command({
        query: `INSERT INTO ${db}.customer_scores_local (run_id, customer_id, recency_days, frequency, monetary_cents, r, f, m, code, clv)
          SELECT ${run}, toUInt32(number + 1), 0, 1, 0, 1, 1, 1, ${code}, NULL FROM numbers(${customers}) WHERE ${mine}`,
      });
    }
  }
}
