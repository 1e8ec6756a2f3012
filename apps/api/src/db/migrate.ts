/**
 * Applies the migrations in `prisma/<provider>/migrations/` without the Prisma CLI (whose
 * JavaScript schema engine cannot deploy to PostgreSQL; docs/storage.md), keeping
 * `_prisma_migrations` exactly as Prisma does, so `prisma migrate status` and `deploy` with
 * native engines see the same history.
 *
 * Rules:
 * - migrations run in name order (Prisma's `<timestamp>_<name>` folders sort by time);
 * - each migration runs in its own transaction together with its `_prisma_migrations` row:
 *   it is applied whole or not at all, and a failed one leaves nothing behind to resolve;
 * - an applied migration whose migration.sql has changed (sha256 checksum, as Prisma computes
 *   it) stops everything before any pending migration runs: history must not be rewritten;
 * - a row Prisma left as failed (not finished, not rolled back) stops everything as well;
 * - PostgreSQL: Prisma's advisory lock (key 72707369) is held for the whole run, so two
 *   processes, or this and the Prisma CLI, never migrate at once; SQLite: each migration's
 *   transaction is taken with BEGIN IMMEDIATE and re-checks the history inside it.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { AppError } from "../app-error";
import { REPO_ROOT } from "../env";
import { createPostgresPool, openSqliteConnection, type Provider, parseDatabaseUrl } from "./connection";
import { missingImportIndexes, repairImportIndexes } from "./indexes";
import { createPostgresRaw, createSqliteRaw } from "./raw";

export interface Migration {
  /** The folder name, e.g. `20261123140853_init`. */
  readonly name: string;
  readonly sql: string;
  /** Hex sha256 of migration.sql, byte for byte: Prisma's checksum. */
  readonly checksum: string;
}

/** One row of `_prisma_migrations`. Times are epoch milliseconds. */
export interface AppliedMigration {
  readonly id: string;
  readonly name: string;
  readonly checksum: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly rolledBackAt: number | null;
  readonly logs: string | null;
}

export type MigrationState =
  | "applied"
  | "pending"
  /** Applied, but migration.sql has changed since. */
  | "modified"
  /** Recorded as failed by the Prisma CLI and not resolved. */
  | "failed"
  /** In the database's history but not in the migrations folder (a newer checkout applied it). */
  | "unknown";

export interface MigrationStatus {
  readonly name: string;
  readonly state: MigrationState;
  readonly finishedAt: number | null;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order. */
  readonly applied: readonly string[];
  /** How many were already applied. */
  readonly alreadyApplied: number;
}

/** Prisma's advisory lock key: holding it also keeps `prisma migrate deploy` out. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export function defaultMigrationsDir(provider: Provider): string {
  return join(REPO_ROOT, "prisma", provider, "migrations");
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Whether a recorded checksum still matches the file. Like Prisma, a file whose line endings
 * were converted (git autocrlf) still matches.
 */
export function checksumMatches(recorded: string, sql: string): boolean {
  return (
    recorded === sha256(sql) ||
    recorded === sha256(sql.replace(/\r\n/g, "\n")) ||
    recorded === sha256(sql.replace(/\r?\n/g, "\r\n"))
  );
}

/** The migrations of a folder in application order. */
export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: sha256(sql) };
    });
}

/**
 * Compares the folder with the database's history; throws before anything is applied if the
 * history cannot be trusted. Returns the migrations still to apply.
 */
function plan(migrations: readonly Migration[], history: readonly AppliedMigration[]): Migration[] {
  const failed = history.find((row) => row.finishedAt === null && row.rolledBackAt === null);
  if (failed) {
    throw new AppError(
      "MIGRATION_FAILED_BEFORE",
      `migration ${failed.name} failed earlier and was never resolved${failed.logs ? ` (${failed.logs.split("\n")[0]})` : ""}; ` +
        `fix the database, then mark it with \`prisma migrate resolve --applied|--rolled-back ${failed.name}\``,
    );
  }
  const done = new Map(history.filter((row) => row.finishedAt !== null).map((row) => [row.name, row]));
  const modified = migrations.filter((m) => {
    const row = done.get(m.name);
    return row !== undefined && !checksumMatches(row.checksum, m.sql);
  });
  if (modified.length > 0) {
    throw new AppError(
      "MIGRATION_MODIFIED",
      `migration${modified.length > 1 ? "s" : ""} ${modified.map((m) => m.name).join(", ")} ` +
        "changed after being applied to this database (checksum differs); restore the applied " +
        "migration.sql and put the change in a new migration (npm run db:migration:new)",
    );
  }
  return migrations.filter((m) => !done.has(m.name));
}

export function statusOf(
  migrations: readonly Migration[],
  history: readonly AppliedMigration[],
): MigrationStatus[] {
  const byName = new Map<string, AppliedMigration>();
  for (const row of history) if (row.rolledBackAt === null) byName.set(row.name, row);
  const known = new Set(migrations.map((m) => m.name));
  const statuses: MigrationStatus[] = migrations.map((m) => {
    const row = byName.get(m.name);
    if (!row) return { name: m.name, state: "pending", finishedAt: null };
    if (row.finishedAt === null) return { name: m.name, state: "failed", finishedAt: null };
    return {
      name: m.name,
      state: checksumMatches(row.checksum, m.sql) ? "applied" : "modified",
      finishedAt: row.finishedAt,
    };
  });
  for (const row of byName.values()) {
    if (!known.has(row.name)) statuses.push({ name: row.name, state: "unknown", finishedAt: row.finishedAt });
  }
  return statuses.sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------------------------
// SQLite

/** `_prisma_migrations` as Prisma's SQLite connector creates it. */
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface HistoryRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: unknown;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Dates in `_prisma_migrations` are epoch ms (ours, Prisma's JS engine) or text (native engine). */
function toMillis(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.getTime();
  const parsed = Date.parse(String(value));
  return Number.isNaN(parsed) ? 0 : parsed;
}

function toApplied(row: HistoryRow): AppliedMigration {
  return {
    id: row.id,
    name: row.migration_name,
    checksum: row.checksum,
    logs: row.logs,
    startedAt: toMillis(row.started_at) ?? 0,
    finishedAt: toMillis(row.finished_at),
    rolledBackAt: toMillis(row.rolled_back_at),
  };
}

function sqliteHistory(db: BetterSqlite3.Database): AppliedMigration[] {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
    .get();
  if (!exists) return [];
  return (
    db.prepare("SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name").all() as HistoryRow[]
  ).map(toApplied);
}

/**
 * Applies pending migrations to an open SQLite database. Foreign keys are switched off while
 * migrating (SQLite ignores the pragma inside a transaction, and a table redefinition must not
 * cascade deletes) and checked with `foreign_key_check` before each commit, SQLite's documented
 * procedure for schema changes.
 */
export function migrateSqlite(
  db: BetterSqlite3.Database,
  dir: string = defaultMigrationsDir("sqlite"),
): MigrateResult {
  const migrations = readMigrations(dir);
  db.exec(SQLITE_MIGRATIONS_TABLE);
  const pending = plan(migrations, sqliteHistory(db));
  const applied: string[] = [];
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) as number;
  db.pragma("foreign_keys = OFF");
  try {
    for (const migration of pending) {
      db.exec("BEGIN IMMEDIATE");
      try {
        // Another process may have applied it between our plan and our lock.
        if (plan([migration], sqliteHistory(db)).length === 0) {
          db.exec("ROLLBACK");
          continue;
        }
        const started = Date.now();
        db.exec(migration.sql);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0) {
          throw new Error(`leaves ${violations.length} rows violating foreign keys`);
        }
        db.prepare(
          `INSERT INTO _prisma_migrations
             (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), migration.checksum, Date.now(), migration.name, started);
        db.exec("COMMIT");
        applied.push(migration.name);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw new AppError(
          "MIGRATION_FAILED",
          `migration ${migration.name} failed and was rolled back: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  }
  return { applied, alreadyApplied: migrations.length - pending.length };
}

export function sqliteStatus(
  db: BetterSqlite3.Database,
  dir: string = defaultMigrationsDir("sqlite"),
): MigrationStatus[] {
  return statusOf(readMigrations(dir), sqliteHistory(db));
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** `_prisma_migrations` as Prisma's PostgreSQL connector creates it. */
const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

type Queryable = Pick<pg.PoolClient, "query">;

async function postgresHistory(client: Queryable): Promise<AppliedMigration[]> {
  const exists = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return [];
  const result = await client.query<HistoryRow>(
    "SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name",
  );
  return result.rows.map(toApplied);
}

/**
 * Applies pending migrations on PostgreSQL in `schema` (created if missing). The connection's
 * search_path must already name that schema (the client factory sets it for `?schema=`).
 */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string,
  dir: string = defaultMigrationsDir("postgresql"),
): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      const present = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
      if (present.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
      await client.query(POSTGRES_MIGRATIONS_TABLE);
      // Under the lock nobody else migrates: the plan stays true while we apply it.
      const pending = plan(migrations, await postgresHistory(client));
      const applied: string[] = [];
      for (const migration of pending) {
        await client.query("BEGIN");
        try {
          const started = new Date();
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO _prisma_migrations
               (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, $5, $3, NULL, NULL, $4, 1)`,
            // Both times from the same clock: PostgreSQL's now() is the transaction's start,
            // which precedes \`started\` and would record a migration finishing before it began.
            [randomUUID(), migration.checksum, migration.name, started, new Date()],
          );
          await client.query("COMMIT");
          applied.push(migration.name);
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw new AppError(
            "MIGRATION_FAILED",
            `migration ${migration.name} failed and was rolled back: ${(error as Error).message}`,
            { cause: error },
          );
        }
      }
      return { applied, alreadyApplied: migrations.length - pending.length };
    } finally {
      // Ending the session releases the lock too; an error here must not hide the real one.
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

export async function postgresStatus(
  pool: pg.Pool,
  dir: string = defaultMigrationsDir("postgresql"),
): Promise<MigrationStatus[]> {
  return statusOf(readMigrations(dir), await postgresHistory(pool));
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------
// By URL (what `rfm db migrate` and `rfm db status` call)

export interface MigrateOptions {
  /** Another migrations folder (tests); default `prisma/<provider>/migrations`. */
  readonly migrationsDir?: string;
}

export interface MigrateUrlResult extends MigrateResult {
  /** Indexes a killed import had left suspended, rebuilt after the migrations (indexes.ts). */
  readonly rebuiltIndexes: readonly string[];
}

/**
 * Applies pending migrations to the database at `url`, then rebuilds any index a killed import
 * left suspended (what `openDatabase` does on every start); idempotent.
 */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<MigrateUrlResult> {
  const target = parseDatabaseUrl(url);
  // The suspendable indexes are those of the latest schema: another migrations folder (a test's
  // earlier migrations) may not have created them yet, and must not get them early.
  const repair = options.migrationsDir === undefined;
  if (target.provider === "sqlite") {
    const db = openSqliteConnection(target.path);
    try {
      const result = migrateSqlite(db, options.migrationsDir);
      return {
        ...result,
        rebuiltIndexes: repair ? await repairImportIndexes(createSqliteRaw(db), "sqlite") : [],
      };
    } finally {
      db.close();
    }
  }
  const pool = createPostgresPool(target, { max: 1 });
  try {
    const result = await migratePostgres(pool, target.schema, options.migrationsDir);
    return {
      ...result,
      rebuiltIndexes: repair ? await repairImportIndexes(createPostgresRaw(pool), "postgresql") : [],
    };
  } finally {
    await pool.end();
  }
}

/** The suspendable indexes missing from the database at `url` (indexes.ts); looks only. */
export async function missingIndexes(url: string): Promise<string[]> {
  const target = parseDatabaseUrl(url);
  if (target.provider === "sqlite") {
    if (!existsSync(target.path)) return [];
    const db = openSqliteConnection(target.path);
    try {
      return await missingImportIndexes(createSqliteRaw(db), "sqlite");
    } finally {
      db.close();
    }
  }
  const pool = createPostgresPool(target, { max: 1 });
  try {
    return await missingImportIndexes(createPostgresRaw(pool), "postgresql");
  } finally {
    await pool.end();
  }
}

/** Every migration of the folder and of the database's history, with its state. */
export async function migrationStatus(url: string, options: MigrateOptions = {}): Promise<MigrationStatus[]> {
  const target = parseDatabaseUrl(url);
  if (target.provider === "sqlite") {
    // Looking must not create the database file.
    if (!existsSync(target.path)) {
      return statusOf(readMigrations(options.migrationsDir ?? defaultMigrationsDir("sqlite")), []);
    }
    const db = openSqliteConnection(target.path);
    try {
      return sqliteStatus(db, options.migrationsDir);
    } finally {
      db.close();
    }
  }
  const pool = createPostgresPool(target, { max: 1 });
  try {
    return await postgresStatus(pool, options.migrationsDir);
  } finally {
    await pool.end();
  }
}
