/**
 * What one storage engine implements to hold the facts (customers, orders, scores) and read them
 * back in bulk. SQLite and PostgreSQL each have one (sqlite/index.ts, postgres/index.ts); a third
 * engine (ClickHouse) is one more implementation of this interface, chosen in `factsStoreOf`.
 * Validation, merging and the other engine-free logic sit in front of it, in the entity modules
 * (customers.ts, orders.ts, scores.ts, aggregates.ts, audiences.ts), so an engine only stores
 * and reads.
 */
import type { RawSql } from "../raw";
import type { AggregateEngine } from "./aggregates";
import type { AnalyticsFacts } from "./analytics";
import type { AudienceFacts } from "./audiences";
import type { CustomerReads } from "./customer-reads";
import type { CustomerEngine } from "./customers";
import type { MembershipFacts } from "./membership";
import type { OrderEngine } from "./orders";
import type { RunFacts } from "./runs";
import type { ScoreEngine, ScoreReadEngine } from "./scores";
import type { ScoringPushdown } from "./scoring-pushdown";

/** What a large import suspends (db/indexes.ts). */
export interface SuspendOptions {
  /**
   * Keep the orders' index by customer: a file grouped by customer extends it at its end, which
   * costs less than rebuilding it (the customers' indexes and keys are suspended all the same).
   */
  readonly keepOrderIndex?: boolean;
  /**
   * Suspend only the keys checked row by row (PostgreSQL's foreign key of orders to customers),
   * keeping every index: for imports too small to rebuild the indexes for, but large enough that
   * checking the key once at the end costs less than a check per row.
   */
  readonly keysOnly?: boolean;
}

/** Which SQL an engine speaks: SQL text compiled for the facts (audience conditions) is per dialect. */
export type FactsDialect = "sqlite" | "postgresql" | "clickhouse";

/** The tables whose planner statistics a bulk write may refresh. */
export type FactTable = "customers" | "transactions" | "customer_scores";

/** An engine's writers bound to one open transaction, and SQL in that same transaction. */
export interface EngineParts {
  readonly customers: CustomerEngine;
  readonly orders: OrderEngine;
  readonly scores: ScoreEngine;
  /** Other statements committed with the facts (the import log's counts, a run's status). */
  readonly raw: RawSql;
}

export interface FactsEngine {
  readonly dialect: FactsDialect;
  /**
   * Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. The same
   * mechanism as `db.raw.transaction` (on SQLite the connection's lock, on PostgreSQL one pooled
   * connection), so the facts and other statements of `fn` commit together.
   */
  transaction<T>(fn: (parts: EngineParts) => Promise<T>): Promise<T>;
  readonly aggregates: AggregateEngine;
  /** The dashboard's scans: sales per day and area, customers per area, movement (analytics.ts). */
  readonly analytics: AnalyticsFacts;
  readonly audiences: AudienceFacts;
  /**
   * Segment members and their change log (membership.ts). The SQL engines share one
   * implementation (`membershipFacts` over their `MembershipEngine`); ClickHouse has its own.
   */
  readonly membership: MembershipFacts;
  /** Reads of stored scores (a preview's counts), off the writers' connection. */
  readonly scoreReads: ScoreReadEngine;
  /** For a long series of write transactions (an import); returns the function that undoes it. */
  relaxCheckpoints(): () => void;
  /** Drops the orders' and customers' secondary indexes before a large import (db/indexes.ts). */
  suspendOrderIndexes(options?: SuspendOptions): Promise<void>;
  /** Recreates any suspended index; a no-op when they all exist. */
  restoreOrderIndexes(): Promise<void>;
  /** An upper bound of the orders stored, cheap at any size (the largest order id; 0: none). */
  storedOrdersBound(): Promise<number>;
  /** Refreshes the planner's statistics of tables after a bulk write, where the engine plans from them. */
  refreshStatistics(tables: readonly FactTable[]): Promise<void>;
  /**
   * Scoring runs' other reads and deletes (runs.ts). Omitted: the app database's SQL over the
   * same tables (`sqlRunFacts`), which SQLite and PostgreSQL share.
   */
  readonly runs?: RunFacts;
  /** Scoring pushed down into the engine (scoring-pushdown.ts), where it has one (ClickHouse). */
  readonly scoringPushdown?: ScoringPushdown;
  /** Customer pages, lookups, the customer 360's scores and orders, search candidates (customer-reads.ts). */
  readonly customerReads: CustomerReads;
}
