/**
 * What the writers of this folder share (customers.ts, orders.ts): lookups of a batch's keys in
 * a shard's tables (only on shards whose stored keys reach the batch's range), row versions,
 * rows grouped by the shard that owns them, and TabSeparated rows written for an insert.
 *
 * A batch's keys (20,000 order ids, say) are sent to the server as an external table (the HTTP
 * interface's "external data": a multipart body with the keys as TabSeparated), not as an
 * `IN ('a', 'b', ...)` literal: on 18.16 parsing a 20,000-element literal list took 0.4 s, longer
 * than the lookup itself, and needs `max_query_size` raised. External data exists in 18.16 and
 * in current releases alike (`<name>_structure` parameter); `@clickhouse/client` does not send
 * it, so this is one plain HTTP request.
 */
import { copyText } from "../text-format";
import { type ClickHouse, retried } from "./connection";
import { chString } from "./literals";

/**
 * The rows of `sql` on one shard, where `sql` may read the external table `keys` of the given
 * structure (e.g. `order_id String`) holding `rows` (TabSeparated lines). Each row comes back as
 * its `width` TabSeparated fields, still escaped: numbers read with `Number`, text with
 * `fromCopyText` (cheaper than a JSON object per row, and 64-bit integers need no care).
 */
export async function selectWithKeys(
  ch: ClickHouse,
  shard: number,
  sql: string,
  structure: string,
  rows: readonly string[],
  width: number,
): Promise<string[][]> {
  if (rows.length === 0) return [];
  const form = new FormData();
  form.append("keys", new Blob([`${rows.join("\n")}\n`]), "keys.tsv");
  const params = {
    query: `${sql} FORMAT TabSeparated`,
    keys_structure: structure,
    keys_format: "TabSeparated",
  };
  const text = await retried(() => ch.postShard(shard, params, form));
  const out: string[][] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const fields = line.split("\t");
    // A server error after the first rows arrives in the body, as text, after a 200 status.
    if (fields.length !== width) throw new Error(`ClickHouse (shard ${shard + 1}): ${line.slice(0, 500)}`);
    out.push(fields);
  }
  return out;
}

/** `selectWithKeys` on every shard at once, rows of all shards together. */
export async function selectWithKeysOnEachShard(
  ch: ClickHouse,
  sql: string,
  structure: string,
  rows: readonly string[],
  width: number,
): Promise<string[][]> {
  const parts = await Promise.all(
    Array.from({ length: ch.shardCount }, (_, shard) =>
      selectWithKeys(ch, shard, sql, structure, rows, width),
    ),
  );
  return parts.flat();
}

/**
 * The smallest and largest of `values` in ClickHouse's order of `String` (bytewise UTF-8), or
 * null when that order cannot be had cheaply here: JavaScript compares UTF-16 code units, which
 * agrees with UTF-8's byte order except around surrogates, so values with a character from
 * U+D800 on are not ranged (the caller then looks every key up).
 */
export function keyRange(values: readonly string[]): { min: string; max: string } | null {
  if (values.length === 0) return null;
  let min = values[0]!;
  let max = min;
  for (const value of values) {
    if (value < min) min = value;
    else if (value > max) max = value;
  }
  for (const value of values) if (/[\uD800-\uFFFF]/.test(value)) return null;
  return { min, max };
}

/**
 * The shards (0-based) whose `table` may hold one of `values` in its key column `column`: those
 * with a row between the values' smallest and largest. `column` leads the table's sorting key, so
 * each shard reads only the index and at most the granules at the range's ends: a batch of new
 * keys beyond the stored ones (a first load, ids that grow with time) skips the lookup, whose
 * cost is the server hashing the whole batch. Every shard when the range cannot be had.
 */
export async function shardsInRange(
  ch: ClickHouse,
  table: string,
  column: string,
  values: readonly string[],
): Promise<number[]> {
  const all = Array.from({ length: ch.shardCount }, (_, shard) => shard);
  if (values.length === 0) return [];
  const range = keyRange(values);
  if (!range) return all;
  const found = await Promise.all(
    all.map((shard) =>
      ch.queryShard<{ x: number }>(
        shard,
        `SELECT 1 AS x FROM ${table} WHERE ${column} >= ${chString(range.min)} AND ${column} <= ${chString(range.max)} LIMIT 1`,
      ),
    ),
  );
  return all.filter((shard) => found[shard]!.length > 0);
}

/**
 * The rows of `sql` (see {@link selectWithKeys}) on the shards whose key column may hold one of
 * `values` ({@link shardsInRange}); `values` go to the server as the external table `keys`.
 */
export async function lookUpKeys(
  ch: ClickHouse,
  table: string,
  column: string,
  sql: string,
  values: readonly string[],
  width: number,
): Promise<string[][]> {
  const shards = await shardsInRange(ch, table, column, values);
  if (shards.length === 0) return [];
  const lines = values.map(copyText);
  const parts = await Promise.all(
    shards.map((shard) => selectWithKeys(ch, shard, sql, `${column} String`, lines, width)),
  );
  return parts.flat();
}

let lastVersion = 0;

/**
 * A row version for ReplacingMergeTree: epoch microseconds, strictly increasing within the
 * process (two writes of one row in the same millisecond still order), and increasing across
 * processes that write one after the other (the import lock lets one import write at a time).
 */
export function nextVersion(): number {
  lastVersion = Math.max(Date.now() * 1000, lastVersion + 1);
  return lastVersion;
}

/** Indices 0..length-1 grouped by the shard of `customerOf(i)`. */
export function byShard(ch: ClickHouse, length: number, customerOf: (i: number) => number): number[][] {
  const out: number[][] = Array.from({ length: ch.shardCount }, () => []);
  for (let i = 0; i < length; i++) out[ch.shardOf(customerOf(i))]!.push(i);
  return out;
}

/**
 * Waits for every shard's write, then throws the first failure: a failed write never leaves
 * another shard's write still running after the caller has moved on (a re-run must not race it).
 */
export async function allShards(writes: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  for (const result of results) if (result.status === "rejected") throw result.reason;
}

/** `ch.insertShardText`, run again if its connection had been closed ({@link retried}). */
export function insertTextRetried(
  ch: ClickHouse,
  shard: number,
  table: string,
  columns: readonly string[],
  rows: TsvRows,
): Promise<void> {
  const body = rows.bytes();
  return retried(() => ch.insertShardText(shard, table, columns, body));
}

const SPECIAL = /[\\\t\n\r]/;

/**
 * TabSeparated rows written straight into one growing buffer: no string per row kept until the
 * insert (a batch's rows as strings survived the young generation, and copying them there was
 * most of the importer's garbage collection), and the text encoded once.
 */
export class TsvRows {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private length = 0;
  /** Rows ended so far. */
  rows = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** A field (after a tab unless it starts the row): `\\N` for null, numbers as they are, text escaped. */
  field(value: string | number | null | undefined): this {
    const text = typeof value === "string" ? value : "";
    this.reserve(text.length * 3 + 26);
    const buffer = this.buffer;
    if (this.atRowStart) this.atRowStart = false;
    else buffer[this.length++] = 9;
    if (typeof value === "number") {
      if (Number.isSafeInteger(value)) this.writeInteger(value);
      else this.length += buffer.write(String(value), this.length, "latin1");
    } else if (value === null || value === undefined) {
      buffer[this.length++] = 92; // \N
      buffer[this.length++] = 78;
    } else {
      // Short ASCII text without escapes (ids, codes) byte by byte: cheaper than a call to the
      // encoder per field; anything else through it.
      const start = this.length;
      const n = text.length;
      let i = 0;
      if (n <= 64) {
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          if (c >= 128 || c === 92 || c === 9 || c === 10 || c === 13) break;
          buffer[start + i] = c;
        }
      }
      if (i === n) this.length += n;
      else this.length += buffer.write(SPECIAL.test(text) ? copyText(text) : text, start, "utf8");
    }
    return this;
  }

  /** A safe integer's decimal digits, without a string in between. */
  private writeInteger(value: number): void {
    const buffer = this.buffer;
    let rest = value;
    if (rest < 0) {
      buffer[this.length++] = 45;
      rest = -rest;
    }
    let digits = 1;
    for (let power = 10; power <= rest; power *= 10) digits++;
    const end = this.length + digits;
    for (let i = end - 1; i >= this.length; i--) {
      buffer[i] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length = end;
  }

  private atRowStart = true;

  /** Ends the row. */
  end(): void {
    this.reserve(1);
    this.buffer[this.length++] = 10;
    this.atRowStart = true;
    this.rows++;
  }

  /** The rows written, as bytes (a view of the buffer: write nothing more after this). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** `ch.insertShard`, run again if its connection had been closed ({@link retried}). */
export function insertRetried(
  ch: ClickHouse,
  shard: number,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  return retried(() => ch.insertShard(shard, table, rows));
}
