/**
 * Scoring runs: per-customer aggregates from the database, rfm-core's scores and CLV, every
 * score written in bulk, and the run marked complete in the same transaction. Only a complete
 * run becomes current; a failed one keeps its error and leaves the previous run current.
 *
 * Where the time goes for 2.38 million customers and 19.8 million orders, and why the
 * aggregates come from a GROUP BY in the database: docs/scaling.md.
 */

import {
  asOfDayOf,
  assertBins,
  type Bins,
  DIMENSIONS,
  type Dimension,
  type DimensionMethod,
  defaultAsOf,
  type MonetaryBasis,
  meanOrderValue,
  recencyDays as recencyTo,
  type ScoringWarning,
  scoreCustomers,
  spanWarnings,
} from "@rfm/core";
import { AppError } from "../../app-error";
import { calendarOf, dayNumberOf, lastDayBefore, type StoreCalendar } from "../../days";
import type { Database } from "../../db/client";
import { type FactsTransaction, factsStoreOf, type RunScoreColumns } from "../../db/facts";
import { type LeftOut, leftOutBy, leftOutMessage, type OrderSelection } from "../../db/facts/aggregates";
import { env } from "../../env";
import { normalizeCurrency, unknownCurrencyReason } from "../../money/currencies";
import { ensurePublishedMapping } from "../mapping/mapping.repository";
import { membershipWarning, recordMembership } from "../membership/membership.service";
import { DEFAULT_PROFILE_ID, ensureDefaultProfile, profileById } from "../profile/profile.repository";
import { scoringOptionsOf } from "../profile/profile.settings";
import { runCompletedEvent } from "../webhook/events";
import { insertEvents } from "../webhook/outbox";
import { type ClvMethod, estimateRunClv, type RunClvInfo } from "./clv";
import {
  completeRun,
  countRuns,
  createRun,
  failInterruptedRuns,
  failRun,
  getCurrentRun,
  getRun,
  listRuns,
  type RunOutcome,
  type ScoringRun,
} from "./scoring.repository";
import { acquireScoringLock } from "./scoring-lock";
import { runPushedDown } from "./scoring-pushdown";
import { keptMethods } from "./thresholds";

export type { ClvMethod, RunClvInfo };
export { countRuns, getCurrentRun, getRun, listRuns, type ScoringRun };

/**
 * The orders a run reads: `[from, to)` in epoch ms, or the last `days` store days up to and
 * including the as-of day.
 */
export type ScoringWindow = { readonly from?: number; readonly to?: number } | { readonly days: number };

export type ScoringPhase = "aggregate" | "score" | "clv" | "write";

export interface ScoringProgress {
  readonly runId: number;
  readonly phase: ScoringPhase;
  /** `start` when the phase begins, `end` with its duration when it ends. */
  readonly event: "start" | "end";
  readonly seconds?: number;
}

/** Writes a run's scores inside the run's transaction (replaceable to test failures). */
export type ScoreWriter = (tx: FactsTransaction, runId: number, scores: RunScoreColumns) => Promise<number>;

export interface RunScoringOptions {
  readonly db: Database;
  /**
   * The scoring instant, epoch ms: orders at or after it are ignored; recency counts whole days
   * to it. Omitted: the day of the latest order (the first instant of the next day), found by
   * the aggregation itself when the window has no end, but never after the end of `now`'s day
   * (the run then warns AS_OF_CAPPED).
   */
  readonly asOf?: number;
  /**
   * The last day counted, `YYYY-MM-DD` in the run's zone: "as of 2014-12-31" is every order up to
   * the end of that day there (the same as `asOf` = the first instant of 2015-01-01 there).
   */
  readonly asOfDay?: string;
  /** The store's time zone, whose days the run counts (default: `STORE_TIME_ZONE`). */
  readonly timeZone?: string;
  /**
   * "Now", epoch ms (default: the time the run starts): the default as-of is never after the
   * end of its day. Tests pin it.
   */
  readonly now?: number;
  /**
   * The scoring profile (row id; default: the default profile). Options not given here come
   * from its settings, and the run is stored as the profile's. Its bins are always the profile's
   * published mapping's: other `bins` are refused (MAPPING_BINS_MISMATCH) before the run starts.
   */
  readonly profileId?: number;
  readonly bins?: Bins;
  readonly window?: ScoringWindow;
  readonly methods?: Partial<Record<Dimension, DimensionMethod>>;
  /**
   * Score with the cut points of this past run (every dimension), so codes keep their meaning;
   * resolved to `methods` before scoring (thresholds.ts `keptMethods`: refused unless that run
   * is complete with the same bins and monetary basis). Not together with `methods`.
   */
  readonly keepThresholdsOf?: number;
  readonly monetaryBasis?: MonetaryBasis;
  /** `model` (default; falls back to `historic` by itself when the data do not allow it), `historic` or `none`. */
  readonly clv?: ClvMethod;
  readonly onProgress?: (progress: ScoringProgress) => void;
  /** Customer-id ranges aggregated in parallel (see the facts store's `aggregates`). */
  readonly parallelism?: number;
  /** Largest sample the CLV model is fitted on (default 200,000 customers). */
  readonly maxClvFitCustomers?: number;
  readonly writeScores?: ScoreWriter;
  /**
   * The caller holds the scoring lock already and keeps it after the run (a backfill holds it
   * across all its runs, so no other run interleaves); default: the run takes and releases it.
   */
  readonly lockHeld?: boolean;
  /**
   * Called once the run is complete, current and its scoring lock released (so the next run
   * may start), before the planner statistics are refreshed and the promise resolves.
   */
  readonly onComplete?: (run: ScoringRun) => void;
  /** Channels counted, compared case-insensitively; omitted: every order (docs/scoring.md). */
  readonly channels?: readonly string[];
  /**
   * ISO 4217 code of the run's money: only orders in it count (others are left out and
   * reported), or with `convert` every order is converted into it. Omitted: the data's one
   * currency; data in several currencies are refused (MIXED_CURRENCIES).
   */
  readonly currency?: string;
  /** Convert orders in other currencies into `currency` at their day's rate (exchange_rates). */
  readonly convert?: boolean;
  /** What an order without a currency is in (default: STORE_CURRENCY). Tests pin it. */
  readonly storeCurrency?: string;
}

export interface ScoringRunResult {
  readonly run: ScoringRun;
  /** Runs found `running` from a dead process and marked failed before this one started. */
  readonly interruptedRuns: readonly number[];
  /** Seconds per phase. */
  readonly timings: Readonly<Record<ScoringPhase, number>>;
  /** Customer-id ranges read in parallel. */
  readonly parts: number;
}

/**
 * Bad scoring options (window, as-of): the caller's input, INVALID_OPTIONS. A run that started
 * and then failed is stored as `failed` with the message, and throws SCORING_FAILED with the
 * run's id in `details.runId` and the failure as `cause`.
 */
const optionsError = (message: string) => new AppError("INVALID_OPTIONS", message);

/** A window checked for shape; `days` is resolved once the as-of instant is known. */
type CheckedWindow =
  | { readonly kind: "none" }
  | { readonly kind: "days"; readonly days: number }
  | { readonly kind: "range"; readonly from: number | null; readonly to: number | null };

function checkWindow(window: ScoringWindow | undefined): CheckedWindow {
  if (window === undefined) return { kind: "none" };
  if ("days" in window) {
    if (!Number.isInteger(window.days) || window.days <= 0) {
      throw optionsError(`the window must be a positive number of days, got ${window.days}`);
    }
    return { kind: "days", days: window.days };
  }
  const from = window.from ?? null;
  const to = window.to ?? null;
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== null && !Number.isFinite(value)) {
      throw optionsError(`window.${name} is not a time`);
    }
  }
  if (from !== null && to !== null && from >= to) {
    throw optionsError("the window is empty: its start must be before its end");
  }
  return { kind: "range", from, to };
}

/**
 * `[from, to)` as stored with the run, for a known as-of instant: `days` are the store days
 * ending on the as-of day, inclusive ("the last 365 days" as of 2014-12-31 start on 2014-01-01).
 */
function resolveWindow(
  asOf: number,
  window: CheckedWindow,
  calendar: StoreCalendar,
): { from: number | null; to: number | null } {
  const resolved =
    window.kind === "none"
      ? { from: null, to: null }
      : window.kind === "days"
        ? { from: calendar.startOfDay(asOfDayOf(asOf, calendar) - window.days + 1), to: null }
        : { from: window.from, to: window.to };
  if (resolved.from !== null && resolved.from >= Math.min(resolved.to ?? asOf, asOf)) {
    throw optionsError("the window is empty: its start must be before its end and before the as-of date");
  }
  return resolved;
}

/** The earliest and latest purchase of the customers aggregated (null for none). */
function orderSpan(
  first: Float64Array,
  last: Float64Array,
): { earliestOrder: number | null; latestOrder: number | null } {
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < first.length; i++) {
    if (first[i]! < earliest) earliest = first[i]!;
    if (last[i]! > latest) latest = last[i]!;
  }
  return first.length === 0
    ? { earliestOrder: null, latestOrder: null }
    : { earliestOrder: earliest, latestOrder: latest };
}

/** The value monetary was scored on, in cents: net spend, or mean per purchase rounded to the cent. */
function scoredMonetaryCents(
  netCents: Float64Array,
  monetary: Float64Array,
  purchases: Float64Array,
  basis: MonetaryBasis,
): Float64Array {
  if (basis === "total") return netCents;
  const out = new Float64Array(netCents.length);
  for (let i = 0; i < out.length; i++) {
    // The mean-order value rfm-core scored (rounded to 1/100), in cents.
    out[i] = Math.round(meanOrderValue(monetary[i]!, purchases[i]!) * 100);
  }
  return out;
}

/**
 * Scores every customer as of `asOf` (default: the latest order's day) and stores the run.
 * Returns the complete run; throws
 * SCORING_FAILED (the run stored as failed, with the message) when anything fails after the
 * run started, SCORING_IN_PROGRESS when another run is in progress on the database.
 *
 * Before starting, runs left `running` by a process that died are marked failed
 * ("interrupted ...") and their partial scores deleted: the scoring lock guarantees no other
 * run is in progress.
 */
export async function runScoring(options: RunScoringOptions): Promise<ScoringRunResult> {
  const result = await scoreUnderLock(options);
  options.onComplete?.(result.run);
  // Segment pages and exports read the new scores: plan them with their statistics. After the
  // lock is released (the run is complete and current already, and the next run may start),
  // and an optimisation only: a failure here does not turn a complete run into a failed one.
  await factsStoreOf(options.db)
    .refreshStatistics(["customer_scores"])
    .catch(() => undefined);
  // Who entered and left each segment, if the run is the profile's current one (a backfill's
  // older month is not: nothing is recorded); after the statistics, which its joins are
  // planned from. A failure here leaves the run complete; the next run, publish or start
  // catches up.
  await recordMembership(options.db, { profileId: result.run.profileId, reason: "run" }).catch(
    membershipWarning,
  );
  return result;
}

async function scoreUnderLock(given: RunScoringOptions): Promise<ScoringRunResult> {
  const { db } = given;
  const { options, profileId, profileKey, bins } = await withProfile(given);
  const checked = checkWindow(options.window);
  if (options.asOf !== undefined && !Number.isFinite(options.asOf)) {
    throw optionsError("asOf must be a finite epoch-ms time");
  }
  const calendar = runCalendar(options.timeZone ?? env.STORE_TIME_ZONE);
  const timeZone = calendar.timeZone;
  const givenAsOf = asOfOf(options, calendar);
  const monetaryBasis = options.monetaryBasis ?? "total";
  const clvMethod = options.clv ?? "model";
  // The caller's own methods, not the profile's (a kept run's cut points replace the profile's).
  if (given.keepThresholdsOf !== undefined && Object.keys(given.methods ?? {}).length > 0) {
    throw optionsError("give either thresholds or a run to keep the thresholds of, not both");
  }
  const kept =
    options.keepThresholdsOf === undefined
      ? null
      : await keptMethods(db, options.keepThresholdsOf, { bins, monetaryBasis });
  const method = Object.fromEntries(
    DIMENSIONS.map((d) => [d, kept?.[d] ?? options.methods?.[d] ?? { kind: "quantile" }]),
  ) as Record<Dimension, DimensionMethod>;

  const storeCurrency = options.storeCurrency ?? env.STORE_CURRENCY;
  const wanted = checkSelection(options);

  const lock = options.lockHeld ? null : await acquireScoringLock(db);
  try {
    const interruptedRuns = await failInterruptedRuns(db, "the next scoring run");
    const started = performance.now();
    const startedAt = Date.now();
    const now = options.now ?? startedAt;
    /** AS_OF_CAPPED when the default as-of was held back to now's day. */
    let capped: ScoringWarning | null = null;
    // The as-of instant, if known now: given, or needed to place the window (days, or an end).
    let asOf = givenAsOf;
    if (
      asOf === undefined &&
      (checked.kind === "days" || (checked.kind === "range" && checked.to !== null))
    ) {
      const latest = await latestOrderTime(db);
      if (latest === null) throw optionsError(NO_ORDERS);
      ({ asOf, warning: capped } = defaultAsOf({ latestOrder: latest, now, timeZone }));
    }
    const planned = asOf === undefined ? null : resolveWindow(asOf, checked, calendar);
    const { selection, currency } = await decideSelection(db, wanted, storeCurrency, {
      from: planned?.from ?? (checked.kind === "range" ? checked.from : null),
      to: planned === null ? null : Math.min(planned.to ?? asOf!, asOf!),
    });
    const runId = await createRun(
      db,
      {
        // Until the aggregation finds the latest order, the start time stands in (updated on completion).
        asOf: asOf ?? startedAt,
        windowFrom: planned?.from ?? (checked.kind === "range" ? checked.from : null),
        windowTo: planned?.to ?? null,
        timeZone,
        profileId,
        bins,
        method,
        monetaryBasis,
        currency,
        currencyConverted: selection?.convert === true,
      },
      startedAt,
    );
    const timings: Record<ScoringPhase, number> = { aggregate: 0, score: 0, clv: 0, write: 0 };
    const phase = async <T>(name: ScoringPhase, fn: () => T | Promise<T>): Promise<T> => {
      options.onProgress?.({ runId, phase: name, event: "start" });
      const t0 = performance.now();
      const result = await fn();
      const seconds = (performance.now() - t0) / 1000;
      // A phase may run more than once (an aggregation again up to a capped as-of): the sum.
      timings[name] += seconds;
      options.onProgress?.({ runId, phase: name, event: "end", seconds });
      return result;
    };
    try {
      const from = planned?.from ?? (checked.kind === "range" ? checked.from : null);
      /** Stores the run's outcome: its scores (`writeFacts`) and the run marked complete, in one transaction. */
      const complete = async (
        writeFacts: (tx: FactsTransaction) => Promise<void>,
        outcome: Omit<RunOutcome, "finishedAt" | "durationMs">,
        parts: number,
      ): Promise<ScoringRunResult> => {
        await phase("write", () =>
          factsStoreOf(db).transaction(async (tx) => {
            await writeFacts(tx);
            await completeRun(db, tx, runId, {
              ...outcome,
              finishedAt: Date.now(),
              durationMs: performance.now() - started,
            });
            await insertEvents(tx.raw, db.provider, [
              runCompletedEvent({
                runId,
                profileId,
                profileKey,
                asOfDay: lastDayBefore(outcome.asOf, timeZone),
                customersScored: outcome.customersScored,
                finishedAt: new Date(),
              }),
            ]);
          }),
        );
        const run = await getRun(db, runId);
        if (!run) throw new Error(`run ${runId} disappeared`);
        return { run, interruptedRuns, timings, parts };
      };
      const pushdown = factsStoreOf(db).scoringPushdown;
      if (
        pushdown !== null &&
        monetaryBasis === "total" &&
        selection?.convert !== true &&
        options.writeScores === undefined
      ) {
        // The engine aggregates, scores and writes; Node gets counts of values and computes the
        // cut points with rfm-core (scoring-pushdown.ts).
        const pushed = await runPushedDown({
          pushdown,
          runId,
          phase,
          from,
          to: planned === null ? null : Math.min(planned.to ?? asOf!, asOf!),
          asOf,
          now,
          calendar,
          resolveWindow: (at) => planned ?? resolveWindow(at, checked, calendar),
          selection,
          bins,
          methods: method,
          clvMethod,
          ...(options.maxClvFitCustomers === undefined
            ? {}
            : { maxClvFitCustomers: options.maxClvFitCustomers }),
          leftOut: async (counted) =>
            selection === undefined
              ? null
              : leftOutBy(
                  selection,
                  await factsStoreOf(db).aggregates.currencyChannelCounts(counted, selection.storeCurrency),
                ),
          leftOutWarnings: (leftOut) => leftOutWarnings(leftOut, selection),
          noOrders: NO_ORDERS,
        });
        return await complete(async () => undefined, pushed.outcome, pushed.parts);
      }
      const aggregate = (to: number | null) =>
        phase("aggregate", () =>
          factsStoreOf(db).aggregates.orders({
            ...(from === null ? {} : { from }),
            ...(to === null ? {} : { to }),
            ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
            ...(selection === undefined ? {} : { selection }),
          }),
        );
      // Unknown as-of: no end, the aggregation reports the latest order.
      let aggregates = await aggregate(planned === null ? null : Math.min(planned.to ?? asOf!, asOf!));
      const latestOrder = aggregates.latestOrder;
      if (asOf === undefined) {
        if (latestOrder === null) throw new Error(NO_ORDERS);
        ({ asOf, warning: capped } = defaultAsOf({ latestOrder, now, timeZone }));
        // Orders after a capped as-of are left out, as orders after any as-of are: aggregate
        // again up to it (rare: only data imported before future dates were rejected).
        if (capped !== null) aggregates = await aggregate(asOf);
      }
      const window = planned ?? resolveWindow(asOf, checked, calendar);
      const n = aggregates.length;
      const recencyDays = new Float64Array(n);
      const monetary = new Float64Array(n);
      const asOfDay = asOfDayOf(asOf, calendar);
      for (let i = 0; i < n; i++) {
        // rfm-core's recency (store days to the as-of day) and net spend in currency units.
        recencyDays[i] = recencyTo({ asOfDay, lastPurchase: aggregates.lastPurchase[i]!, calendar });
        monetary[i] = aggregates.netCents[i]! / 100;
      }
      const frequency = aggregates.purchases;

      let clv: { clv: Float64Array; info: RunClvInfo } | null = null;
      if (clvMethod !== "none" && n > 0) {
        clv = await phase("clv", () =>
          estimateRunClv({
            firstPurchase: aggregates.firstPurchase,
            lastPurchase: aggregates.lastPurchase,
            frequency,
            monetary,
            asOf: asOf!,
            timeZone,
            method: clvMethod,
            ...(options.maxClvFitCustomers === undefined
              ? {}
              : { maxFitCustomers: options.maxClvFitCustomers }),
          }),
        );
      }
      const scoring = await phase("score", () =>
        scoreCustomers({
          recencyDays,
          frequency,
          monetary,
          bins,
          methods: method,
          monetaryBasis,
          ...(clv ? { clv: clv.clv } : {}),
        }),
      );
      const warnings: ScoringWarning[] = [
        ...scoring.warnings,
        ...(capped === null ? [] : [capped]),
        ...spanWarnings({ asOf, timeZone, ...orderSpan(aggregates.firstPurchase, aggregates.lastPurchase) }),
        ...leftOutWarnings(aggregates.leftOut, selection),
      ];
      const write = options.writeScores ?? writeScores;
      const columns: RunScoreColumns = {
        length: n,
        customerId: aggregates.customerId,
        recencyDays,
        frequency,
        monetaryCents: scoredMonetaryCents(aggregates.netCents, monetary, frequency, monetaryBasis),
        r: scoring.r,
        f: scoring.f,
        m: scoring.m,
        code: scoring.code,
        clv: clv?.clv ?? null,
      };
      return await complete(
        (tx) => write(tx, runId, columns).then(() => undefined),
        {
          asOf,
          windowFrom: window.from,
          windowTo: window.to,
          thresholds: scoring.dimensions,
          customersScored: n,
          transactionsRead: aggregates.orders,
          customersWithoutPurchases: aggregates.customersWithoutPurchases,
          warnings,
          histogram: scoring.histogram,
          clv: clv?.info ?? null,
          leftOut: aggregates.leftOut,
        },
        aggregates.parts,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // If even that fails (the database is gone), the run stays `running` and the next run
      // marks it interrupted; the error to report is still the original one.
      await failRun(db, runId, message, performance.now() - started).catch(() => undefined);
      throw new AppError(
        "SCORING_FAILED",
        `scoring run ${runId} failed: ${error instanceof Error ? error.message : String(error)}`,
        { details: { runId }, cause: error },
      );
    }
  } finally {
    await lock?.release();
  }
}

/** The currency and channel options, checked (before any work). */
interface WantedSelection {
  readonly channels?: readonly string[];
  readonly currency?: string;
  readonly convert: boolean;
}

function checkSelection(options: RunScoringOptions): WantedSelection {
  let channels: string[] | undefined;
  if (options.channels !== undefined) {
    channels = [...new Set(options.channels.map((c) => c.trim().toLowerCase()))];
    if (channels.length === 0 || channels.includes("")) {
      throw new AppError("INVALID_OPTIONS", "channels must name at least one channel, and no empty one", {
        field: "channels",
      });
    }
  }
  let currency: string | undefined;
  if (options.currency !== undefined) {
    const code = normalizeCurrency(options.currency);
    if (code === null) {
      throw new AppError("UNKNOWN_CURRENCY", unknownCurrencyReason(options.currency), { field: "currency" });
    }
    currency = code;
  }
  if (options.convert && currency === undefined) {
    throw new AppError("INVALID_OPTIONS", "convert needs a currency to convert into", { field: "convert" });
  }
  return {
    ...(channels ? { channels } : {}),
    ...(currency ? { currency } : {}),
    convert: options.convert === true,
  };
}

/**
 * The run's currency and the selection its aggregation applies. The fast path (no selection)
 * when the run counts every channel and the orders were only ever written in one currency (the
 * run's, if it names one). Otherwise: a named currency without conversion is a filter; with
 * conversion every order needs a rate (MISSING_EXCHANGE_RATE names the first one missing); no
 * currency over orders in several is refused (MIXED_CURRENCIES), after checking the window
 * itself (the record of currencies written covers every order ever written).
 */
async function decideSelection(
  db: Database,
  wanted: WantedSelection,
  storeCurrency: string,
  window: { readonly from: number | null; readonly to: number | null },
): Promise<{ selection: OrderSelection | undefined; currency: string }> {
  const aggregates = factsStoreOf(db).aggregates;
  const orderWindow = {
    ...(window.from === null ? {} : { from: window.from }),
    ...(window.to === null ? {} : { to: window.to }),
  };
  const channels = wanted.channels ? { channels: wanted.channels } : {};
  const recorded = await aggregates.recordedCurrencies(storeCurrency);
  let currency = wanted.currency;
  if (currency === undefined) {
    if (recorded.length > 1) {
      const counts = await aggregates.currencyChannelCounts(orderWindow, storeCurrency);
      const perCurrency = new Map<string, number>();
      for (const row of counts) {
        if (wanted.channels && !wanted.channels.includes(row.channel)) continue;
        perCurrency.set(row.currency, (perCurrency.get(row.currency) ?? 0) + row.orders);
      }
      if (perCurrency.size > 1) {
        const list = [...perCurrency].sort(([a], [b]) => a.localeCompare(b));
        throw new AppError(
          "MIXED_CURRENCIES",
          `the orders to score are in ${list.length} currencies (${list
            .map(([code, n]) => `${code}: ${n} orders`)
            .join(
              ", ",
            )}); a run never sums different currencies: name one (--currency ${list[0]![0]}), and add --convert to convert the others at imported exchange rates`,
          { field: "currency", details: { currencies: Object.fromEntries(list) } },
        );
      }
      currency = [...perCurrency.keys()][0] ?? storeCurrency;
    } else {
      currency = recorded[0] ?? storeCurrency;
    }
    return { selection: wanted.channels ? { ...channels, storeCurrency } : undefined, currency };
  }
  const onlyThisCurrency =
    recorded.length === 0 ? currency === storeCurrency : recorded.length === 1 && recorded[0] === currency;
  if (onlyThisCurrency) {
    return { selection: wanted.channels ? { ...channels, storeCurrency } : undefined, currency };
  }
  const selection: OrderSelection = { ...channels, currency, convert: wanted.convert, storeCurrency };
  if (wanted.convert) {
    const missing = await aggregates.missingRates(orderWindow, { ...selection, currency });
    if (missing.length > 0) {
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      throw new AppError(
        "MISSING_EXCHANGE_RATE",
        `no exchange rate into ${currency} for ${missing
          .map((m) => `${m.currency} on or before ${day(m.firstOrder)} (${m.orders} orders without a rate)`)
          .join(", ")}: import rates with base ${currency} (rfm import rates FILE --base ${currency})`,
        { field: "currency", details: { missing } },
      );
    }
  }
  return { selection, currency };
}

/** The ORDERS_LEFT_OUT warning of a run whose selection left orders out. */
function leftOutWarnings(leftOut: LeftOut | null, selection: OrderSelection | undefined): ScoringWarning[] {
  if (leftOut === null || selection === undefined || leftOut.orders === 0) return [];
  return [
    { code: "ORDERS_LEFT_OUT", dimension: null, scores: [], message: leftOutMessage(leftOut, selection) },
  ];
}

/**
 * The options with the profile's settings filled in where the caller gave none, and the bins:
 * the profile's published mapping's, so a run and the mapping its segments come from always
 * agree (a 5-bin run under a 4-bin mapping is refused here, before anything is written).
 */
async function withProfile(
  given: RunScoringOptions,
): Promise<{ options: RunScoringOptions; profileId: number; profileKey: string; bins: Bins }> {
  const profileId = given.profileId ?? DEFAULT_PROFILE_ID;
  const profile =
    profileId === DEFAULT_PROFILE_ID
      ? await ensureDefaultProfile(given.db)
      : await profileById(given.db, profileId);
  if (!profile)
    throw new AppError("NOT_FOUND", `no scoring profile with id ${profileId}`, { field: "profile" });
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const options = { ...scoringOptionsOf(profile.settings), ...defined } as RunScoringOptions;
  const mapping = await ensurePublishedMapping(given.db, profile.id);
  const mappingBins = mapping.compiled.bins;
  if (options.bins !== undefined && assertBins(options.bins) !== mappingBins) {
    throw binsMismatch(profile.key, mapping, options.bins, "bins");
  }
  return { options, profileId: profile.id, profileKey: profile.key, bins: mappingBins };
}

/**
 * The refusal of a run with other bins than its profile's published mapping's, saying what to do
 * on every surface (the admin's Scoring page and the CLI): a run of other bins would have no
 * segments to be shown under (docs/scoring.md, "A run's bins are always its profile's mapping's").
 */
export function binsMismatch(
  profileKey: string,
  mapping: { readonly version: number; readonly compiled: { readonly bins: number } },
  bins: number,
  field: string,
): AppError {
  const mappingBins = mapping.compiled.bins;
  return new AppError(
    "MAPPING_BINS_MISMATCH",
    `profile "${profileKey}" scores with ${mappingBins} bins: this profile's mapping (version ${mapping.version}) uses ${mappingBins} bins, so a run with ${bins} bins is refused. ` +
      `Leave bins out to score it with ${mappingBins}; to score with ${bins} bins, create a profile with ${bins} bins ` +
      `(Scoring > Profiles in the admin, or rfm profile create KEY --name NAME --bins ${bins}) and score that profile, ` +
      `or change this profile's bins with its mapping (rfm profile update ${profileKey} --bins ${bins} --reseed-mapping, or updateProfile with reseedMapping)`,
    { field, details: { profile: profileKey, mappingBins, bins } },
  );
}

/** The default {@link ScoreWriter}: the facts store's bulk path. */
const writeScores: ScoreWriter = (tx, runId, scores) => tx.scores.write(runId, scores);

const NO_ORDERS = "there are no orders to score: import transactions first";

/** The run's calendar; an unknown zone is the caller's input (INVALID_OPTIONS, field timeZone). */
function runCalendar(timeZone: string): StoreCalendar {
  try {
    return calendarOf(timeZone);
  } catch (error) {
    throw new AppError("INVALID_OPTIONS", error instanceof Error ? error.message : String(error), {
      field: "timeZone",
    });
  }
}

/** The as-of instant the options give (`asOf`, or the end of `asOfDay` in the zone), if any. */
function asOfOf(options: RunScoringOptions, calendar: StoreCalendar): number | undefined {
  if (options.asOfDay === undefined) return options.asOf;
  if (options.asOf !== undefined) throw optionsError("give asOf or asOfDay, not both");
  const day = dayNumberOf(options.asOfDay);
  if (Number.isNaN(day)) {
    throw new AppError("INVALID_OPTIONS", `asOfDay "${options.asOfDay}" is not a YYYY-MM-DD day`, {
      field: "asOfDay",
    });
  }
  return calendar.endOfDay(day);
}

/** The time of the latest order (epoch ms), or null when there is none. */
export function latestOrderTime(db: Database): Promise<number | null> {
  return factsStoreOf(db).runs.latestOrderTime();
}
