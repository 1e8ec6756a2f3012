/**
 * Bulk writes for the importer and for scoring runs, on the driver connections: Prisma's
 * row-at-a-time inserts are far too slow for millions of rows.
 *
 * Every call is one transaction: all of its rows are stored or none are. To make several calls
 * one unit (customers, then their transactions), run them inside `bulkTransaction`.
 *
 * Inputs are columns (arrays of equal length), not row objects: that is what the importer's
 * batches and rfm-core's typed arrays already are. Times are epoch milliseconds (UTC); money is
 * integer cents.
 *
 * SQLite: one prepared single-row INSERT per row inside one transaction. PostgreSQL: COPY into the target
 * table (scores) or into a temporary staging table followed by one INSERT ... SELECT ...
 * ON CONFLICT DO NOTHING (transactions); measured against multi-row INSERT over unnest()
 * arrays in docs/storage.md.
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

const CUSTOMER_FIELDS = ["name", "email", "province", "region", "city", "createdAt"] as const;
type CustomerField = (typeof CUSTOMER_FIELDS)[number];
type CustomerValues = Record<CustomerField, string | number | null>;

const CUSTOMER_COLUMN: Record<CustomerField, string> = {
  name: "name",
  email: "email",
  province: "province",
  region: "region",
  city: "city",
  createdAt: "created_at",
};

/**
 * One entry per distinct external id, in first-seen order. When an id repeats, a later
 * non-null value overrides an earlier one: the newest information wins, absence erases nothing.
 */
function mergeCustomers(rows: CustomerColumns): Map<string, CustomerValues> {
  const merged = new Map<string, CustomerValues>();
  for (let i = 0; i < rows.externalId.length; i++) {
    const id = rows.externalId[i]!;
    let values = merged.get(id);
    if (!values) {
      values = { name: null, email: null, province: null, region: null, city: null, createdAt: null };
      merged.set(id, values);
    }
    for (const field of CUSTOMER_FIELDS) {
      const value = rows[field]?.[i];
      if (value !== null && value !== undefined) values[field] = value;
    }
  }
  return merged;
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
  const what = "upsertCustomers";
  checkLengths(what, rows.externalId.length, {
    name: rows.name,
    email: rows.email,
    province: rows.province,
    region: rows.region,
    city: rows.city,
    createdAt: rows.createdAt,
  });
  checkTexts(what, "externalId", rows.externalId, true);
  for (const field of ["name", "email", "province", "region", "city"] as const) {
    checkTexts(what, field, rows[field], false);
  }
  if (rows.createdAt) checkTimes(what, "createdAt", rows.createdAt);
  const customers = mergeCustomers(rows);
  if (customers.size === 0) return new Map();
  return inTransaction(target, async (tx) =>
    tx.provider === "sqlite"
      ? sqliteUpsertCustomers(tx.sqlite, customers)
      : postgresUpsertCustomers(tx.client, customers),
  );
}

interface StoredCustomer {
  id: number;
  name: string | null;
  email: string | null;
  province: string | null;
  region: string | null;
  city: string | null;
  createdAt: number | null;
}

function sqliteUpsertCustomers(
  db: BetterSqlite3.Database,
  customers: Map<string, CustomerValues>,
): Map<string, number> {
  const find = prepared(
    db,
    "SELECT id, name, email, province, region, city, created_at AS createdAt FROM customers WHERE external_id = ?",
  );
  const insert = prepared(
    db,
    `INSERT INTO customers (external_id, name, email, province, region, city, created_at, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = Date.now();
  const ids = new Map<string, number>();
  for (const [externalId, values] of customers) {
    const stored = find.get(externalId) as StoredCustomer | undefined;
    if (!stored) {
      const { lastInsertRowid } = insert.run(
        externalId,
        values.name,
        values.email,
        values.province,
        values.region,
        values.city,
        values.createdAt,
        now,
      );
      ids.set(externalId, Number(lastInsertRowid));
      continue;
    }
    ids.set(externalId, stored.id);
    const changed = CUSTOMER_FIELDS.filter(
      (field) => values[field] !== null && values[field] !== stored[field],
    );
    if (changed.length > 0) {
      const assignments = changed.map((field) => `${CUSTOMER_COLUMN[field]} = ?`).join(", ");
      prepared(db, `UPDATE customers SET ${assignments} WHERE id = ?`).run(
        ...changed.map((field) => values[field]),
        stored.id,
      );
    }
  }
  return ids;
}

async function postgresUpsertCustomers(
  client: pg.PoolClient,
  customers: Map<string, CustomerValues>,
): Promise<Map<string, number>> {
  const externalIds = [...customers.keys()];
  const column = (field: CustomerField) => [...customers.values()].map((values) => values[field]);
  const createdAt = column("createdAt").map((ms) =>
    ms === null ? null : new Date(ms as number).toISOString(),
  );
  const text = ["name", "email", "province", "region", "city"] as const;
  // New customers come back from RETURNING, updated ones too; existing unchanged ones are
  // read from the statement's snapshot. The same statement sees no row twice.
  const result = await client.query<{ id: number; external_id: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[])
         AS i (external_id, name, email, province, region, city, created_at)
     ), written AS (
       INSERT INTO customers AS c (external_id, name, email, province, region, city, created_at, imported_at)
       SELECT external_id, name, email, province, region, city, created_at, now() AT TIME ZONE 'UTC' FROM input
       ON CONFLICT (external_id) DO UPDATE SET
         ${text.map((f) => `${f} = coalesce(excluded.${f}, c.${f})`).join(", ")},
         created_at = coalesce(excluded.created_at, c.created_at)
       WHERE ${[...text, "created_at"].map((f) => `(excluded.${f} IS NOT NULL AND excluded.${f} IS DISTINCT FROM c.${f})`).join(" OR ")}
       RETURNING c.id, c.external_id
     )
     SELECT id, external_id FROM written
     UNION ALL
     SELECT c.id, c.external_id FROM customers c JOIN input USING (external_id)
     WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.external_id = c.external_id)`,
    [externalIds, ...text.map(column), createdAt],
  );
  const ids = new Map(result.rows.map((row) => [row.external_id, row.id]));
  if (ids.size < externalIds.length) {
    // A customer inserted by a concurrent transaction after our snapshot was skipped by
    // ON CONFLICT and is not in the snapshot: read it again (a new statement sees it).
    const missing = externalIds.filter((id) => !ids.has(id));
    const again = await client.query<{ id: number; external_id: string }>(
      "SELECT id, external_id FROM customers WHERE external_id = ANY($1::text[])",
      [missing],
    );
    for (const row of again.rows) ids.set(row.external_id, row.id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Scores

export interface ScoreColumns {
  readonly customerId: Column;
  readonly recencyDays: Column;
  readonly frequency: Column;
  /** Integer cents (net spend, or mean per order rounded to the cent). */
  readonly monetaryCents: Column;
  readonly r: Column;
  readonly f: Column;
  readonly m: Column;
  /** Dense code index (rfm-core `codeIndex`). */
  readonly code: Column;
  /** CLV in currency units; NaN where there is none. Absent: no CLV for the run. */
  readonly clv?: Column;
}

const SCORE_COLUMNS = [
  "run_id",
  "customer_id",
  "recency_days",
  "frequency",
  "monetary_cents",
  "r",
  "f",
  "m",
  "code",
  "clv",
] as const;

/**
 * Writes one run's scores. Returns the number of rows written. A customer scored twice in the
 * same run fails the whole call (primary key).
 */
export async function writeScores(target: BulkTarget, runId: number, scores: ScoreColumns): Promise<number> {
  const what = "writeScores";
  const length = scores.customerId.length;
  checkLengths(what, length, {
    recencyDays: scores.recencyDays,
    frequency: scores.frequency,
    monetaryCents: scores.monetaryCents,
    r: scores.r,
    f: scores.f,
    m: scores.m,
    code: scores.code,
    clv: scores.clv,
  });
  checkIntegers(what, "runId", [runId], 1, INT32_MAX);
  checkIntegers(what, "customerId", scores.customerId, 1, INT32_MAX);
  checkIntegers(what, "recencyDays", scores.recencyDays, INT32_MIN, INT32_MAX);
  checkIntegers(what, "frequency", scores.frequency, 0, INT32_MAX);
  checkIntegers(
    what,
    "monetaryCents",
    scores.monetaryCents,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  );
  for (const name of ["r", "f", "m"] as const) checkIntegers(what, name, scores[name], 1, 9);
  checkIntegers(what, "code", scores.code, 0, 9 * 9 * 9 - 1);
  if (length === 0) return 0;
  const clv = scores.clv;
  const clvAt = (row: number): number | null => {
    const value = clv?.[row];
    return value === undefined || Number.isNaN(value) ? null : value;
  };
  return inTransaction(target, async (tx) => {
    if (tx.provider === "sqlite") {
      return sqliteRunRows(
        tx.sqlite,
        `INSERT INTO customer_scores (${SCORE_COLUMNS.join(", ")}) VALUES ${placeholders(SCORE_COLUMNS.length)}`,
        SCORE_COLUMNS.length,
        length,
        (row, params) => {
          params[0] = runId;
          params[1] = scores.customerId[row];
          params[2] = scores.recencyDays[row];
          params[3] = scores.frequency[row];
          params[4] = scores.monetaryCents[row];
          params[5] = scores.r[row];
          params[6] = scores.f[row];
          params[7] = scores.m[row];
          params[8] = scores.code[row];
          params[9] = clvAt(row);
        },
      );
    }
    await copyRows(tx.client, "customer_scores", SCORE_COLUMNS, length, (row) => {
      const value = clvAt(row);
      return (
        `${runId}\t${scores.customerId[row]}\t${scores.recencyDays[row]}\t${scores.frequency[row]}\t` +
        `${scores.monetaryCents[row]}\t${scores.r[row]}\t${scores.f[row]}\t${scores.m[row]}\t${scores.code[row]}\t` +
        `${value === null ? "\\N" : value}\n`
      );
    });
    return length;
  });
}
