/**
 * The customer reads on a ClickHouse cluster at scale: the Champions page (first page and one
 * after a cursor, by spend and by name), the customer 360 (lookup by id with the run's score,
 * newest orders, order count, segment history), lookup by email and search, each as sequential
 * requests and as `--concurrency` requests in flight. A measurement, not a test.
 *
 *   npx tsx apps/api/bench/clickhouse-customers.bench.ts --fill [--customers 2380000]
 *   npx tsx apps/api/bench/clickhouse-customers.bench.ts [--samples 200 --concurrency 10] [--drop]
 *
 * `--fill` writes a synthetic store into the database of `--url` (default `bench_c1` on the
 * loopback cluster) with INSERT ... SELECT from `numbers()` on each shard, for its own
 * customers: customers with first and last names and emails, one scored run (run 1; R, F, M
 * correlated so that Champions hold about a tenth), and ~8.4 orders per customer. Until the
 * importer and scoring write to ClickHouse, this is how the reads are measured at 2.38M.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { compileMapping, DEFAULT_MAPPING, indexOfCode } from "@rfm/core";
import { openDatabase } from "../src/db/client";
import { openClickHouse } from "../src/db/facts/clickhouse/connection";
import { clickhouseCustomerReads } from "../src/db/facts/clickhouse/customer-reads";
import { dropClickHouseDatabase, ensureClickHouseSchema } from "../src/db/facts/clickhouse/schema";
import { customerReads, NO_CONDITIONS } from "../src/db/facts/customer-reads";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "clickhouse://127.0.0.1:8125,127.0.0.1:8126/bench_c1?cluster=rfm" },
    customers: { type: "string", default: "2380000" },
    fill: { type: "boolean", default: false },
    drop: { type: "boolean", default: false },
    samples: { type: "string", default: "200" },
    concurrency: { type: "string", default: "10" },
    only: { type: "string", default: "page,360,email,search" },
  },
});
const N = Number(values.customers);
const samples = Number(values.samples);
const concurrency = Number(values.concurrency);
const only = new Set(values.only.split(","));
const ch = openClickHouse(values.url);
const T0 = Date.UTC(2024, 0, 1);
const YEAR = 365 * 86_400_000;
const load = () => loadavg()[0]!.toFixed(1);

if (values.drop) {
  await dropClickHouseDatabase(ch);
  await ch.close();
  console.log(`dropped ${ch.database}`);
  process.exit(0);
}

if (values.fill) {
  await dropClickHouseDatabase(ch);
  await ensureClickHouseSchema(ch);
  const firsts = `['Anna','Ben','Chloé','David','Emma','François','Gabriel','Hannah','Isaac','Julia','Karim','Léa','Mohamed','Noah','Olivia','Pierre','Quinn','Rosa','Samuel','Zoë']`;
  const lasts = `['Smith','Tremblay','Gagnon','Roy','Côté','Bouchard','Gauthier','Morin','Lavoie','Fortin','Wilson','Brown','Martin','Lee','Singh','Nguyen','Chen','Patel','Kim','Ångström']`;
  const started = performance.now();
  for (let shard = 0; shard < ch.shardCount; shard++) {
    const mine = `id % ${ch.shardCount} = ${shard}`;
    const from = `(SELECT toUInt32(number + 1) AS id FROM numbers(${N})) WHERE ${mine}`;
    await ch.queryShard(shard, "SELECT 1"); // connection up
    await ch.clients[shard]!.command({
      query: `INSERT INTO customers_local SELECT id, concat('C', toString(id)) AS external_id,
        concat(${firsts}[1 + cityHash64(id, 1) % 20], ' ', ${lasts}[1 + cityHash64(id, 2) % 20]) AS name,
        ${firsts}[1 + cityHash64(id, 1) % 20] AS first_name, ${lasts}[1 + cityHash64(id, 2) % 20] AS last_name,
        concat(lowerUTF8(${firsts}[1 + cityHash64(id, 1) % 20]), '.', toString(id), '@example.com') AS email,
        NULL AS phone, toUInt8(cityHash64(id, 3) % 2) AS marketing_consent,
        ['Ontario','Quebec','British Columbia','Alberta'][1 + cityHash64(id, 4) % 4] AS province,
        province AS region, NULL AS city, toInt64(${T0} - cityHash64(id, 5) % ${YEAR}) AS created_at,
        toInt64(${T0}) AS imported_at, toUInt64(1) AS version FROM ${from}`,
    });
    // R, F, M correlated (each equal to the previous with probability 0.6): Champions ~10%.
    await ch.clients[shard]!.command({
      query: `INSERT INTO customer_scores_local SELECT 1 AS run_id, id AS customer_id,
        toInt32((4 - r) * 90 + cityHash64(id, 11) % 90) AS recency_days,
        toUInt32(f * 2 + cityHash64(id, 12) % 3) AS frequency,
        toInt64(m * 20000 + cityHash64(id, 13) % 20000) AS monetary_cents,
        toUInt8(1 + cityHash64(id, 14) % 4) AS r,
        toUInt8(if(cityHash64(id, 15) % 10 < 6, r, 1 + cityHash64(id, 16) % 4)) AS f,
        toUInt8(if(cityHash64(id, 17) % 10 < 6, f, 1 + cityHash64(id, 18) % 4)) AS m,
        toUInt16((r - 1) * 16 + (f - 1) * 4 + (m - 1)) AS code,
        if(id % 7 = 0, NULL, toFloat64(monetary_cents) / 100 * 1.7) AS clv FROM ${from}`,
    });
    // ~8.4 orders per customer: order n belongs to customer 1 + n % N.
    const orders = Math.round(N * 8.4);
    await ch.clients[shard]!.command({
      query: `INSERT INTO transactions_local SELECT toUInt32(1 + number % ${N}) AS customer_id,
        concat('O', toString(number)) AS order_id, toInt64(${T0} + cityHash64(number, 21) % ${YEAR}) AS occurred_at,
        toInt32(500 + cityHash64(number, 22) % 20000) AS amount_cents, toUInt32(1 + number % 3) AS line_count,
        ['web','store'][1 + number % 2] AS channel, NULL AS currency, NULL AS province, NULL AS region, NULL AS city,
        toUInt64(1) AS version FROM numbers(${orders}) WHERE (1 + number % ${N}) % ${ch.shardCount} = ${shard}`,
    });
  }
  await ch.commandOnEachShard("OPTIMIZE TABLE customers_local FINAL");
  const [c] = await ch.query<{ n: string }>("SELECT count() AS n FROM customers");
  const [t] = await ch.query<{ n: string }>("SELECT count() AS n FROM transactions");
  console.log(
    `filled ${ch.database}: ${c?.n} customers, ${t?.n} orders in ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load()})`,
  );
}

// Runs are app state: a throwaway SQLite app database holding run 1.
const dir = mkdtempSync(join(tmpdir(), "c1-bench-"));
const app = await openDatabase(`file:${join(dir, "app.db")}`, { analyticsUrl: null });
console.log(`app database open (load ${load()})`);
await app.raw.execute(
  `INSERT INTO scoring_runs (id, profile_id, as_of, bins, method, monetary_basis, status, started_at, time_zone, currency_converted)
   VALUES (1, 1, $1, 4, '{}', 'total', 'complete', $1, 'UTC', 0)`,
  [T0 + YEAR],
);
const reads = customerReads(clickhouseCustomerReads(app, ch));
const mapping = compileMapping(DEFAULT_MAPPING);
const champions = mapping.segments.find((s) => s.name === "Champions")!;
const codes = champions.codes.map((code) => indexOfCode(code, 4));

function stats(name: string, times: number[], cpuMs: number) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  console.log(
    `${name.padEnd(44)} n=${String(times.length).padStart(4)} p50 ${at(0.5).padStart(6)} ms  p95 ${at(0.95).padStart(6)} ms  max ${at(1).padStart(6)} ms  Node CPU ${(cpuMs / times.length).toFixed(1)} ms/req  (load ${load()})`,
  );
}

/** CPU milliseconds this process used since `since` (a `process.cpuUsage()`). */
const cpuSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * `fn(i)` sequentially `samples` times, then with `concurrency` in flight; latencies of each,
 * with this process's CPU time per request (the machine is shared: the servers' share is the
 * rest of the wall time, or waiting for a core).
 */
async function measure(name: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(i); // warm-up
  const seq: number[] = [];
  let cpu = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await fn(i);
    seq.push(performance.now() - t0);
  }
  stats(`${name}, sequential`, seq, cpuSince(cpu));
  const par: number[] = [];
  let next = 0;
  cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < samples) {
        const i = next++;
        const t0 = performance.now();
        await fn(i);
        par.push(performance.now() - t0);
      }
    }),
  );
  stats(`${name}, ${concurrency} in flight`, par, cpuSince(cpu));
}

const rand = (i: number, salt: number) => 1 + ((i * 2_654_435_761 + salt * 97) % N);
const [champ] = await ch.query<{ n: string }>(
  `SELECT count() AS n FROM customer_scores WHERE run_id = 1 AND code IN (${codes.join(", ")})`,
);
console.log(`Champions: ${champ?.n} customers of ${N} (codes ${champions.codes.join(", ")})`);

if (only.has("page")) {
  const base = { runId: 1, codes, conditions: NO_CONDITIONS, first: 50 } as const;
  const firstPage = await reads.page({ ...base, orderBy: "MONETARY", direction: "DESC" });
  const last = firstPage.rows[49]!;
  await measure("Champions page 1 by spend (50)", () =>
    reads.page({ ...base, orderBy: "MONETARY", direction: "DESC" }),
  );
  await measure("Champions page 2 by spend (cursor)", () =>
    reads.page({
      ...base,
      orderBy: "MONETARY",
      direction: "DESC",
      after: [last.sortValue, last.customer.id],
    }),
  );
  await measure("Champions page 1 by name", () => reads.page({ ...base, orderBy: "NAME", direction: "ASC" }));
  await measure("Champions page 1 by CLV", () => reads.page({ ...base, orderBy: "CLV", direction: "DESC" }));
}
if (only.has("360")) {
  await measure("customer 360 by id (lookup+orders+count+history)", async (i) => {
    const id = rand(i, 1);
    const found = await reads.byExternalIds([`C${id}`], 1);
    const customer = found.get(`C${id}`)!.customer;
    await Promise.all([
      reads.firstTransactions([customer.id], 11),
      reads.countTransactions([customer.id]),
      reads.historyPage(customer.id, 1, null, 11),
    ]);
  });
  await measure("lookup by id only (customer + score)", (i) => reads.byExternalIds([`C${rand(i, 2)}`], 1));
}
if (only.has("email")) {
  await measure("lookup by email (a miss: the same scan as a hit)", (i) => {
    const id = rand(i, 3);
    return reads.byEmail(`X.${id}@EXAMPLE.com`, 1);
  });
}
if (only.has("search")) {
  const texts = ["C1234567", "C12345", "anna", "tremblay", "zoë.1", "ström", "hannah.204", "Gabriel Lee"];
  for (const text of texts) {
    const tiers = reads.searchTiers(text);
    await measure(`search "${text}" (50)`, async () => {
      for (const tier of tiers) await tier(50);
    });
  }
}
await app.close();
rmSync(dir, { recursive: true, force: true });
await ch.close();
