/**
 * PostgreSQL COPY in text format, both ways: rows streamed into `COPY ... FROM STDIN` (orders
 * through their staging tables) and values of `COPY ... TO STDOUT` decoded (audiences). The
 * binary COPY of scores and the byte-level parser of aggregates are beside their only users.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

// The text format itself is shared with ClickHouse's TabSeparated (../text-format.ts); re-exported
// for the ClickHouse audiences reader, which imports it from here.
export { copyText, fromCopyText } from "../text-format";

/** An epoch-ms instant as PostgreSQL `timestamp` text (UTC; the trailing Z is ignored). */
export function copyTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "\\N" : new Date(ms).toISOString();
}

/** Streams `length` rows, built by `line(row)`, into `COPY <table> (<columns>) FROM STDIN`. */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  length: number,
  line: (row: number) => string,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  // About 1 MB per chunk: few writes, bounded memory.
  function* chunks(): Generator<string> {
    let chunk = "";
    for (let row = 0; row < length; row++) {
      chunk += line(row);
      if (chunk.length > 1_000_000) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk !== "") yield chunk;
  }
  await pipeline(Readable.from(chunks()), stream);
}
