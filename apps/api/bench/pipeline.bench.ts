/**
 * The data benchmark of the storage issues: generate a store of 2.38 million customers with
 * about 20 million transactions as CSV, then on each facts engine (SQLite, PostgreSQL, and the
 * ClickHouse cluster with the app's state in SQLite) import it, score it and time
 * `rfm segments`, each through the real CLI in its own process (peak memory is that process's),
 * and run DuckDB from the same CSV to codes, also in a process of its own: the reference the
 * engines are timed against (import + score over DuckDB's seconds).
 *
 * Code agreement is checked, not just printed: every customer's code from each engine is
 * compared with the SQLite engine's and with DuckDB's; below 100% (or a different number of
 * customers scored) the script exits 1.
 *
 *   npm run bench:pipeline -w @rfm/api [-- --customers 500000 --dir /tmp/rfm-bench
 *     --engines sqlite,postgresql,clickhouse --clickhouse clickhouse://127.0.0.1:8125,127.0.0.1:8126/bench_pipeline?cluster=rfm]
 *
 * The issue's sizes: `--customers 500000` (4.17M transactions) and `--customers 2380000` (~20M).
 * The ClickHouse leg uses the database the URL names (default `bench_pipeline` on the local
 * cluster, `npm run clickhouse:local`), dropped before and after (`--keep` leaves the stores).
 * The servers do the work there, so the leg also prints the servers' resident memory at its peak
 * (sampled from /proc, pid files in `--clickhouse-dir`, the local cluster's state folder).
 *
 * A measurement, not a test: it prints figures, and fails only when a step fails or codes differ.
 */
import { spawn } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { codeOfIndex, DAY_MS } from "@rfm/core";
import pg from "pg";
import { openDatabase } from "../src/db/client";
import { openClickHouse } from "../src/db/facts/clickhouse/connection";
import { dropClickHouseDatabase } from "../src/db/facts/clickhouse/schema";
import { writeDemoCsv } from "../src/demo/csv";
import { DEMO_DEFAULTS } from "../src/demo/generate";
import { childEnv } from "../src/env";

const ENGINES = ["sqlite", "postgresql", "clickhouse"] as const;
type Engine = (typeof ENGINES)[number];

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "2380000" },
    "orders-scale": { type: "string", default: "4" },
    dir: { type: "string", default: "/tmp/rfm-bench" },
    engines: { type: "string", default: ENGINES.join(",") },
    /** Kept from the first version: one engine only (same as `--engines NAME`). */
    only: { type: "string" },
    postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
    clickhouse: {
      type: "string",
      default: "clickhouse://127.0.0.1:8125,127.0.0.1:8126/bench_pipeline?cluster=rfm",
    },
    "clickhouse-dir": { type: "string", default: "/tmp/rfm-clickhouse" },
    keep: { type: "boolean", default: false },
  },
});
const engines = (values.only ?? values.engines).split(",").map((name) => name.trim()) as Engine[];
for (const name of engines) {
  if (!ENGINES.includes(name)) throw new Error(`unknown engine "${name}": one of ${ENGINES.join(", ")}`);
}
const customers = Number(values.customers);
const dir = resolve(values.dir);
const cli = resolve(import.meta.dirname, "../bin/rfm.mjs");
const duckScript = resolve(import.meta.dirname, "duckdb-reference.ts");
const asOfDay = DEMO_DEFAULTS.to;
const asOf = Date.parse(`${asOfDay}T00:00:00Z`) + DAY_MS;
const BINS = 4;
mkdirSync(dir, { recursive: true });

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
console.log(`machine load (1/5/15 min) at start: ${load()}`);

const csv = join(dir, `transactions-${customers}.csv`);
if (!existsSync(csv)) {
  const t0 = performance.now();
  const written = await writeDemoCsv({
    customers,
    ordersScale: Number(values["orders-scale"]),
    transactionsPath: `${csv}.part`,
  });
  renameSync(`${csv}.part`, csv);
  console.log(
    `generated ${written.transactions.toLocaleString("en")} transactions for ${written.customers.toLocaleString("en")} customers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const rows = (await countLines(csv)) - 1;
console.log(`data: ${csv} (${rows.toLocaleString("en")} rows, ${(statSync(csv).size / 1e9).toFixed(2)} GB)`);

interface Step {
  seconds: number;
  peakMb: number;
  /** Peak of the ClickHouse servers' summed resident memory during the step (MB), when sampled. */
  serverPeakMb: number | null;
  output: string;
}

/**
 * Runs a process and samples its resident memory's high-water mark from /proc every 50 ms; with
 * `serverPids`, the servers' summed resident memory too (their high-water mark is since start).
 */
function runProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  serverPids: readonly number[] = [],
): Promise<Step> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: resolve(import.meta.dirname, ".."),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    let peak = 0;
    let serverPeak = 0;
    const sampler = setInterval(() => {
      const hwm = memoryOf(child.pid!, "VmHWM");
      if (hwm !== null) peak = Math.max(peak, hwm);
      if (serverPids.length > 0) {
        let sum = 0;
        for (const pid of serverPids) sum += memoryOf(pid, "VmRSS") ?? 0;
        serverPeak = Math.max(serverPeak, sum);
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const step = { seconds, peakMb: peak, serverPeakMb: serverPids.length > 0 ? serverPeak : null, output };
      if (code === 0) done(step);
      else fail(new Error(`${args.slice(-4).join(" ")} exited ${code}:\n${output}`));
    });
  });
}

/** A process's memory figure from /proc/PID/status, in MB (null once it has exited). */
function memoryOf(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function countLines(path: string): Promise<number> {
  return new Promise((done, fail) => {
    let n = 0;
    createReadStream(path)
      .on("data", (chunk) => {
        const buffer = chunk as Buffer;
        for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) n++;
      })
      .on("end", () => done(n))
      .on("error", fail);
  });
}

/** DuckDB from the CSV to codes, in its own process: its seconds (CSV to codes), peak and codes. */
async function duckdbReference(): Promise<{ seconds: number; peakMb: number; codes: Map<string, string> }> {
  const out = join(dir, "duckdb-codes.tsv");
  const step = await runProcess(
    ["--import", "tsx", duckScript, csv, String(asOf), String(BINS), out],
    childEnv(),
  );
  const lines = readFileSync(out, "utf8").split("\n");
  rmSync(out, { force: true });
  const codes = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const tab = line.indexOf("\t");
    codes.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return { seconds: Number(lines[0]), peakMb: step.peakMb, codes };
}

/** The latest complete run's code of every customer, by external id, read with the engine's own SQL. */
async function storedCodes(target: Target): Promise<Map<string, string>> {
  const db = await openDatabase(target.url, { analyticsUrl: target.analyticsUrl });
  try {
    const [run] = await db.raw.query<{ id: number }>(
      "SELECT id FROM scoring_runs WHERE status = 'complete' ORDER BY as_of DESC, finished_at DESC, id DESC LIMIT 1",
    );
    if (!run) throw new Error(`${target.name}: no complete scoring run`);
    const codes = new Map<string, string>();
    const ch = db.analytics;
    if (ch) {
      // Shard by shard: each shard's scores with its own customers (both sharded by customer).
      const runId = Number(run.id);
      for (let shard = 0; shard < ch.shardCount; shard++) {
        const stored = await ch.queryShard<{ external_id: string; code: number }>(
          shard,
          `SELECT external_id, code FROM customer_scores_local ANY INNER JOIN ` +
            `(SELECT id AS customer_id, external_id FROM customers_local FINAL) USING customer_id ` +
            `WHERE run_id = ${runId}`,
        );
        for (const row of stored) codes.set(row.external_id, codeOfIndex(Number(row.code), BINS));
      }
      return codes;
    }
    const stored = await db.raw.query<{ external_id: string; code: number }>(
      "SELECT c.external_id, s.code FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1",
      [run.id],
    );
    for (const row of stored) codes.set(row.external_id, codeOfIndex(Number(row.code), BINS));
    return codes;
  } finally {
    await db.close();
  }
}

interface Agreement {
  readonly agree: number;
  readonly of: number;
  readonly scored: number;
  readonly exact: boolean;
}

function agreement(codes: ReadonlyMap<string, string>, reference: ReadonlyMap<string, string>): Agreement {
  let agree = 0;
  for (const [id, code] of reference) if (codes.get(id) === code) agree++;
  return {
    agree,
    of: reference.size,
    scored: codes.size,
    exact: agree === reference.size && codes.size === reference.size,
  };
}

function describeAgreement(against: string, a: Agreement): string {
  const share = (a.agree / Math.max(1, a.of)) * 100;
  return (
    `  codes agreeing with ${against}: ${a.agree.toLocaleString("en")} of ${a.of.toLocaleString("en")} (${share.toFixed(3)}%)` +
    (a.scored === a.of ? "" : `; the engine scored ${a.scored.toLocaleString("en")} customers`) +
    (a.exact ? "" : "  << DIFFERS")
  );
}

interface Target {
  readonly name: Engine;
  /** DATABASE_URL: the app's state, and the facts unless `analyticsUrl`. */
  readonly url: string;
  readonly analyticsUrl: string | null;
  /** Pids of the servers doing the work outside the CLI process (ClickHouse), if readable. */
  readonly serverPids: () => number[];
  readonly reset: () => Promise<void>;
}

const sqliteFiles = (name: string) => ["", "-wal", "-shm"].map((suffix) => join(dir, `${name}${suffix}`));

const targets: Target[] = [
  {
    name: "sqlite",
    url: `file:${join(dir, "bench.db")}`,
    analyticsUrl: null,
    serverPids: () => [],
    reset: async () => {
      for (const file of sqliteFiles("bench.db")) rmSync(file, { force: true });
    },
  },
  {
    name: "postgresql",
    url: `${values.postgres}?schema=rfm_bench`,
    analyticsUrl: null,
    serverPids: () => [],
    reset: async () => {
      const client = new pg.Client({ connectionString: values.postgres });
      await client.connect();
      await client.query("DROP SCHEMA IF EXISTS rfm_bench CASCADE");
      await client.query("CREATE SCHEMA rfm_bench");
      await client.end();
    },
  },
  {
    // The facts on the cluster; the app's state (runs, mappings) in a SQLite file of its own.
    name: "clickhouse",
    url: `file:${join(dir, "bench-clickhouse.db")}`,
    analyticsUrl: values.clickhouse,
    serverPids: () => {
      const pids: number[] = [];
      for (const shard of [1, 2]) {
        try {
          pids.push(
            Number(readFileSync(join(values["clickhouse-dir"], `shard${shard}`, "pid"), "utf8").trim()),
          );
        } catch {
          // not the local cluster, or not readable: the servers' memory is not reported
        }
      }
      return pids;
    },
    reset: async () => {
      for (const file of sqliteFiles("bench-clickhouse.db")) rmSync(file, { force: true });
      const ch = openClickHouse(values.clickhouse);
      try {
        await dropClickHouseDatabase(ch);
      } finally {
        await ch.close();
      }
    },
  },
];

const chosen = targets.filter((t) => engines.includes(t.name));
const duck = await duckdbReference();
console.log(
  `DuckDB: ${duck.codes.size.toLocaleString("en")} customers from CSV to codes in ${duck.seconds.toFixed(1)} s, ` +
    `peak ${duck.peakMb.toFixed(0)} MB (load ${load()})`,
);

const mb = (step: Step) =>
  `peak ${step.peakMb.toFixed(0)} MB` +
  (step.serverPeakMb === null ? "" : `, servers ${step.serverPeakMb.toFixed(0)} MB resident at most`);

let sqliteCodes: Map<string, string> | null = null;
let allExact = true;
const summary: string[] = [];
for (const target of chosen) {
  await target.reset();
  const env = childEnv({ DATABASE_URL: target.url, ANALYTICS_URL: target.analyticsUrl ?? "" });
  const pids = target.serverPids();
  const rfm = (args: string[]) => runProcess([cli, ...args], env, pids);
  const imported = await rfm(["import", "transactions", csv]);
  const scored = await rfm(["score", "--as-of", asOfDay, "--clv", "model"]);
  const segments = await rfm(["segments"]);
  const total = imported.seconds + scored.seconds;
  const codes = await storedCodes(target);
  const withDuck = agreement(codes, duck.codes);
  const withSqlite = target.name !== "sqlite" && sqliteCodes ? agreement(codes, sqliteCodes) : null;
  if (target.name === "sqlite") sqliteCodes = codes;
  allExact &&= withDuck.exact && (withSqlite?.exact ?? true);
  console.log(
    [
      `${target.name}: (load ${load()})`,
      `  import   ${imported.seconds.toFixed(1)} s, ${Math.round(rows / imported.seconds).toLocaleString("en")} rows/s, ${mb(imported)}`,
      `  score    ${scored.seconds.toFixed(1)} s (whole CLI process, CLV included), ${mb(scored)}`,
      `  import + score ${total.toFixed(1)} s: ${(total / duck.seconds).toFixed(1)}x DuckDB`,
      `  segments ${segments.seconds.toFixed(2)} s (whole CLI process, start-up included), ${mb(segments)}`,
      ...(withSqlite ? [describeAgreement("SQLite", withSqlite)] : []),
      describeAgreement("DuckDB", withDuck),
    ].join("\n"),
  );
  summary.push(
    `${target.name.padEnd(11)} ${imported.seconds.toFixed(1).padStart(7)} ${Math.round(
      rows / imported.seconds,
    )
      .toLocaleString("en")
      .padStart(
        11,
      )} ${scored.seconds.toFixed(1).padStart(7)} ${total.toFixed(1).padStart(8)} ${(total / duck.seconds).toFixed(1).padStart(7)}x ` +
      `${Math.max(imported.peakMb, scored.peakMb, segments.peakMb).toFixed(0).padStart(8)} MB`,
  );
  if (target.name !== "sqlite") codes.clear();
}

if (!values.keep) {
  for (const target of chosen) {
    if (target.name === "clickhouse") await target.reset();
    if (target.name === "postgresql") {
      const client = new pg.Client({ connectionString: values.postgres });
      await client.connect();
      await client.query("DROP SCHEMA IF EXISTS rfm_bench CASCADE");
      await client.end();
    }
  }
}

console.log(
  [
    "",
    `${rows.toLocaleString("en")} rows, ${duck.codes.size.toLocaleString("en")} customers scored; load at the end ${load()}`,
    "engine       import s      rows/s scor. s  total s  vs Duck  peak CLI",
    ...summary,
    `${"duckdb".padEnd(11)} ${"".padStart(7)} ${"".padStart(11)} ${"".padStart(7)} ${duck.seconds.toFixed(1).padStart(8)} ${"1.0".padStart(7)}x ${duck.peakMb.toFixed(0).padStart(8)} MB`,
    allExact
      ? "codes: every engine agrees with SQLite and DuckDB on every customer (100%)"
      : "codes: some engine DIFFERS (see above)",
  ].join("\n"),
);
if (!allExact) process.exitCode = 1;
