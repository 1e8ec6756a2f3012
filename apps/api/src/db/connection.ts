/**
 * Database URLs and the driver connections under Prisma and the bulk paths: one place sets
 * SQLite's pragmas and PostgreSQL's search_path.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

export type Provider = "sqlite" | "postgresql";

export type DatabaseTarget =
  | { readonly provider: "sqlite"; readonly url: string; readonly path: string }
  | {
      readonly provider: "postgresql";
      readonly url: string;
      /** The URL without `?schema=`, for the driver. */
      readonly connectionString: string;
      /** From `?schema=` (Prisma's convention), `public` by default. */
      readonly schema: string;
    };

/** How long a SQLite connection waits for another writer before failing (ms). */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * `file:<path>` is SQLite (the path as given: env.ts has already made it absolute);
 * `postgres://` or `postgresql://` is PostgreSQL, with an optional `?schema=<name>`.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (path === "") throw new Error("DATABASE_URL file: needs a path");
    return { provider: "sqlite", url, path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get("schema") ?? "public";
    if (!IDENTIFIER.test(schema)) {
      throw new Error(`schema "${schema}" in DATABASE_URL must be a plain identifier (letters, digits, _)`);
    }
    parsed.searchParams.delete("schema");
    return { provider: "postgresql", url, connectionString: parsed.toString(), schema };
  }
  throw new Error(`unsupported DATABASE_URL "${url}": use file:<path> or postgres://...`);
}

/**
 * A better-sqlite3 connection set up for this application: WAL (readers never wait for the
 * writer; persistent in the file), synchronous=NORMAL (safe with WAL: a power loss can lose
 * the last commits, never corrupt), foreign keys on, and a busy timeout so that the Prisma
 * connection and a bulk connection wait for each other instead of failing.
 */
export function openSqliteConnection(path: string): Database.Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  applySqlitePragmas(db);
  return db;
}

/**
 * A read-only connection to a SQLite file beside the bulk connection: WAL lets it read the
 * last committed state while the other writes. `cacheKiB` sizes its page cache (SQLite's
 * default is 2 MB, enough for a single pass such as an export).
 */
export function openSqliteReader(path: string, options: { cacheKiB?: number } = {}): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  if (options.cacheKiB !== undefined) db.pragma(`cache_size = -${options.cacheKiB}`);
  return db;
}

export const SQLITE_PRAGMAS = [
  "journal_mode = WAL",
  "synchronous = NORMAL",
  "foreign_keys = ON",
  `busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  // Page cache for index maintenance over millions of rows (the default is 2 MB); SQLite only
  // allocates it as pages are used.
  "cache_size = -131072",
] as const;

function applySqlitePragmas(db: Database.Database): void {
  for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
}

const INT8_OID = 20;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;

/**
 * Value parsing for our own queries on the pool (Prisma's adapter sets its own per query, so
 * this does not change what Prisma returns): int8 as a number, like SQLite (`count(*)` and
 * sums of int4 are int8; exact below 2^53), and timestamps as epoch milliseconds, like
 * SQLite's `unixepoch-ms` columns. `timestamp` (what Prisma's DateTime is) holds UTC.
 */
const rawTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (format !== "binary") {
      if (oid === INT8_OID) return (value: string) => Number(value);
      if (oid === TIMESTAMP_OID) return (value: string) => Date.parse(`${value.replace(" ", "T")}Z`);
      if (oid === TIMESTAMPTZ_OID) {
        const parseDate = pg.types.getTypeParser(TIMESTAMPTZ_OID, "text");
        return (value: string) => (parseDate(value) as Date).getTime();
      }
    }
    return pg.types.getTypeParser(oid, format ?? "text");
  },
} as pg.CustomTypesConfig;

/** A pool whose every connection resolves unqualified table names in the URL's schema. */
export function createPostgresPool(
  target: Extract<DatabaseTarget, { provider: "postgresql" }>,
  options: { max?: number } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.max ?? 10,
    // Set at connection start, so it holds for Prisma's queries and ours alike.
    options: `-c search_path=${target.schema}`,
    types: rawTypes,
  });
  // An idle connection dropped by the server must not crash the process; the next query
  // gets a fresh connection.
  pool.on("error", () => undefined);
  return pool;
}
