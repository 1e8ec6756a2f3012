import { PRESETS } from "@rfm/core";
import type { Command } from "commander";
import { openDatabase } from "../db/client";
import { DEMO_DEFAULTS } from "../demo/generate";
import { loadDemo } from "../demo/load";
import { segmentTable } from "../modules/segment/segment.service";
import { positiveInteger } from "./options";
import { printSegmentTable, printWarnings } from "./output";

/**
 * `rfm demo`: the product's main job on a deterministic synthetic store. Loads it into the
 * database (`DATABASE_URL`, the embedded SQLite file by default) through the same importer
 * as real files, scores it and prints the segment table. Re-running it is cheap: the import
 * is idempotent, so only the scoring run is new.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "Load a deterministic synthetic store into the database, score it and print the segment table.",
    )
    .option("--customers <n>", "customers to generate", positiveInteger, DEMO_DEFAULTS.customers)
    .option("--seed <n>", "random seed (same seed, same data)", positiveInteger, DEMO_DEFAULTS.seed)
    .action(async (options: { customers: number; seed: number }) => {
      const started = performance.now();
      const db = await openDatabase();
      try {
        const { customers, transactions, scoring } = await loadDemo(db, options);
        const run = scoring.run;
        const table = await segmentTable(db);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `Demo store in ${db.provider === "sqlite" ? db.url : "PostgreSQL"}: ` +
            `${customers.inserted.toLocaleString("en")} customers and ${transactions.inserted.toLocaleString("en")} transactions new ` +
            `(${(customers.alreadyPresent + transactions.alreadyPresent).toLocaleString("en")} already there), ` +
            `scoring run ${run.id} as of ${DEMO_DEFAULTS.to}, mapping "${PRESETS.default.label}" - ${seconds.toFixed(1)} s\n\n`,
        );
        printSegmentTable(
          table.stats,
          table.mapping.compiled.segments.map((s) => s.key),
        );
        printWarnings(run.warnings ?? []);
      } finally {
        await db.close();
      }
    });
}
