/**
 * History from day one: the past scoring runs as of each month's (or week's) last day, so
 * movement, segment sizes over time and "in the segment since" have history on the day a store
 * starts using the platform.
 *
 * - One scoring lock for the whole backfill: no other run (the CLI's, the API's, a schedule's)
 *   interleaves with its months, and its runs are created in ascending as-of order.
 * - Resumable: a period that already has a complete run as of its day with the same settings is
 *   skipped, so a backfill run again after a kill (or an abort between periods) scores only the
 *   periods still missing. A run killed mid-way is left `running` and marked interrupted by the
 *   next run, as any killed run is.
 * - A backfilled run never replaces the current run: the current run is the one with the latest
 *   as-of (scoring.repository's CURRENT_RUN_ORDER).
 */
import {
  assertBins,
  type Bins,
  DEFAULT_BINS,
  DIMENSIONS,
  type Dimension,
  type DimensionMethod,
} from "@rfm/core";
import { AppError } from "../../app-error";
import { DAY_MS, dayOf, dayStart, endOfDay } from "../../days";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { env } from "../../env";
import { DEFAULT_PROFILE_ID, ensureDefaultProfile, profileById } from "../profile/profile.repository";
import type { ClvMethod } from "./clv";
import { failInterruptedRuns, getRun, type ScoringRun } from "./scoring.repository";
import { type RunScoringOptions, runScoring, type ScoringProgress } from "./scoring.service";
import { acquireScoringLock } from "./scoring-lock";

export type BackfillInterval = "monthly" | "weekly";

export const BACKFILL_INTERVALS: readonly BackfillInterval[] = ["monthly", "weekly"];

/** At most this many periods per backfill (more than 80 years of months, 19 of weeks). */
export const MAX_BACKFILL_PERIODS = 1000;

/** One past run to create: as of the end of `asOfDay`. */
export interface BackfillPeriod {
  /** The last day counted, yyyy-MM-dd (a month's last day; a week's Sunday). */
  readonly asOfDay: string;
  /** The scoring instant passed to runScoring (its `asOf`: the first instant after `asOfDay`). */
  readonly asOf: number;
}

/** The settings every run of the backfill shares (compared with existing runs to skip them). */
export interface BackfillSettings {
  readonly bins?: Bins;
  /** Only orders of the last N days up to each as-of day; default: every order before it. */
  readonly windowDays?: number;
  readonly methods?: RunScoringOptions["methods"];
  readonly monetaryBasis?: RunScoringOptions["monetaryBasis"];
  readonly clv?: ClvMethod;
  readonly parallelism?: number;
  readonly maxClvFitCustomers?: number;
}

export type BackfillOutcome =
  /** A complete run with the same as-of and settings existed: nothing done. */
  | "skipped"
  /** No order before the as-of day: no run (there is nobody to score). */
  | "empty"
  /** A new run was created and completed. */
  | "scored";

export interface BackfillEvent {
  /** From 0, of `total`. */
  readonly index: number;
  readonly total: number;
  readonly period: BackfillPeriod;
  /** `start` before a period is scored; then its outcome. */
  readonly event: "start" | BackfillOutcome;
  /** The run scored or found (scored, skipped). */
  readonly run?: ScoringRun;
  /** Seconds the period took (scored). */
  readonly seconds?: number;
}

export interface BackfillOptions extends BackfillSettings {
  readonly db: Database;
  /** First and last month, yyyy-MM, both included. */
  readonly from: string;
  readonly to: string;
  readonly interval: BackfillInterval;
  /** The store's time zone whose month ends are scored (default: STORE_TIME_ZONE). */
  readonly timeZone?: string;
  /** The scoring profile whose runs are backfilled (default: the default profile); its settings fill what is not given. */
  readonly profileId?: number;
  /** "Now" (default: the time the backfill starts): periods ending after today are left out. */
  readonly now?: number;
  /** Called once the scoring lock is held, with the periods to go through. */
  readonly onStart?: (periods: readonly BackfillPeriod[], future: number) => void;
  /** Called before and after each period, in order. */
  readonly onPeriod?: (event: BackfillEvent) => void;
  /** Each run's phases (see runScoring). */
  readonly onProgress?: (progress: ScoringProgress) => void;
  /** Checked between periods: once aborted, no further period starts (the backfill resumes later). */
  readonly signal?: AbortSignal;
}

export interface BackfillResult {
  readonly periods: readonly BackfillPeriod[];
  /** Periods the range named that end after today, left out. */
  readonly future: number;
  readonly scored: number;
  readonly skipped: number;
  readonly empty: number;
  /** True when the signal stopped it before the last period. */
  readonly aborted: boolean;
  /** Runs left `running` by a dead process, marked failed before the backfill started. */
  readonly interruptedRuns: readonly number[];
}

const MONTH = /^(\d{4})-(\d{2})$/;

function parseMonth(value: string, field: "from" | "to"): { year: number; month: number } {
  const match = MONTH.exec(value);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) {
    throw new AppError("INVALID_OPTIONS", `${field} must be a month in YYYY-MM form, got "${value}"`, {
      field,
    });
  }
  return { year: Number(match[1]), month };
}

/**
 * The periods of a backfill from the first day of month `from` to the last day of month `to`:
 * every month's last day (monthly) or every Sunday (weekly, ISO weeks ending on Sunday) in that
 * range, ascending. Periods ending after `today` (yyyy-MM-dd) are left out and counted in
 * `future`. INVALID_OPTIONS naming `from` or `to` for a bad month, an empty range, no period on
 * or before today, or more than {@link MAX_BACKFILL_PERIODS}.
 */
export function backfillPeriods(
  from: string,
  to: string,
  interval: BackfillInterval,
  today: string,
  timeZone: string = env.STORE_TIME_ZONE,
): { periods: BackfillPeriod[]; future: number } {
  if (!BACKFILL_INTERVALS.includes(interval)) {
    throw new AppError("INVALID_OPTIONS", `interval must be monthly or weekly, got "${interval}"`, {
      field: "interval",
    });
  }
  const start = parseMonth(from, "from");
  const end = parseMonth(to, "to");
  const first = Date.UTC(start.year, start.month - 1, 1);
  // Day 0 of the month after `to`: its last day.
  const last = Date.UTC(end.year, end.month, 0);
  if (first > last) {
    throw new AppError("INVALID_OPTIONS", `from (${from}) is after to (${to})`, { field: "from" });
  }
  const days: number[] = [];
  if (interval === "monthly") {
    // Day 0 of the next month is a month's last day (Date.UTC carries month 12 into the next year).
    for (
      let k = 0;
      Date.UTC(start.year, start.month - 1 + k, 1) <= last && days.length <= MAX_BACKFILL_PERIODS;
      k++
    ) {
      days.push(Date.UTC(start.year, start.month + k, 0));
    }
  } else {
    // getUTCDay: 0 is Sunday.
    const firstSunday = first + ((7 - new Date(first).getUTCDay()) % 7) * DAY_MS;
    for (let d = firstSunday; d <= last && days.length <= MAX_BACKFILL_PERIODS; d += 7 * DAY_MS) days.push(d);
  }
  if (days.length > MAX_BACKFILL_PERIODS) {
    throw new AppError(
      "INVALID_OPTIONS",
      `${from} to ${to} ${interval} is more than ${MAX_BACKFILL_PERIODS} runs: backfill a shorter range`,
      { field: "from" },
    );
  }
  // Period days are calendar labels (UTC day numbers); each becomes an instant in the store's zone.
  const todayMs = dayStart(today, "UTC");
  const past = days.filter((d) => d <= todayMs);
  if (past.length === 0) {
    throw new AppError(
      "INVALID_OPTIONS",
      `no ${interval === "monthly" ? "month" : "week"} from ${from} to ${to} has ended yet (today is ${today})`,
      { field: "to" },
    );
  }
  const periods = past.map((d) => {
    const asOfDay = dayOf(d, "UTC");
    return { asOfDay, asOf: asOfInstant(asOfDay, timeZone) };
  });
  return { periods, future: days.length - past.length };
}

/**
 * The scoring instant of "as of `day`", as runScoring's `asOf` defines it (orders before it
 * count; `rfm score --as-of` passes the same). The one place a backfill turns a day into it.
 */
export function asOfInstant(day: string, timeZone: string = env.STORE_TIME_ZONE): number {
  return endOfDay(day, timeZone);
}

const QUANTILE: DimensionMethod = { kind: "quantile" };

/** The settings a run stores, as a backfill with `settings` would store them for `asOf`. */
function storedSettings(settings: BackfillSettings, asOf: number) {
  return {
    bins: assertBins(settings.bins ?? DEFAULT_BINS),
    monetaryBasis: settings.monetaryBasis ?? "total",
    method: Object.fromEntries(DIMENSIONS.map((d) => [d, settings.methods?.[d] ?? QUANTILE])) as Record<
      Dimension,
      DimensionMethod
    >,
    windowFrom: settings.windowDays === undefined ? null : asOf - settings.windowDays * DAY_MS,
    windowTo: null,
    clv: settings.clv ?? "model",
  };
}

/** Whether `run` is what the backfill would create for its as-of with `settings`. */
export function sameSettings(run: ScoringRun, settings: BackfillSettings): boolean {
  const want = storedSettings(settings, run.asOf);
  return (
    run.bins === want.bins &&
    run.monetaryBasis === want.monetaryBasis &&
    run.windowFrom === want.windowFrom &&
    run.windowTo === want.windowTo &&
    (run.clv?.requested ?? "none") === want.clv &&
    DIMENSIONS.every((d) => JSON.stringify(run.method[d]) === JSON.stringify(want.method[d]))
  );
}

/**
 * The complete runs as of the periods' instants with the backfill's settings, by as-of instant
 * (the latest finished when several match).
 */
export async function existingBackfillRuns(
  db: Database,
  periods: readonly BackfillPeriod[],
  settings: BackfillSettings,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<Map<number, ScoringRun>> {
  if (periods.length === 0) return new Map();
  const rows = await db.prisma.scoringRun.findMany({
    where: {
      profileId,
      status: "complete",
      bins: assertBins(settings.bins ?? DEFAULT_BINS),
      asOf: { in: periods.map((p) => new Date(p.asOf)) },
    },
    orderBy: [{ finishedAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  const found = new Map<number, ScoringRun>();
  for (const { id } of rows) {
    const run = await getRun(db, id);
    if (run && sameSettings(run, settings)) found.set(run.asOf, run);
  }
  return found;
}

/** The earliest order's time, or null without orders. */
function earliestOrder(db: Database): Promise<number | null> {
  return factsStoreOf(db).runs.earliestOrderTime();
}

/**
 * Creates the missing past runs of a backfill, oldest first, under one scoring lock.
 * SCORING_IN_PROGRESS when another run holds the lock; INVALID_OPTIONS for a bad range or
 * settings (before anything is written); SCORING_FAILED when a period's run fails (the runs
 * before it stay; running the backfill again resumes at that period).
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillResult> {
  const { db } = options;
  const now = options.now ?? Date.now();
  const timeZone = options.timeZone ?? env.STORE_TIME_ZONE;
  const { periods, future } = backfillPeriods(
    options.from,
    options.to,
    options.interval,
    dayOf(now, timeZone),
    timeZone,
  );
  const profileId = options.profileId ?? DEFAULT_PROFILE_ID;
  const profile =
    profileId === DEFAULT_PROFILE_ID ? await ensureDefaultProfile(db) : await profileById(db, profileId);
  if (!profile) {
    throw new AppError("NOT_FOUND", `no scoring profile with id ${profileId}`, { field: "profile" });
  }
  // The profile's settings where the backfill gives none: its runs are the profile's runs.
  const own = profile.settings;
  const settings: BackfillSettings = {
    bins: assertBins(options.bins ?? own.bins),
    ...(options.windowDays !== undefined
      ? { windowDays: options.windowDays }
      : own.windowDays === null
        ? {}
        : { windowDays: own.windowDays }),
    methods: options.methods ?? own.methods,
    monetaryBasis: options.monetaryBasis ?? own.monetaryBasis,
    clv: options.clv ?? own.clv,
  };
  if (
    settings.windowDays !== undefined &&
    (!Number.isInteger(settings.windowDays) || settings.windowDays <= 0)
  ) {
    throw new AppError(
      "INVALID_OPTIONS",
      `the window must be a positive number of days, got ${settings.windowDays}`,
      {
        field: "windowDays",
      },
    );
  }
  const lock = await acquireScoringLock(db);
  try {
    const interruptedRuns = await failInterruptedRuns(db, "a backfill");
    const existing = await existingBackfillRuns(db, periods, settings, profile.id);
    const earliest = await earliestOrder(db);
    options.onStart?.(periods, future);
    let scored = 0;
    let skipped = 0;
    let empty = 0;
    for (const [index, period] of periods.entries()) {
      if (options.signal?.aborted) {
        return { periods, future, scored, skipped, empty, aborted: true, interruptedRuns };
      }
      const base = { index, total: periods.length, period };
      const found = existing.get(period.asOf);
      if (found) {
        skipped++;
        options.onPeriod?.({ ...base, event: "skipped", run: found });
        continue;
      }
      if (earliest === null || earliest >= period.asOf) {
        empty++;
        options.onPeriod?.({ ...base, event: "empty" });
        continue;
      }
      options.onPeriod?.({ ...base, event: "start" });
      const t0 = performance.now();
      const { run } = await runScoring({
        db,
        asOf: period.asOf,
        timeZone,
        profileId: profile.id,
        now,
        lockHeld: true,
        ...(settings.bins === undefined ? {} : { bins: settings.bins }),
        ...(settings.windowDays === undefined ? {} : { window: { days: settings.windowDays } }),
        ...(settings.methods === undefined ? {} : { methods: settings.methods }),
        ...(settings.monetaryBasis === undefined ? {} : { monetaryBasis: settings.monetaryBasis }),
        ...(settings.clv === undefined ? {} : { clv: settings.clv }),
        ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
        ...(options.maxClvFitCustomers === undefined
          ? {}
          : { maxClvFitCustomers: options.maxClvFitCustomers }),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      scored++;
      options.onPeriod?.({ ...base, event: "scored", run, seconds: (performance.now() - t0) / 1000 });
    }
    return { periods, future, scored, skipped, empty, aborted: false, interruptedRuns };
  } finally {
    await lock.release();
  }
}
