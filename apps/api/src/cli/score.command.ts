import type { Bins, MonetaryBasis } from "@rfm/core";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DAY_MS, dayStart, endOfDay } from "../days";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { resolveProfile } from "../modules/profile/profile.repository";
import { type ClvMethod, runScoring, type ScoringWindow } from "../modules/scoring/scoring.service";
import { segmentTable } from "../modules/segment/segment.service";
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
    .option("--from <date>", "only orders from this day on (YYYY-MM-DD)", isoDate)
    .option("--to <date>", "only orders up to and including this day (YYYY-MM-DD)", isoDate)
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
    .action(async (options: ScoreOptions) => {
      const window = windowOf(options);
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const profile = await resolveProfile(db, options.profile);
        const progress = process.stderr.isTTY
          ? (p: { phase: string; event: string; seconds?: number }) => {
              if (p.event === "start") process.stderr.write(`  ${p.phase}...`);
              else process.stderr.write(` ${p.seconds?.toFixed(2)} s\n`);
            }
          : undefined;
        process.stdout.write(
          `Scoring ${describeDatabase(env.DATABASE_URL)} with profile ${profile.key} (${profile.name}) as of ${options.asOf ?? "the day of the last order"}\n`,
        );
        const result = await runScoring({
          db,
          profileId: profile.id,
          ...(options.asOf === undefined ? {} : { asOf: endOfDay(options.asOf) }),
          ...(options.bins === undefined ? {} : { bins: Number(options.bins) as Bins }),
          ...(window ? { window } : {}),
          ...(options.monetary === undefined ? {} : { monetaryBasis: options.monetary }),
          ...(options.clv === undefined ? {} : { clv: options.clv }),
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
          const table = await segmentTable(db, profile.id);
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
