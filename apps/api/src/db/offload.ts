/**
 * Long read-only queries (full scans for the dashboard, counts over big segments) without
 * stalling the server. better-sqlite3 is synchronous: a multi-second scan on the server's
 * connection would hold every other request for its duration. On a SQLite file such a query
 * runs in a worker thread on a read-only connection of its own (with SQLite's default 2 MB
 * page cache, not the bulk connection's 128 MB); PostgreSQL queries are asynchronous already.
 */
import { Worker } from "node:worker_threads";
import type { Database } from "./client";
import { SQLITE_BUSY_TIMEOUT_MS } from "./connection";
import { toSqliteStatement } from "./raw";

const WORKER = new URL("./sqlite-query.worker.mjs", import.meta.url);

export async function queryOffThread<Row>(
  db: Database,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  if (db.provider !== "sqlite" || db.path === ":memory:") return db.raw.query<Row>(sql, params);
  const statement = toSqliteStatement(sql, params);
  return new Promise<Row[]>((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: {
        path: db.path,
        sql: statement.sql,
        params: statement.params,
        timeout: SQLITE_BUSY_TIMEOUT_MS,
      },
    });
    worker.once("message", (message: { rows?: Row[]; error?: string }) => {
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.rows ?? []);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the query worker stopped with code ${code}`));
    });
  });
}
