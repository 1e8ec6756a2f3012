/**
 * A scoring run pushed down into the facts engine (db/facts/scoring-pushdown.ts; ClickHouse):
 * the engine aggregates per customer and keeps the result; Node gets, per dimension, how many
 * customers have each value, and rfm-core computes the cut points, bins and warnings from those
 * alone (a customer's quantile score depends only on how many customers are strictly worse, so
 * scoring the three columns of values separately gives exactly the per-dimension report of
 * scoring the customers); the engine then writes every customer's scores from the cut points.
 *
 * CLV: the model's inputs come to Node (the prediction needs the Gauss hypergeometric function,
 * which SQL does not have), the model is fitted on the same sample as on the other engines
 * (every k-th customer by id, at most `maxClvFitCustomers`) and the predictions are written
 * back in bulk, joined into the scores by the engine.
 */
import {
  asOfDayOf,
  type Bins,
  type Dimension,
  type DimensionMethod,
  defaultAsOf,
  type ScoringWarning,
  type StoreCalendar,
  scoreCustomers,
  spanWarnings,
} from "@rfm/core";
import type { LeftOut, OrderSelection } from "../../db/facts/aggregates";
import type { ScoringPushdown, ValueCounts } from "../../db/facts/scoring-pushdown";
import type { ClvMethod } from "./clv";
import { estimateRunClv } from "./clv";
import type { RunOutcome } from "./scoring.repository";

type Phase = "aggregate" | "score" | "clv" | "write";

export interface PushedDownInput {
  readonly pushdown: ScoringPushdown;
  readonly runId: number;
  readonly phase: <T>(name: Phase, fn: () => T | Promise<T>) => Promise<T>;
  readonly from: number | null;
  /** The window's end if known (else the aggregation finds the latest order). */
  readonly to: number | null;
  readonly asOf: number | undefined;
  readonly now: number;
  readonly calendar: StoreCalendar;
  /** The run's window for a known as-of. */
  readonly resolveWindow: (asOf: number) => { from: number | null; to: number | null };
  readonly selection: OrderSelection | undefined;
  readonly bins: Bins;
  readonly methods: Record<Dimension, DimensionMethod>;
  readonly clvMethod: ClvMethod;
  readonly maxClvFitCustomers?: number;
  /** The orders of a window the selection left out (null without a selection). */
  readonly leftOut: (window: { from?: number; to?: number }) => Promise<LeftOut | null>;
  /** The run's warning about them. */
  readonly leftOutWarnings: (leftOut: LeftOut | null) => ScoringWarning[];
  /** The message when there is no order to score. */
  readonly noOrders: string;
}

export async function runPushedDown(
  input: PushedDownInput,
): Promise<{ outcome: Omit<RunOutcome, "finishedAt" | "durationMs">; parts: number }> {
  const { pushdown, runId, phase, calendar, bins } = input;
  const timeZone = calendar.timeZone;
  try {
    const aggregate = (to: number | null) =>
      phase("aggregate", () =>
        pushdown.aggregate(runId, {
          ...(input.from === null ? {} : { from: input.from }),
          ...(to === null ? {} : { to }),
          ...(input.selection === undefined ? {} : { selection: input.selection }),
        }),
      );
    let to = input.to;
    let aggregates = await aggregate(to);
    let asOf = input.asOf;
    let capped: ScoringWarning | null = null;
    if (asOf === undefined) {
      if (aggregates.latestOrder === null) throw new Error(input.noOrders);
      ({ asOf, warning: capped } = defaultAsOf({
        latestOrder: aggregates.latestOrder,
        now: input.now,
        timeZone,
      }));
      if (capped !== null) {
        to = asOf;
        aggregates = await aggregate(to);
      }
    }
    const window = input.resolveWindow(asOf);
    const day = { asOfDay: asOfDayOf(asOf, calendar), calendar };
    const n = aggregates.customers;

    // The value counts (the servers' work) and the CLV inputs and fit (mostly Node's) at once.
    const clvMethod = input.clvMethod;
    const [counts, clv] = await Promise.all([
      phase("score", () => pushdown.valueCounts(runId, day)),
      clvMethod === "none" || n === 0
        ? null
        : phase("clv", async () => {
            const inputs = await pushdown.clvInputs(runId);
            const estimate = estimateRunClv({
              firstPurchase: inputs.firstPurchase,
              lastPurchase: inputs.lastPurchase,
              frequency: inputs.frequency,
              monetary: inputs.monetary,
              asOf: asOf!,
              timeZone,
              method: clvMethod,
              ...(input.maxClvFitCustomers === undefined
                ? {}
                : { maxFitCustomers: input.maxClvFitCustomers }),
            });
            return { ...estimate, customerId: inputs.customerId };
          }),
    ]);
    const { scoring, histogram } = await phase("score", async () => {
      // Each dimension's values, expanded from the counts: the per-dimension report and
      // warnings of rfm-core's scoring depend on each column alone, not on which customer holds
      // which value (its per-code histogram does, and is read from the written scores instead).
      const scoring = scoreCustomers({
        recencyDays: expand(counts.recency, n, 1),
        frequency: expand(counts.frequency, n, 1),
        monetary: expand(counts.monetary, n, 100),
        bins,
        methods: input.methods,
        monetaryBasis: "total",
      });
      const bounds = {
        recency: scoring.dimensions.recency.bounds,
        frequency: scoring.dimensions.frequency.bounds,
        monetary: scoring.dimensions.monetary.bounds,
      };
      await pushdown.writeScores(runId, {
        ...day,
        bins,
        bounds,
        clv: clv === null ? null : { customerId: clv.customerId, clv: clv.clv },
      });
      return { scoring, histogram: await pushdown.histogram(runId, bins, clv !== null) };
    });
    const leftOut = await input.leftOut({
      ...(input.from === null ? {} : { from: input.from }),
      ...(to === null ? {} : { to }),
    });
    const warnings: ScoringWarning[] = [
      ...scoring.warnings,
      ...(capped === null ? [] : [capped]),
      ...spanWarnings({
        asOf,
        timeZone,
        earliestOrder: aggregates.earliestPurchase,
        latestOrder: aggregates.latestPurchase,
      }),
      ...input.leftOutWarnings(leftOut),
    ];
    return {
      outcome: {
        asOf,
        windowFrom: window.from,
        windowTo: window.to,
        thresholds: scoring.dimensions,
        customersScored: n,
        transactionsRead: aggregates.orders,
        customersWithoutPurchases: aggregates.customersWithoutPurchases,
        warnings,
        histogram,
        clv: clv?.info ?? null,
        leftOut,
      },
      parts: aggregates.parts,
    };
  } finally {
    await pushdown.discard(runId).catch(() => undefined);
  }
}

/** The `n` values the counts describe, each divided by `unit` (cents to currency units). */
function expand(counts: ValueCounts, n: number, unit: number): Float64Array {
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < counts.value.length; i++) {
    const value = counts.value[i]! / unit;
    const end = k + counts.count[i]!;
    if (end > n) throw new Error(`pushdown: the value counts hold more than the ${n} customers scored`);
    out.fill(value, k, end);
    k = end;
  }
  if (k !== n) throw new Error(`pushdown: the value counts hold ${k} customers, expected ${n}`);
  return out;
}
