/**
 * Throwaway databases for integration tests: a fresh SQLite file in its own temp folder, or a
 * fresh schema in the PostgreSQL test database (`TEST_POSTGRES_URL`, default
 * postgres://postgres@127.0.0.1:5432/test), migrated unless asked otherwise, and removed after
 * the test whether it passed or failed. A run killed before its cleanup leaves a schema behind;
 * the next run drops such leftovers once they are an hour old (the name carries its creation
 * time).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { env } from "../env";
import { type Database, type OpenOptions, openDatabase, type Provider } from "./client";
import { openSqliteConnection, parseDatabaseUrl } from "./connection";
import { openClickHouse } from "./facts/clickhouse/connection";
import { dropClickHouseDatabase } from "./facts/clickhouse/schema";
import { defaultMigrationsDir, migrateSqlite, readMigrations, sha256 } from "./migrate";

export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

/**
 * Where a test's facts live: in the app database (SQLite or PostgreSQL), or on the local
 * ClickHouse cluster (`npm run clickhouse:local`) with the app's state in SQLite.
 */
export type FactEngine = Provider | "clickhouse";

/** The three engines of the facts store: the integration suites run on each. */
export const FACT_ENGINES: readonly FactEngine[] = ["sqlite", "postgresql", "clickhouse"];

export interface TestDatabase {
  /** The URL of the fresh database (SQLite file or PostgreSQL `?schema=`). */
  readonly url: string;
  /** The app database's provider ("sqlite" for the ClickHouse engine). */
  readonly provider: Provider;
  /** Where the facts are. */
  readonly engine: FactEngine;
  /** The fresh ClickHouse database's URL (engine "clickhouse"), else null. */
  readonly analyticsUrl: string | null;
  /** The environment a child process (the CLI, `rfm serve`) needs to open the same stores. */
  readonly env: Readonly<Record<string, string>>;
  /** Opened (and migrated, unless `migrate: false`); closed by `drop()`. */
  readonly db: Database;
  /** Closes the database and deletes it. Safe to call twice. */
  drop(): Promise<void>;
}

const SCHEMA_PREFIX = "t_";
const LEFTOVER_AGE_S = 3600;
let leftoversCleaned: Promise<void> | undefined;

function adminClient(): pg.Client {
  const target = parseDatabaseUrl(env.TEST_POSTGRES_URL);
  if (target.provider !== "postgresql") throw new Error("TEST_POSTGRES_URL must be a postgres:// URL");
  return new pg.Client({ connectionString: target.connectionString });
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = adminClient();
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops `t_<epoch seconds>_<random>` schemas older than an hour: leftovers of killed runs. */
function cleanLeftovers(): Promise<void> {
  leftoversCleaned ??= withAdmin(async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9]+_[a-z0-9]+$'",
    );
    const cutoff = Date.now() / 1000 - LEFTOVER_AGE_S;
    for (const { nspname } of rows) {
      const created = Number(nspname.split("_")[1]);
      if (created < cutoff) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    }
  });
  return leftoversCleaned;
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10).padEnd(8, "0");
}

let clickhouseLeftoversCleaned: Promise<void> | undefined;

/** Drops the test cluster's `t_<epoch seconds>_<random>` databases older than an hour. */
function cleanClickHouseLeftovers(): Promise<void> {
  clickhouseLeftoversCleaned ??= (async () => {
    const ch = openClickHouse(env.TEST_CLICKHOUSE_URL);
    try {
      const cutoff = Date.now() / 1000 - LEFTOVER_AGE_S;
      for (let shard = 0; shard < ch.shardCount; shard++) {
        const rows = await ch.servers[shard]!.query({
          query: "SELECT name FROM system.databases WHERE match(name, '^t_[0-9]+_[a-z0-9]+$')",
          format: "JSONEachRow",
        });
        for (const { name } of (await rows.json()) as { name: string }[]) {
          if (Number(name.split("_")[1]) < cutoff) {
            await ch.servers[shard]!.command({ query: `DROP DATABASE IF EXISTS ${name}` });
          }
        }
      }
    } finally {
      await ch.close();
    }
  })();
  return clickhouseLeftoversCleaned;
}

/** A fresh database name on the test cluster: `t_<epoch seconds>_<random>`. */
function clickhouseTestUrl(): string {
  const name = `${SCHEMA_PREFIX}${Math.floor(Date.now() / 1000)}_${randomSuffix()}`;
  return env.TEST_CLICKHOUSE_URL.replace(/\/[A-Za-z0-9_]+(\?|$)/, `/${name}$1`);
}

/**
 * A SQLite file with every migration of prisma/sqlite/migrations applied, made once per set of
 * migrations (its name carries their checksums) and shared by the test processes: a fresh
 * test database is a copy of it, which `openDatabase` then finds fully migrated. Migrating
 * each file instead cost every SQLite test the same twenty-odd migrations. Made under a
 * temporary name and renamed into place, so a process never copies a half-written one.
 */
let sqliteTemplate: string | undefined;
function migratedSqliteTemplate(): string {
  if (sqliteTemplate !== undefined && existsSync(sqliteTemplate)) return sqliteTemplate;
  const migrations = readMigrations(defaultMigrationsDir("sqlite"));
  const key = sha256(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n")).slice(0, 16);
  const dir = join(tmpdir(), "rfm-test-templates");
  const template = join(dir, `sqlite-${key}.db`);
  sqliteTemplate = template;
  if (existsSync(template)) return template;
  mkdirSync(dir, { recursive: true });
  const partial = `${template}.${process.pid}.${randomSuffix()}`;
  const sqlite = openSqliteConnection(partial);
  try {
    migrateSqlite(sqlite);
    // One file: the WAL's content goes into it, and the file leaves WAL mode so a copy needs
    // no -wal beside it (openDatabase turns WAL back on when it opens the copy).
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.pragma("journal_mode = DELETE");
  } finally {
    sqlite.close();
  }
  renameSync(partial, template);
  return template;
}

/** A fresh SQLite file for a test: a copy of the migrated template when it would be migrated anyway. */
function freshSqliteFile(options: OpenOptions): string {
  const dir = mkdtempSync(join(tmpdir(), "rfm-db-"));
  const file = join(dir, "test.db");
  if (options.migrate !== false && options.migrationsDir === undefined) {
    copyFileSync(migratedSqliteTemplate(), file);
  }
  return file;
}

/** Creates a fresh database; the caller must `drop()` it (prefer the helpers below). */
export async function createTestDatabase(
  engine: FactEngine,
  options: OpenOptions = {},
): Promise<TestDatabase> {
  if (engine === "clickhouse") {
    await cleanClickHouseLeftovers();
    const analyticsUrl = clickhouseTestUrl();
    const file = freshSqliteFile(options);
    const dir = dirname(file);
    return openFresh("sqlite", `file:${file}`, { ...options, analyticsUrl }, async () => {
      const ch = openClickHouse(analyticsUrl);
      try {
        await dropClickHouseDatabase(ch);
      } finally {
        await ch.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  const provider = engine;
  if (provider === "sqlite") {
    const file = freshSqliteFile(options);
    return openFresh(provider, `file:${file}`, options, async () =>
      rmSync(dirname(file), { recursive: true, force: true }),
    );
  }
  await cleanLeftovers();
  const schema = `${SCHEMA_PREFIX}${Math.floor(Date.now() / 1000)}_${randomSuffix()}`;
  const base = new URL(env.TEST_POSTGRES_URL);
  base.searchParams.set("schema", schema);
  const url = base.toString();
  await withAdmin((client) => client.query(`CREATE SCHEMA "${schema}"`));
  return openFresh(provider, url, options, async () => {
    await withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  });
}

/**
 * Opens the fresh database just made at `url`; `remove` deletes it, at once if it cannot be
 * opened, else at `drop()` after closing it.
 */
async function openFresh(
  provider: Provider,
  url: string,
  options: OpenOptions,
  remove: () => Promise<void>,
): Promise<TestDatabase> {
  let db: Database;
  try {
    db = await openDatabase(url, { analyticsUrl: null, ...options });
  } catch (error) {
    await remove();
    throw error;
  }
  let dropped = false;
  const analyticsUrl = options.analyticsUrl ?? null;
  return {
    url,
    provider,
    engine: analyticsUrl ? "clickhouse" : provider,
    analyticsUrl,
    env: { DATABASE_URL: url, ANALYTICS_URL: analyticsUrl ?? "" },
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      try {
        await db.close();
      } finally {
        await remove();
      }
    },
  };
}

/** Runs `fn` with a fresh database, removed afterwards even if `fn` throws. */
export async function withTestDatabase<T>(
  provider: FactEngine,
  fn: (test: TestDatabase) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const test = await createTestDatabase(provider, options);
  try {
    return await fn(test);
  } finally {
    await test.drop();
  }
}

/**
 * Registers beforeEach/afterEach hooks giving every test of the enclosing `describe` its own
 * fresh database: `const t = useTestDatabase("sqlite"); it("...", () => t.db ...)`.
 */
export function useTestDatabase(provider: FactEngine, options: OpenOptions = {}): TestDatabase {
  return testDatabaseHooks(provider, options, "each");
}

/**
 * Like {@link useTestDatabase}, but one fresh database for all the tests of the enclosing
 * `describe` (beforeAll/afterAll hooks): for tests that only read a store that is slow to build,
 * each of which would otherwise build it again.
 */
export function useSharedTestDatabase(provider: FactEngine, options: OpenOptions = {}): TestDatabase {
  return testDatabaseHooks(provider, options, "all");
}

/** A database created before each test ("each") or once before all of them ("all"), dropped after. */
function testDatabaseHooks(provider: FactEngine, options: OpenOptions, scope: "each" | "all"): TestDatabase {
  let current: TestDatabase | undefined;
  (scope === "each" ? beforeEach : beforeAll)(async () => {
    current = await createTestDatabase(provider, options);
  });
  (scope === "each" ? afterEach : afterAll)(async () => {
    const test = current;
    current = undefined;
    await test?.drop();
  });
  const get = (): TestDatabase => {
    if (!current) {
      throw new Error(
        scope === "each"
          ? "useTestDatabase: the database exists only inside a test"
          : "useSharedTestDatabase: the database exists only inside the describe's tests",
      );
    }
    return current;
  };
  return {
    provider: provider === "clickhouse" ? "sqlite" : provider,
    engine: provider,
    get analyticsUrl() {
      return get().analyticsUrl;
    },
    get env() {
      return get().env;
    },
    get url() {
      return get().url;
    },
    get db() {
      return get().db;
    },
    drop: () => get().drop(),
  };
}

/** The names of the indexes on `transactions`, as the database lists them (SQL of each dialect). */
export async function transactionIndexNames(db: Database): Promise<string[]> {
  const rows = await db.raw.query<{ name: string }>(
    db.provider === "sqlite"
      ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions'"
      : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'transactions'",
  );
  return rows.map((row) => row.name);
}

/**
 * A test's own SQL on the facts, for expected values: `sql` (with `$n` parameters) where the facts
 * are in the app database, `clickhouse` on the ClickHouse engine (literals inlined by the test;
 * `{db}` stands for the test database's name, which a shard's local table in a subquery needs).
 */
export async function factsQuery<Row>(
  db: Database,
  query: { readonly sql: string; readonly params?: readonly unknown[]; readonly clickhouse: string },
): Promise<Row[]> {
  if (db.analytics)
    return db.analytics.query<Row>(query.clickhouse.replaceAll("{db}", db.analytics.database));
  return db.raw.query<Row>(query.sql, query.params ?? []);
}

/**
 * A test's own SQL on the facts where one statement reads the same in every dialect (count(*),
 * CASE, BETWEEN on `customer_scores`...): on ClickHouse its `$n` parameters, numbers only, are
 * written in as literals and the names are the cluster's `Distributed` tables.
 */
export function portableFactsQuery<Row>(
  db: Database,
  sql: string,
  params: readonly number[] = [],
): Promise<Row[]> {
  const clickhouse = sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (value === undefined || !Number.isFinite(value))
      throw new Error(`portableFactsQuery: no number for $${n}`);
    return String(value);
  });
  return factsQuery<Row>(db, { sql, params, clickhouse });
}
