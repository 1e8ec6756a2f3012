/**
 * The facts' tables on a ClickHouse cluster. Each table is a local MergeTree table on every
 * shard (`<name>_local`) and a `Distributed` table over them (`<name>`), on every shard too, so
 * any shard answers a query. Everything is sharded by customer id (`customer_id % shards`,
 * `connection.ts`'s `shardOf`), so a customer's orders, scores and membership sit on one shard:
 * per-customer aggregation, and IN/JOIN between these tables, run shard-locally with no data
 * moving between servers (`distributed_product_mode = 'local'`).
 *
 * Times are epoch milliseconds in Int64 (DateTime64 does not exist in 18.16); money is cents.
 * Created by `ensureClickHouseSchema` on open: every statement is `IF NOT EXISTS`, so it is
 * idempotent; a later version adds tables or columns (`ADD COLUMN IF NOT EXISTS`) the same way.
 */
import type { ClickHouse } from "./connection";

export interface TableDef {
  /** The Distributed table's name; the local one is `${name}_local`. */
  readonly name: string;
  /** Column definitions, `name Type` each. */
  readonly columns: readonly string[];
  /** The local table's ENGINE clause (with ORDER BY and PARTITION BY). */
  readonly engine: string;
  /** The Distributed table's sharding expression over the columns. */
  readonly shardingKey: string;
}

/**
 * customers: one row per version of a customer (ReplacingMergeTree by `version`, the write's
 * epoch µs, strictly increasing within a process): reads take the latest version with FINAL
 * (point lookups and pages) or argMax(..., version) (scans), never a plain read. `external_id`
 * never changes between versions. Ids are assigned by the importer (customers.ts of this
 * folder); an external id is looked up in `customer_keys`.
 */
export const CUSTOMERS: TableDef = {
  name: "customers",
  columns: [
    "id UInt32",
    "external_id String",
    "name Nullable(String)",
    "first_name Nullable(String)",
    "last_name Nullable(String)",
    "email Nullable(String)",
    "phone Nullable(String)",
    "marketing_consent Nullable(UInt8)",
    "province Nullable(String)",
    "region Nullable(String)",
    "city Nullable(String)",
    "created_at Nullable(Int64)",
    "imported_at Int64",
    "version UInt64",
  ],
  // Granules of 256 rows, not the default 8192: a page reads its 50 customers by id, and with
  // 8192-row granules 50 scattered ids touch nearly every granule of a shard (the whole table
  // read to return 50 rows); at 256 they touch 50 granules. Measured on 18.16 at 250k customers
  // a shard, load 13: a FINAL point read of 25 ids took 96 ms (median) against 470 ms; scans are
  // no slower. The marks cost 1/256 of the rows per column. A table created before this setting
  // keeps its granularity (it is fixed at creation).
  engine: "ReplacingMergeTree(version) ORDER BY id SETTINGS index_granularity = 256",
  shardingKey: "id",
};

/**
 * transactions: one row per order (lines folded into it, as on the other engines), ordered by
 * customer then order id, so per-customer aggregation reads in key order and an order is found
 * by (customer, order id). Re-imports and folds: see orders.ts of this folder.
 *
 * READ RULE: a folded order (lines added by a later batch) and an order re-written by a re-run
 * of a killed import are new ROWS with a higher `version`, deduplicated only when ClickHouse
 * merges parts, at a time of its choosing. So every read must see one row per
 * (customer_id, order_id), the one of the highest version:
 *   - `FROM transactions_local FINAL` (or `FROM transactions FINAL` on the Distributed table),
 *     which is exact and cheap where the WHERE narrows the key (a customer's orders);
 *   - or, for scans and aggregation, `argMax(col, version) ... GROUP BY customer_id, order_id`
 *     in a subquery, then aggregate that per customer (exact, and no FINAL merge-on-read).
 * A plain read counts an order twice until the parts merge. `OPTIMIZE TABLE transactions_local
 * FINAL` on each shard makes plain reads exact until the next write (after an import).
 * An order id is stored once in the whole store: `order_keys` (below) says under which customer.
 */
export const TRANSACTIONS: TableDef = {
  name: "transactions",
  columns: [
    "customer_id UInt32",
    "order_id String",
    "occurred_at Int64",
    "amount_cents Int32",
    "line_count UInt32",
    "channel Nullable(String)",
    "currency Nullable(String)",
    "province Nullable(String)",
    "region Nullable(String)",
    "city Nullable(String)",
    "version UInt64",
  ],
  engine: "ReplacingMergeTree(version) ORDER BY (customer_id, order_id)",
  shardingKey: "customer_id",
};

/**
 * customer_scores: one row per run and customer, a partition per run (deleting a run's scores is
 * DROP PARTITION, immediate), ordered for segment pages: a run's customers of some codes by spend.
 */
export const CUSTOMER_SCORES: TableDef = {
  name: "customer_scores",
  columns: [
    "run_id UInt32",
    "customer_id UInt32",
    "recency_days Int32",
    "frequency UInt32",
    "monetary_cents Int64",
    "r UInt8",
    "f UInt8",
    "m UInt8",
    "code UInt16",
    "clv Nullable(Float64)",
  ],
  engine: "MergeTree PARTITION BY run_id ORDER BY (run_id, code, monetary_cents, customer_id)",
  shardingKey: "customer_id",
};

/**
 * customer_keys: external id -> internal id, one row per customer (written once, before the
 * customer's first row: a key without a customers row is a write that died half-way, and the
 * next write of that customer completes it). Ordered by external id, so the importer's
 * per-batch lookups read only the granules their ids fall in; on the customer's shard.
 */
export const CUSTOMER_KEYS: TableDef = {
  name: "customer_keys",
  columns: ["external_id String", "id UInt32"],
  engine: "ReplacingMergeTree ORDER BY external_id",
  shardingKey: "id",
};

/**
 * order_keys: order id -> customer id, one row per order (written after the order's first
 * transactions row, on the same shard: a key means the order is stored). Ordered by order id
 * for the importer's per-batch lookups (whether an order is stored, and under whom).
 */
export const ORDER_KEYS: TableDef = {
  name: "order_keys",
  columns: ["order_id String", "customer_id UInt32"],
  engine: "ReplacingMergeTree ORDER BY order_id",
  shardingKey: "customer_id",
};

/**
 * transaction_currencies: the currencies orders were ever written in (`''`: none given), a
 * handful of rows, kept on the first shard only; read it with DISTINCT (a code may repeat until
 * parts merge).
 */
export const TRANSACTION_CURRENCIES: TableDef = {
  name: "transaction_currencies",
  columns: ["code String"],
  engine: "ReplacingMergeTree ORDER BY code",
  shardingKey: "0",
};

/**
 * score_inputs: a pushed-down scoring run's per-customer aggregates (scoring-pushdown.ts), kept
 * on the shard of each customer while the run computes its cut points; dropped by partition
 * when the run ends.
 */
export const SCORE_INPUTS: TableDef = {
  name: "score_inputs",
  columns: [
    "run_id UInt32",
    "customer_id UInt32",
    "purchases UInt32",
    "net_cents Int64",
    "first_purchase Int64",
    "last_purchase Int64",
    "orders UInt32",
    "latest_order Int64",
  ],
  engine: "MergeTree PARTITION BY run_id ORDER BY (run_id, customer_id)",
  shardingKey: "customer_id",
};

/** run_clv: a pushed-down run's CLV predictions, written in bulk, joined into its scores, then dropped. */
export const RUN_CLV: TableDef = {
  name: "run_clv",
  columns: ["run_id UInt32", "customer_id UInt32", "clv Nullable(Float64)"],
  engine: "MergeTree PARTITION BY run_id ORDER BY (run_id, customer_id)",
  shardingKey: "customer_id",
};

/**
 * segment_members: each recording's new state of the customers whose membership it changed
 * (`segment_key` '' when they left every segment), numbered by the recording (`seq`). A
 * customer's membership is the row with the greatest committed `seq` (argMax): rows are only
 * appended, so a recording that died half-way is simply not read (membership.ts of this folder).
 * Plain MergeTree, not Replacing: a merge must never drop a committed row for a dead one.
 */
export const SEGMENT_MEMBERS: TableDef = {
  name: "segment_members",
  columns: [
    "profile_id UInt32",
    "customer_id UInt32",
    "segment_key String",
    "since Int64",
    "since_run_id UInt32",
    "seq UInt32",
  ],
  engine: "MergeTree ORDER BY (profile_id, customer_id, seq)",
  shardingKey: "customer_id",
};

/**
 * segment_changes: the log of who entered and left which segment, ids increasing per profile
 * (dense: a recording numbers its rows after the last committed id), ordered for the feed's
 * pages (profile, id > cursor).
 */
export const SEGMENT_CHANGES: TableDef = {
  name: "segment_changes",
  columns: [
    "profile_id UInt32",
    "id UInt32",
    "seq UInt32",
    "customer_id UInt32",
    "segment_key String",
    "segment_name String",
    "kind Enum8('entered' = 1, 'left' = 2)",
    "at Int64",
    "run_id UInt32",
    "mapping_version_id UInt32",
  ],
  engine: "MergeTree ORDER BY (profile_id, id)",
  shardingKey: "customer_id",
};

/**
 * segment_diffs: a recording's changed customers on their shard (old and new segment key, ''
 * for none), computed on every shard at once and then numbered into segment_changes
 * (membership.ts of this folder). Staging only: never read by anything else; a profile's
 * partition is dropped before and after each of its recordings.
 */
export const SEGMENT_DIFFS: TableDef = {
  name: "segment_diffs",
  columns: ["profile_id UInt32", "seq UInt32", "customer_id UInt32", "old_key String", "new_key String"],
  engine: "MergeTree PARTITION BY profile_id ORDER BY (profile_id, seq, customer_id)",
  shardingKey: "customer_id",
};

/**
 * segment_recordings: one row per committed recording of a profile (its commit: one row, one
 * atomic insert on the profile's shard); the latest (`seq`) says what is committed.
 */
export const SEGMENT_RECORDINGS: TableDef = {
  name: "segment_recordings",
  columns: [
    "profile_id UInt32",
    "seq UInt32",
    "run_id UInt32",
    "mapping_version_id UInt32",
    "last_change_id UInt32",
    "recorded_at Int64",
  ],
  engine: "MergeTree ORDER BY (profile_id, seq)",
  shardingKey: "profile_id",
};

/** Every table, in creation order. Parts of the engine add theirs here. */
export const TABLES: readonly TableDef[] = [
  CUSTOMERS,
  TRANSACTIONS,
  CUSTOMER_SCORES,
  CUSTOMER_KEYS,
  ORDER_KEYS,
  TRANSACTION_CURRENCIES,
  SCORE_INPUTS,
  RUN_CLV,
  SEGMENT_MEMBERS,
  SEGMENT_CHANGES,
  SEGMENT_DIFFS,
  SEGMENT_RECORDINGS,
];

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return name;
}

/** Creates the database and every table on every shard (idempotent). */
export async function ensureClickHouseSchema(
  ch: ClickHouse,
  tables: readonly TableDef[] = TABLES,
): Promise<void> {
  const db = quoteIdent(ch.database);
  const cluster = quoteIdent(ch.cluster);
  await Promise.all(
    ch.servers.map((client) => client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` })),
  );
  for (const table of tables) {
    const name = quoteIdent(table.name);
    await ch.commandOnEachShard(
      `CREATE TABLE IF NOT EXISTS ${db}.${name}_local (${table.columns.join(", ")}) ENGINE = ${table.engine}`,
    );
    await ch.commandOnEachShard(
      `CREATE TABLE IF NOT EXISTS ${db}.${name} AS ${db}.${name}_local ENGINE = Distributed(${cluster}, ${db}, ${name}_local, ${table.shardingKey})`,
    );
  }
}

/** Drops the database on every shard (tests' throwaway databases). */
export async function dropClickHouseDatabase(ch: ClickHouse): Promise<void> {
  const db = quoteIdent(ch.database);
  await Promise.all(ch.servers.map((client) => client.command({ query: `DROP DATABASE IF EXISTS ${db}` })));
}
