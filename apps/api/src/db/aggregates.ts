/**
 * Per-customer order aggregates for a scoring run, computed by the database: one GROUP BY
 * customer_id over the covering index `transactions (customer_id, occurred_at, amount_cents)`,
 * split into customer-id ranges that are read in parallel (worker threads on SQLite, one
 * connection per range on PostgreSQL). About one row per customer comes back, into typed
 * arrays indexed by customer id: no per-order work in JavaScript.
 *
 * Why this and not streaming every order into rfm-core's `createIndexedAggregator`: measured
 * on 2.38 million customers and 19.8 million orders, the GROUP BY took 5.5 s (SQLite, two
 * workers) and 6 s (PostgreSQL, two ranges) against 36 s and 23 s for streaming the orders
 * (docs/scaling.md). Ranges of customer ids are also how the work splits across machines
 * (a distributed PostgreSQL shards transactions by customer).
 *
 * The rules are rfm-core's for whole orders (`createIndexedAggregator`): an order counts when
 * `from <= occurred_at < to`; an order of value > 0 is a purchase (frequency, first and last
 * purchase); every order's value, refunds included, counts for net spend; customers without a
 * purchase in the window are left out and counted.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { Database, PostgresDatabase, SqliteDatabase } from "./client";

export interface OrderAggregateOptions {
  /** First instant counted (epoch ms); omitted: from the first order. */
  readonly from?: number;
  /**
   * First instant not counted (epoch ms): the scoring instant, or the window's end if earlier.
   * Omitted: every order from `from` on, and the result says when the latest one was
   * (`latestOrder`), so scoring "as of the last order's day" needs no scan of its own.
   */
  readonly to?: number;
  /**
   * Customer-id ranges read at once. Default: SQLite, the CPU count (at most 4); PostgreSQL,
   * `max_parallel_workers_per_gather + 1` (at most 8), the parallelism the server is tuned for.
   * Small tables (under 50,000 customer ids) are read as one range unless this is given.
   */
  readonly parallelism?: number;
}

export interface OrderAggregates {
  /** Customers with at least one purchase in the window. */
  readonly length: number;
  /** Internal customer ids, ascending. */
  readonly customerId: Uint32Array;
  /** Purchases (orders of value > 0) per customer. */
  readonly purchases: Float64Array;
  /** Net spend in cents: every order in the window, refunds included. */
  readonly netCents: Float64Array;
  /** Epoch ms of the first and last purchase in the window. */
  readonly firstPurchase: Float64Array;
  readonly lastPurchase: Float64Array;
  /** Orders read in the window. */
  readonly orders: number;
  /** Orders of value <= 0 in the window (refunds, zero-value orders). */
  readonly nonPurchaseOrders: number;
  /** Customers with orders in the window but no purchase (only refunds): not scored. */
  readonly customersWithoutPurchases: number;
  /** How many ranges were read in parallel. */
  readonly parts: number;
  /** When `to` was omitted: the time of the latest order read (refunds included); otherwise null. */
  readonly latestOrder: number | null;
}

/** Below this many customer ids, one range: starting workers or connections costs more than it saves. */
const PARALLEL_MIN_CUSTOMERS = 50_000;
/** PostgreSQL ranges each hold a pooled connection (the pool has 10). */
const MAX_PARTS = { sqlite: 16, postgresql: 8 } as const;

/** Columns written by every range, indexed by customer id (one slot per possible id). */
interface Slots {
  readonly purchases: Float64Array;
  readonly netCents: Float64Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  /** Orders per customer id (0: no orders in the window). */
  readonly orders: Float64Array;
}

interface RangeResults {
  readonly slots: Slots;
  /** Largest order time seen (when asked for), -Infinity if none. */
  readonly latest: number;
}

function allocateSlots(capacity: number, shared: boolean): Slots {
  const column = () =>
    new Float64Array(shared ? new SharedArrayBuffer(capacity * 8) : new ArrayBuffer(capacity * 8));
  return { purchases: column(), netCents: column(), first: column(), last: column(), orders: column() };
}

/** Splits customer ids `0..capacity-1` into `parts` contiguous ranges `[lo, hi)`. */
export function customerRanges(capacity: number, parts: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let k = 0; k < parts; k++) {
    ranges.push([Math.floor((capacity * k) / parts), Math.floor((capacity * (k + 1)) / parts)]);
  }
  return ranges;
}

export async function aggregateOrders(
  db: Database,
  options: OrderAggregateOptions = {},
): Promise<OrderAggregates> {
  const { from, to } = options;
  for (const value of [from, to]) {
    if (value !== undefined && !Number.isFinite(value)) {
      throw new RangeError(`aggregateOrders: ${value} is not a time`);
    }
  }
  if (from !== undefined && to !== undefined && !(from < to)) {
    throw new RangeError(`aggregateOrders: the window [${from}, ${to}) is empty`);
  }
  const [row] = await db.raw.query<{ maxId: number | null }>('SELECT max(id) AS "maxId" FROM customers');
  const capacity = (row?.maxId ?? 0) + 1;
  const requested = options.parallelism ?? (await defaultParallelism(db));
  const limit = capacity < PARALLEL_MIN_CUSTOMERS && !options.parallelism ? 1 : MAX_PARTS[db.provider];
  const parts = Math.max(1, Math.min(Math.floor(requested), limit));
  const { slots, latest } =
    db.provider === "sqlite"
      ? await aggregateSqlite(db, capacity, parts, from, to)
      : await aggregatePostgres(db, capacity, parts, from, to);
  return {
    ...compact(slots, capacity),
    parts,
    latestOrder: to === undefined && latest > Number.NEGATIVE_INFINITY ? latest : null,
  };
}

async function defaultParallelism(db: Database): Promise<number> {
  if (db.provider === "sqlite") return Math.min(4, availableParallelism());
  const [row] = await db.raw.query<{ workers: number }>(
    "SELECT current_setting('max_parallel_workers_per_gather')::int AS workers",
  );
  return Math.min(8, Math.max(1, (row?.workers ?? 1) + 1));
}

function compact(slots: Slots, capacity: number): Omit<OrderAggregates, "parts" | "latestOrder"> {
  let kept = 0;
  let orders = 0;
  let purchasesTotal = 0;
  let withoutPurchases = 0;
  for (let c = 0; c < capacity; c++) {
    const n = slots.orders[c]!;
    if (n === 0) continue;
    orders += n;
    purchasesTotal += slots.purchases[c]!;
    if (slots.purchases[c]! > 0) kept++;
    else withoutPurchases++;
  }
  const customerId = new Uint32Array(kept);
  const purchases = new Float64Array(kept);
  const netCents = new Float64Array(kept);
  const firstPurchase = new Float64Array(kept);
  const lastPurchase = new Float64Array(kept);
  let k = 0;
  for (let c = 0; c < capacity; c++) {
    if (!(slots.purchases[c]! > 0)) continue;
    customerId[k] = c;
    purchases[k] = slots.purchases[c]!;
    netCents[k] = slots.netCents[c]!;
    firstPurchase[k] = slots.first[c]!;
    lastPurchase[k] = slots.last[c]!;
    k++;
  }
  return {
    length: kept,
    customerId,
    purchases,
    netCents,
    firstPurchase,
    lastPurchase,
    orders,
    nonPurchaseOrders: orders - purchasesTotal,
    customersWithoutPurchases: withoutPurchases,
  };
}

// ---------------------------------------------------------------------------------------------
// SQLite: one read-only connection per range, each in a worker thread, so ranges run on
// separate cores and the main thread's event loop stays free while SQLite works.

/** Columns: customer, purchases, net cents, first and last purchase, orders[, latest order]. */
function sqliteAggregateSql(from: number | undefined, to: number | undefined): string {
  return `SELECT customer_id, sum(amount_cents > 0), sum(amount_cents),
      min(CASE WHEN amount_cents > 0 THEN occurred_at END), max(CASE WHEN amount_cents > 0 THEN occurred_at END),
      count(*)${to === undefined ? ", max(occurred_at)" : ""}
    FROM transactions
    WHERE customer_id >= ? AND customer_id < ?${from === undefined ? "" : " AND occurred_at >= ?"}${
      to === undefined ? "" : " AND occurred_at < ?"
    }
    GROUP BY customer_id`;
}

/**
 * The worker's code, plain CommonJS evaluated in the worker (no TypeScript loader needed
 * there): it runs the GROUP BY over its range, writes each customer's row into the shared
 * columns at the customer's id, and posts back the latest order time it saw.
 */
const SQLITE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const { path, sql, params, slots } = workerData;
const purchases = new Float64Array(slots.purchases);
const netCents = new Float64Array(slots.netCents);
const first = new Float64Array(slots.first);
const last = new Float64Array(slots.last);
const orders = new Float64Array(slots.orders);
let latest = -Infinity;
const db = new Database(path, { readonly: true, fileMustExist: true, timeout: workerData.timeout });
try {
  db.pragma("cache_size = -65536");
  for (const row of db.prepare(sql).raw().iterate(...params)) {
    const c = row[0];
    purchases[c] = row[1];
    netCents[c] = row[2];
    first[c] = row[3] === null ? NaN : row[3];
    last[c] = row[4] === null ? NaN : row[4];
    orders[c] = row[5];
    if (row.length > 6 && row[6] > latest) latest = row[6];
  }
} finally {
  db.close();
}
parentPort.postMessage(latest);
`;

async function aggregateSqlite(
  db: SqliteDatabase,
  capacity: number,
  parts: number,
  from: number | undefined,
  to: number | undefined,
): Promise<RangeResults> {
  const sql = sqliteAggregateSql(from, to);
  const paramsOf = ([lo, hi]: [number, number]) => [
    lo,
    hi,
    ...(from === undefined ? [] : [from]),
    ...(to === undefined ? [] : [to]),
  ];
  if (db.path === ":memory:") {
    // A memory database exists only on this connection: read it here, as one range.
    const slots = allocateSlots(capacity, false);
    let latest = Number.NEGATIVE_INFINITY;
    for (const row of db.sqlite
      .prepare(sql)
      .raw()
      .iterate(...paramsOf([0, capacity])) as Iterable<(number | null)[]>) {
      const c = row[0]!;
      slots.purchases[c] = row[1]!;
      slots.netCents[c] = row[2]!;
      slots.first[c] = row[3] ?? Number.NaN;
      slots.last[c] = row[4] ?? Number.NaN;
      slots.orders[c] = row[5]!;
      if (row.length > 6 && row[6]! > latest) latest = row[6]!;
    }
    return { slots, latest };
  }
  const slots = allocateSlots(capacity, true);
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const buffers = {
    purchases: slots.purchases.buffer,
    netCents: slots.netCents.buffer,
    first: slots.first.buffer,
    last: slots.last.buffer,
    orders: slots.orders.buffer,
  };
  const latest = await Promise.all(
    customerRanges(capacity, parts).map(
      (range) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(SQLITE_WORKER, {
            eval: true,
            workerData: {
              driver,
              path: db.path,
              sql,
              params: paramsOf(range),
              slots: buffers,
              timeout: 15_000,
            },
          });
          let done = false;
          worker.once("message", (latestInRange: number) => {
            done = true;
            resolve(latestInRange);
          });
          worker.once("error", reject);
          worker.once("exit", (code) => {
            if (!done) reject(new Error(`the SQLite aggregation worker exited with code ${code}`));
          });
        }),
    ),
  );
  return { slots, latest: Math.max(...latest) };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one connection per range, all in one exported snapshot (the ranges see the same
// data), each streaming `COPY (SELECT ... GROUP BY customer_id) TO STDOUT`. COPY does not run
// parallel plans, hence the ranges: they are the parallelism, and each range reads only its
// part of the covering index in customer order (an index-only scan feeding a streaming
// GroupAggregate: constant memory, no hash table of millions of groups, no sort).

/** A timestamp literal (COPY takes no bind parameters); `ms` is a finite number we produced. */
function timestampLiteral(ms: number): string {
  return `'${new Date(ms).toISOString()}'::timestamp`;
}

function postgresAggregateSql(
  lo: number,
  hi: number,
  from: number | undefined,
  to: number | undefined,
): string {
  const ms = (expression: string) => `(extract(epoch FROM ${expression}) * 1000)::int8`;
  return `SELECT customer_id, count(*) FILTER (WHERE amount_cents > 0), sum(amount_cents),
      ${ms("min(occurred_at) FILTER (WHERE amount_cents > 0)")},
      ${ms("max(occurred_at) FILTER (WHERE amount_cents > 0)")},
      count(*)${to === undefined ? `, ${ms("max(occurred_at)")}` : ""}
    FROM transactions
    WHERE customer_id >= ${lo} AND customer_id < ${hi}${
      from === undefined ? "" : ` AND occurred_at >= ${timestampLiteral(from)}`
    }${to === undefined ? "" : ` AND occurred_at < ${timestampLiteral(to)}`}
    GROUP BY customer_id`;
}

/**
 * Settings for the range queries, local to their transactions: the index-only scan in
 * customer order (the planner, without good estimates of customers per range, otherwise picks
 * a full sequential scan per range), no parallel workers inside one range (the ranges are the
 * parallelism), and no JIT (its compile time is not repaid by a streaming aggregate).
 */
const RANGE_SETTINGS = [
  "SET LOCAL enable_seqscan = off",
  "SET LOCAL enable_bitmapscan = off",
  "SET LOCAL max_parallel_workers_per_gather = 0",
  "SET LOCAL jit = off",
];

async function aggregatePostgres(
  db: PostgresDatabase,
  capacity: number,
  parts: number,
  from: number | undefined,
  to: number | undefined,
): Promise<RangeResults> {
  const slots = allocateSlots(capacity, false);
  const clients: pg.PoolClient[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  let failed = false;
  try {
    for (let k = 0; k < parts; k++) clients.push(await db.pool.connect());
    let snapshot: string | undefined;
    for (const client of clients) {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      if (snapshot === undefined) {
        snapshot = (await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]!.id;
      } else {
        await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      }
      for (const setting of RANGE_SETTINGS) await client.query(setting);
    }
    const ranges = customerRanges(capacity, parts);
    await Promise.all(
      clients.map(async (client, k) => {
        const [lo, hi] = ranges[k]!;
        const stream = client.query(copyTo(`COPY (${postgresAggregateSql(lo, hi, from, to)}) TO STDOUT`));
        const parser = copyTextParser(slots);
        for await (const chunk of stream) parser.parse(chunk as Buffer);
        latest = Math.max(latest, parser.latest());
      }),
    );
    for (const client of clients) await client.query("COMMIT");
    return { slots, latest };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A connection that failed mid-COPY is in an unknown state: drop it rather than reuse it.
    for (const client of clients) client.release(failed ? true : undefined);
  }
}

/**
 * A parser for COPY text rows of six or seven integer columns (`\N` for null), writing each
 * row into the slots at the customer id in its first column and keeping the largest seventh
 * (the latest order). Byte by byte, its state kept across chunks: no strings, no row objects.
 */
function copyTextParser(slots: Slots): { parse(chunk: Buffer): void; latest(): number } {
  const values = new Float64Array(7);
  let latest = Number.NEGATIVE_INFINITY;
  let column = 0;
  let value = 0;
  let negative = false;
  let isNull = false;
  const finishValue = () => {
    values[column] = isNull ? Number.NaN : negative ? -value : value;
    value = 0;
    negative = false;
    isNull = false;
  };
  const parse = (chunk: Buffer) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte >= 48 && byte <= 57) {
        value = value * 10 + (byte - 48);
      } else if (byte === 9) {
        finishValue();
        column++;
      } else if (byte === 10) {
        finishValue();
        const c = values[0]!;
        slots.purchases[c] = values[1]!;
        slots.netCents[c] = values[2]!;
        slots.first[c] = values[3]!;
        slots.last[c] = values[4]!;
        slots.orders[c] = values[5]!;
        if (column === 6 && values[6]! > latest) latest = values[6]!;
        column = 0;
      } else if (byte === 45) {
        negative = true;
      } else if (byte === 78) {
        // `\N`: the backslash is skipped, the N marks the null.
        isNull = true;
      } else if (byte !== 92) {
        throw new Error(`unexpected byte ${byte} in the aggregate rows`);
      }
    }
  };
  return { parse, latest: () => latest };
}
