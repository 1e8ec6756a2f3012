/**
 * `rfm score --backfill monthly|weekly --from YYYY-MM --to YYYY-MM`: the past runs as of each
 * month's last day (or each Sunday), printed period by period (modules/scoring/backfill.ts).
 */
import type { Bins, MonetaryBasis } from "@rfm/core";
import { InvalidArgumentError } from "commander";
import { lastDayBefore } from "../days";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { resolveProfile } from "../modules/profile/profile.repository";
import { type BackfillInterval, runBackfill } from "../modules/scoring/backfill";
import type { ClvMethod } from "../modules/scoring/clv";
import { getCurrentRun } from "../modules/scoring/scoring.repository";
import { describeDatabase } from "./db.command";

export interface BackfillCommandOptions {
  readonly backfill: BackfillInterval;
  readonly from?: string;
  readonly to?: string;
  readonly asOf?: string;
  readonly profile?: string;
  readonly bins?: string;
  readonly window?: number;
  readonly monetary?: MonetaryBasis;
  readonly clv?: ClvMethod;
}

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/** `--from`/`--to` of a backfill: months (YYYY-MM). */
export function monthOrDay(value: string): string {
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(value)) {
    throw new InvalidArgumentError(`"${value}" is not a month (YYYY-MM) or a date (YYYY-MM-DD).`);
  }
  return value;
}

/** Runs the backfill the options describe, printing one line per period. */
export async function runBackfillCommand(options: BackfillCommandOptions): Promise<void> {
  if (options.asOf !== undefined) {
    throw new InvalidArgumentError(
      "--as-of and --backfill do not go together: each backfilled run is as of its month's or week's last day",
    );
  }
  if (options.from === undefined || options.to === undefined) {
    throw new InvalidArgumentError(
      "--backfill needs --from YYYY-MM and --to YYYY-MM (the first and last month)",
    );
  }
  for (const [name, value] of [
    ["--from", options.from],
    ["--to", options.to],
  ] as const) {
    if (!/^\d{4}-\d{2}$/.test(value)) {
      throw new InvalidArgumentError(`with --backfill, ${name} is a month in YYYY-MM form, got "${value}"`);
    }
  }
  const db = await openDatabase(env.DATABASE_URL);
  // Ctrl-C stops after the period being scored; the next backfill resumes from there.
  const controller = new AbortController();
  const stop = () => {
    process.stderr.write(
      "\nStopping after the period being scored (run the same command again to resume).\n",
    );
    controller.abort();
  };
  process.once("SIGINT", stop);
  try {
    process.stdout.write(
      `Backfilling ${describeDatabase(env.DATABASE_URL)}: ${options.backfill} runs from ${options.from} to ${options.to}, ` +
        `as of each ${options.backfill === "monthly" ? "month's last day" : "Sunday"}\n`,
    );
    const profile = await resolveProfile(db, options.profile);
    const started = performance.now();
    let width = 0;
    const result = await runBackfill({
      db,
      from: options.from,
      to: options.to,
      interval: options.backfill,
      profileId: profile.id,
      ...(options.bins === undefined ? {} : { bins: Number(options.bins) as Bins }),
      ...(options.window === undefined ? {} : { windowDays: options.window }),
      ...(options.monetary === undefined ? {} : { monetaryBasis: options.monetary }),
      ...(options.clv === undefined ? {} : { clv: options.clv }),
      signal: controller.signal,
      onPeriod: (e) => {
        width ||= String(e.total).length;
        const head = `  [${String(e.index + 1).padStart(width)}/${e.total}] ${e.period.asOfDay}  `;
        if (e.event === "start") return;
        const line =
          e.event === "skipped"
            ? `already scored: run ${e.run!.id}`
            : e.event === "empty"
              ? "no order before this day: no run"
              : `run ${e.run!.id}: ${integer.format(e.run!.customersScored ?? 0)} customers, ` +
                `${integer.format(e.run!.transactionsRead ?? 0)} orders, ${e.seconds!.toFixed(2)} s`;
        process.stdout.write(`${head}${line}\n`);
      },
    });
    for (const id of result.interruptedRuns) {
      process.stdout.write(`Run ${id} had been interrupted (its process died): marked failed.\n`);
    }
    const seconds = (performance.now() - started) / 1000;
    const done = result.scored + result.skipped + result.empty;
    process.stdout.write(
      `${result.aborted ? "Backfill stopped" : "Backfill done"}: ${result.scored} run${result.scored === 1 ? "" : "s"} created, ` +
        `${result.skipped} already there, ${result.empty} without orders` +
        (result.aborted ? `, ${result.periods.length - done} left` : "") +
        ` in ${seconds.toFixed(1)} s` +
        (result.scored > 0 ? ` (${(seconds / result.scored).toFixed(2)} s per run created)` : "") +
        ".\n",
    );
    if (result.future > 0) {
      process.stdout.write(
        `${result.future} ${options.backfill === "monthly" ? "month" : "week"}${result.future === 1 ? "" : "s"} of the range ${result.future === 1 ? "has" : "have"} not ended yet: left out.\n`,
      );
    }
    const current = await getCurrentRun(db, profile.id);
    if (current) {
      process.stdout.write(
        `The current run is run ${current.id}, as of ${lastDayBefore(current.asOf, current.timeZone)} (the latest as-of).\n`,
      );
    }
    if (result.aborted) process.exitCode = 130;
  } finally {
    process.removeListener("SIGINT", stop);
    await db.close();
  }
}
