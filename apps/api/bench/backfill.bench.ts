/**
 * Times a monthly backfill: the demo store (two years of orders, 2024-01 to 2025-12) loaded at
 * a given number of customers, then `months` month-end runs backfilled (oldest first, one
 * scoring lock), each timed with its phases. The second pass times the resume: every month is
 * skipped. SQLite in a fresh file, PostgreSQL in a fresh schema of the test database; both are
 * dropped at the end.
 *
 *   npm run bench:backfill -w @rfm/api [-- --customers 200000 --months 24 --only sqlite --clv model]
 *
 * A measurement, not a test: it prints figures and exits 0 unless a step fails.
 */
import { parseArgs } from "node:util";
import { createTestDatabase } from "../src/db/testing";
import { loadDemo } from "../src/demo/load";
import { runBackfill } from "../src/modules/scoring/backfill";
import type { ClvMethod } from "../src/modules/scoring/clv";
import type { ScoringPhase } from "../src/modules/scoring/scoring.service";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "200000" },
    months: { type: "string", default: "24" },
    only: { type: "string" },
    clv: { type: "string", default: "model" },
  },
});
const customers = Number(values.customers);
const months = Number(values.months);
const clv = values.clv as ClvMethod;
if (!Number.isInteger(months) || months < 1 || months > 24)
  throw new Error("--months is 1 to 24 (the demo's two years)");
// The demo's orders run from 2024-01 to 2025-12: the last `months` of them.
const first = new Date(Date.UTC(2025, 12 - months, 1)).toISOString().slice(0, 7);
const providers = values.only
  ? [values.only as "sqlite" | "postgresql"]
  : (["sqlite", "postgresql"] as const);
const seconds = (t0: number) => (performance.now() - t0) / 1000;

for (const provider of providers) {
  const test = await createTestDatabase(provider);
  try {
    const t0 = performance.now();
    const demo = await loadDemo(test.db, { customers });
    console.log(
      `${provider}: loaded ${demo.transactions.ordersCreated.toLocaleString("en")} orders of ` +
        `${demo.customers.customersCreated.toLocaleString("en")} customers and scored once in ${seconds(t0).toFixed(1)} s`,
    );
    // Its run as of 2025-12-31 would be skipped as already there: time all the months.
    await test.db.raw.execute("DELETE FROM customer_scores WHERE run_id = $1", [demo.scoring.run.id]);
    await test.db.raw.execute("DELETE FROM scoring_runs WHERE id = $1", [demo.scoring.run.id]);
    const phases: Record<ScoringPhase, number> = { aggregate: 0, score: 0, clv: 0, write: 0 };
    const perRun: number[] = [];
    const t1 = performance.now();
    const result = await runBackfill({
      db: test.db,
      from: first,
      to: "2025-12",
      interval: "monthly",
      clv,
      onProgress: (p) => {
        if (p.event === "end") phases[p.phase] += p.seconds ?? 0;
      },
      onPeriod: (e) => {
        if (e.event !== "scored") return;
        perRun.push(e.seconds!);
        console.log(
          `  ${e.period.asOfDay}: ${e.run!.customersScored!.toLocaleString("en")} customers, ` +
            `${e.run!.transactionsRead!.toLocaleString("en")} orders, ${e.seconds!.toFixed(2)} s`,
        );
      },
    });
    const total = seconds(t1);
    const scored = Math.max(result.scored, 1);
    console.log(
      `${provider}: backfill of ${result.periods.length} months (${result.scored} runs, ${result.skipped} already there) ` +
        `in ${total.toFixed(1)} s: ${(total / scored).toFixed(2)} s per run ` +
        `(slowest ${Math.max(...perRun).toFixed(2)} s; per run: aggregate ${(phases.aggregate / scored).toFixed(2)}, ` +
        `CLV ${(phases.clv / scored).toFixed(2)}, score ${(phases.score / scored).toFixed(2)}, write ${(phases.write / scored).toFixed(2)} s)`,
    );
    const t2 = performance.now();
    const again = await runBackfill({ db: test.db, from: first, to: "2025-12", interval: "monthly", clv });
    console.log(
      `${provider}: the same backfill again: ${again.scored} runs, ${again.skipped} skipped, in ${seconds(t2).toFixed(2)} s`,
    );
  } finally {
    await test.drop();
  }
}
