import type BetterSqlite3 from "better-sqlite3";

/**
 * The bulk connection inside a transaction, and its prepared statements (raw.ts's one cache per
 * connection). Statements built per call for a number of rows, or with a literal of the call in
 * them, are prepared directly and not cached: one per possible length would pile up.
 */
export interface SqliteTx {
  readonly db: BetterSqlite3.Database;
  readonly prepare: (sql: string) => BetterSqlite3.Statement;
}

/** Rows per multi-row INSERT on SQLite: binding is per value, so fewer calls is what pays. */
export const SQLITE_ROWS_PER_INSERT = 128;
