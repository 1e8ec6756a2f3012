import { type Bins, DIMENSIONS, type Dimension, describeReport, type MonetaryBasis } from "@rfm/core";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DAY_MS, dayStart, endOfDay } from "../days";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { type ClvMethod, runScoring, type ScoringWindow } from "../modules/scoring/scoring.service";
import { type FixedThresholds, fixedMethods } from "../modules/scoring/thresholds";
import { segmentTable } from "../modules/segment/segment.service";
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
  thresholds: FixedThresholds;
  keepThresholds?: number;
}

const DIMENSION_OF: Readonly<Record<string, Dimension>> = {
  r: "recency",
  recency: "recency",
  f: "frequency",
  frequency: "frequency",
  m: "monetary",
  monetary: "monetary",
};

/**
 * One `--thresholds DIM=B1,B2,...` (r, f or m; repeatable): bounds as scoring takes them, money
 * in currency units. Their count and order are checked once the bins are known (fixedMethods).
 */
export function thresholdsOption(value: string, previous: FixedThresholds): FixedThresholds {
  const match = /^\s*([a-z]+)\s*=\s*(.*)$/i.exec(value);
  const dimension = match ? DIMENSION_OF[match[1]!.toLowerCase()] : undefined;
  if (!match || !dimension) {
    throw new InvalidArgumentError(
      `"${value}" is not DIMENSION=BOUNDS, such as r=30,90,180 (r, f or m, bounds separated by commas).`,
    );
  }
  if (previous[dimension]) throw new InvalidArgumentError(`${dimension} thresholds are given twice.`);
  const bounds = match[2]!.split(",").map((b) => b.trim());
  if (bounds.some((b) => b === "" || !Number.isFinite(Number(b)))) {
    throw new InvalidArgumentError(`${dimension} thresholds "${match[2]}": every bound must be a number.`);
  }
  return { ...previous, [dimension]: bounds.map(Number) };
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
    ...(options.from === undefined ? {} : { from: dayStart(options.from) }),
    ...(options.to === undefined ? {} : { to: endOfDay(options.to) }),
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
    .option("--from <date>", "only orders from this day on (YYYY-MM-DD)", isoDate)
    .option("--to <date>", "only orders up to and including this day (YYYY-MM-DD)", isoDate)
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
    .option(
      "--thresholds <dim=bounds>",
      "fixed thresholds for one dimension instead of quantiles, bins - 1 increasing bounds: " +
        "r=30,90,180 (most days of R4, R3, R2), f=2,3,6 (first orders of F2, F3, F4), " +
        "m=100,500,1000 (first amounts of M2, M3, M4); repeat for each dimension",
      thresholdsOption,
      {},
    )
    .option(
      "--keep-thresholds <run>",
      "score with the cut points of this past run (same bins and monetary basis), so codes keep their meaning",
      positiveInteger,
    )
    .action(async (options: ScoreOptions) => {
      const window = windowOf(options);
      const bins = Number(options.bins) as Bins;
      if (options.keepThresholds !== undefined && Object.keys(options.thresholds).length > 0) {
        throw new InvalidArgumentError("use either --thresholds or --keep-thresholds, not both");
      }
      const methods = fixedMethods(options.thresholds, bins);
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
          bins,
          ...(window ? { window } : {}),
          ...(Object.keys(methods).length > 0 ? { methods } : {}),
          ...(options.keepThresholds === undefined ? {} : { keepThresholdsOf: options.keepThresholds }),
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
        if (run.thresholds) {
          process.stdout.write(
            options.keepThresholds === undefined
              ? "Cut points:\n"
              : `Cut points (kept from run ${options.keepThresholds}):\n`,
          );
          for (const dimension of DIMENSIONS) {
            const report = run.thresholds[dimension];
            const bands = describeReport(report).reverse();
            process.stdout.write(
              `  ${dimension} (${report.method === "quantile" ? "quantile" : "fixed"}): ${bands.map((b) => b.text).join("; ")}\n`,
            );
          }
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
