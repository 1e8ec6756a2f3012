/**
 * Bulk writes for the importer, on the driver connections: Prisma's row-at-a-time inserts are
 * far too slow for millions of rows. (A scoring run's scores have their own path: scores.ts.)
 *
 * Every call is one transaction: all of its rows are stored or none are. To make several calls
 * one unit (customers, then their transactions), run them inside `bulkTransaction`.
 *
 * Inputs are columns (arrays of equal length), not row objects: that is what the importer's
 * batches and rfm-core's typed arrays already are. Times are epoch milliseconds (UTC); money is
 * integer cents.
 *
 * SQLite: one prepared single-row INSERT per row inside one transaction. PostgreSQL: COPY into a
 * temporary staging table followed by one INSERT ... SELECT ... ON CONFLICT DO NOTHING
 * (transactions); measured against multi-row INSERT over unnest() arrays in docs/storage.md.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Database } from "./client";
import { sqliteLock, withPostgresTransaction } from "./raw";

// ---------------------------------------------------------------------------------------------
// Transactions scope

/** A transaction open on the driver connection; pass it to the functions below. */
export type BulkTransaction =
  | {
      readonly kind: "bulk-transaction";
      readonly provider: "sqlite";
      readonly sqlite: BetterSqlite3.Database;
    }
  | { readonly kind: "bulk-transaction"; readonly provider: "postgresql"; readonly client: pg.PoolClient };

/** A database (each call its own transaction) or an open bulk transaction. */
export type BulkTarget = Database | BulkTransaction;

/**
 * Runs `fn` in one transaction on the bulk connection: everything it writes through the
 * functions of this module is committed together, or rolled back together if it throws.
 */
export async function bulkTransaction<T>(db: Database, fn: (tx: BulkTransaction) => Promise<T>): Promise<T> {
  if (db.provider === "sqlite") {
    const sqlite = db.sqlite;
    return sqliteLock(sqlite).run(async () => {
      sqlite.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn({ kind: "bulk-transaction", provider: "sqlite", sqlite });
        sqlite.exec("COMMIT");
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
        throw error;
      }
    });
  }
  return withPostgresTransaction(db.pool, (client) =>
    fn({ kind: "bulk-transaction", provider: "postgresql", client }),
  );
}

/** WAL pages between automatic checkpoints during a long bulk load (64 MiB instead of 4 MiB). */
const BULK_WAL_AUTOCHECKPOINT = 16_384;

/**
 * For a long series of bulk transactions (an import) on SQLite: checkpoint the write-ahead log
 * every 64 MiB instead of SQLite's 4 MiB. Each checkpoint copies pages into the database file
 * and syncs it; fewer of them write shared pages (indexes, customers) fewer times. Commits are
 * as durable as before (WAL, synchronous=NORMAL). Returns the function that restores the setting;
 * a no-op on PostgreSQL.
 */
export function relaxCheckpoints(db: Database): () => void {
  if (db.provider !== "sqlite") return () => undefined;
  const before = db.sqlite.pragma("wal_autocheckpoint", { simple: true }) as number;
  db.sqlite.pragma(`wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT}`);
  return () => {
    db.sqlite.pragma(`wal_autocheckpoint = ${before}`);
  };
}

function inTransaction<T>(target: BulkTarget, fn: (tx: BulkTransaction) => Promise<T>): Promise<T> {
  return "kind" in target ? fn(target) : bulkTransaction(target, fn);
}

// ---------------------------------------------------------------------------------------------
// Validation: a bad value fails the whole call before anything is written.

type Column = ArrayLike<number>;
type TextColumn = readonly (string | null | undefined)[];

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
/** Largest epoch ms we accept (year 9999): beyond it PostgreSQL and ISO strings disagree. */
const MAX_TIME_MS = 253_402_300_799_999;

function checkLengths(
  what: string,
  length: number,
  columns: Record<string, ArrayLike<unknown> | undefined>,
): void {
  for (const [name, column] of Object.entries(columns)) {
    if (column !== undefined && column.length !== length) {
      throw new RangeError(`${what}: column ${name} has ${column.length} values, expected ${length}`);
    }
  }
}

function checkIntegers(what: string, name: string, column: Column, min: number, max: number): void {
  for (let i = 0; i < column.length; i++) {
    const value = column[i]!;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${what}: row ${i}: ${name} ${value} is not an integer in ${min}..${max}`);
    }
  }
}

function checkTimes(what: string, name: string, column: ArrayLike<number | null>): void {
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (value === null || value === undefined) continue;
    if (!Number.isFinite(value) || Math.abs(value) > MAX_TIME_MS) {
      throw new RangeError(`${what}: row ${i}: ${name} ${value} is not a valid time`);
    }
  }
}

function checkTexts(what: string, name: string, column: TextColumn | undefined, required: boolean): void {
  if (column === undefined) return;
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (required ? typeof value !== "string" || value === "" : value != null && typeof value !== "string") {
      throw new RangeError(
        `${what}: row ${i}: ${name} must be ${required ? "a non-empty string" : "a string or null"}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite helpers

const statementCache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function prepared(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * Runs one prepared single-row statement per row, filling its parameters with
 * `write(row, params)`; returns the number of rows SQLite reports changed. (Measured: with
 * better-sqlite3, one-row statements beat multi-row VALUES lists of 50 to 500 rows by a third.)
 */
function sqliteRunRows(
  db: BetterSqlite3.Database,
  sql: string,
  columnCount: number,
  length: number,
  write: (row: number, params: unknown[]) => void,
): number {
  const statement = prepared(db, sql);
  const params = new Array<unknown>(columnCount);
  let changed = 0;
  for (let row = 0; row < length; row++) {
    write(row, params);
    changed += statement.run(params).changes;
  }
  return changed;
}

function placeholders(count: number): string {
  return `(${new Array(count).fill("?").join(", ")})`;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL helpers

/** A value in COPY's text format: `\N` for null, backslash escapes for the separators. */
function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : value;
}

/** An epoch-ms instant as PostgreSQL `timestamp` text (UTC; the trailing Z is ignored). */
function copyTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "\\N" : new Date(ms).toISOString();
}

/** Streams `length` rows, built by `line(row)`, into `COPY <table> (<columns>) FROM STDIN`. */
async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  length: number,
  line: (row: number) => string,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  // About 1 MB per chunk: few writes, bounded memory.
  function* chunks(): Generator<string> {
    let chunk = "";
    for (let row = 0; row < length; row++) {
      chunk += line(row);
      if (chunk.length > 1_000_000) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk !== "") yield chunk;
  }
  await pipeline(Readable.from(chunks()), stream);
}

// ---------------------------------------------------------------------------------------------
// Transactions

export interface TransactionColumns {
  /** The store's order ids: the idempotency key. */
  readonly orderId: readonly string[];
  /** Internal customer ids (`upsertCustomers` gives them). */
  readonly customerId: Column;
  /** Epoch milliseconds, UTC. */
  readonly occurredAt: Column;
  /** Integer cents, within ±2,147,483,647. */
  readonly amountCents: Column;
  readonly channel?: TextColumn;
  readonly province?: TextColumn;
  readonly region?: TextColumn;
  readonly city?: TextColumn;
}

const TRANSACTION_COLUMNS = [
  "order_id",
  "customer_id",
  "occurred_at",
  "amount_cents",
  "channel",
  "province",
  "region",
  "city",
] as const;

function validateTransactions(rows: TransactionColumns): number {
  const what = "insertTransactions";
  const length = rows.orderId.length;
  checkLengths(what, length, {
    customerId: rows.customerId,
    occurredAt: rows.occurredAt,
    amountCents: rows.amountCents,
    channel: rows.channel,
    province: rows.province,
    region: rows.region,
    city: rows.city,
  });
  checkTexts(what, "orderId", rows.orderId, true);
  checkIntegers(what, "customerId", rows.customerId, 1, INT32_MAX);
  checkIntegers(what, "amountCents", rows.amountCents, INT32_MIN, INT32_MAX);
  checkTimes(what, "occurredAt", rows.occurredAt);
  for (let i = 0; i < length; i++) {
    if (rows.occurredAt[i] === null || rows.occurredAt[i] === undefined) {
      throw new RangeError(`${what}: row ${i}: occurredAt is required`);
    }
  }
  checkTexts(what, "channel", rows.channel, false);
  checkTexts(what, "province", rows.province, false);
  checkTexts(what, "region", rows.region, false);
  checkTexts(what, "city", rows.city, false);
  return length;
}

/** How the PostgreSQL path moves rows: COPY + staging table (default) or INSERT ... unnest(). */
export type PostgresInsertMethod = "copy" | "unnest";

/**
 * Inserts transactions, skipping any whose order id is already stored (or repeated earlier in
 * the same call). Returns how many were inserted; the rest were already present.
 * A customer id that does not exist fails the whole call (foreign key).
 */
export async function insertTransactionsIgnoringDuplicates(
  target: BulkTarget,
  rows: TransactionColumns,
  options: { postgresMethod?: PostgresInsertMethod } = {},
): Promise<number> {
  const length = validateTransactions(rows);
  if (length === 0) return 0;
  return inTransaction(target, async (tx) => {
    if (tx.provider === "sqlite") return sqliteInsertTransactions(tx.sqlite, rows, length);
    return options.postgresMethod === "unnest"
      ? postgresInsertTransactionsUnnest(tx.client, rows)
      : postgresInsertTransactionsCopy(tx.client, rows, length);
  });
}

function sqliteInsertTransactions(
  db: BetterSqlite3.Database,
  rows: TransactionColumns,
  length: number,
): number {
  const { orderId, customerId, occurredAt, amountCents, channel, province, region, city } = rows;
  return sqliteRunRows(
    db,
    `INSERT INTO transactions (${TRANSACTION_COLUMNS.join(", ")}) VALUES ${placeholders(TRANSACTION_COLUMNS.length)}
     ON CONFLICT (order_id) DO NOTHING`,
    TRANSACTION_COLUMNS.length,
    length,
    (row, params) => {
      params[0] = orderId[row];
      params[1] = customerId[row];
      params[2] = occurredAt[row];
      params[3] = amountCents[row];
      params[4] = channel?.[row] ?? null;
      params[5] = province?.[row] ?? null;
      params[6] = region?.[row] ?? null;
      params[7] = city?.[row] ?? null;
    },
  );
}

/** The staging table lives as long as the connection and is emptied at each commit. */
const TRANSACTION_STAGE = "rfm_transactions_stage";

async function postgresInsertTransactionsCopy(
  client: pg.PoolClient,
  rows: TransactionColumns,
  length: number,
): Promise<number> {
  const { orderId, customerId, occurredAt, amountCents, channel, province, region, city } = rows;
  await client.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${TRANSACTION_STAGE} (
       order_id text, customer_id integer, occurred_at timestamp(3), amount_cents integer,
       channel text, province text, region text, city text
     ) ON COMMIT DELETE ROWS`,
  );
  // Emptied at each commit; emptied here too for a second call in the same bulkTransaction.
  await client.query(`DELETE FROM ${TRANSACTION_STAGE}`);
  await copyRows(
    client,
    TRANSACTION_STAGE,
    TRANSACTION_COLUMNS,
    length,
    (row) =>
      `${copyText(orderId[row])}\t${customerId[row]}\t${copyTime(occurredAt[row])}\t${amountCents[row]}\t` +
      `${copyText(channel?.[row])}\t${copyText(province?.[row])}\t${copyText(region?.[row])}\t${copyText(city?.[row])}\n`,
  );
  const result = await client.query(
    `INSERT INTO transactions (${TRANSACTION_COLUMNS.join(", ")})
     SELECT ${TRANSACTION_COLUMNS.join(", ")} FROM ${TRANSACTION_STAGE}
     ON CONFLICT (order_id) DO NOTHING`,
  );
  return result.rowCount ?? 0;
}

async function postgresInsertTransactionsUnnest(
  client: pg.PoolClient,
  rows: TransactionColumns,
): Promise<number> {
  const times = Array.from(rows.occurredAt, (ms) => new Date(ms).toISOString());
  const result = await client.query(
    `INSERT INTO transactions (${TRANSACTION_COLUMNS.join(", ")})
     SELECT * FROM unnest($1::text[], $2::int4[], $3::timestamp[], $4::int4[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT (order_id) DO NOTHING`,
    [
      rows.orderId,
      Array.from(rows.customerId),
      times,
      Array.from(rows.amountCents),
      // unnest() pads shorter arrays with nulls: an absent column is an empty array.
      rows.channel ?? [],
      rows.province ?? [],
      rows.region ?? [],
      rows.city ?? [],
    ],
  );
  return result.rowCount ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Orders: the importer's path. A `transactions` row is one order; files of order lines (several
// lines per order id) are folded into it line by line, so that re-importing a file, or re-running
// an import that was killed, never counts a line twice (docs/import.md, "Orders and order lines").

/**
 * Groups of order lines to write, one entry per order (and customer) of a batch, column by column.
 * A group holds lines `firstLine..lastLine` of its order as numbered by the importer (the k-th
 * line of an order id in a file is its line k); amount and time are the group's sum and earliest.
 */
export interface OrderGroupColumns {
  readonly orderId: readonly string[];
  /** Internal customer ids. */
  readonly customerId: Column;
  /** Earliest time of the group's lines, epoch ms. */
  readonly occurredAt: Column;
  /** Sum of the group's lines in cents, within ±2,147,483,647. */
  readonly amountCents: Column;
  /** Line number (1-based) of the group's first and last line within its order. */
  readonly firstLine: Column;
  readonly lastLine: Column;
  readonly channel?: TextColumn;
  readonly province?: TextColumn;
  readonly region?: TextColumn;
  readonly city?: TextColumn;
}

/** What is stored for an order. */
export interface StoredOrder {
  readonly orderId: string;
  readonly customerId: number;
  /** The customer's external id, for messages. */
  readonly customerExternalId: string;
  readonly lineCount: number;
  readonly amountCents: number;
}

export interface OrderWriteResult {
  /** Groups stored as new orders. */
  readonly created: number;
  /**
   * Groups whose order was stored already, by group index, with what is stored: the caller decides
   * line by line what to add ({@link foldOrderLines}).
   */
  readonly skipped: Map<number, StoredOrder>;
}

const ORDER_COLUMNS = [
  "order_id",
  "customer_id",
  "occurred_at",
  "amount_cents",
  "line_count",
  "channel",
  "province",
  "region",
  "city",
] as const;
const ORDER_OPTIONAL = ["channel", "province", "region", "city"] as const;

function validateOrderGroups(groups: OrderGroupColumns): number {
  const what = "writeOrders";
  const length = groups.orderId.length;
  checkLengths(what, length, {
    customerId: groups.customerId,
    occurredAt: groups.occurredAt,
    amountCents: groups.amountCents,
    firstLine: groups.firstLine,
    lastLine: groups.lastLine,
    channel: groups.channel,
    province: groups.province,
    region: groups.region,
    city: groups.city,
  });
  checkTexts(what, "orderId", groups.orderId, true);
  checkIntegers(what, "customerId", groups.customerId, 1, INT32_MAX);
  checkIntegers(what, "amountCents", groups.amountCents, INT32_MIN, INT32_MAX);
  checkIntegers(what, "firstLine", groups.firstLine, 1, INT32_MAX);
  checkIntegers(what, "lastLine", groups.lastLine, 1, INT32_MAX);
  for (let i = 0; i < length; i++) {
    if (groups.lastLine[i]! < groups.firstLine[i]!) {
      throw new RangeError(
        `${what}: row ${i}: lastLine ${groups.lastLine[i]} < firstLine ${groups.firstLine[i]}`,
      );
    }
  }
  checkTimes(what, "occurredAt", groups.occurredAt);
  for (const name of ORDER_OPTIONAL) checkTexts(what, name, groups[name], false);
  return length;
}

/**
 * Writes a batch's order groups: a group whose order is not stored becomes a new order
 * (`line_count` = its last line); a group whose order is stored is left untouched and returned in
 * `skipped` with what is stored, for the caller to decide line by line ({@link foldOrderLines}).
 * Order ids must be distinct within a call (the importer sums the lines of an order within a
 * batch first).
 */
export async function writeOrders(target: BulkTarget, groups: OrderGroupColumns): Promise<OrderWriteResult> {
  const length = validateOrderGroups(groups);
  if (length === 0) return { created: 0, skipped: new Map() };
  return inTransaction(target, async (tx) =>
    tx.provider === "sqlite"
      ? sqliteWriteOrders(tx.sqlite, groups, length)
      : postgresWriteOrders(tx.client, groups, length),
  );
}

/** Rows per multi-row INSERT on SQLite: binding is per value, so fewer calls is what pays. */
const SQLITE_ROWS_PER_INSERT = 128;

/** The optional text columns with at least one value in the call (the others are written as NULL). */
function presentColumns<K extends string>(columns: readonly K[], rows: Partial<Record<K, TextColumn>>): K[] {
  return columns.filter((name) => rows[name]?.some((value) => value != null) ?? false);
}

function sqliteWriteOrders(
  db: BetterSqlite3.Database,
  groups: OrderGroupColumns,
  length: number,
): OrderWriteResult {
  const { orderId, customerId, occurredAt, amountCents, lastLine } = groups;
  const present = presentColumns(ORDER_OPTIONAL, groups);
  const optional = present.map((name) => groups[name] as TextColumn);
  const { maxId } = prepared(db, "SELECT coalesce(max(id), 0) AS maxId FROM transactions").get() as {
    maxId: number;
  };
  // New orders only: a stored order id is skipped here and sorted out below. AUTOINCREMENT
  // ids only grow and the write lock is ours, so rows with id <= maxId were stored before.
  // Two shapes of row: most orders are one line (line_count 1, written as a literal: every
  // value bound costs), the others bind their line count.
  const columns = [...ORDER_COLUMNS.slice(0, 5), ...present].join(", ");
  let created = 0;
  for (const bindLines of [false, true]) {
    const rows: number[] = [];
    for (let g = 0; g < length; g++) if ((lastLine[g] !== 1) === bindLines) rows.push(g);
    if (rows.length === 0) continue;
    const row = `(?, ?, ?, ?, ${bindLines ? "?" : "1"}${", ?".repeat(optional.length)})`;
    const width = 4 + (bindLines ? 1 : 0) + optional.length;
    const sql = (count: number) =>
      `INSERT INTO transactions (${columns}) VALUES ${new Array(count).fill(row).join(", ")}
       ON CONFLICT (order_id) DO NOTHING`;
    const full = prepared(db, sql(SQLITE_ROWS_PER_INSERT));
    for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_INSERT) {
      const count = Math.min(SQLITE_ROWS_PER_INSERT, rows.length - start);
      const params = new Array<unknown>(count * width);
      let at = 0;
      for (let k = start; k < start + count; k++) {
        const g = rows[k]!;
        params[at++] = orderId[g];
        params[at++] = customerId[g];
        params[at++] = occurredAt[g];
        params[at++] = amountCents[g];
        if (bindLines) params[at++] = lastLine[g];
        for (let c = 0; c < optional.length; c++) params[at++] = optional[c]![g] ?? null;
      }
      // The last, shorter statement is not cached: one per possible length would pile up.
      const statement = count === SQLITE_ROWS_PER_INSERT ? full : db.prepare(sql(count));
      created += statement.run(params).changes;
    }
  }
  const skipped = new Map<number, StoredOrder>();
  if (created < length) {
    const rows = prepared(
      db,
      `SELECT j.key AS g, t.customer_id AS customerId, c.external_id AS customerExternalId,
              t.line_count AS lineCount, t.amount_cents AS amountCents
       FROM json_each(?) j JOIN transactions t ON t.order_id = j.value JOIN customers c ON c.id = t.customer_id
       WHERE t.id <= ?`,
    ).all(JSON.stringify(orderId), maxId) as (Omit<StoredOrder, "orderId"> & { g: number })[];
    for (const { g: index, ...stored } of rows) skipped.set(index, { orderId: orderId[index]!, ...stored });
  }
  return { created, skipped };
}

/** Per connection, like the transactions stage. */
const ORDER_STAGE = "rfm_order_stage";

async function postgresWriteOrders(
  client: pg.PoolClient,
  groups: OrderGroupColumns,
  length: number,
): Promise<OrderWriteResult> {
  const {
    orderId,
    customerId,
    occurredAt,
    amountCents,
    firstLine,
    lastLine,
    channel,
    province,
    region,
    city,
  } = groups;
  await client.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${ORDER_STAGE} (
       grp integer NOT NULL, order_id text NOT NULL, customer_id integer, occurred_at timestamp(3),
       amount_cents integer, first_line integer, last_line integer,
       channel text, province text, region text, city text
     ) ON COMMIT DELETE ROWS`,
  );
  await client.query(`DELETE FROM ${ORDER_STAGE}`);
  await copyRows(
    client,
    ORDER_STAGE,
    [
      "grp",
      "order_id",
      "customer_id",
      "occurred_at",
      "amount_cents",
      "first_line",
      "last_line",
      "channel",
      "province",
      "region",
      "city",
    ],
    length,
    (g) =>
      `${g}\t${copyText(orderId[g])}\t${customerId[g]}\t${copyTime(occurredAt[g])}\t${amountCents[g]}\t` +
      `${firstLine[g]}\t${lastLine[g]}\t${copyText(channel?.[g])}\t${copyText(province?.[g])}\t` +
      `${copyText(region?.[g])}\t${copyText(city?.[g])}\n`,
  );
  // One statement: new orders are inserted and the others listed (skipped), to be decided line by
  // line and folded in with foldOrderLines (set-based), as on SQLite. Not ON CONFLICT DO UPDATE:
  // it locks (writes) every stored row it meets even when its WHERE says no, it could only fold
  // one-line groups (`excluded` cannot carry a group's first line number), and it measured no
  // faster.
  const { rows } = await client.query<{ created: number; skipped: number[] }>(
    `WITH written AS (
       INSERT INTO transactions (${ORDER_COLUMNS.join(", ")})
       SELECT order_id, customer_id, occurred_at, amount_cents, last_line, channel, province, region, city
       FROM ${ORDER_STAGE}
       ON CONFLICT (order_id) DO NOTHING
       RETURNING order_id
     )
     SELECT (SELECT count(*) FROM written)::int AS created,
            (SELECT coalesce(array_agg(s.grp), '{}') FROM ${ORDER_STAGE} s
             WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.order_id = s.order_id)) AS skipped`,
  );
  const result = rows[0]!;
  const skipped = new Map<number, StoredOrder>();
  if (result.skipped.length > 0) {
    const stored = await postgresReadOrders(
      client,
      result.skipped.map((g) => orderId[g]!),
    );
    for (const g of result.skipped) {
      const order = stored.get(orderId[g]!);
      if (!order) throw new Error(`writeOrders: order ${orderId[g]} was skipped but is not stored`);
      skipped.set(g, order);
    }
  }
  return { created: result.created, skipped };
}

/** What is stored for these order ids (those not stored are absent from the map). */
export async function readOrders(
  target: BulkTarget,
  orderIds: readonly string[],
): Promise<Map<string, StoredOrder>> {
  if (orderIds.length === 0) return new Map();
  return inTransaction(target, async (tx) => {
    if (tx.provider === "postgresql") return postgresReadOrders(tx.client, orderIds);
    const rows = prepared(
      tx.sqlite,
      `SELECT t.order_id AS orderId, t.customer_id AS customerId, c.external_id AS customerExternalId,
              t.line_count AS lineCount, t.amount_cents AS amountCents
       FROM json_each(?) j JOIN transactions t ON t.order_id = j.value JOIN customers c ON c.id = t.customer_id`,
    ).all(JSON.stringify(orderIds)) as StoredOrder[];
    return new Map(rows.map((row) => [row.orderId, row]));
  });
}

async function postgresReadOrders(
  client: pg.PoolClient,
  orderIds: readonly string[],
): Promise<Map<string, StoredOrder>> {
  // Not locked: foldOrderLines checks that each order still has the line count read here.
  const { rows } = await client.query<StoredOrder>(
    `SELECT t.order_id AS "orderId", t.customer_id AS "customerId", c.external_id AS "customerExternalId",
            t.line_count AS "lineCount", t.amount_cents AS "amountCents"
     FROM transactions t JOIN customers c ON c.id = t.customer_id
     WHERE t.order_id = ANY($1::text[])`,
    [orderIds],
  );
  return new Map(rows.map((row) => [row.orderId, row]));
}

/** Lines to add to a stored order, as decided from what {@link readOrders} or `skipped` said. */
export interface OrderFold {
  readonly orderId: string;
  /** Cents to add (the sum of the lines folded in). */
  readonly addCents: number;
  /** Earliest time of the lines folded in, epoch ms: the order keeps the earlier of this and its own. */
  readonly occurredAt: number;
  /** The order's line count afterwards. */
  readonly lineCount: number;
  /** The line count the decision was made on: the fold fails if the order no longer has it. */
  readonly expectedLineCount: number;
}

/**
 * Folds lines into stored orders, one order after the other (the same order may appear twice).
 * Throws, failing the transaction, if an order's line count is not the expected one any more (a
 * concurrent import of the same orders) or its total would leave the 32-bit range.
 */
export async function foldOrderLines(target: BulkTarget, folds: readonly OrderFold[]): Promise<void> {
  if (folds.length === 0) return;
  for (const [i, fold] of folds.entries()) {
    checkIntegers("foldOrderLines", `row ${i}: addCents`, [fold.addCents], INT32_MIN, INT32_MAX);
    checkIntegers(
      "foldOrderLines",
      `row ${i}: lineCount`,
      [fold.lineCount, fold.expectedLineCount],
      1,
      INT32_MAX,
    );
    checkTimes("foldOrderLines", `row ${i}: occurredAt`, [fold.occurredAt]);
  }
  const refused = (fold: OrderFold) =>
    new Error(
      `order ${JSON.stringify(fold.orderId)} changed during the import (expected ${fold.expectedLineCount} stored lines), or its total left the 32-bit range; run the import again`,
    );
  await inTransaction(target, async (tx) => {
    if (tx.provider === "sqlite") {
      const update = prepared(
        tx.sqlite,
        `UPDATE transactions SET amount_cents = amount_cents + ?, occurred_at = min(occurred_at, ?), line_count = ?
         WHERE order_id = ? AND line_count = ? AND amount_cents + ? BETWEEN ${INT32_MIN} AND ${INT32_MAX}`,
      );
      for (const fold of folds) {
        const { changes } = update.run(
          fold.addCents,
          fold.occurredAt,
          fold.lineCount,
          fold.orderId,
          fold.expectedLineCount,
          fold.addCents,
        );
        if (changes !== 1) throw refused(fold);
      }
      return;
    }
    // One UPDATE per round of distinct orders (a statement updates a row once).
    const rounds: OrderFold[][] = [];
    const seen = new Map<string, number>();
    for (const fold of folds) {
      const round = seen.get(fold.orderId) ?? 0;
      seen.set(fold.orderId, round + 1);
      if (round === rounds.length) rounds.push([]);
      rounds[round]!.push(fold);
    }
    for (const round of rounds) {
      const { rows } = await tx.client.query<{ order_id: string }>(
        `UPDATE transactions t SET amount_cents = t.amount_cents + f.add_cents,
           occurred_at = least(t.occurred_at, f.occurred_at), line_count = f.line_count
         FROM unnest($1::text[], $2::int[], $3::timestamp[], $4::int[], $5::int[])
           AS f (order_id, add_cents, occurred_at, line_count, expected)
         WHERE t.order_id = f.order_id AND t.line_count = f.expected
           AND t.amount_cents::bigint + f.add_cents BETWEEN ${INT32_MIN} AND ${INT32_MAX}
         RETURNING t.order_id`,
        [
          round.map((f) => f.orderId),
          round.map((f) => f.addCents),
          round.map((f) => new Date(f.occurredAt).toISOString()),
          round.map((f) => f.lineCount),
          round.map((f) => f.expectedLineCount),
        ],
      );
      if (rows.length !== round.length) {
        const done = new Set(rows.map((row) => row.order_id));
        throw refused(round.find((f) => !done.has(f.orderId))!);
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Customers

export interface CustomerColumns {
  /** The store's customer ids. */
  readonly externalId: readonly string[];
  readonly name?: TextColumn;
  readonly email?: TextColumn;
  readonly province?: TextColumn;
  readonly region?: TextColumn;
  readonly city?: TextColumn;
  /** When the store created the customer, epoch ms; null if unknown. */
  readonly createdAt?: readonly (number | null)[];
}

/** The details of a customer, in the order of the bits of {@link CustomerRecord.known}. */
export const CUSTOMER_FIELDS = ["name", "email", "province", "region", "city", "createdAt"] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
type CustomerValues = Record<CustomerField, string | number | null>;

const CUSTOMER_COLUMN: Record<CustomerField, string> = {
  name: "name",
  email: "email",
  province: "province",
  region: "region",
  city: "city",
  createdAt: "created_at",
};
const TEXT_FIELDS = ["name", "email", "province", "region", "city"] as const;

/**
 * How given details meet stored ones: `update` (a customers file) replaces a stored value by a
 * different given one; `fill` (details carried by transactions) only fills in what is stored as
 * NULL. Either way a null or absent value never erases anything.
 */
export type CustomerMerge = "update" | "fill";

/** A customer as written: internal id, and which details are stored (bit i: CUSTOMER_FIELDS[i]). */
export interface CustomerRecord {
  readonly id: number;
  readonly known: number;
}

export interface CustomerWriteResult {
  /** Every external id of the call. */
  readonly customers: Map<string, CustomerRecord>;
  readonly created: number;
  /** Stored customers whose details changed. */
  readonly updated: number;
}

/**
 * One entry per distinct external id, in first-seen order. When an id repeats, `update` keeps the
 * last non-null value of each field (the newest information wins), `fill` the first.
 */
function mergeCustomers(rows: CustomerColumns, merge: CustomerMerge): Map<string, CustomerValues> {
  const merged = new Map<string, CustomerValues>();
  const fields = CUSTOMER_FIELDS.filter((field) => rows[field] !== undefined);
  for (let i = 0; i < rows.externalId.length; i++) {
    const id = rows.externalId[i]!;
    let values = merged.get(id);
    if (!values) {
      values = { name: null, email: null, province: null, region: null, city: null, createdAt: null };
      merged.set(id, values);
    }
    for (const field of fields) {
      const value = rows[field]?.[i];
      if (value !== null && value !== undefined && (merge === "update" || values[field] === null)) {
        values[field] = value;
      }
    }
  }
  return merged;
}

function validateCustomers(what: string, rows: CustomerColumns): void {
  checkLengths(what, rows.externalId.length, {
    name: rows.name,
    email: rows.email,
    province: rows.province,
    region: rows.region,
    city: rows.city,
    createdAt: rows.createdAt,
  });
  checkTexts(what, "externalId", rows.externalId, true);
  for (const field of TEXT_FIELDS) checkTexts(what, field, rows[field], false);
  if (rows.createdAt) checkTimes(what, "createdAt", rows.createdAt);
}

/**
 * Creates the customers not yet stored and merges the details given into the stored ones
 * (see {@link CustomerMerge}); returns every customer of the call with its internal id and which
 * details it has stored. Unchanged customers are not rewritten.
 */
export async function writeCustomers(
  target: BulkTarget,
  rows: CustomerColumns,
  merge: CustomerMerge,
): Promise<CustomerWriteResult> {
  validateCustomers("writeCustomers", rows);
  const customers = mergeCustomers(rows, merge);
  if (customers.size === 0) return { customers: new Map(), created: 0, updated: 0 };
  return inTransaction(target, async (tx) =>
    tx.provider === "sqlite"
      ? sqliteWriteCustomers(tx.sqlite, customers, merge)
      : postgresWriteCustomers(tx.client, customers, merge),
  );
}

/**
 * Creates the customers not yet stored and fills in or updates the details given (a null or
 * absent value never erases a stored one). Returns the internal id of every external id of the
 * call. Unchanged customers are not rewritten, so passing the customers of every transaction
 * batch costs one index lookup each.
 */
export async function upsertCustomers(
  target: BulkTarget,
  rows: CustomerColumns,
): Promise<Map<string, number>> {
  const result = await writeCustomers(target, rows, "update");
  return new Map([...result.customers].map(([externalId, customer]) => [externalId, customer.id]));
}

function knownMask(values: CustomerValues): number {
  let mask = 0;
  for (let f = 0; f < CUSTOMER_FIELDS.length; f++) if (values[CUSTOMER_FIELDS[f]!] !== null) mask |= 1 << f;
  return mask;
}

/** The fields `merge` changes in `stored` given `values`. */
function changedFields(
  stored: CustomerValues,
  values: CustomerValues,
  merge: CustomerMerge,
): CustomerField[] {
  return CUSTOMER_FIELDS.filter((field) =>
    merge === "fill"
      ? stored[field] === null && values[field] !== null
      : values[field] !== null && values[field] !== stored[field],
  );
}

function sqliteWriteCustomers(
  db: BetterSqlite3.Database,
  customers: Map<string, CustomerValues>,
  merge: CustomerMerge,
): CustomerWriteResult {
  const externalIds = [...customers.keys()];
  const out = new Map<string, CustomerRecord>();
  // New customers first: multi-row inserts (binding values is what costs; imported_at is one
  // literal per call) that skip stored ids and return the new rows' ids.
  const fields = CUSTOMER_FIELDS.filter((field) =>
    externalIds.some((id) => customers.get(id)![field] !== null),
  );
  const width = 1 + fields.length;
  const sql = (rows: number) =>
    `INSERT INTO customers (external_id, ${fields.map((f) => `${CUSTOMER_COLUMN[f]}, `).join("")}imported_at)
     VALUES ${new Array(rows).fill(`(${new Array(width).fill("?").join(", ")}, ${Date.now()})`).join(", ")}
     ON CONFLICT (external_id) DO NOTHING
     RETURNING id, external_id`;
  const full =
    externalIds.length >= SQLITE_ROWS_PER_INSERT ? db.prepare(sql(SQLITE_ROWS_PER_INSERT)).raw() : null;
  for (let start = 0; start < externalIds.length; start += SQLITE_ROWS_PER_INSERT) {
    const part = externalIds.slice(start, start + SQLITE_ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const id of part) {
      const values = customers.get(id)!;
      params.push(id);
      for (const field of fields) params.push(values[field]);
    }
    const statement =
      full && part.length === SQLITE_ROWS_PER_INSERT ? full : db.prepare(sql(part.length)).raw();
    for (const [id, externalId] of statement.all(params) as [number, string][]) {
      out.set(externalId, { id, known: knownMask(customers.get(externalId)!) });
    }
  }
  const created = out.size;
  // Then the stored ones: merge the details given.
  let updated = 0;
  if (created < externalIds.length) {
    const stored = prepared(
      db,
      `SELECT j.value AS externalId, c.id, c.name, c.email, c.province, c.region, c.city, c.created_at AS createdAt
       FROM json_each(?) j JOIN customers c ON c.external_id = j.value`,
    ).all(JSON.stringify(externalIds.filter((id) => !out.has(id)))) as (CustomerValues & {
      externalId: string;
      id: number;
    })[];
    for (const row of stored) {
      const values = customers.get(row.externalId)!;
      const changed = changedFields(row, values, merge);
      if (changed.length > 0) {
        prepared(
          db,
          `UPDATE customers SET ${changed.map((field) => `${CUSTOMER_COLUMN[field]} = ?`).join(", ")} WHERE id = ?`,
        ).run(...changed.map((field) => values[field]), row.id);
        for (const field of changed) row[field] = values[field];
        updated++;
      }
      out.set(row.externalId, { id: row.id, known: knownMask(row) });
    }
  }
  return { customers: out, created, updated };
}

/** An integer with bit i set when CUSTOMER_FIELDS[i] is stored (not NULL) in row `alias`. */
const KNOWN_SQL = (alias: string) =>
  CUSTOMER_FIELDS.map(
    (field, f) => `(CASE WHEN ${alias}.${CUSTOMER_COLUMN[field]} IS NULL THEN 0 ELSE ${1 << f} END)`,
  ).join(" + ");

async function postgresWriteCustomers(
  client: pg.PoolClient,
  customers: Map<string, CustomerValues>,
  merge: CustomerMerge,
): Promise<CustomerWriteResult> {
  const externalIds = [...customers.keys()];
  const column = (field: CustomerField) => [...customers.values()].map((values) => values[field]);
  const createdAt = column("createdAt").map((ms) =>
    ms === null ? null : new Date(ms as number).toISOString(),
  );
  const columns = [...TEXT_FIELDS.map((f) => f as string), "created_at"];
  const assignments = columns.map((f) =>
    merge === "fill" ? `${f} = coalesce(c.${f}, excluded.${f})` : `${f} = coalesce(excluded.${f}, c.${f})`,
  );
  const changed = columns.map((f) =>
    merge === "fill"
      ? `(c.${f} IS NULL AND excluded.${f} IS NOT NULL)`
      : `(excluded.${f} IS NOT NULL AND excluded.${f} IS DISTINCT FROM c.${f})`,
  );
  // New and changed customers come back from RETURNING (xmax = 0: inserted), the others from
  // the statement's snapshot. The same statement sees no row twice.
  const result = await client.query<{
    id: number;
    external_id: string;
    created: boolean | null;
    known: number;
  }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[])
         AS i (external_id, name, email, province, region, city, created_at)
     ), written AS (
       INSERT INTO customers AS c (external_id, name, email, province, region, city, created_at, imported_at)
       SELECT external_id, name, email, province, region, city, created_at, now() AT TIME ZONE 'UTC' FROM input
       ON CONFLICT (external_id) DO UPDATE SET ${assignments.join(", ")}
       WHERE ${changed.join(" OR ")}
       RETURNING c.id, c.external_id, (c.xmax = 0) AS created, ${KNOWN_SQL("c")} AS known
     )
     SELECT id, external_id, created, known FROM written
     UNION ALL
     SELECT c.id, c.external_id, NULL, ${KNOWN_SQL("c")} FROM customers c JOIN input USING (external_id)
     WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.external_id = c.external_id)`,
    [externalIds, ...TEXT_FIELDS.map(column), createdAt],
  );
  const out = new Map<string, CustomerRecord>();
  let created = 0;
  let updated = 0;
  for (const row of result.rows) {
    out.set(row.external_id, { id: row.id, known: row.known });
    if (row.created === true) created++;
    else if (row.created === false) updated++;
  }
  if (out.size < externalIds.length) {
    // A customer inserted by a concurrent transaction after our snapshot was skipped by
    // ON CONFLICT and is not in the snapshot: read it again (a new statement sees it).
    const missing = externalIds.filter((id) => !out.has(id));
    const again = await client.query<{ id: number; external_id: string; known: number }>(
      `SELECT c.id, c.external_id, ${KNOWN_SQL("c")} AS known FROM customers c WHERE c.external_id = ANY($1::text[])`,
      [missing],
    );
    for (const row of again.rows) out.set(row.external_id, { id: row.id, known: row.known });
  }
  return { customers: out, created, updated };
}
