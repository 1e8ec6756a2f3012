/**
 * End-to-end speed of `importTransactions` (file -> parse -> database), and where the time goes:
 *
 *   npx tsx bench/import.bench.ts [--customers 250000] [--file F.csv] [--batch N]
 *                                 [--only sqlite|postgresql|clickhouse]
 *
 * Writes the demo store's transactions (`writeDemoCsv`, ordersScale 4: about 8.4 rows per
 * customer, so 250,000 customers give about 2.1 million rows) to a temp file unless --file is
 * given, then measures, each in a fresh database: parsing alone; parsing and grouping order
 * lines; the import with parsing in this thread; the import with parsing in a worker thread (what
 * the CLI does for files of 16 MiB and more); and importing the same file again (everything
 * already present). Prints wall time, rows per second, CPU seconds (all threads) and peak RSS,
 * and on PostgreSQL the server's CPU seconds (its backends serving the import's pool, read from
 * /proc: the server runs on this machine). The machine may be shared: compare CPU and wall time.
 * Figures are in docs/import.md.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "../src/db/client";
import { createTestDatabase, type FactEngine } from "../src/db/testing";
import { writeDemoCsv } from "../src/demo/csv";
import { parseTransactions } from "../src/import";
import { DEFAULT_IMPORT_BATCH_SIZE, importTransactions } from "../src/modules/import/import.service";
import { prepareTransactions } from "../src/modules/import/prepare";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "250000" },
    file: { type: "string" },
    batch: { type: "string" },
    only: { type: "string" },
  },
});
// Without --batch: the importer's default for each engine (larger on ClickHouse); parsing alone
// uses the default of the other engines.
const batchSize = values.batch === undefined ? undefined : Number(values.batch);
// ClickHouse (the test cluster, a throwaway database dropped afterwards) only when asked for.
const providers: FactEngine[] = values.only ? [values.only as FactEngine] : ["sqlite", "postgresql"];

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/**
 * CPU seconds used so far by the PostgreSQL backends of `db`'s pool (all of its connections,
 * opened now if idle ones were closed): /proc/<pid>/stat's utime + stime, in clock ticks of 1/100 s.
 */
async function serverCpu(db: Database): Promise<number> {
  if (db.provider !== "postgresql") return 0;
  const clients = await Promise.all(Array.from({ length: 10 }, () => db.pool.connect()));
  let total = 0;
  try {
    for (const client of clients) {
      const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } finally {
    for (const client of clients) client.release();
  }
  return total;
}

async function measure(label: string, fn: () => Promise<number>, db?: Database): Promise<void> {
  peakRss = process.memoryUsage().rss;
  const server = db ? await serverCpu(db) : 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const rows = await fn();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serverUsed = db?.provider === "postgresql" ? (await serverCpu(db)) - server : null;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.stdout.write(
    `  ${label.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s  ${integer.format(rows / seconds).padStart(9)} rows/s` +
      `  CPU ${((used.user + used.system) / 1e6).toFixed(2).padStart(6)} s` +
      (serverUsed === null ? "" : `  server CPU ${serverUsed.toFixed(2).padStart(6)} s`) +
      `  peak RSS ${integer.format(peakRss / 2 ** 20)} MB  load ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
}

const input = (file: string) => createReadStream(file, { highWaterMark: 1 << 20 });

async function main(): Promise<void> {
  let dir: string | null = null;
  let file = values.file;
  if (!file) {
    dir = mkdtempSync(path.join(os.tmpdir(), "rfm-import-bench-"));
    file = path.join(dir, "transactions.csv");
    const started = performance.now();
    const written = await writeDemoCsv({
      customers: Number(values.customers),
      ordersScale: 4,
      transactionsPath: file,
    });
    process.stdout.write(
      `Wrote ${integer.format(written.transactions)} transactions of ${integer.format(written.customers)} customers ` +
        `(${integer.format(statSync(file).size / 2 ** 20)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  const size = statSync(file).size;
  process.stdout.write(
    `node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}; batches of ${batchSize === undefined ? "the engine's default" : integer.format(batchSize)}\n`,
  );
  try {
    process.stdout.write("no database:\n");
    await measure("parse", async () => {
      let rows = 0;
      for await (const batch of parseTransactions(input(file), {
        batchSize: batchSize ?? DEFAULT_IMPORT_BATCH_SIZE,
      }))
        rows += batch.size;
      return rows;
    });
    await measure("parse + number and group order lines", async () => {
      let rows = 0;
      for await (const { batch } of prepareTransactions(input(file), {
        parse: { batchSize: batchSize ?? DEFAULT_IMPORT_BATCH_SIZE },
      }))
        rows += batch.size;
      return rows;
    });
    for (const provider of providers) {
      process.stdout.write(`${provider}:\n`);
      for (const parallel of [false, true]) {
        const test = await createTestDatabase(provider);
        try {
          const label = parallel ? "import, parsing in a worker thread" : "import, parsing in this thread";
          await measure(
            label,
            async () => {
              const summary = await importTransactions({
                db: test.db,
                input: input(file),
                source: file,
                parse: { batchSize },
                expectedBytes: size,
                parallel,
              });
              return summary.rowsRead;
            },
            test.db,
          );
          if (parallel) {
            await measure(
              "the same file again (all already present)",
              async () => {
                const summary = await importTransactions({
                  db: test.db,
                  input: input(file),
                  source: file,
                  parse: { batchSize },
                  expectedBytes: size,
                });
                return summary.rowsRead;
              },
              test.db,
            );
          }
        } finally {
          await test.drop();
        }
      }
    }
  } finally {
    clearInterval(sampler);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
