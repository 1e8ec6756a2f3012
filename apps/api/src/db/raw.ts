/**
 * A small common surface over the two drivers for SQL that Prisma cannot express well
 * (aggregates over millions of rows, bulk writes). Placeholders are `$1, $2, ...` on both
 * dialects. Values come back alike: integers (int8 included) as numbers, DateTime columns as
 * epoch milliseconds. What still differs is the SQL, and PostgreSQL `numeric` (what `sum` of
 * a bigint gives) comes back as a string: cast in SQL (`sum(x)::float8`).
 */
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

export interface RawSql {
  /** The rows of a query. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs one statement; returns the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs `fn` in one transaction on one connection: committed if it resolves, rolled back if
   * it throws. Use the `tx` it is given, not the outer object, inside.
   */
  transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T>;
}

/**
 * PostgreSQL-style `$n` placeholders to SQLite's anonymous `?`, with the parameters in
 * placeholder order (a `$n` used twice binds its value twice).
 */
export function toSqliteStatement(
  sql: string,
  params: readonly unknown[],
): { sql: string; params: unknown[] } {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length)
      throw new RangeError(`no value for $${n} (${params.length} given)`);
    ordered.push(params[index]);
    return "?";
  });
  return { sql: text, params: ordered };
}

/** Serialises async work on one SQLite connection, so a transaction never interleaves with other work. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const namedMutexes = new Map<string, Mutex>();

/**
 * The process-wide mutex of `name`: every caller naming the same thing (an app database's URL
 * and what is locked in it) takes turns on one mutex, whichever object it came from.
 */
export function namedMutex(name: string): Mutex {
  let mutex = namedMutexes.get(name);
  if (!mutex) {
    mutex = new Mutex();
    namedMutexes.set(name, mutex);
  }
  return mutex;
}

const sqliteLocks = new WeakMap<BetterSqlite3.Database, Mutex>();

/** The mutex guarding one SQLite connection's transactions (raw SQL and the facts store alike). */
export function sqliteLock(db: BetterSqlite3.Database): Mutex {
  let lock = sqliteLocks.get(db);
  if (!lock) {
    lock = new Mutex();
    sqliteLocks.set(db, lock);
  }
  return lock;
}

const STATEMENT_CACHE_SIZE = 200;
const statementCaches = new WeakMap<BetterSqlite3.Database, (sql: string) => BetterSqlite3.Statement>();

/**
 * The prepared statement of `sql` (SQLite `?` placeholders) on this connection, from the one
 * cache per connection shared by raw SQL and the facts store: the API repeats the same few
 * hundred statements, an import the same few, and preparing one costs as much as running a
 * small indexed query. Least recently used out.
 */
export function sqliteStatements(db: BetterSqlite3.Database): (sql: string) => BetterSqlite3.Statement {
  let prepare = statementCaches.get(db);
  if (!prepare) {
    const cache = new Map<string, BetterSqlite3.Statement>();
    prepare = (sql) => {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = db.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    };
    statementCaches.set(db, prepare);
  }
  return prepare;
}

function sqliteOps(db: BetterSqlite3.Database): Omit<RawSql, "transaction"> {
  const prepare = sqliteStatements(db);
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const statement = toSqliteStatement(sql, params);
      return prepare(statement.sql).all(statement.params) as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []) {
      const statement = toSqliteStatement(sql, params);
      return prepare(statement.sql).run(statement.params).changes;
    },
  };
}

export function createSqliteRaw(db: BetterSqlite3.Database): RawSql {
  const lock = sqliteLock(db);
  const inner = sqliteOps(db);
  const tx: RawSql = {
    ...inner,
    transaction: (fn) => fn(tx),
  };
  return {
    query: (sql, params) => lock.run(() => inner.query(sql, params)),
    execute: (sql, params) => lock.run(() => inner.execute(sql, params)),
    transaction: (fn) =>
      lock.run(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await fn(tx);
          db.exec("COMMIT");
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw error;
        }
      }),
  };
}

function postgresOps(client: pg.Pool | pg.PoolClient): Omit<RawSql, "transaction"> {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, params as unknown[])).rows as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, params as unknown[])).rowCount ?? 0;
    },
  };
}

/** Runs `fn` inside BEGIN/COMMIT on one pooled connection. */
export async function withPostgresTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    try {
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
  } finally {
    // A connection that could not roll back is discarded, not reused.
    client.release(broken);
  }
}

/** Raw SQL on a connection that is inside a transaction (nested `transaction` runs inline). */
export function postgresTransactionRaw(client: pg.PoolClient): RawSql {
  const tx: RawSql = { ...postgresOps(client), transaction: (inner) => inner(tx) };
  return tx;
}

export function createPostgresRaw(pool: pg.Pool): RawSql {
  return {
    ...postgresOps(pool),
    transaction: (fn) => withPostgresTransaction(pool, (client) => fn(postgresTransactionRaw(client))),
  };
}

/**
 * A DateTime column's value as a query parameter: epoch ms on SQLite (`unixepoch-ms`), an ISO
 * text on PostgreSQL (`timestamp` holds UTC; the text's `Z` is then ignored, not converted by
 * the session's time zone as a JS Date parameter would be).
 */
export function timeParam(provider: "sqlite" | "postgresql", ms: number): number | string {
  return provider === "sqlite" ? ms : new Date(ms).toISOString();
}

/**
 * Ids or code indexes to inline into SQL text (a COPY or a cursor takes no bind parameters;
 * a plain `IN (...)` list lets the planner use an index range per value). Each must be a
 * non-negative integer, or this throws naming it: nothing else reaches the SQL.
 */
export function sqlIntegers(values: readonly number[], what: string): number[] {
  for (const value of values) {
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`${what}: ${value} is not a non-negative integer`);
  }
  return [...values];
}
