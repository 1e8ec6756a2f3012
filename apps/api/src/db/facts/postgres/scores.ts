/**
 * Scores on PostgreSQL: binary COPY. Encoding rows into a buffer with a DataView costs almost
 * nothing, where the text format spends most of its client time turning floats (CLV) into text;
 * the server's cost is then the indexes, which rows in code order keep local (code-order.ts).
 *
 * COPY ... (FORMAT binary): each row is a field count, then per field its byte length (-1 for
 * NULL) and its big-endian value: int4 x 8, int8 (cents), float8 (CLV).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { PostgresDatabase } from "../../client";
import { codeOrder } from "../code-order";
import { type RunScoreColumns, SCORE_COLUMNS, type ScoreEngine, type ScoreReadEngine } from "../scores";

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

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const INT4_FIELD = 8;
const INT8_FIELD = 12;
const ROW_BYTES = 2 + 8 * INT4_FIELD + INT8_FIELD + 12;
const CHUNK_ROWS = 10_000;
const TWO_32 = 2 ** 32;

function* binaryChunks(runId: number, scores: RunScoreColumns): Generator<Buffer> {
  const { customerId, recencyDays, frequency, monetaryCents, r, f, m, code, clv } = scores;
  const header = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(header);
  yield header; // flags and header extension length: zero
  // Rows by code (code-order.ts): the two `(run_id, code, ...)` indexes fill one code at a time.
  const order = codeOrder(code, scores.length);
  for (let start = 0; start < scores.length; start += CHUNK_ROWS) {
    const end = Math.min(scores.length, start + CHUNK_ROWS);
    const last = end === scores.length;
    const buffer = Buffer.allocUnsafe((end - start) * ROW_BYTES + (last ? 2 : 0));
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    let o = 0;
    const int4 = (value: number) => {
      view.setInt32(o, 4);
      view.setInt32(o + 4, value);
      o += INT4_FIELD;
    };
    for (let k = start; k < end; k++) {
      const i = order[k]!;
      view.setInt16(o, SCORE_COLUMNS.length);
      o += 2;
      int4(runId);
      int4(customerId[i]!);
      int4(recencyDays[i]!);
      int4(frequency[i]!);
      // int8 from a double without BigInt: high word (floor, so negatives work) and low word.
      const cents = monetaryCents[i]!;
      const high = Math.floor(cents / TWO_32);
      view.setInt32(o, 8);
      view.setInt32(o + 4, high);
      view.setUint32(o + 8, cents - high * TWO_32);
      o += INT8_FIELD;
      int4(r[i]!);
      int4(f[i]!);
      int4(m[i]!);
      int4(code[i]!);
      const value = clv?.[i];
      if (value === undefined || Number.isNaN(value)) {
        view.setInt32(o, -1);
        o += 4;
      } else {
        view.setInt32(o, 8);
        view.setFloat64(o + 4, value);
        o += 12;
      }
    }
    if (last) {
      view.setInt16(o, -1);
      o += 2;
    }
    yield buffer.subarray(0, o);
  }
}

async function copyScores(client: pg.PoolClient, runId: number, scores: RunScoreColumns): Promise<void> {
  const stream = client.query(
    copyFrom(`COPY customer_scores (${SCORE_COLUMNS.join(", ")}) FROM STDIN (FORMAT binary)`),
  );
  await pipeline(Readable.from(binaryChunks(runId, scores)), stream);
}
