/**
 * The one database factory: `openDatabase()` gives the typed Prisma client for whichever
 * provider `DATABASE_URL` names, the raw driver connection for bulk paths, and `close()`.
 * Pending migrations are applied on open (idempotent, see migrate.ts), and indexes a dead
 * import had suspended are rebuilt (indexes.ts).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { env } from "../env";
import {
  createPostgresPool,
  type DatabaseTarget,
  openSqliteConnection,
  openSqliteReader,
  type Provider,
  parseDatabaseUrl,
  SQLITE_BUSY_TIMEOUT_MS,
} from "./connection";
import { type ClickHouse, openClickHouse } from "./facts/clickhouse/connection";
import { ensureClickHouseSchema } from "./facts/clickhouse/schema";
import type { Prisma as PostgresPrisma } from "./generated/postgresql/client";
import type { Prisma, PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { restoreImportIndexes } from "./indexes";
import { migratePostgres, migrateSqlite } from "./migrate";
import { createPostgresRaw, createSqliteRaw, type RawSql } from "./raw";
import { destroySqliteQueryPool } from "./sqlite-query-pool";

export type { Provider } from "./connection";
export type { RawSql } from "./raw";
/**
 * The Prisma client type, for both providers: the SQLite client's. The two generated clients
 * are separate classes with the same API for the same models, but TypeScript cannot compare
 * two copies of Prisma's generic delegate types directly, so `openDatabase` casts the
 * PostgreSQL client to this type, and `ClientParity` below makes `tsc` prove the cast sound:
 * same models, same operations, every argument the canonical type allows is accepted by the
 * PostgreSQL client, and every result it returns has the canonical result type.
 */
export type PrismaClient = SqlitePrismaClient;
/** What repositories take: the client or an interactive transaction's client. */
export type PrismaTx = Prisma.TransactionClient;
export type { Prisma };

type SqliteModels = Prisma.TypeMap["model"];
type PostgresModels = PostgresPrisma.TypeMap["model"];
type Mismatch<A, B, Label extends string> = [A] extends [B] ? never : Label;
type OperationMismatches<S, P, Model extends string> = {
  [Op in keyof S & string]: Op extends keyof P
    ? S[Op] extends { args: infer SA; result: infer SR }
      ? P[Op] extends { args: infer PA; result: infer PR }
        ? Mismatch<SA, PA, `${Model}.${Op} args`> | Mismatch<PR, SR, `${Model}.${Op} result`>
        : `${Model}.${Op}`
      : `${Model}.${Op}`
    : `${Model}.${Op} missing on PostgreSQL`;
}[keyof S & string];
type ParityMismatches =
  | {
      [M in keyof SqliteModels & string]: M extends keyof PostgresModels
        ? OperationMismatches<SqliteModels[M]["operations"], PostgresModels[M]["operations"], M>
        : `${M} missing on PostgreSQL`;
    }[keyof SqliteModels & string]
  | Exclude<keyof PostgresModels & string, keyof SqliteModels>;
type AssertNever<T extends never> = T;
/** Fails to compile, naming the operation, if the two generated clients ever diverge. */
export type ClientParity = AssertNever<ParityMismatches>;

interface DatabaseBase {
  /** The URL opened (SQLite paths absolute). */
  readonly url: string;
  readonly prisma: PrismaClient;
  /** Parameterised SQL on the driver connection, for bulk paths and hand-written aggregates. */
  readonly raw: RawSql;
  /**
   * Read-only SQL that must not wait behind a bulk write (the API's pages): on a SQLite file a
   * second, read-only connection (WAL lets it read committed data while the bulk connection
   * holds a write transaction, such as a scoring run's 7 s of score writes); on PostgreSQL and
   * an in-memory SQLite database, `raw` itself.
   */
  readonly reads: RawSql;
  /**
   * The ClickHouse cluster holding the facts (`ANALYTICS_URL`), or null: the facts are in this
   * database. The facts store (`db/facts`) is the only code that reads it.
   */
  readonly analytics: ClickHouse | null;
  close(): Promise<void>;
}

export interface SqliteDatabase extends DatabaseBase {
  readonly provider: "sqlite";
  /** The bulk connection (Prisma has its own connection to the same file). */
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
}

export interface PostgresDatabase extends DatabaseBase {
  readonly provider: "postgresql";
  /** Shared by Prisma and the bulk paths; every connection's search_path is `schema`. */
  readonly pool: pg.Pool;
  readonly schema: string;
}

export type Database = SqliteDatabase | PostgresDatabase;

export interface OpenOptions {
  /** Apply pending migrations first (default true). */
  readonly migrate?: boolean;
  /**
   * Where the facts live: a `clickhouse://` URL, or null for this database. Default:
   * `ANALYTICS_URL`.
   */
  readonly analyticsUrl?: string | null;
  /** Another migrations folder (tests). */
  readonly migrationsDir?: string;
}

/**
 * Prisma stores SQLite DateTime as epoch milliseconds (`unixepoch-ms`): 8 bytes instead of a
 * 29-character string per value on 20 million transactions, integer comparisons in window
 * queries, and the format Prisma's native engine used. Bulk paths write the same.
 */
export const SQLITE_TIMESTAMP_FORMAT = "unixepoch-ms" as const;

const NO_ARGS = { args: [], argTypes: [] };

type DriverAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type DriverTransaction = Awaited<ReturnType<DriverAdapter["startTransaction"]>>;

/**
 * Makes a transaction give back its connection when its COMMIT (or ROLLBACK) fails. Prisma 6.19
 * ends a transaction by running `COMMIT` and then calling the adapter's `commit()`, which
 * releases the connection (PostgreSQL: back to the pool; SQLite: the adapter's mutex); when
 * `COMMIT` throws, as a serialization failure (40001) often does on PostgreSQL, `commit()` is
 * never called. Each such refusal kept a pool connection for good: ten of them and every query
 * waited forever. Here a failed end rolls back what may still be open (SQLite keeps a
 * transaction whose COMMIT failed; PostgreSQL has already ended it and only warns) and
 * releases once.
 */
function releasingOnFailedEnd(tx: DriverTransaction): DriverTransaction {
  let released = false;
  const commit = tx.commit.bind(tx);
  const rollback = tx.rollback.bind(tx);
  const executeRaw = tx.executeRaw.bind(tx);
  tx.commit = async () => {
    if (released) return;
    released = true;
    await commit();
  };
  tx.rollback = async () => {
    if (released) return;
    released = true;
    await rollback();
  };
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.sql === "COMMIT" || query.sql === "ROLLBACK") {
        if (query.sql === "COMMIT") await executeRaw({ sql: "ROLLBACK", ...NO_ARGS }).catch(() => undefined);
        await tx.rollback();
      }
      throw error;
    }
  };
  return tx;
}

/** The PostgreSQL adapter, its transactions releasing their connection however they end. */
class PostgresAdapterFactory extends PrismaPg {
  override async connect(): ReturnType<PrismaPg["connect"]> {
    const adapter = await super.connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => releasingOnFailedEnd(await start(isolationLevel));
    return adapter;
  }
}

/**
 * Prisma's SQLite adapter opens its own connection; give it the same per-connection pragmas
 * (better-sqlite3's build happens to default to them; stating them keeps that from mattering).
 *
 * Its transactions begin IMMEDIATE, taking the write lock before the first read. The adapter
 * begins DEFERRED (@prisma/adapter-better-sqlite3 6.19: `BEGIN` under an in-process mutex), and
 * a deferred transaction that reads and then writes while another process holds the write
 * lock fails at once with SQLITE_BUSY, without waiting: SQLite does not run the busy handler
 * for a read transaction's upgrade, which could deadlock. Prisma reported that as "Operation has
 * timed out" (P1008), 46 of 100 draft edits beside a CLI import. Taken up front, the lock is
 * waited for (the connection's busy timeout, `timeout` in the adapter's options, is
 * better-sqlite3's), and a wait that still fails is retried by write-retry.ts.
 */
class SqliteAdapterFactory extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3["connect"]> {
    const adapter = await super.connect();
    await adapter.executeScript("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
    const startDeferred = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await startDeferred(isolationLevel);
      try {
        // Nothing has run in the deferred transaction: trade it for an immediate one.
        await tx.executeRaw({ sql: "ROLLBACK", ...NO_ARGS });
        await tx.executeRaw({ sql: "BEGIN IMMEDIATE", ...NO_ARGS });
      } catch (error) {
        // Releases the adapter's mutex; no transaction is open on the connection.
        await tx.rollback();
        throw error;
      }
      return releasingOnFailedEnd(tx);
    };
    return adapter;
  }
}

export async function openDatabase(
  url: string = env.DATABASE_URL,
  options: OpenOptions = {},
): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const db =
    target.provider === "sqlite" ? await openSqlite(target, options) : await openPostgres(target, options);
  const analyticsUrl = options.analyticsUrl === undefined ? env.ANALYTICS_URL : options.analyticsUrl;
  if (!analyticsUrl) return db;
  let analytics: ClickHouse | undefined;
  try {
    analytics = openClickHouse(analyticsUrl);
    await ensureClickHouseSchema(analytics);
  } catch (error) {
    await analytics?.close();
    await db.close();
    throw error;
  }
  const close = db.close;
  return Object.assign(db, {
    analytics,
    async close() {
      try {
        await close();
      } finally {
        await analytics.close();
      }
    },
  });
}

async function openSqlite(
  target: Extract<DatabaseTarget, { provider: "sqlite" }>,
  options: OpenOptions,
): Promise<SqliteDatabase> {
  const sqlite = openSqliteConnection(target.path);
  try {
    const raw = createSqliteRaw(sqlite);
    if (options.migrate !== false) {
      migrateSqlite(sqlite, options.migrationsDir);
      if (options.migrationsDir === undefined) await restoreImportIndexes(raw, "sqlite");
    }
    const { PrismaClient: SqliteClient } = await import("./generated/sqlite/client");
    const adapter = new SqliteAdapterFactory(
      { url: target.path, timeout: SQLITE_BUSY_TIMEOUT_MS },
      { timestampFormat: SQLITE_TIMESTAMP_FORMAT },
    );
    const prisma = new SqliteClient({ adapter });
    // 32 MB of page cache for the index lookups of customer pages (the bulk connection has 128 MB).
    const reader = target.path === ":memory:" ? null : openSqliteReader(target.path, { cacheKiB: 32_768 });
    return {
      provider: "sqlite",
      analytics: null,
      url: target.url,
      path: target.path,
      prisma,
      sqlite,
      raw,
      reads: reader ? createSqliteRaw(reader) : raw,
      async close() {
        // queryOffThread's threads (keyed by the bulk connection) and their connections.
        await destroySqliteQueryPool(sqlite);
        await prisma.$disconnect();
        reader?.close();
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

async function openPostgres(
  target: Extract<DatabaseTarget, { provider: "postgresql" }>,
  options: OpenOptions,
): Promise<PostgresDatabase> {
  const pool = createPostgresPool(target);
  try {
    const raw = createPostgresRaw(pool);
    if (options.migrate !== false) {
      await migratePostgres(pool, target.schema, options.migrationsDir);
      // An import that died with its indexes suspended leaves them to be rebuilt here.
      if (options.migrationsDir === undefined) await restoreImportIndexes(raw, "postgresql");
    }
    const { PrismaClient: PgClient } = await import("./generated/postgresql/client");
    // Sound by `ClientParity` above.
    const prisma = new PgClient({
      adapter: new PostgresAdapterFactory(pool, { schema: target.schema }),
    }) as unknown as PrismaClient;
    return {
      provider: "postgresql",
      analytics: null,
      url: target.url,
      schema: target.schema,
      prisma,
      pool,
      raw,
      reads: raw,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

export function providerOf(url: string): Provider {
  return parseDatabaseUrl(url).provider;
}
