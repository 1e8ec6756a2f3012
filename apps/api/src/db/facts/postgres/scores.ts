/**
 * Scores on PostgreSQL: binary COPY. Encoding rows into a buffer with a DataView costs almost
 * nothing, where the text format spends most of its client time turning floats (CLV) into text;
 * the server's cost is then the indexes, which rows in code order keep local (code-order.ts).
 *
 * COPY ... (FORMAT binary) through copy.ts's writer: int4 x 8, int8 (cents), float8 (CLV).
 */
import type pg from "pg";
import type { PostgresDatabase } from "../../client";
import { codeOrder } from "../code-order";
import { type RunScoreColumns, SCORE_COLUMNS, type ScoreEngine, type ScoreReadEngine } from "../scores";
import { copyBinaryRows } from "./copy";

/** Reads of stored scores on any pooled connection (asynchronous already; outside any writer's transaction). */
export function postgresScoreReads(db: PostgresDatabase): ScoreReadEngine {
  return { query: (sql, params) => db.raw.query(sql, params) };
}

/** The scores of a transaction open on `client`. */
export function postgresScores(client: pg.PoolClient): ScoreEngine {
  return {
    async write(runId, scores) {
      await copyScores(client, runId, scores);
      return scores.length;
    },
  };
}

async function copyScores(client: pg.PoolClient, runId: number, scores: RunScoreColumns): Promise<void> {
  const { customerId, recencyDays, frequency, monetaryCents, r, f, m, code, clv } = scores;
  // Rows by code (code-order.ts): the two `(run_id, code, ...)` indexes fill one code at a time.
  const order = codeOrder(code, scores.length);
  await copyBinaryRows(client, "customer_scores", SCORE_COLUMNS, scores.length, (rows, k) => {
    const i = order[k]!;
    rows.row(SCORE_COLUMNS.length);
    rows.int4(runId);
    rows.int4(customerId[i]!);
    rows.int4(recencyDays[i]!);
    rows.int4(frequency[i]!);
    rows.int8(monetaryCents[i]!);
    rows.int4(r[i]!);
    rows.int4(f[i]!);
    rows.int4(m[i]!);
    rows.int4(code[i]!);
    const value = clv?.[i];
    rows.float8(value === undefined || Number.isNaN(value) ? null : value);
  });
}
