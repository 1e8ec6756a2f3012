/**
 * PostgreSQL COPY in text format, both ways: rows streamed into `COPY ... FROM STDIN` (orders
 * through their staging tables) and values of `COPY ... TO STDOUT` decoded (audiences). The
 * binary COPY of scores and the byte-level parser of aggregates are beside their only users.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** A value in COPY's text format: `\N` for null, backslash escapes for the separators. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : value;
}

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

const COPY_ESCAPES: Readonly<Record<string, string>> = {
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** A text column of COPY's text format: `\N` is null, backslash escapes decoded. */
export function fromCopyText(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  return field.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g, (_, octal, hex, char: string) =>
    octal
      ? String.fromCharCode(Number.parseInt(octal, 8))
      : hex
        ? String.fromCharCode(Number.parseInt(hex, 16))
        : (COPY_ESCAPES[char] ?? char),
  );
}
