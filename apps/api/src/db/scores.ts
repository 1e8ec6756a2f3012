/**
 * The scoring run's bulk write: millions of `customer_scores` rows from rfm-core's typed
 * arrays, as fast as each database takes them. Measured for 2.38 million rows
 * (docs/scaling.md): the earlier writer (one-row INSERTs, text COPY: bulk.ts `writeScores`, since
 * removed) took 13-17 s on SQLite and 22-30 s on PostgreSQL, this 6.5-10 s on SQLite and 8-12 s
 * on PostgreSQL, where the server's upkeep of the two indexes is most of it (the same COPY
 * without them: 3.4 s).
 *
 * - PostgreSQL: binary COPY. Encoding rows into a buffer with a DataView costs almost nothing,
 *   where the text format spends most of its client time turning floats (CLV) into text; the
 *   server's cost is then the two indexes (rows arrive in customer order, so the primary key
 *   is appended to).
 * - SQLite: one prepared multi-row INSERT (100 rows per statement: a third faster than one row
 *   per statement for these narrow rows) in the caller's transaction, rows in code order: the
 *   `(run_id, code)` index is then appended to instead of being split at 64 places, which
 *   halved the time.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { BulkTransaction } from "./bulk";

/** One run's scores, row i being one customer. */
export interface RunScoreColumns {
  readonly length: number;
  /** Internal customer ids. */
  readonly customerId: ArrayLike<number>;
  readonly recencyDays: ArrayLike<number>;
  readonly frequency: ArrayLike<number>;
  /** Integer cents. */
  readonly monetaryCents: ArrayLike<number>;
  readonly r: ArrayLike<number>;
  readonly f: ArrayLike<number>;
  readonly m: ArrayLike<number>;
  /** Dense code index (rfm-core `codeIndex`). */
  readonly code: ArrayLike<number>;
  /** CLV in currency units (NaN: none); null when the run computed no CLV. */
  readonly clv: ArrayLike<number> | null;
}

const COLUMNS = [
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

/** Writes every row in the transaction `tx`; returns the number written. */
export async function insertRunScores(
  tx: BulkTransaction,
  runId: number,
  scores: RunScoreColumns,
): Promise<number> {
  check(runId, scores);
  if (scores.length === 0) return 0;
  if (tx.provider === "sqlite") return sqliteInsertScores(tx.sqlite, runId, scores);
  await postgresCopyScores(tx.client, runId, scores);
  return scores.length;
}

function check(runId: number, scores: RunScoreColumns): void {
  if (!Number.isInteger(runId) || runId < 1) throw new RangeError(`insertRunScores: bad run id ${runId}`);
  const columns = {
    customerId: scores.customerId,
    recencyDays: scores.recencyDays,
    frequency: scores.frequency,
    monetaryCents: scores.monetaryCents,
    r: scores.r,
    f: scores.f,
    m: scores.m,
    code: scores.code,
    ...(scores.clv ? { clv: scores.clv } : {}),
  };
  for (const [name, column] of Object.entries(columns)) {
    if (column.length !== scores.length) {
      throw new RangeError(
        `insertRunScores: column ${name} has ${column.length} values, expected ${scores.length}`,
      );
    }
  }
  for (let i = 0; i < scores.length; i++) {
    const cents = scores.monetaryCents[i]!;
    if (!Number.isSafeInteger(cents)) {
      throw new RangeError(`insertRunScores: row ${i}: monetaryCents ${cents} is not an integer`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite

const ROWS_PER_STATEMENT = 100;

/** Row order sorted by code, customers in input order within a code (a counting sort: linear). */
function codeOrder(code: ArrayLike<number>, length: number): Uint32Array {
  let maxCode = 0;
  for (let i = 0; i < length; i++) if (code[i]! > maxCode) maxCode = code[i]!;
  const start = new Uint32Array(maxCode + 2);
  for (let i = 0; i < length; i++) start[code[i]! + 1]! += 1;
  for (let c = 1; c < start.length; c++) start[c]! += start[c - 1]!;
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[start[code[i]!]!++] = i;
  return order;
}

function sqliteInsertScores(db: BetterSqlite3.Database, runId: number, scores: RunScoreColumns): number {
  const row = `(${runId}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const head = `INSERT INTO customer_scores (${COLUMNS.join(", ")}) VALUES `;
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

// ---------------------------------------------------------------------------------------------
// PostgreSQL: COPY ... (FORMAT binary). Each row is a field count, then per field its byte
// length (-1 for NULL) and its big-endian value: int4 x 8, int8 (cents), float8 (CLV).

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
    for (let i = start; i < end; i++) {
      view.setInt16(o, COLUMNS.length);
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

async function postgresCopyScores(
  client: pg.PoolClient,
  runId: number,
  scores: RunScoreColumns,
): Promise<void> {
  const stream = client.query(
    copyFrom(`COPY customer_scores (${COLUMNS.join(", ")}) FROM STDIN (FORMAT binary)`),
  );
  await pipeline(Readable.from(binaryChunks(runId, scores)), stream);
}
