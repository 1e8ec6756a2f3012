/**
 * What the writers of this folder share (customers.ts, orders.ts): lookups of a batch's keys in
 * a shard's tables, row versions, and rows grouped by the shard that owns them.
 *
 * A batch's keys (20,000 order ids, say) are sent to the server as an external table (the HTTP
 * interface's "external data": a multipart body with the keys as TabSeparated), not as an
 * `IN ('a', 'b', ...)` literal: on 18.16 parsing a 20,000-element literal list took 0.4 s, longer
 * than the lookup itself, and needs `max_query_size` raised. External data exists in 18.16 and
 * in current releases alike (`<name>_structure` parameter); `@clickhouse/client` does not send
 * it, so this is one plain HTTP request.
 */
import { copyText } from "../text-format";
import type { ClickHouse } from "./connection";

/** A TabSeparated field: the text format ClickHouse shares with PostgreSQL's COPY. */
export const tsvField: (value: string) => string = copyText;

/**
 * The rows (JSONEachRow) of `sql` on one shard, where `sql` may read the external table `keys`
 * of the given structure (e.g. `order_id String`) holding `rows` (TabSeparated lines).
 */
export async function selectWithKeys<Row>(
  ch: ClickHouse,
  shard: number,
  sql: string,
  structure: string,
  rows: readonly string[],
): Promise<Row[]> {
  if (rows.length === 0) return [];
  const url = new URL(ch.target.shards[shard]!);
  url.searchParams.set("database", ch.database);
  url.searchParams.set("query", `${sql} FORMAT JSONEachRow`);
  url.searchParams.set("keys_structure", structure);
  url.searchParams.set("keys_format", "TabSeparated");
  const form = new FormData();
  form.append("keys", new Blob([`${rows.join("\n")}\n`]), "keys.tsv");
  const response = await retried(() =>
    fetch(url, {
      method: "POST",
      body: form,
      headers: { "X-ClickHouse-User": ch.target.username, "X-ClickHouse-Key": ch.target.password },
    }),
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`ClickHouse (shard ${shard + 1}): ${text.trim()}`);
  const out: Row[] = [];
  for (const line of text.split("\n")) if (line) out.push(JSON.parse(line) as Row);
  return out;
}

/** `selectWithKeys` on every shard at once, rows of all shards together. */
export async function selectWithKeysOnEachShard<Row>(
  ch: ClickHouse,
  sql: string,
  structure: string,
  rows: readonly string[],
): Promise<Row[]> {
  const parts = await Promise.all(
    Array.from({ length: ch.shardCount }, (_, shard) => selectWithKeys<Row>(ch, shard, sql, structure, rows)),
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

/** Errors of a connection the server had closed (an idle keep-alive socket reused), not of the statement. */
function isStaleConnection(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === "EPIPE" || code === "ECONNRESET" || code === "UND_ERR_SOCKET") return true;
    if (typeof message === "string" && /socket hang up|other side closed/.test(message)) return true;
  }
  return false;
}

/**
 * Runs a statement again (up to 3 times) when its connection had been closed by the server: the
 * server closes idle keep-alive connections after `keep_alive_timeout` (3 s by default) and a
 * client may reuse one just then (seen as EPIPE under load). Only for statements that may run
 * twice: reads, and this folder's inserts (ReplacingMergeTree rows and keys: a row written twice
 * is one row to every reader).
 */
export async function retried<T>(statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= 3 || !isStaleConnection(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
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
