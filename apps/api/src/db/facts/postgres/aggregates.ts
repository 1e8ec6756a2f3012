/**
 * Order aggregates on PostgreSQL: one connection per customer-id range, all in one exported
 * snapshot (the ranges see the same data), each streaming `COPY (SELECT ... GROUP BY
 * customer_id) TO STDOUT`. COPY does not run parallel plans, hence the ranges: they are the
 * parallelism, and each range reads only its part of the covering index in customer order (an
 * index-only scan feeding a streaming GroupAggregate: constant memory, no hash table of millions
 * of groups, no sort).
 */
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { PostgresDatabase } from "../../client";
import {
  type AggregateEngine,
  allocateSlots,
  customerRanges,
  type RangeResults,
  type SelectionSql,
  type Slots,
} from "../aggregates";

export function postgresAggregates(db: PostgresDatabase): AggregateEngine {
  return {
    // Each range holds a pooled connection (the pool has 10).
    maxParts: 8,
    async maxCustomerId() {
      const [row] = await db.raw.query<{ maxId: number | null }>('SELECT max(id) AS "maxId" FROM customers');
      return row?.maxId ?? 0;
    },
    async defaultParallelism() {
      const [row] = await db.raw.query<{ workers: number }>(
        "SELECT current_setting('max_parallel_workers_per_gather')::int AS workers",
      );
      return Math.min(8, Math.max(1, (row?.workers ?? 1) + 1));
    },
    readRanges: (capacity, parts, from, to, selection) =>
      readRanges(db, capacity, parts, from, to, selection),
    dialect: {
      time: timestampLiteral,
      ms: (expression) => `(extract(epoch FROM ${expression}) * 1000)::int8`,
      // SQLite's round() on the same double: add a half away from zero, truncate.
      roundCents: (x, sign) => `trunc(${x} + (CASE WHEN ${sign} < 0 THEN -0.5 ELSE 0.5 END))::int8`,
    },
    query: (sql) => db.raw.query(sql),
  };
}

/** A timestamp literal (COPY takes no bind parameters); `ms` is a finite number we produced. */
function timestampLiteral(ms: number): string {
  return `'${new Date(ms).toISOString()}'::timestamp`;
}

function postgresAggregateSql(
  lo: number,
  hi: number,
  from: number | undefined,
  to: number | undefined,
  selection: SelectionSql,
): string {
  const ms = (expression: string) => `(extract(epoch FROM ${expression}) * 1000)::int8`;
  return `SELECT customer_id, count(*) FILTER (WHERE amount_cents > 0), sum(${selection.amount}),
      ${ms("min(occurred_at) FILTER (WHERE amount_cents > 0)")},
      ${ms("max(occurred_at) FILTER (WHERE amount_cents > 0)")},
      count(*)${to === undefined ? `, ${ms("max(occurred_at)")}` : ""}
    FROM transactions t
    WHERE customer_id >= ${lo} AND customer_id < ${hi}${
      from === undefined ? "" : ` AND occurred_at >= ${timestampLiteral(from)}`
    }${to === undefined ? "" : ` AND occurred_at < ${timestampLiteral(to)}`}${selection.where}
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

async function readRanges(
  db: PostgresDatabase,
  capacity: number,
  parts: number,
  from: number | undefined,
  to: number | undefined,
  selection: SelectionSql,
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
        const stream = client.query(
          copyTo(`COPY (${postgresAggregateSql(lo, hi, from, to, selection)}) TO STDOUT`),
        );
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
