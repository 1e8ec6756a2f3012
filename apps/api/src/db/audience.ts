/**
 * Reading a run's customers of some codes (a segment's audience) in customer-id order, in
 * batches, in constant memory, from one consistent snapshot: a cursor on a connection of its
 * own (PostgreSQL: `DECLARE ... CURSOR` in a read-only transaction; SQLite: a read-only
 * connection stepping one statement), so a long export neither holds the shared connection
 * nor sees a half-written state.
 *
 * The plan walks the `(run_id, customer_id)` primary key in order and filters codes (the code
 * test is written `+code` so that SQLite does not pick the `(run_id, code)` index, which would
 * need a sort of the whole segment before the first row): no sort, no temporary storage, the
 * first rows immediately, whatever the segment's size.
 */
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "./client";
import { SQLITE_BUSY_TIMEOUT_MS } from "./connection";

export interface AudienceRow {
  /** Internal id. */
  readonly id: number;
  /** The store's customer id. */
  readonly externalId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly province: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetaryCents: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  /** Dense code index. */
  readonly code: number;
  readonly clv: number | null;
}

export interface AudienceQuery {
  readonly runId: number;
  /** Dense code indexes. */
  readonly codes: readonly number[];
  /** Rows per batch (default 10,000). */
  readonly batchSize?: number;
}

function audienceSql(runId: number, codes: readonly number[]): string {
  for (const value of [runId, ...codes]) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`audience: bad id or code ${value}`);
  }
  // Integers checked above, inlined: a cursor takes the statement as text on PostgreSQL.
  return `SELECT s.customer_id AS "id", c.external_id AS "externalId", c.name AS "name", c.email AS "email",
      c.province AS "province", c.region AS "region", c.city AS "city", s.recency_days AS "recencyDays",
      s.frequency AS "frequency", s.monetary_cents AS "monetaryCents", s.r AS "r", s.f AS "f", s.m AS "m",
      s.code AS "code", s.clv AS "clv"
    FROM customer_scores s JOIN customers c ON c.id = s.customer_id
    WHERE s.run_id = ${runId} AND +s.code IN (${codes.length > 0 ? codes.join(", ") : "NULL"})
    ORDER BY s.customer_id`;
}

/** The audience in batches of `batchSize` rows, in customer-id order. */
export async function* readAudience(db: Database, query: AudienceQuery): AsyncGenerator<AudienceRow[]> {
  const batchSize = query.batchSize ?? 10_000;
  const sql = audienceSql(query.runId, query.codes);
  if (db.provider === "sqlite") {
    // A memory database exists only on its own connection; a file gets a reader of its own.
    const own = db.path !== ":memory:";
    const reader = own
      ? new BetterSqlite3(db.path, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS })
      : db.sqlite;
    try {
      let batch: AudienceRow[] = [];
      for (const row of reader.prepare(sql).iterate() as Iterable<AudienceRow>) {
        batch.push(row);
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      if (own) reader.close();
    }
    return;
  }
  const client = await db.pool.connect();
  let broken = false;
  let finished = false;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    await client.query(`DECLARE audience NO SCROLL CURSOR FOR ${sql}`);
    for (;;) {
      const { rows } = await client.query<AudienceRow>(`FETCH ${batchSize} FROM audience`);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) break;
    }
    await client.query("COMMIT");
    finished = true;
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    if (!broken && !finished) {
      // Stopped early by the consumer (generator return): end the transaction, keep the connection.
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
    }
    client.release(broken ? true : undefined);
  }
}
