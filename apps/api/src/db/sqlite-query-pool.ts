/**
 * The worker threads that run long read-only SQLite queries for `queryOffThread` (offload.ts):
 * a small piscina pool per open database, started by its first query and destroyed when the
 * database closes (`Database.close()` calls `destroySqliteQueryPool`). Each thread keeps one
 * read-only connection per file across queries (sqlite-query.worker.mjs).
 *
 * Per database rather than one pool per process, so that the threads' connections close with
 * the database they read: a test deletes its file after closing it, and a file made anew at
 * the same path must not be read through a connection to the old one. A process that never
 * closes its database still ends: piscina unrefs idle threads, and they exit after
 * `IDLE_TIMEOUT_MS`.
 *
 * This module imports nothing from client.ts, so client.ts can call it without a cycle.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";

/**
 * Threads per pool: the queries are full scans a dashboard asks a few of at once; more threads
 * than 2 (or than cores) would take CPU and page cache from the server's own thread.
 */
export const SQLITE_QUERY_THREADS = Math.min(2, availableParallelism());

/** An idle thread exits (its connections with it) after this long without a query. */
const IDLE_TIMEOUT_MS = 10_000;

const WORKER = new URL("./sqlite-query.worker.mjs", import.meta.url).href;

export interface SqliteQueryTask {
  /** The SQLite file; it must exist (the connection is read-only). */
  readonly path: string;
  /** In SQLite's dialect, with `?` placeholders (see `toSqliteStatement`). */
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Busy timeout of the thread's connection, ms. */
  readonly timeout: number;
}

/** Keyed by an object that lives exactly as long as its database (its bulk connection). */
const pools = new WeakMap<object, Piscina<SqliteQueryTask, unknown[]>>();

function poolFor(owner: object): Piscina<SqliteQueryTask, unknown[]> {
  let pool = pools.get(owner);
  if (!pool) {
    pool = new Piscina<SqliteQueryTask, unknown[]>({
      filename: WORKER,
      minThreads: 0,
      maxThreads: SQLITE_QUERY_THREADS,
      idleTimeout: IDLE_TIMEOUT_MS,
    });
    pools.set(owner, pool);
  }
  return pool;
}

/** Runs one read-only query in `owner`'s pool, starting the pool if this is its first query. */
export function runSqliteQuery<Row>(owner: object, task: SqliteQueryTask): Promise<Row[]> {
  return poolFor(owner).run(task) as Promise<Row[]>;
}

/** `owner`'s pool if it has one (tests look at its threads). */
export function existingSqliteQueryPool(owner: object): Piscina | undefined {
  return pools.get(owner);
}

/**
 * Stops `owner`'s threads, which closes their connections; queries still queued are rejected.
 * A no-op when it never ran a query off-thread. A later query would start a new pool.
 */
export async function destroySqliteQueryPool(owner: object): Promise<void> {
  const pool = pools.get(owner);
  if (!pool) return;
  pools.delete(owner);
  await pool.destroy();
}
