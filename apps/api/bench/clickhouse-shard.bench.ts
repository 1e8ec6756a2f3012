/**
 * What one shard of the ClickHouse cluster does per second, the figures docs/scaling.md projects
 * from (100M customers / 5B transactions on N shards). On the facts' own tables (schema.ts), in
 * a database of its own (`bench_b` by default, dropped at the end), straight on the servers
 * with no importer or scoring code in between:
 *
 * - bulk insert from Node: transaction-shaped JSON rows into one shard's `transactions_local`
 *   (the client's bulk insert, the path the importer's batches take), then into both at once;
 * - server-side write: `INSERT ... SELECT` of generated rows into `transactions_local`, per shard
 *   (the ceiling of the storage alone);
 * - per-customer aggregation (the scoring's GROUP BY customer_id) per shard, alone and both
 *   shards at once; and the size of what crosses to Node for the cut points: distinct values of
 *   recency, frequency and spend;
 * - a segment page (50 customers of some codes by spend) from `customer_scores_local`.
 *
 *   npx tsx bench/clickhouse-shard.bench.ts [-- --rows 10000000 --customers 1190000 --url clickhouse://127.0.0.1:8125,127.0.0.1:8126/bench_b?cluster=rfm]
 *
 * `--rows` and `--customers` are per shard. The machine is shared, so besides wall time each
 * step prints the servers' own CPU time for it (user + system, summed over the shards and the
 * sub-queries a Distributed query sends, from `system.query_log` with `log_queries = 1`) and its
 * peak query memory: rows per CPU-second is what a shard with its own cores would do per core,
 * whatever else ran beside the measurement. A measurement, not a test.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { openClickHouse } from "../src/db/facts/clickhouse/connection";
import {
  CUSTOMER_SCORES,
  dropClickHouseDatabase,
  ensureClickHouseSchema,
  TRANSACTIONS,
} from "../src/db/facts/clickhouse/schema";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000000" },
    customers: { type: "string", default: "1190000" },
    "client-rows": { type: "string", default: "2000000" },
    url: { type: "string", default: "clickhouse://127.0.0.1:8125,127.0.0.1:8126/bench_b?cluster=rfm" },
  },
});
const rows = Number(values.rows);
const customers = Number(values.customers);
const clientRows = Number(values["client-rows"]);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en")} rows/s`;
const ch = openClickHouse(values.url);

/** Generated orders: customer k of the shard owns ids k * shards + shard; ~8.4 orders each. */
function generatedSelect(shard: number, n: number, offset: number): string {
  const shards = ch.shardCount;
  return `SELECT toUInt32((intDiv(number, 8) % ${customers}) * ${shards} + ${shard} + ${shards}) AS customer_id,
       concat('o', toString(number + ${offset})) AS order_id,
       toInt64(1700000000000 - (cityHash64(number) % 63072000000)) AS occurred_at,
       toInt32(if(cityHash64(number, 1) % 20 = 0, -1, 1) * (500 + cityHash64(number, 2) % 30000)) AS amount_cents,
       toUInt32(1) AS line_count, 'web' AS channel, CAST(NULL AS Nullable(String)) AS currency,
       CAST(NULL AS Nullable(String)) AS province, CAST(NULL AS Nullable(String)) AS region,
       CAST(NULL AS Nullable(String)) AS city, toUInt64(1) AS version
FROM system.numbers LIMIT ${n}`;
}

const AGGREGATE = `SELECT customer_id, countIf(amount_cents > 0) AS f, sum(amount_cents) AS m,
       intDiv(1700000000000 - maxIf(occurred_at, amount_cents > 0), 86400000) AS r
FROM transactions_local GROUP BY customer_id HAVING f > 0`;

/** Server-side cost of the statements whose query id starts with `prefix`, over every shard. */
async function serverCost(prefix: string): Promise<{ cpu: number; memoryMb: number; wait: number }> {
  let cpu = 0;
  let wait = 0;
  let memory = 0;
  for (let shard = 0; shard < ch.shardCount; shard++) {
    await ch.clients[shard]!.command({ query: "SYSTEM FLUSH LOGS" });
    // The log table exists once the server has logged a query.
    const [exists] = await ch.queryShard<{ n: number }>(
      shard,
      "SELECT toUInt8(count()) AS n FROM system.tables WHERE database = 'system' AND name = 'query_log'",
    );
    if (!exists?.n) continue;
    const [row] = await ch.queryShard<{ cpu: number; wait: number; memory: number }>(
      shard,
      `SELECT toFloat64(sum(ProfileEvents.Values[indexOf(ProfileEvents.Names, 'UserTimeMicroseconds')]
                         + ProfileEvents.Values[indexOf(ProfileEvents.Names, 'SystemTimeMicroseconds')])) / 1e6 AS cpu,
              toFloat64(sum(ProfileEvents.Values[indexOf(ProfileEvents.Names, 'OSCPUWaitMicroseconds')])) / 1e6 AS wait,
              toFloat64(max(memory_usage)) AS memory
       FROM system.query_log
       WHERE type = 2 AND (startsWith(query_id, '${prefix}') OR startsWith(initial_query_id, '${prefix}'))`,
    );
    cpu += row?.cpu ?? 0;
    wait += row?.wait ?? 0;
    memory = Math.max(memory, row?.memory ?? 0);
  }
  return { cpu, wait, memoryMb: memory / 2 ** 20 };
}

const run = `bb${Date.now().toString(36)}`;
let step = 0;
const logged = (prefix: string) => ({
  query_id: `${prefix}_${Math.random().toString(36).slice(2)}`,
  clickhouse_settings: { log_queries: 1 as const },
});

/** Runs `fn` (given a query-id prefix for its statements); prints wall time, server CPU and rows per CPU-second. */
async function measure(
  what: string,
  rowsDone: number,
  fn: (prefix: string) => Promise<unknown>,
): Promise<void> {
  const prefix = `${run}_${++step}`;
  const nodeCpu = process.cpuUsage();
  const started = performance.now();
  await fn(prefix);
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeCpu);
  const cost = await serverCost(prefix);
  console.log(
    `${what}: ${seconds.toFixed(2)} s wall${rowsDone > 0 ? `, ${rate(rowsDone, seconds)}` : ""}; ` +
      `servers ${cost.cpu.toFixed(2)} CPU-s${rowsDone > 0 && cost.cpu > 0 ? ` (${rate(rowsDone, cost.cpu)} per CPU-second)` : ""}, ` +
      `${cost.wait.toFixed(1)} s waiting for a CPU, peak query memory ${cost.memoryMb.toFixed(0)} MB; ` +
      `this process ${((node.user + node.system) / 1e6).toFixed(2)} CPU-s (load ${load()})`,
  );
}

try {
  await dropClickHouseDatabase(ch);
  await ensureClickHouseSchema(ch, [TRANSACTIONS, CUSTOMER_SCORES]);
  console.log(
    `ClickHouse ${ch.shardCount} shards; ${rows.toLocaleString("en")} rows per shard; load ${load()}`,
  );

  // 1. Bulk insert from Node (the client's JSONEachRow insert, the importer's path) into one
  // shard, then both at once.
  const batch = 100_000;
  const makeRows = (shard: number, from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      customer_id: ((from + i) % customers) * ch.shardCount + shard + ch.shardCount,
      order_id: `c${from + i}`,
      occurred_at: 1_700_000_000_000 - ((from + i) % 730) * 86_400_000,
      amount_cents: 500 + ((from + i) % 30_000),
      line_count: 1,
      channel: "web",
      currency: null,
      province: null,
      region: null,
      city: null,
      version: 1,
    }));
  // A socket the server closed (keep_alive_timeout, 3 s in the package's config) while this
  // process was busy building the other shard's batch is reused by the client before its idle
  // timer (2.5 s) could fire: the write fails with EPIPE/ECONNRESET before the server read the
  // insert, so it is sent again on a new socket, and counted.
  let resent = 0;
  const insertFromNode = async (prefix: string, shard: number, n: number) => {
    for (let from = 0; from < n; from += batch) {
      const values = makeRows(shard, from, Math.min(batch, n - from));
      const insert = () =>
        ch.clients[shard]!.insert({
          table: "transactions_local",
          values,
          format: "JSONEachRow",
          ...logged(prefix),
        });
      try {
        await insert();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== "EPIPE" && code !== "ECONNRESET") throw error;
        resent++;
        await insert();
      }
    }
  };
  await measure("insert from Node, one shard", clientRows, (prefix) => insertFromNode(prefix, 0, clientRows));
  await measure("insert from Node, both shards at once", 2 * clientRows, (prefix) =>
    Promise.all([insertFromNode(prefix, 0, clientRows), insertFromNode(prefix, 1, clientRows)]),
  );
  if (resent > 0) console.log(`  (${resent} batches sent again after EPIPE/ECONNRESET: see the comment)`);
  await ch.commandOnEachShard("TRUNCATE TABLE transactions_local");

  // 2. Server-side writes per shard: the storage's own ceiling.
  for (const shard of [0, 1]) {
    await measure(`INSERT ... SELECT of generated orders, shard ${shard + 1}`, rows, (prefix) =>
      ch.clients[shard]!.command({
        query: `INSERT INTO transactions_local ${generatedSelect(shard, rows, 0)}`,
        ...logged(prefix),
      }),
    );
  }
  await ch.commandOnEachShard("OPTIMIZE TABLE transactions_local FINAL");
  const [parts] = await ch.queryShard<{ bytes: number; rows: number }>(
    0,
    `SELECT toFloat64(sum(data_compressed_bytes)) AS bytes, toFloat64(sum(rows)) AS rows
     FROM system.parts WHERE active AND database = '${ch.database}' AND table = 'transactions_local'`,
  );
  console.log(
    `stored: ${(parts!.bytes / parts!.rows).toFixed(1)} bytes per order compressed (${(parts!.bytes / 2 ** 20).toFixed(0)} MB for ${parts!.rows.toLocaleString("en")} rows on shard 1)`,
  );

  // 3. Per-customer aggregation per shard, and what crosses to Node for the cut points.
  const count = `SELECT count() AS customers, uniqExact(r) AS rs, uniqExact(f) AS fs, uniqExact(m) AS ms FROM (${AGGREGATE})`;
  let stats: { customers: string; rs: string; fs: string; ms: string } | undefined;
  await measure("aggregation per customer, shard 1 alone", rows, async (prefix) => {
    const result = await ch.clients[0]!.query({ query: count, format: "JSONEachRow", ...logged(prefix) });
    [stats] = (await result.json()) as (typeof stats)[];
  });
  console.log(
    `  ${Number(stats!.customers).toLocaleString("en")} customers on the shard; distinct recency ${stats!.rs}, frequency ${stats!.fs}, spend ${stats!.ms}`,
  );
  await measure("aggregation per customer, both shards at once", 2 * rows, (prefix) =>
    Promise.all(
      [0, 1].map(async (shard) => {
        const result = await ch.clients[shard]!.query({
          query: count,
          format: "JSONEachRow",
          ...logged(prefix),
        });
        return result.json();
      }),
    ),
  );
  let bins = 0;
  await measure(
    "per-value frequency counts over the Distributed table (merged across shards)",
    0,
    async (prefix) => {
      const result = await ch.clients[0]!.query({
        query: `SELECT f, count() AS n FROM (${AGGREGATE}) GROUP BY f`,
        format: "JSONEachRow",
        ...logged(prefix),
      });
      bins = ((await result.json()) as unknown[]).length;
    },
  );
  console.log(`  ${bins} rows back to Node`);

  // 4. Scores written shard-locally, then a segment page.
  await measure("scores written shard-locally with INSERT ... SELECT (both shards)", 0, (prefix) =>
    Promise.all(
      [0, 1].map((shard) =>
        ch.clients[shard]!.command({
          query: `INSERT INTO customer_scores_local SELECT 1 AS run_id, customer_id, toInt32(r) AS recency_days,
         toUInt32(f) AS frequency, toInt64(m) AS monetary_cents,
         toUInt8(1 + (r < 400) + (r < 200) + (r < 100)) AS rs, toUInt8(1 + (f > 4) + (f > 8) + (f > 12)) AS fs,
         toUInt8(1 + (m > 100000) + (m > 200000) + (m > 300000)) AS ms,
         toUInt16(((rs - 1) * 4 + (fs - 1)) * 4 + (ms - 1)) AS code, CAST(NULL AS Nullable(Float64)) AS clv
       FROM (${AGGREGATE})`,
          ...logged(prefix),
        }),
      ),
    ),
  );
  const page = `SELECT customer_id, monetary_cents FROM customer_scores WHERE run_id = 1 AND code IN (63, 62, 59, 47)
    ORDER BY monetary_cents DESC, customer_id LIMIT 50`;
  const times: number[] = [];
  await measure("20 segment pages of 50 by spend over the Distributed table", 0, async (prefix) => {
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const result = await ch.clients[0]!.query({ query: page, format: "JSONEachRow", ...logged(prefix) });
      await result.json();
      times.push(performance.now() - started);
    }
  });
  times.sort((a, b) => a - b);
  console.log(`  page p50 ${times[9]!.toFixed(1)} ms, p95 ${times[18]!.toFixed(1)} ms`);
} finally {
  await dropClickHouseDatabase(ch);
  await ch.close();
}
