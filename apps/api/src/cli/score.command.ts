import { type Bins, DIMENSIONS, type Dimension, describeReport, type MonetaryBasis } from "@rfm/core";
import { type Command, InvalidArgumentError, Option } from "commander";
import { dayOf, dayStart, endOfDay, lastDayBefore } from "../days";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { resolveProfile } from "../modules/profile/profile.repository";
import { type ClvMethod, runScoring, type ScoringWindow } from "../modules/scoring/scoring.service";
import { type FixedThresholds, fixedMethods } from "../modules/scoring/thresholds";
import { segmentTable } from "../modules/segment/segment.service";
import { type BackfillCommandOptions, monthOrDay, runBackfillCommand } from "./backfill.command";
import { describeDatabase } from "./db.command";
import { isoDate, positiveInteger } from "./options";
import { printSegmentTable, printWarnings } from "./output";

interface ScoreOptions {
  profile?: string;
  asOf?: string;
  bins?: string;
  window?: number;
  from?: string;
  to?: string;
  monetary?: MonetaryBasis;
  clv?: ClvMethod;
  currency?: string;
  convert?: boolean;
  channel: string[];
  thresholds: FixedThresholds;
  keepThresholds?: number;
  backfill?: BackfillCommandOptions["backfill"];
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

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/** The window the options describe; `--from`/`--to` are whole store days, both included. */
function windowOf(options: ScoreOptions, timeZone: string): ScoringWindow | undefined {
  if (options.window !== undefined) {
    if (options.from !== undefined || options.to !== undefined) {
      throw new InvalidArgumentError("use either --window DAYS or --from/--to, not both");
    }
    return { days: options.window };
  }
  if (options.from === undefined && options.to === undefined) return undefined;
  return {
    ...(options.from === undefined ? {} : { from: dayStart(isoDate(options.from), timeZone) }),
    ...(options.to === undefined ? {} : { to: endOfDay(isoDate(options.to), timeZone) }),
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
      "score as of the end of this day in STORE_TIME_ZONE (YYYY-MM-DD: a purchase that day has recency 0; default: the day of the last order)",
      isoDate,
    )
    .option(
      "--profile <key>",
      "scoring profile whose settings and mapping are used (default: the default profile)",
    )
    .addOption(
      new Option(
        "--bins <n>",
        "score levels per dimension (default: the profile's; other bins than its mapping's are refused)",
      ).choices(["2", "3", "4", "5", "6", "7", "8", "9"]),
    )
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
      new Option(
        "--monetary <basis>",
        "what M scores: net spend, or net spend per order (default: the profile's)",
      ).choices(["total", "mean-order"]),
    )
    .addOption(
      new Option(
        "--clv <method>",
        "customer lifetime value: BG/NBD model (historic if it cannot fit), historic, or none (default: the profile's)",
      ).choices(["model", "historic", "none"]),
    )
    .option(
      "--currency <code>",
      "the run's currency (ISO 4217): only orders in it count, others are left out and reported (default: the data's one currency)",
    )
    .option("--convert", "convert orders in other currencies into --currency at imported exchange rates")
    .option(
      "--channel <name>",
      "count only orders of this channel, case-insensitive (repeatable)",
      collect,
      [],
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
      if (options.backfill !== undefined) {
        await runBackfillCommand({ ...options, backfill: options.backfill });
        return;
      }
      const timeZone = env.STORE_TIME_ZONE;
      const window = windowOf(options, timeZone);
      if (options.keepThresholds !== undefined && Object.keys(options.thresholds).length > 0) {
        throw new InvalidArgumentError("use either --thresholds or --keep-thresholds, not both");
      }
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const profile = await resolveProfile(db, options.profile);
        // Fixed thresholds are checked against the bins the run will have: given, or the profile's.
        const bins = (options.bins === undefined ? profile.settings.bins : Number(options.bins)) as Bins;
        const methods = fixedMethods(options.thresholds, bins);
        const progress = process.stderr.isTTY
          ? (p: { phase: string; event: string; seconds?: number }) => {
              // Phases may overlap (a pushed-down run's value counts and CLV): each line names its phase.
              if (p.event === "start") process.stderr.write(`  ${p.phase}...\n`);
              else process.stderr.write(`  ${p.phase} ${p.seconds?.toFixed(2)} s\n`);
            }
          : undefined;
        process.stdout.write(
          `Scoring ${describeDatabase(env.DATABASE_URL)} with profile ${profile.key} (${profile.name}) as of ${options.asOf ?? "the day of the last order"}` +
            `${timeZone === "UTC" ? "" : ` (${timeZone})`}\n`,
        );
        const result = await runScoring({
          db,
          profileId: profile.id,
          ...(options.asOf === undefined ? {} : { asOfDay: options.asOf }),
          timeZone,
          ...(options.bins === undefined ? {} : { bins }),
          ...(window ? { window } : {}),
          ...(Object.keys(methods).length > 0 ? { methods } : {}),
          ...(options.keepThresholds === undefined ? {} : { keepThresholdsOf: options.keepThresholds }),
          ...(options.monetary === undefined ? {} : { monetaryBasis: options.monetary }),
          ...(options.clv === undefined ? {} : { clv: options.clv }),
          ...(options.currency === undefined ? {} : { currency: options.currency }),
          ...(options.convert ? { convert: true } : {}),
          ...(options.channel.length > 0 ? { channels: options.channel } : {}),
          ...(progress ? { onProgress: progress } : {}),
        });
        const { run, timings } = result;
        for (const id of result.interruptedRuns) {
          process.stdout.write(`Run ${id} had been interrupted (its process died): marked failed.\n`);
        }
        const windowText =
          run.windowFrom === null && run.windowTo === null
            ? "all orders up to the as-of day"
            : `orders from ${run.windowFrom === null ? "the first" : dayOf(run.windowFrom, run.timeZone)} to ${lastDayBefore(run.windowTo ?? run.asOf, run.timeZone)}`;
        process.stdout.write(
          `Run ${run.id} complete: ${integer.format(run.customersScored ?? 0)} customers scored from ` +
            `${integer.format(run.transactionsRead ?? 0)} orders (${windowText}; ` +
            `${integer.format(run.customersWithoutPurchases ?? 0)} customers with refunds only, not scored), ` +
            `as of ${lastDayBefore(run.asOf, run.timeZone)}${run.timeZone === "UTC" ? "" : ` (${run.timeZone})`}, ${run.bins} bins, monetary ${run.monetaryBasis} in ${run.currency ?? env.STORE_CURRENCY}${run.currencyConverted ? " (converted)" : ""}, in ${((run.durationMs ?? 0) / 1000).toFixed(2)} s ` +
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
          const table = await segmentTable(db, profile.id);
          process.stdout.write(`Segments under mapping version ${table.mapping.version}:\n`);
          printSegmentTable(
            table.stats,
            table.mapping.compiled.segments.map((s) => s.key),
          );
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
