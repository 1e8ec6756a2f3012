/**
 * Scores on SQLite: one prepared multi-row INSERT (100 rows per statement: a third faster than
 * one row per statement for these narrow rows) in the caller's transaction, rows in code order:
 * the `(run_id, code)` index is then appended to instead of being split at 64 places, which
 * halved the time.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "../../client";
import { queryOffThread } from "../../offload";
import { codeOrder } from "../code-order";
import { type RunScoreColumns, SCORE_COLUMNS, type ScoreEngine, type ScoreReadEngine } from "../scores";

/**
 * Reads of stored scores: a scan of a whole run (a preview's GROUP BY) takes about a second at
 * millions of customers, so it runs in the query pool's thread on its read-only connection,
 * never on the server's thread or behind a run's score writes.
 */
export function sqliteScoreReads(db: SqliteDatabase): ScoreReadEngine {
  return { query: (sql, params) => queryOffThread(db, sql, params) };
}

/** The scores of a transaction open on `db`. */
export function sqliteScores(db: BetterSqlite3.Database): ScoreEngine {
  return { write: async (runId, scores) => writeScores(db, runId, scores) };
}

const ROWS_PER_STATEMENT = 100;

function writeScores(db: BetterSqlite3.Database, runId: number, scores: RunScoreColumns): number {
  const row = `(${runId}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  // OR FAIL: a conflict stops the statement without undoing its earlier rows, so SQLite keeps
  // no statement journal for it (the table has no foreign key, which would need one). A plain
  // multi-row INSERT in a transaction keeps one, and past 64 KiB SQLite spills it to a temporary
  // file page by page: 8.1 million pwrite calls and 14 of 45 CPU-seconds in a 2.38M-customer
  // run. (`temp_store = MEMORY` would keep it in memory too, but also every sort: CREATE INDEX
  // on 19.8M orders then peaked at 1.4 GB instead of 0.3.) The rows are never half-kept: the
  // run's transaction rolls back whole on any error.
  const head = `INSERT OR FAIL INTO customer_scores (${SCORE_COLUMNS.join(", ")}) VALUES `;
  const many = db.prepare(head + new Array(ROWS_PER_STATEMENT).fill(row).join(", "));
  const one = db.prepare(head + row);
  const order = codeOrder(scores.code, scores.length);
  const { customerId, recencyDays, frequency, monetaryCents, r, f, m, code, clv } = scores;
  const clvAt = (i: number): number | null => {
    const value = clv?.[i];
    return value === undefined || Number.isNaN(value) ? null : value;
  };
  const params = new Array<unknown>(9 * ROWS_PER_STATEMENT);
  let k = 0;
  for (; k + ROWS_PER_STATEMENT <= scores.length; k += ROWS_PER_STATEMENT) {
    for (let j = 0; j < ROWS_PER_STATEMENT; j++) {
      const i = order[k + j]!;
      const o = j * 9;
      params[o] = customerId[i];
      params[o + 1] = recencyDays[i];
      params[o + 2] = frequency[i];
      params[o + 3] = monetaryCents[i];
      params[o + 4] = r[i];
      params[o + 5] = f[i];
      params[o + 6] = m[i];
      params[o + 7] = code[i];
      params[o + 8] = clvAt(i);
    }
    many.run(params);
  }
  for (; k < scores.length; k++) {
    const i = order[k]!;
    one.run(
      customerId[i],
      recencyDays[i],
      frequency[i],
      monetaryCents[i],
      r[i],
      f[i],
      m[i],
      code[i],
      clvAt(i),
    );
  }
  return scores.length;
}
