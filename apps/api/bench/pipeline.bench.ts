/**
 * The data benchmark of the storage issue: generate a store of 2.38 million customers with
 * about 20 million transactions as CSV, then on SQLite and on PostgreSQL import it, score it
 * and time `rfm segments`, each through the real CLI in its own process (peak memory is that
 * process's), and compare every customer's code with DuckDB's from the same CSV.
 *
 *   npm run bench:pipeline -w @rfm/api [-- --customers 2380000 --dir /tmp/rfm-bench --only sqlite]
 *
 * A measurement, not a test: it prints figures and exits 0 unless a step fails.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { codeOfIndex, DAY_MS } from "@rfm/core";
import pg from "pg";
import { openDatabase } from "../src/db/client";
import { writeDemoCsv } from "../src/demo/csv";
import { DEMO_DEFAULTS } from "../src/demo/generate";
import { childEnv } from "../src/env";
import { duckdbReferenceCodes } from "./duckdb-reference";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "2380000" },
    "orders-scale": { type: "string", default: "4" },
    dir: { type: "string", default: "/tmp/rfm-bench" },
    only: { type: "string" },
    postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
  },
});
const customers = Number(values.customers);
const dir = resolve(values.dir);
const cli = resolve(import.meta.dirname, "../bin/rfm.mjs");
const asOfDay = DEMO_DEFAULTS.to;
const asOf = Date.parse(`${asOfDay}T00:00:00Z`) + DAY_MS;
mkdirSync(dir, { recursive: true });

const csv = join(dir, `transactions-${customers}.csv`);
if (!existsSync(csv)) {
  const t0 = performance.now();
  const written = await writeDemoCsv({
    customers,
    ordersScale: Number(values["orders-scale"]),
    transactionsPath: `${csv}.part`,
  });
  const { renameSync } = await import("node:fs");
  renameSync(`${csv}.part`, csv);
  console.log(
    `generated ${written.transactions.toLocaleString("en")} transactions for ${written.customers.toLocaleString("en")} customers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const rows = countLines(csv) - 1;
console.log(`data: ${csv} (${rows.toLocaleString("en")} rows, ${(statSync(csv).size / 1e9).toFixed(2)} GB)`);

const duck = await duckdbReferenceCodes({ csvPath: csv, asOf, bins: 4 });
console.log(
  `DuckDB reference: ${duck.codes.size.toLocaleString("en")} customers in ${duck.seconds.toFixed(1)} s`,
);

interface Step {
  seconds: number;
  peakMb: number;
  output: string;
}

/** Runs the CLI and samples the child's resident memory from /proc every 50 ms. */
function run(args: string[], databaseUrl: string): Promise<Step> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], {
      env: childEnv({ DATABASE_URL: databaseUrl }),
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
    const sampler = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      } catch {
        // the process has just exited
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) done({ seconds, peakMb: peak, output });
      else fail(new Error(`rfm ${args.join(" ")} exited ${code}:\n${output}`));
    });
  });
}

function countLines(path: string): number {
  let n = 0;
  const buffer = readFileSync(path);
  for (let i = 0; i < buffer.length; i++) if (buffer[i] === 10) n++;
  return n;
}

async function storedCodes(databaseUrl: string): Promise<Map<string, string>> {
  const db = await openDatabase(databaseUrl);
  try {
    const [run] = await db.raw.query<{ id: number }>(
      "SELECT id FROM scoring_runs WHERE status = 'complete' ORDER BY as_of DESC, finished_at DESC, id DESC LIMIT 1",
    );
    const stored = await db.raw.query<{ external_id: string; code: number }>(
      "SELECT c.external_id, s.code FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1",
      [run!.id],
    );
    return new Map(stored.map((row) => [row.external_id, codeOfIndex(Number(row.code), 4)]));
  } finally {
    await db.close();
  }
}

const targets: { name: string; url: string; reset: () => Promise<void> }[] = [
  {
    name: "sqlite",
    url: `file:${join(dir, "bench.db")}`,
    reset: async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(join(dir, `bench.db${suffix}`), { force: true });
    },
  },
  {
    name: "postgresql",
    url: `${values.postgres}?schema=rfm_bench`,
    reset: async () => {
      const client = new pg.Client({ connectionString: values.postgres });
      await client.connect();
      await client.query("DROP SCHEMA IF EXISTS rfm_bench CASCADE");
      await client.query("CREATE SCHEMA rfm_bench");
      await client.end();
    },
  },
];

const results: string[] = [];
for (const target of targets.filter((t) => !values.only || t.name === values.only)) {
  await target.reset();
  const load = await run(["import", "transactions", csv], target.url);
  const score = await run(["score", "--as-of", asOfDay, "--clv", "model"], target.url);
  const segments = await run(["segments"], target.url);
  const codes = await storedCodes(target.url);
  let agree = 0;
  for (const [id, code] of duck.codes) if (codes.get(id) === code) agree++;
  const share = (agree / Math.max(1, duck.codes.size)) * 100;
  results.push(
    [
      `${target.name}:`,
      `  import   ${load.seconds.toFixed(1)} s, ${Math.round(rows / load.seconds).toLocaleString("en")} rows/s, peak ${load.peakMb.toFixed(0)} MB`,
      `  score    ${score.seconds.toFixed(1)} s (whole CLI process), peak ${score.peakMb.toFixed(0)} MB, ${(score.seconds / duck.seconds).toFixed(1)}x DuckDB`,
      `  segments ${segments.seconds.toFixed(2)} s (whole CLI process, start-up included)`,
      `  codes agreeing with DuckDB: ${agree.toLocaleString("en")} of ${duck.codes.size.toLocaleString("en")} (${share.toFixed(3)}%)`,
    ].join("\n"),
  );
  console.log(results.at(-1));
  if (codes.size !== duck.codes.size)
    console.log(`  (database scored ${codes.size.toLocaleString("en")} customers)`);
}
console.log(`\nDuckDB: ${duck.seconds.toFixed(1)} s from CSV to codes (in memory)`);
