/**
 * Order aggregates on SQLite: one read-only connection per customer-id range, each in a worker
 * thread, so ranges run on separate cores and the main thread's event loop stays free while
 * SQLite works.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SqliteDatabase } from "../../client";
import {
  type AggregateEngine,
  allocateSlots,
  customerRanges,
  type RangeResults,
  type SelectionSql,
} from "../aggregates";

export function sqliteAggregates(db: SqliteDatabase): AggregateEngine {
  return {
    maxParts: 16,
    async maxCustomerId() {
      const [row] = await db.raw.query<{ maxId: number | null }>('SELECT max(id) AS "maxId" FROM customers');
      return row?.maxId ?? 0;
    },
    defaultParallelism: async () => Math.min(4, availableParallelism()),
    readRanges: (capacity, parts, from, to, selection) =>
      readRanges(db, capacity, parts, from, to, selection),
    dialect: {
      // Times are stored as epoch ms.
      time: (ms) => String(Math.trunc(ms)),
      ms: (expression) => expression,
      // CAST truncates toward zero: SQLite's own round(), written so PostgreSQL can match it exactly.
      roundCents: (x, sign) => `CAST(${x} + (CASE WHEN ${sign} < 0 THEN -0.5 ELSE 0.5 END) AS INTEGER)`,
    },
    query: (sql) => db.raw.query(sql),
  };
}

/** Columns: customer, purchases, net cents, first and last purchase, orders[, latest order]. */
function sqliteAggregateSql(
  from: number | undefined,
  to: number | undefined,
  selection: SelectionSql,
): string {
  return `SELECT customer_id, sum(amount_cents > 0), sum(${selection.amount}),
      min(CASE WHEN amount_cents > 0 THEN occurred_at END), max(CASE WHEN amount_cents > 0 THEN occurred_at END),
      count(*)${to === undefined ? ", max(occurred_at)" : ""}
    FROM transactions t
    WHERE customer_id >= ? AND customer_id < ?${from === undefined ? "" : " AND occurred_at >= ?"}${
      to === undefined ? "" : " AND occurred_at < ?"
    }${selection.where}
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

async function readRanges(
  db: SqliteDatabase,
  capacity: number,
  parts: number,
  from: number | undefined,
  to: number | undefined,
  selection: SelectionSql,
): Promise<RangeResults> {
  const sql = sqliteAggregateSql(from, to, selection);
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
