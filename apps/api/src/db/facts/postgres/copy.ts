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

const DAY_MS = 86_400_000;
/** 1970-01-01 to 9999-12-31, the years that toISOString writes with four digits. */
const LAST_DAY = 2_932_896;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * An epoch-ms instant as PostgreSQL `timestamp` text (UTC), `YYYY-MM-DD HH:MM:SS.mmm`. Computed
 * from the day number (Howard Hinnant's civil_from_days) rather than by `toISOString`, which
 * allocated a Date per order and cost 0.3 of 4.4 Node CPU-seconds of a 417,000-row import;
 * instants before 1970 or after 9999 still go through it.
 */
export function copyTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "\\N";
  const days = Math.floor(ms / DAY_MS);
  if (!(days >= 0 && days <= LAST_DAY)) return new Date(ms).toISOString();
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  let rest = ms - days * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return (
    `${year}-${pad2(month)}-${pad2(day)} ${pad2(hour)}:${pad2(minute)}:${pad2(second)}.` +
    (milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`)
  );
}

const CHUNK_BYTES = 1 << 20;

/** Streams `length` rows, built by `line(row)`, into `COPY <table> (<columns>) FROM STDIN`. */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  length: number,
  line: (row: number) => string,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  // Chunks of about 1 MB, each line written into the chunk's buffer: few writes, bounded memory.
  // Not a string of concatenated lines: the stream's conversion of that to bytes (flattening the
  // concatenation) cost 0.7 of 4.4 Node CPU-seconds of a 417,000-row import.
  function* chunks(): Generator<Buffer> {
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    for (let row = 0; row < length; row++) {
      const text = line(row);
      // A character takes at most 3 bytes in UTF-8 (a surrogate pair 4 for its 2 units).
      if (used + 3 * text.length > chunk.length) {
        if (used > 0) yield chunk.subarray(0, used);
        chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, 3 * text.length));
        used = 0;
      }
      used += chunk.write(text, used);
    }
    if (used > 0) yield chunk.subarray(0, used);
  }
  await pipeline(Readable.from(chunks()), stream);
}
