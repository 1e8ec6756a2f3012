import type { Bins, MonetaryBasis } from "@rfm/core";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DAY_MS, dayStart, endOfDay } from "../days";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { type ClvMethod, runScoring, type ScoringWindow } from "../modules/scoring/scoring.service";
import { segmentTable } from "../modules/segment/segment.service";
import { type BackfillCommandOptions, monthOrDay, runBackfillCommand } from "./backfill.command";
import { describeDatabase } from "./db.command";
import { isoDate, positiveInteger } from "./options";
import { printSegmentTable, printWarnings } from "./output";

interface ScoreOptions {
  asOf?: string;
  bins: string;
  window?: number;
  from?: string;
  to?: string;
  monetary: MonetaryBasis;
  clv: ClvMethod;
  backfill?: BackfillCommandOptions["backfill"];
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/** The window the options describe; `--from`/`--to` are whole days, both included. */
function windowOf(options: ScoreOptions): ScoringWindow | undefined {
  if (options.window !== undefined) {
    if (options.from !== undefined || options.to !== undefined) {
      throw new InvalidArgumentError("use either --window DAYS or --from/--to, not both");
    }
    return { days: options.window };
  }
  if (options.from === undefined && options.to === undefined) return undefined;
  return {
    ...(options.from === undefined ? {} : { from: dayStart(isoDate(options.from)) }),
    ...(options.to === undefined ? {} : { to: endOfDay(isoDate(options.to)) }),
  };
}

export function registerScoreCommand(program: Command): void {
  program
    .command("score")
    .description(
      "Score every customer (a new scoring run), make it current and print the segment table. " +
        "Runs left unfinished by a killed process are marked failed (interrupted) first.",
    )
    .option(
      "--as-of <date>",
      "score as of the end of this day (YYYY-MM-DD; default: the day of the last order)",
      isoDate,
    )
    .addOption(new Option("--bins <n>", "score levels per dimension").choices(["3", "4", "5"]).default("4"))
    .option("--window <days>", "only orders of the last DAYS days up to the as-of date", positiveInteger)
    .option(
      "--from <date>",
      "only orders from this day on (YYYY-MM-DD); with --backfill, the first month (YYYY-MM)",
      monthOrDay,
    )
    .option(
      "--to <date>",
      "only orders up to and including this day (YYYY-MM-DD); with --backfill, the last month (YYYY-MM)",
      monthOrDay,
    )
    .addOption(
      new Option(
        "--backfill <interval>",
        "create the past runs as of each month's last day (or each Sunday) from --from to --to; " +
          "periods already scored with the same settings are skipped, so it resumes after a stop",
      ).choices(["monthly", "weekly"]),
    )
    .addOption(
      new Option("--monetary <basis>", "what M scores: net spend, or net spend per order")
        .choices(["total", "mean-order"])
        .default("total"),
    )
    .addOption(
      new Option(
        "--clv <method>",
        "customer lifetime value: BG/NBD model (historic if it cannot fit), historic, or none",
      )
        .choices(["model", "historic", "none"])
        .default("model"),
    )
    .action(async (options: ScoreOptions) => {
      if (options.backfill !== undefined) {
        await runBackfillCommand({ ...options, backfill: options.backfill });
        return;
      }
      const window = windowOf(options);
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const progress = process.stderr.isTTY
          ? (p: { phase: string; event: string; seconds?: number }) => {
              if (p.event === "start") process.stderr.write(`  ${p.phase}...`);
              else process.stderr.write(` ${p.seconds?.toFixed(2)} s\n`);
            }
          : undefined;
        process.stdout.write(
          `Scoring ${describeDatabase(env.DATABASE_URL)} as of ${options.asOf ?? "the day of the last order"}\n`,
        );
        const result = await runScoring({
          db,
          ...(options.asOf === undefined ? {} : { asOf: endOfDay(options.asOf) }),
          bins: Number(options.bins) as Bins,
          ...(window ? { window } : {}),
          monetaryBasis: options.monetary,
          clv: options.clv,
          ...(progress ? { onProgress: progress } : {}),
        });
        const { run, timings } = result;
        for (const id of result.interruptedRuns) {
          process.stdout.write(`Run ${id} had been interrupted (its process died): marked failed.\n`);
        }
        const windowText =
          run.windowFrom === null && run.windowTo === null
            ? "all orders before the as-of date"
            : `orders from ${run.windowFrom === null ? "the first" : day(run.windowFrom)} to ${day((run.windowTo ?? run.asOf) - DAY_MS)}`;
        process.stdout.write(
          `Run ${run.id} complete: ${integer.format(run.customersScored ?? 0)} customers scored from ` +
            `${integer.format(run.transactionsRead ?? 0)} orders (${windowText}; ` +
            `${integer.format(run.customersWithoutPurchases ?? 0)} customers with refunds only, not scored), ` +
            `as of ${day(run.asOf - DAY_MS)}, ${run.bins} bins, monetary ${run.monetaryBasis}, in ${((run.durationMs ?? 0) / 1000).toFixed(2)} s ` +
            `(aggregate ${timings.aggregate.toFixed(2)}, CLV ${timings.clv.toFixed(2)}, score ${timings.score.toFixed(2)}, ` +
            `write ${timings.write.toFixed(2)})\n`,
        );
        if (run.clv) {
          process.stdout.write(
            run.clv.method === "model"
              ? `CLV: expected net spend over ${run.clv.horizonDays} days, BG/NBD + Gamma-Gamma fitted on ` +
                  `${integer.format(run.clv.fittedOn ?? 0)} of ${integer.format(run.clv.customers)} customers.\n`
              : `CLV: historic run-rate over ${run.clv.horizonDays} days (${run.clv.fallbackReason ?? "as requested"}).\n`,
          );
        }
        printWarnings(run.warnings);
        process.stdout.write("\n");
        try {
          const table = await segmentTable(db);
          process.stdout.write(`Segments under mapping version ${table.mapping.version}:\n`);
          printSegmentTable(table.stats);
        } catch (error) {
          // The run is stored and current; only the table cannot be shown (bins mismatch).
          process.stdout.write(
            `No segment table: ${error instanceof Error ? error.message : String(error)}\n`,
          );
        }
      } finally {
        await db.close();
      }
    });
}
