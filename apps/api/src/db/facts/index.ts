/**
 * The facts store: customers, orders, scores, per-customer aggregates and audiences, the bulk
 * data that Prisma's row-at-a-time access is far too slow for. One interface per entity, each
 * with one implementation per engine (SQLite: sqlite/, PostgreSQL: postgres/); the engine is
 * chosen once, when the store is built for a database (`factsStoreOf`). A third engine
 * implements `FactsEngine` (engine.ts) and is chosen there too.
 *
 * Every write on the store itself is one transaction: all of its rows are stored or none are.
 * To make several writes one unit (a batch's customers, then its orders, then the import log's
 * counts), run them on the `tx` of `transaction`.
 */
import type { Database } from "../client";
import type { RawSql } from "../raw";
import { type AggregateFacts, aggregateFacts } from "./aggregates";
import type { AnalyticsFacts } from "./analytics";
import type { AudienceFacts } from "./audiences";
import { clickhouseEngine } from "./clickhouse";
import type { Scope } from "./columns";
import { type CustomerReads, customerReads } from "./customer-reads";
import { type CustomerFacts, customerFacts } from "./customers";
import type { EngineParts, FactsDialect, FactsEngine, FactTable, SuspendOptions } from "./engine";
import type { MembershipFacts } from "./membership";
import { type OrderFacts, orderFacts } from "./orders";
import { postgresEngine } from "./postgres";
import { type RunFacts, sqlRunFacts } from "./runs";
import { type ScoreFacts, scoreFacts } from "./scores";
import type { ScoringPushdown } from "./scoring-pushdown";
import { sqliteEngine } from "./sqlite";

export type { AggregateFacts, OrderAggregateOptions, OrderAggregates } from "./aggregates";
export type { AnalyticsFacts, AreaCount, MovementCounts, SalesRow } from "./analytics";
export type { AudienceFacts, AudienceQuery, AudienceRow } from "./audiences";
export { CODE_INDEX_SHARE } from "./audiences";
export type {
  CustomerColumns,
  CustomerFacts,
  CustomerField,
  CustomerMerge,
  CustomerRecord,
  CustomerWriteResult,
} from "./customers";
export { CUSTOMER_FIELDS } from "./customers";
export type { FactsDialect, FactsEngine, FactTable, SuspendOptions } from "./engine";
export type {
  ChangeKind,
  ChangeQuery,
  MemberRow,
  MembershipFacts,
  MembershipRecording,
  MembershipResult,
  SegmentChangeRow,
  SegmentOfCode,
} from "./membership";
export type { OrderFacts, OrderFold, OrderGroupColumns, OrderWriteResult, StoredOrder } from "./orders";
export type { RunFacts } from "./runs";
export type { BinCountQuery, RunScoreColumns, ScoreFacts } from "./scores";
export type { ScoringPushdown } from "./scoring-pushdown";

/** The writes, on the store (each its own transaction) or on a transaction's `tx`. */
export interface FactsWriters {
  readonly customers: CustomerFacts;
  readonly orders: OrderFacts;
  readonly scores: ScoreFacts;
}

/** The writers of one open transaction, and other SQL committed with them. */
export interface FactsTransaction extends FactsWriters {
  readonly raw: RawSql;
}

export interface FactsStore extends FactsWriters {
  /** The SQL dialect of the engine holding the facts. */
  readonly dialect: FactsDialect;
  readonly aggregates: AggregateFacts;
  /** The dashboard's scans of the facts (analytics.ts). */
  readonly analytics: AnalyticsFacts;
  readonly audiences: AudienceFacts;
  /** Segment members and the log of membership changes (membership.ts). */
  readonly membership: MembershipFacts;
  /**
   * Runs `fn` in one transaction: everything it writes through `tx` is committed together, or
   * rolled back together if it throws. Use `tx`, not the store, inside.
   */
  transaction<T>(fn: (tx: FactsTransaction) => Promise<T>): Promise<T>;
  /**
   * For a long series of transactions (an import) on SQLite: checkpoint the write-ahead log
   * every 64 MiB instead of 4 MiB. Returns the function that restores the setting; a no-op
   * elsewhere.
   */
  relaxCheckpoints(): () => void;
  /**
   * Drops the orders' and customers' secondary indexes before an import much larger than the
   * tables, and rebuilds them (db/indexes.ts); if the import dies between the two, the next
   * `openDatabase()` rebuilds them.
   */
  suspendOrderIndexes(options?: SuspendOptions): Promise<void>;
  restoreOrderIndexes(): Promise<void>;
  /** An upper bound of the orders stored (0: none), cheap at any size. */
  storedOrdersBound(): Promise<number>;
  /** Refreshes the planner's statistics after a bulk write (PostgreSQL; nothing to do on SQLite). */
  refreshStatistics(tables: readonly FactTable[]): Promise<void>;
  /** Scoring runs' span of orders and deletion of a run's scores (runs.ts). */
  readonly runs: RunFacts;
  /** The engine's pushed-down scoring (scoring-pushdown.ts), or null where runs score in Node. */
  readonly scoringPushdown: ScoringPushdown | null;
  /** Customer pages, lookups, the customer 360's scores and orders, search candidates (customer-reads.ts). */
  readonly customerReads: CustomerReads;
}

const stores = new WeakMap<Database, FactsStore>();

/** The facts store of a database (built once per database: the engine is chosen here). */
export function factsStoreOf(db: Database): FactsStore {
  let store = stores.get(db);
  if (!store) {
    store = factsStore(
      db.analytics
        ? clickhouseEngine(db, db.analytics)
        : db.provider === "sqlite"
          ? sqliteEngine(db)
          : postgresEngine(db),
      db.raw,
    );
    stores.set(db, store);
  }
  return store;
}

/**
 * The store over an engine: validation and merging in front, the engine's transactions behind.
 * `raw`: the app database, whose SQL serves what the engine leaves out (`runs`).
 */
export function factsStore(engine: FactsEngine, raw: RawSql): FactsStore {
  const writers = (scope: Scope<EngineParts>): FactsWriters => ({
    customers: customerFacts((fn) => scope((parts) => fn(parts.customers))),
    orders: orderFacts((fn) => scope((parts) => fn(parts.orders))),
    scores: scoreFacts((fn) => scope((parts) => fn(parts.scores)), engine.scoreReads),
  });
  return {
    dialect: engine.dialect,
    ...writers((fn) => engine.transaction(fn)),
    aggregates: aggregateFacts(engine.aggregates),
    analytics: engine.analytics,
    audiences: engine.audiences,
    membership: engine.membership,
    transaction: (fn) =>
      engine.transaction((parts) => fn({ ...writers((inner) => inner(parts)), raw: parts.raw })),
    relaxCheckpoints: () => engine.relaxCheckpoints(),
    suspendOrderIndexes: (options) => engine.suspendOrderIndexes(options),
    restoreOrderIndexes: () => engine.restoreOrderIndexes(),
    storedOrdersBound: () => engine.storedOrdersBound(),
    refreshStatistics: (tables) => engine.refreshStatistics(tables),
    runs: engine.runs ?? sqlRunFacts(raw),
    scoringPushdown: engine.scoringPushdown ?? null,
    customerReads: customerReads(engine.customerReads),
  };
}
