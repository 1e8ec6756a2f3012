import {
  type Bins,
  compileMapping,
  createAggregator,
  estimateClv,
  PRESETS,
  type PresetId,
  scoreCustomers,
  segmentStats,
} from "@rfm/core";
import { type Command, Option } from "commander";
import { DEMO_DEFAULTS, generateDemo } from "../demo/generate";
import { endOfDay, isoDate, positiveInteger } from "./options";
import { printSegmentTable, printWarnings } from "./output";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("Generate a deterministic synthetic store, score it and print the segment table.")
    .option("--customers <n>", "customers to generate", positiveInteger, DEMO_DEFAULTS.customers)
    .option("--seed <n>", "random seed (same seed, same data)", positiveInteger, DEMO_DEFAULTS.seed)
    .option("--as-of <date>", "score as of the end of this day (YYYY-MM-DD)", isoDate, DEMO_DEFAULTS.to)
    .addOption(new Option("--bins <n>", "score levels per dimension").choices(["3", "4", "5"]).default("4"))
    .addOption(
      new Option("--preset <id>", "segment mapping to apply")
        .choices(Object.keys(PRESETS))
        .default("default"),
    )
    .action((options: { customers: number; seed: number; asOf: string; bins: string; preset: PresetId }) => {
      const started = performance.now();
      const bins = Number(options.bins) as Bins;
      const preset = PRESETS[options.preset];
      if (preset.definition.bins !== bins) {
        throw new Error(
          `the ${preset.label} preset is defined for ${preset.definition.bins} bins; pass --bins ${preset.definition.bins}`,
        );
      }
      const aggregator = createAggregator({ asOf: endOfDay(options.asOf) });
      let rows = 0;
      for (const batch of generateDemo({ customers: options.customers, seed: options.seed })) {
        aggregator.add(batch);
        rows += batch.customerId.length;
      }
      const { aggregates, stats } = aggregator.finish();
      const asOf = endOfDay(options.asOf);
      const clv = estimateClv({ ...aggregates, asOf, horizonDays: 365 });
      const scoring = scoreCustomers({ ...aggregates, bins, clv: clv.clv });
      const mapping = compileMapping(preset.definition);
      const table = segmentStats({ histogram: scoring.histogram, mapping });
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `Demo store: ${aggregates.length.toLocaleString("en")} customers scored from ${rows.toLocaleString("en")} transactions ` +
          `(${stats.orders.toLocaleString("en")} orders), as of ${options.asOf}, ${bins} bins, ` +
          `mapping "${preset.label}" - ${seconds.toFixed(2)} s\n\n`,
      );
      printSegmentTable(table);
      process.stdout.write(
        clv.method === "model"
          ? `CLV: expected net spend over the next year, BG/NBD + Gamma-Gamma fitted on these ${aggregates.length.toLocaleString("en")} customers.\n`
          : `CLV: historic run-rate over the next year (${clv.fallbackReason ?? "as requested"}).\n`,
      );
      printWarnings(scoring.warnings);
    });
}
