/**
 * PostgreSQL binary COPY: rows streamed into `COPY ... FROM STDIN (FORMAT binary)`, for orders
 * (straight into `transactions` or through their staging table) and scores. The byte-level
 * parser of aggregates is beside its only user; the text format that audiences read from
 * `COPY ... TO STDOUT` is ../text-format.ts (shared with ClickHouse's TabSeparated).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const CHUNK_BYTES = 1 << 20;
const TWO_32 = 2 ** 32;
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch for binary timestamps (microseconds from it). */
const PG_EPOCH_MS = 946_684_800_000;

/**
 * Rows in COPY's binary format, written field by field into chunks of about 1 MB: each row is its
 * field count (int16), then per field its byte length (int32, -1 for NULL) and its big-endian value.
 * Why binary and not text: the server converts nothing back (the text form of a timestamp was
 * parsed, field by field, for every order), and the client writes integers and times as bytes
 * instead of formatting them as text first (see docs/storage.md for the figures).
 */
export class BinaryRows {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private view = new DataView(this.chunk.buffer, this.chunk.byteOffset, this.chunk.byteLength);
  private used = 0;
  /** Chunks filled and not yet taken. */
  private readonly filled: Buffer[] = [];

  constructor() {
    this.room(SIGNATURE.length + 8);
    SIGNATURE.copy(this.chunk, 0);
    // Flags and header extension length: zero.
    this.view.setInt32(SIGNATURE.length, 0);
    this.view.setInt32(SIGNATURE.length + 4, 0);
    this.used = SIGNATURE.length + 8;
  }

  /** A NULL field: its length -1 and no bytes. */
  private nullField(): void {
    this.room(4);
    this.view.setInt32(this.used, -1);
    this.used += 4;
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): void {
    this.room(2);
    this.view.setInt16(this.used, fields);
    this.used += 2;
  }

  /** An int4 field (the value an integer within ±2^31, as validated by the caller). */
  int4(value: number): void {
    this.room(8);
    this.view.setInt32(this.used, 4);
    this.view.setInt32(this.used + 4, value);
    this.used += 8;
  }

  /** An int8 field from a double holding an integer: high word (floor, so negatives work) and low word, without BigInt. */
  int8(value: number): void {
    this.room(12);
    const high = Math.floor(value / TWO_32);
    this.view.setInt32(this.used, 8);
    this.view.setInt32(this.used + 4, high);
    this.view.setUint32(this.used + 8, value - high * TWO_32);
    this.used += 12;
  }

  /** A float8 field, or NULL. */
  float8(value: number | null): void {
    if (value === null) {
      this.nullField();
      return;
    }
    this.room(12);
    this.view.setInt32(this.used, 8);
    this.view.setFloat64(this.used + 4, value);
    this.used += 12;
  }

  /**
   * A `timestamp` field from epoch ms (an integer): microseconds since 2000-01-01 as int8, its
   * high and low words computed without BigInt (floor, so instants before 2000 work).
   */
  timestamp(ms: number): void {
    this.room(12);
    const since = ms - PG_EPOCH_MS;
    const high = Math.floor(since / TWO_32);
    const low = (since - high * TWO_32) * 1000;
    const carry = Math.floor(low / TWO_32);
    this.view.setInt32(this.used, 8);
    this.view.setInt32(this.used + 4, high * 1000 + carry);
    this.view.setUint32(this.used + 8, low - carry * TWO_32);
    this.used += 12;
  }

  /** A text field in UTF-8, or NULL. */
  text(value: string | null | undefined): void {
    if (value === null || value === undefined) {
      this.nullField();
      return;
    }
    // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair 4 for its 2 units).
    this.room(4 + 3 * value.length);
    const bytes = this.chunk.write(value, this.used + 4);
    this.view.setInt32(this.used, bytes);
    this.used += 4 + bytes;
  }

  /** Whether a chunk is filled and can be taken. */
  get ready(): boolean {
    return this.filled.length > 0;
  }

  /** The chunks filled so far, taken (the rows after them stay in the current chunk). */
  take(): Buffer[] {
    return this.filled.splice(0);
  }

  /** The trailer written: every chunk not taken yet. */
  end(): Buffer[] {
    this.room(2);
    this.view.setInt16(this.used, -1);
    this.used += 2;
    this.filled.push(this.chunk.subarray(0, this.used));
    this.used = 0;
    return this.take();
  }

  /** Makes room for `bytes` more in the current chunk, starting a new one when it is full. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    if (this.used > 0) this.filled.push(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.view = new DataView(this.chunk.buffer, this.chunk.byteOffset, this.chunk.byteLength);
    this.used = 0;
  }
}

/**
 * Streams `length` rows, each written by `write(rows, row)`, into
 * `COPY <table> (<columns>) FROM STDIN (FORMAT binary)`. Chunks go to the server as they fill, so
 * it ingests the first while the next are written.
 */
export async function copyBinaryRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  length: number,
  write: (rows: BinaryRows, row: number) => void,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN (FORMAT binary)`));
  function* chunks(): Generator<Buffer> {
    const rows = new BinaryRows();
    for (let row = 0; row < length; row++) {
      write(rows, row);
      if (rows.ready) yield* rows.take();
    }
    yield* rows.end();
  }
  await pipeline(Readable.from(chunks()), stream);
}
