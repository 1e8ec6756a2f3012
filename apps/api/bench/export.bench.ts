/**
 * Export speed on the database of `DATABASE_URL` (and `ANALYTICS_URL`, for the facts on
 * ClickHouse): a full segment export (default Champions) written to a sink that drops the bytes,
 * in parts so the time can be placed: the facts store's reader alone, then whole exports (CSV of
 * every column for analysis, the EMAIL preset for a campaign, JSON lines). Prints rows/s over the
 * audience's rows (those read), the median run's wall time beside this process's CPU time (the
 * machine is shared: CPU seconds say what the export costs here, wall time what the load let it
 * have), the load average and the process's peak RSS. Fill the database first:
 * `rfm demo --customers 2380000`.
 *
 *   npx tsx bench/export.bench.ts [--segment champions] [--repeat 3]
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client";
import { factsStoreOf } from "../src/db/facts";
import { shareOfRun } from "../src/modules/audience/audience.compile";
import { exportAudience, resolveExportAudience } from "../src/modules/export/export.service";

const { values } = parseArgs({
  options: { segment: { type: "string", default: "champions" }, repeat: { type: "string", default: "3" } },
});
const segment = values.segment!;
const repeat = Number(values.repeat);

const db = await openDatabase();
let peakRss = 0;
const sample = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

async function timed(label: string, fn: () => Promise<number>): Promise<void> {
  const runs: { rate: number; wall: number; cpu: number }[] = [];
  let rows = 0;
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    rows = await fn();
    const used = process.cpuUsage(cpu);
    const wall = (performance.now() - started) / 1000;
    runs.push({ rate: rows / wall, wall, cpu: (used.user + used.system) / 1e6 });
  }
  const best = Math.max(...runs.map((r) => r.rate));
  const median = runs.sort((a, b) => a.rate - b.rate)[Math.floor(runs.length / 2)]!;
  const n = (x: number) => Math.round(x).toLocaleString("en").padStart(9);
  console.log(
    `${label.padEnd(34)} ${rows.toLocaleString("en").padStart(10)} rows  best ${n(best)} rows/s  median ${n(median.rate)} rows/s (${median.wall.toFixed(2)} s wall, ${median.cpu.toFixed(2)} s CPU in Node, load ${loadavg()[0]!.toFixed(1)})`,
  );
}

try {
  const store = factsStoreOf(db);
  const { audience } = await resolveExportAudience(db, { segment });
  console.log(
    `engine ${store.dialect}, segment ${segment}, run ${audience.run.id}; load: ${(await import("node:os"))
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await timed("reader only", async () => {
    let n = 0;
    for await (const batch of store.audiences.read({
      runId: audience.run.id,
      codes: audience.codes,
      conditions: audience.sql,
      share: shareOfRun(audience),
    })) {
      n += batch.length;
    }
    return n;
  });
  const drop = () => undefined;
  for (const [label, options] of [
    ["export CSV, ALL, ANALYSIS", { format: "csv", purpose: "ANALYSIS" }],
    ["export CSV, EMAIL, CAMPAIGN", { format: "csv", preset: "EMAIL" }],
    ["export JSON lines, ALL, ANALYSIS", { format: "jsonl", purpose: "ANALYSIS" }],
  ] as const) {
    await timed(label, async () => {
      const result = await exportAudience({ db, segment, write: drop, ...options });
      return (
        result.rows +
        result.leftOut.optedOut +
        result.leftOut.consentNotRecorded +
        result.leftOut.noIdentifier
      );
    });
  }
  console.log(
    `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB; load: ${(await import("node:os"))
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
} finally {
  clearInterval(sample);
  await db.close();
}
