/**
 * Parse throughput of the importer's file parser, no database: writes 1,000,000-row CSV files
 * to the temp directory and parses each from a file stream three times (the first run includes
 * JIT warm-up), printing rows per second of wall time and of CPU time (the machine may be
 * shared). For comparison it also times csv-parse alone (records only, no checks) on the first
 * file. Run from apps/api: `npx tsx bench/parse.bench.ts [rows]`.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DAY_MS } from "@rfm/core";
import { parse as csvParse } from "csv-parse";
import { parseTransactions } from "../src/import/parse";
import type { ParseOptions } from "../src/import/types";

const rows = Number(process.argv[2] ?? 1_000_000);
const RUNS = 3;
const CHUNK = 1 << 16;

interface Variant {
  readonly name: string;
  readonly header: string;
  readonly row: (i: number) => string;
  readonly options: ParseOptions;
}

const day = (i: number) => Date.UTC(2020, 0, 1) + ((i * 7919) % 1461) * DAY_MS;
const iso = (i: number) => new Date(day(i)).toISOString().slice(0, 10);
const us = (i: number) => {
  const d = new Date(day(i));
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
};
const amount = (i: number) => (((i * 37) % 100_000) / 100).toFixed(2);
const customer = (i: number) => `C${String((i * 31) % 200_000).padStart(7, "0")}`;

const variants: Variant[] = [
  {
    name: "our headers, ISO dates, 4 columns",
    header: "order_id,customer_id,occurred_at,amount",
    row: (i) => `O${i},${customer(i)},${iso(i)},${amount(i)}`,
    options: {},
  },
  {
    name: "every field quoted, M/d/yyyy, 8 columns, --map",
    header: '"Order ID","Order Date","Customer ID","Customer Name","City","State","Region","Sales"',
    row: (i) =>
      `"CA-${i}","${us(i)}","${customer(i)}","Name, ${i % 1000}","Springfield","Ohio","East","${amount(i)}"`,
    options: {
      dateFormats: ["M/d/yyyy"],
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer ID",
        name: "Customer Name",
        province: "State",
        amount: "Sales",
      },
    },
  },
];

async function generate(file: string, v: Variant): Promise<void> {
  const out = createWriteStream(file);
  let text = `${v.header}\n`;
  for (let i = 0; i < rows; i++) {
    text += `${v.row(i)}\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await once(out, "drain");
      text = "";
    }
  }
  out.end(text);
  await once(out, "finish");
}

async function timed(label: string, bytes: number, run: () => Promise<number>): Promise<number> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const n = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const perSecond = (s: number) => Math.round(n / s).toLocaleString("en");
  console.log(
    `  ${label}: ${n.toLocaleString("en")} rows in ${seconds.toFixed(2)} s = ${perSecond(seconds)} rows/s, ` +
      `${(bytes / 1e6 / seconds).toFixed(0)} MB/s (CPU ${cpuSeconds.toFixed(2)} s = ${perSecond(cpuSeconds)} rows/CPU-s)`,
  );
  return n / seconds;
}

console.log(
  `node ${process.version}, load average ${os.loadavg()[0]?.toFixed(2)} on ${os.availableParallelism()} cores`,
);
const dir = await mkdtemp(path.join(os.tmpdir(), "rfm-parse-bench-"));
try {
  for (const [index, v] of variants.entries()) {
    const file = path.join(dir, "bench.csv");
    await generate(file, v);
    const { size } = await stat(file);
    console.log(`${v.name} (${(size / 1e6).toFixed(0)} MB):`);
    let best = 0;
    for (let run = 1; run <= RUNS; run++) {
      const rate = await timed(`parseTransactions, run ${run}`, size, async () => {
        let accepted = 0;
        let rejected = 0;
        for await (const batch of parseTransactions(
          createReadStream(file, { highWaterMark: CHUNK }),
          v.options,
        )) {
          accepted += batch.size;
          rejected += batch.rejects.length;
        }
        if (rejected > 0) throw new Error(`${rejected} rows rejected`);
        return accepted;
      });
      best = Math.max(best, rate);
    }
    console.log(`  best: ${Math.round(best).toLocaleString("en")} rows/s`);
    if (index === 0) {
      await timed("csv-parse alone (records, no checks, no line numbers)", size, async () => {
        let n = 0;
        for await (const _ of createReadStream(file, { highWaterMark: CHUNK }).pipe(
          csvParse({ from_line: 2 }),
        ))
          n++;
        return n;
      });
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
