/**
 * Long read-only queries (full scans for the dashboard, counts over big segments) without
 * stalling the server. better-sqlite3 is synchronous: a multi-second scan on the server's
 * connection would hold every other request for its duration. On a SQLite file such a query
 * runs in a worker thread of the database's small query pool (sqlite-query-pool.ts), on a
 * read-only connection of that thread (with SQLite's default 2 MB page cache, not the bulk
 * connection's 128 MB); PostgreSQL queries are asynchronous already.
 */
import type { Database } from "./client";
import { SQLITE_BUSY_TIMEOUT_MS } from "./connection";
import { toSqliteStatement } from "./raw";
import { runSqliteQuery } from "./sqlite-query-pool";

export async function queryOffThread<Row>(
  db: Database,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> {
  if (db.provider !== "sqlite" || db.path === ":memory:") return db.raw.query<Row>(sql, params);
  const statement = toSqliteStatement(sql, params);
  // The pool belongs to the bulk connection: client.ts destroys it when it closes that connection.
  return runSqliteQuery<Row>(db.sqlite, {
    path: db.path,
    sql: statement.sql,
    params: statement.params,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
  });
}
