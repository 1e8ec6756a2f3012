/**
 * A scoring run pushed down into the engine that holds the facts (ClickHouse: clickhouse/
 * scoring-pushdown.ts), for engines where bringing a row per customer to Node and writing one
 * back costs more than the scoring itself. The run's service drives it in steps:
 *
 * 1. `aggregate`: the per-customer GROUP BY, kept in the engine (a staging table per run), with
 *    the counts a run reports (orders read, customers without purchases, the latest order);
 * 2. `valueCounts`: per dimension, how many customers have each value (recency days,
 *    purchases, net cents): the exact cut points of rfm-core's rank rule follow from these
 *    counts alone, merged across shards, so no per-customer row leaves the engine;
 * 3. `clvInputs` (only with CLV): the customers' purchases and spend, for the model;
 * 4. `writeScores`: every customer's R, F, M and code computed by the engine from the cut
 *    points, the CLV predictions joined in, and `histogram` read back from the written scores.
 *
 * Exactly rfm-core's rules (the codes agree with the SQLite path: clickhouse-agreement test).
 */
import type { Bins, CodeHistogram, Dimension, StoreCalendar } from "@rfm/core";
import type { OrderSelection } from "./aggregates";

export interface PushdownAggregateOptions {
  readonly from?: number;
  /** Omitted: every order from `from` on; the result says when the latest was. */
  readonly to?: number;
  readonly selection?: OrderSelection;
}

/** What a run reports about its aggregation (as `OrderAggregates`, without the columns; the orders a selection left out are counted by the caller). */
export interface PushdownAggregates {
  /** Customers with a purchase in the window: the customers scored. */
  readonly customers: number;
  readonly orders: number;
  readonly nonPurchaseOrders: number;
  readonly customersWithoutPurchases: number;
  /** When `to` was omitted: the latest order read; otherwise null. */
  readonly latestOrder: number | null;
  /** Earliest first purchase and latest last purchase of the customers scored (null: none). */
  readonly earliestPurchase: number | null;
  readonly latestPurchase: number | null;
  /** Shards that aggregated in parallel. */
  readonly parts: number;
}

/** Customers per distinct value, values ascending. */
export interface ValueCounts {
  readonly value: Float64Array;
  readonly count: Float64Array;
}

/** The day a run is scored as of, and the calendar its recency days count. */
export interface RecencyDay {
  readonly asOfDay: number;
  readonly calendar: StoreCalendar;
}

/** The customers' inputs of the CLV model, in the engine's order of customers. */
export interface ClvInputs {
  readonly customerId: Uint32Array;
  readonly firstPurchase: Float64Array;
  readonly lastPurchase: Float64Array;
  readonly frequency: Float64Array;
  /** Net spend, currency units. */
  readonly monetary: Float64Array;
}

export interface PushdownWrite extends RecencyDay {
  readonly bins: Bins;
  /** Per dimension, the run's reported bounds (rfm-core's `DimensionReport.bounds`). */
  readonly bounds: Readonly<Record<Dimension, readonly (number | null)[]>>;
  /** CLV per customer (NaN: none), or null when the run computes none. */
  readonly clv: { readonly customerId: Uint32Array; readonly clv: Float64Array } | null;
}

export interface ScoringPushdown {
  aggregate(runId: number, options: PushdownAggregateOptions): Promise<PushdownAggregates>;
  valueCounts(runId: number, day: RecencyDay): Promise<Record<Dimension, ValueCounts>>;
  clvInputs(runId: number): Promise<ClvInputs>;
  /** Writes the run's scores (replacing any it has); returns the number written. */
  writeScores(runId: number, write: PushdownWrite): Promise<number>;
  histogram(runId: number, bins: Bins, withClv: boolean): Promise<CodeHistogram>;
  /** Drops the run's staging data (after the run, complete or failed). */
  discard(runId: number): Promise<void>;
}
