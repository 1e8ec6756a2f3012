/**
 * The `scoring_runs` rows. A run is `running` from its start, then `complete` (in the same
 * transaction as its scores) or `failed` with the reason. The current run is the complete
 * one with the latest as-of, then the one that finished last, then the highest id
 * ({@link CURRENT_RUN_ORDER}): a failed or interrupted run never becomes current, and a run as of
 * a past day (a backfill, `rfm score --as-of` an earlier day) does not replace a later picture.
 */
import type {
  Bins,
  CodeHistogram,
  Dimension,
  DimensionMethod,
  DimensionReport,
  MonetaryBasis,
  ScoringWarning,
} from "@rfm/core";
import type { Database, Prisma } from "../../db/client";
import { type FactsTransaction, factsStoreOf } from "../../db/facts";
import type { LeftOut } from "../../db/facts/aggregates";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import type { RunClvInfo } from "./clv";

export type RunStatus = "running" | "complete" | "failed";

export interface ScoringRun {
  readonly id: number;
  /** The scoring profile the run belongs to (row id). */
  readonly profileId: number;
  readonly status: RunStatus;
  /** The scoring instant, epoch ms (the first instant after the last day counted). */
  readonly asOf: number;
  /** Orders in [windowFrom, windowTo) were scored; null: from the first order / up to asOf. */
  readonly windowFrom: number | null;
  readonly windowTo: number | null;
  /** The store's time zone (IANA name) the run counted days in. */
  readonly timeZone: string;
  readonly bins: Bins;
  readonly method: Readonly<Record<Dimension, DimensionMethod>>;
  readonly monetaryBasis: MonetaryBasis;
  /** The cut-offs used and the customers per score, per dimension (rfm-core's reports). */
  readonly thresholds: Readonly<Record<Dimension, DimensionReport>> | null;
  readonly customersScored: number | null;
  readonly transactionsRead: number | null;
  readonly customersWithoutPurchases: number | null;
  readonly warnings: readonly ScoringWarning[];
  readonly histogram: CodeHistogram | null;
  readonly clv: RunClvInfo | null;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly durationMs: number | null;
  readonly error: string | null;
  /** ISO 4217 code of the run's money; null for runs from before currencies. */
  readonly currency: string | null;
  /** True when orders in other currencies were converted into `currency`. */
  readonly currencyConverted: boolean;
  /** Orders the run's currency or channels left out; null when it selected every order. */
  readonly leftOut: LeftOut | null;
}

/** The histogram as stored: rfm-core's `CodeHistogram` with plain arrays. */
export interface StoredHistogram {
  readonly bins: number;
  readonly customers: number[];
  readonly monetary: number[];
  readonly recencyDays: number[];
  readonly frequency: number[];
  readonly clv?: number[];
}

export function histogramToJson(histogram: CodeHistogram): StoredHistogram {
  return {
    bins: histogram.bins,
    customers: Array.from(histogram.customers),
    monetary: Array.from(histogram.monetary),
    recencyDays: Array.from(histogram.recencyDays),
    frequency: Array.from(histogram.frequency),
    ...(histogram.clv ? { clv: Array.from(histogram.clv) } : {}),
  };
}

export function histogramFromJson(stored: StoredHistogram): CodeHistogram {
  return {
    bins: stored.bins as Bins,
    customers: Float64Array.from(stored.customers),
    monetary: Float64Array.from(stored.monetary),
    recencyDays: Float64Array.from(stored.recencyDays),
    frequency: Float64Array.from(stored.frequency),
    ...(stored.clv ? { clv: Float64Array.from(stored.clv) } : {}),
  };
}

const runSelect = {
  id: true,
  profileId: true,
  status: true,
  asOf: true,
  windowFrom: true,
  windowTo: true,
  timeZone: true,
  bins: true,
  method: true,
  thresholds: true,
  monetaryBasis: true,
  customersScored: true,
  transactionsRead: true,
  customersWithoutPurchases: true,
  warnings: true,
  histogram: true,
  clv: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  error: true,
  currency: true,
  currencyConverted: true,
  leftOut: true,
} satisfies Prisma.ScoringRunSelect;

type RunRow = Prisma.ScoringRunGetPayload<{ select: typeof runSelect }>;

function toRun(row: RunRow): ScoringRun {
  return {
    id: row.id,
    profileId: row.profileId,
    status: row.status as RunStatus,
    asOf: row.asOf.getTime(),
    windowFrom: row.windowFrom?.getTime() ?? null,
    windowTo: row.windowTo?.getTime() ?? null,
    timeZone: row.timeZone,
    bins: row.bins as Bins,
    method: row.method as unknown as ScoringRun["method"],
    monetaryBasis: row.monetaryBasis as MonetaryBasis,
    thresholds: (row.thresholds ?? null) as unknown as ScoringRun["thresholds"],
    customersScored: row.customersScored,
    transactionsRead: row.transactionsRead,
    customersWithoutPurchases: row.customersWithoutPurchases,
    warnings: (row.warnings ?? []) as unknown as ScoringWarning[],
    histogram: row.histogram ? histogramFromJson(row.histogram as unknown as StoredHistogram) : null,
    clv: (row.clv ?? null) as unknown as RunClvInfo | null,
    startedAt: row.startedAt.getTime(),
    finishedAt: row.finishedAt?.getTime() ?? null,
    durationMs: row.durationMs,
    error: row.error,
    currency: row.currency,
    currencyConverted: row.currencyConverted,
    leftOut: (row.leftOut ?? null) as unknown as LeftOut | null,
  };
}

/**
/**
 * The order of complete runs, latest first, that decides the current run and the run before it
 * (movement): the latest as-of, then the one that finished last (a re-run of the same day), then
 * the highest id. The SQL form is {@link CURRENT_RUN_ORDER_SQL}; keep the two the same.
 */
export const CURRENT_RUN_ORDER = [
  { asOf: "desc" },
  { finishedAt: "desc" },
  { id: "desc" },
] as const satisfies Prisma.ScoringRunOrderByWithRelationInput[];

/** {@link CURRENT_RUN_ORDER} in SQL, for queries of `scoring_runs`. */
export const CURRENT_RUN_ORDER_SQL = "as_of DESC, finished_at DESC, id DESC";

/**
 * A profile's current run: its complete run first in {@link CURRENT_RUN_ORDER} (with `bins`,
 * the first of those bins: after a profile changed bins, its older runs are not current under
 * the new mapping), or null before its first run completes.
 */
export async function getCurrentRun(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
  bins?: number,
): Promise<ScoringRun | null> {
  const row = await db.prisma.scoringRun.findFirst({
    where: { profileId, status: "complete", ...(bins === undefined ? {} : { bins }) },
    orderBy: [...CURRENT_RUN_ORDER],
    select: runSelect,
  });
  return row ? toRun(row) : null;
}

export async function getRun(db: Database, id: number): Promise<ScoringRun | null> {
  const row = await db.prisma.scoringRun.findUnique({ where: { id }, select: runSelect });
  return row ? toRun(row) : null;
}

/**
 * Every run (of one profile when `profileId` is given), newest first (`limit` of them when
 * given; only runs numbered below `beforeId` when given: a keyset page).
 */
export async function listRuns(
  db: Database,
  options: { limit?: number; profileId?: number; beforeId?: number } = {},
): Promise<ScoringRun[]> {
  const rows = await db.prisma.scoringRun.findMany({
    where: {
      ...(options.profileId === undefined ? {} : { profileId: options.profileId }),
      ...(options.beforeId === undefined ? {} : { id: { lt: options.beforeId } }),
    },
    orderBy: { id: "desc" },
    select: runSelect,
    ...(options.limit === undefined ? {} : { take: options.limit }),
  });
  return rows.map(toRun);
}

/** How many runs there are (of one profile when `profileId` is given). */
export async function countRuns(db: Database, profileId?: number): Promise<number> {
  return db.prisma.scoringRun.count({ where: profileId === undefined ? {} : { profileId } });
}

export interface NewRun {
  readonly profileId: number;
  readonly asOf: number;
  readonly windowFrom: number | null;
  readonly windowTo: number | null;
  readonly timeZone: string;
  readonly bins: Bins;
  readonly method: Readonly<Record<Dimension, DimensionMethod>>;
  readonly monetaryBasis: MonetaryBasis;
  readonly currency?: string;
  readonly currencyConverted?: boolean;
}

export async function createRun(db: Database, run: NewRun, startedAt: number): Promise<number> {
  const created = await db.prisma.scoringRun.create({
    data: {
      profileId: run.profileId,
      asOf: new Date(run.asOf),
      windowFrom: run.windowFrom === null ? null : new Date(run.windowFrom),
      windowTo: run.windowTo === null ? null : new Date(run.windowTo),
      timeZone: run.timeZone,
      bins: run.bins,
      method: run.method as unknown as Prisma.InputJsonValue,
      monetaryBasis: run.monetaryBasis,
      status: "running",
      startedAt: new Date(startedAt),
      ...(run.currency === undefined ? {} : { currency: run.currency }),
      ...(run.currencyConverted ? { currencyConverted: true } : {}),
    },
    select: { id: true },
  });
  return created.id;
}

export interface RunOutcome {
  /** The as-of instant and window, final (the as-of may only be known after aggregating). */
  readonly asOf: number;
  readonly windowFrom: number | null;
  readonly windowTo: number | null;
  readonly thresholds: Readonly<Record<Dimension, DimensionReport>>;
  readonly customersScored: number;
  readonly transactionsRead: number;
  readonly customersWithoutPurchases: number;
  readonly warnings: readonly ScoringWarning[];
  readonly histogram: CodeHistogram;
  readonly clv: RunClvInfo | null;
  readonly finishedAt: number;
  readonly durationMs: number;
  /** Orders the run's selection left out (null: it selected every order). */
  readonly leftOut?: LeftOut | null;
}

/**
 * The mapping version published for the run's profile at completion (in the same statement, so
 * in the same transaction): the names its customers' segments had then (segmentHistory).
 */
const PUBLISHED_VERSION_SQL = `(SELECT m.id FROM mapping_versions m
  WHERE m.profile_id = scoring_runs.profile_id AND m.status = 'published' ORDER BY m.version DESC LIMIT 1)`;

/**
 * Marks the run complete inside the bulk transaction that wrote its scores, so scores and
 * status commit together: a run is never complete without its scores.
 */
export async function completeRun(
  db: Database,
  tx: FactsTransaction,
  id: number,
  outcome: RunOutcome,
): Promise<void> {
  const json = (value: unknown) => JSON.stringify(value);
  const time = (ms: number | null) =>
    ms === null ? null : db.provider === "sqlite" ? ms : new Date(ms).toISOString();
  const values = [
    time(outcome.asOf),
    time(outcome.windowFrom),
    time(outcome.windowTo),
    json(outcome.thresholds),
    outcome.customersScored,
    outcome.transactionsRead,
    outcome.customersWithoutPurchases,
    json(outcome.warnings),
    json(histogramToJson(outcome.histogram)),
    outcome.clv === null ? null : json(outcome.clv),
    Math.round(outcome.durationMs),
  ];
  if (db.provider === "sqlite") {
    await tx.raw.execute(
      `UPDATE scoring_runs SET status = 'complete', as_of = $1, window_from = $2, window_to = $3, thresholds = $4,
         customers_scored = $5, transactions_read = $6,
         customers_without_purchases = $7, warnings = $8, histogram = $9, clv = $10, duration_ms = $11, finished_at = $12,
         mapping_version_id = ${PUBLISHED_VERSION_SQL}
       WHERE id = $13`,
      [...values, outcome.finishedAt, id],
    );
    await recordLeftOut(db, tx, id, outcome.leftOut);
    return;
  }
  await tx.raw.execute(
    `UPDATE scoring_runs SET status = 'complete', as_of = $1::timestamp, window_from = $2::timestamp,
       window_to = $3::timestamp, thresholds = $4::jsonb, customers_scored = $5, transactions_read = $6,
       customers_without_purchases = $7, warnings = $8::jsonb, histogram = $9::jsonb, clv = $10::jsonb,
       duration_ms = $11, finished_at = $12::timestamp, mapping_version_id = ${PUBLISHED_VERSION_SQL}
     WHERE id = $13`,
    [...values, new Date(outcome.finishedAt).toISOString(), id],
  );
  await recordLeftOut(db, tx, id, outcome.leftOut);
}

async function recordLeftOut(
  db: Database,
  tx: FactsTransaction,
  id: number,
  leftOut: LeftOut | null | undefined,
): Promise<void> {
  if (leftOut === null || leftOut === undefined) return;
  await tx.raw.execute(
    `UPDATE scoring_runs SET left_out = $1${db.provider === "sqlite" ? "" : "::jsonb"} WHERE id = $2`,
    [JSON.stringify(leftOut), id],
  );
}

/** Marks a run failed with the reason, and deletes any score it may have left. */
export async function failRun(
  db: Database,
  id: number,
  error: string,
  durationMs: number | null,
): Promise<void> {
  await db.prisma.scoringRun.update({
    where: { id },
    data: {
      status: "failed",
      error,
      finishedAt: new Date(),
      ...(durationMs === null ? {} : { durationMs: Math.round(durationMs) }),
    },
  });
  await factsStoreOf(db).runs.deleteRunScores(id);
}

/**
 * Runs left `running` by a process that died (killed, crashed, machine restarted): marked
 * failed as interrupted, their partial scores deleted. Only call this while holding the
 * scoring lock, when no run can be in progress. Returns the ids.
 */
export async function failInterruptedRuns(db: Database, detectedBy: string): Promise<number[]> {
  const stale = await db.prisma.scoringRun.findMany({ where: { status: "running" }, select: { id: true } });
  for (const { id } of stale) {
    await failRun(
      db,
      id,
      `interrupted: the run stopped before it completed (process killed or crashed); found by ${detectedBy}`,
      null,
    );
  }
  return stale.map((r) => r.id);
}
