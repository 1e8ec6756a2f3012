import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../app-error";
import { defaultMigrationsDir, migrate, migrationStatus, readMigrations, sha256 } from "./migrate";
import { PROVIDERS, useTestDatabase } from "./testing";

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: number | null;
  rolled_back_at: number | null;
  started_at: number;
  applied_steps_count: number;
  logs: string | null;
}

describe.each(PROVIDERS)("migrations on %s", (provider) => {
  const t = useTestDatabase(provider, { migrate: false });
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "rfm-migrations-"));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A copy of the real migrations folder that a test may change. */
  function copyOfMigrations(): string {
    const dir = join(scratch, "migrations");
    cpSync(defaultMigrationsDir(provider), dir, { recursive: true });
    return dir;
  }

  function addMigration(dir: string, name: string, sql: string): void {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }

  const history = () =>
    t.db.raw.query<MigrationRow>("SELECT * FROM _prisma_migrations ORDER BY migration_name");

  const tableExists = async (name: string) =>
    (
      await t.db.raw.query(
        provider === "sqlite"
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1"
          : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1",
        [name],
      )
    ).length > 0;

  it("applies every migration to an empty database and records each as Prisma does", async () => {
    const migrations = readMigrations(defaultMigrationsDir(provider));
    expect(migrations.length).toBeGreaterThan(0);

    const result = await migrate(t.url);

    expect(result).toEqual({ applied: migrations.map((m) => m.name), alreadyApplied: 0, rebuiltIndexes: [] });
    const rows = await history();
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = readFileSync(
        join(defaultMigrationsDir(provider), row.migration_name, "migration.sql"),
        "utf8",
      );
      expect(row.checksum).toBe(sha256(file));
      expect(row.checksum).toBe(migrations[i]!.checksum);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.finished_at).toBeGreaterThanOrEqual(row.started_at);
    }
    expect(await tableExists("transactions")).toBe(true);
    expect((await migrationStatus(t.url)).every((s) => s.state === "applied")).toBe(true);
  });

  it("a second run applies nothing and leaves the history as it was", async () => {
    await migrate(t.url);
    const before = await history();

    const again = await migrate(t.url);

    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(before.length);
    expect(await history()).toEqual(before);
  });

  it("two processes migrating at once apply each migration exactly once", async () => {
    const [a, b] = await Promise.all([migrate(t.url), migrate(t.url)]);

    const total = readMigrations(defaultMigrationsDir(provider)).length;
    expect(a.applied.length + b.applied.length).toBe(total);
    expect(await history()).toHaveLength(total);
  });

  it("refuses, naming it, a migration whose migration.sql changed after it was applied, before running any other", async () => {
    const dir = copyOfMigrations();
    await migrate(t.url, { migrationsDir: dir });
    const [first] = readMigrations(dir);
    writeFileSync(join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited afterwards\n`);
    addMigration(dir, "29990101000000_next", 'CREATE TABLE "next_thing" ("id" INTEGER NOT NULL);\n');

    const attempt = migrate(t.url, { migrationsDir: dir });

    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "MIGRATION_MODIFIED" });
    await expect(attempt).rejects.toThrow(first!.name);
    expect(await tableExists("next_thing")).toBe(false);
    const status = await migrationStatus(t.url, { migrationsDir: dir });
    expect(status.find((s) => s.name === first!.name)?.state).toBe("modified");
    expect(status.find((s) => s.name === "29990101000000_next")?.state).toBe("pending");
  });

  it("still accepts an applied migration.sql whose line endings were converted to CRLF", async () => {
    const dir = copyOfMigrations();
    await migrate(t.url, { migrationsDir: dir });
    const [first] = readMigrations(dir);
    writeFileSync(join(dir, first!.name, "migration.sql"), first!.sql.replace(/\n/g, "\r\n"));

    await expect(migrate(t.url, { migrationsDir: dir })).resolves.toMatchObject({ applied: [] });
  });

  it("applies a new migration on top of applied ones", async () => {
    const dir = copyOfMigrations();
    await migrate(t.url, { migrationsDir: dir });
    addMigration(
      dir,
      "29990101000000_add_note",
      'CREATE TABLE "notes" ("id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT);\nINSERT INTO "notes" ("id", "text") VALUES (1, \'hello\');\n',
    );

    const result = await migrate(t.url, { migrationsDir: dir });

    expect(result.applied).toEqual(["29990101000000_add_note"]);
    expect(await t.db.raw.query("SELECT text FROM notes")).toEqual([{ text: "hello" }]);
  });

  it("rolls a failing migration back whole and records nothing for it", async () => {
    const dir = copyOfMigrations();
    await migrate(t.url, { migrationsDir: dir });
    addMigration(
      dir,
      "29990101000000_broken",
      'CREATE TABLE "half_done" ("id" INTEGER NOT NULL);\nINSERT INTO "no_such_table" VALUES (1);\n',
    );

    const attempt = migrate(t.url, { migrationsDir: dir });

    await expect(attempt).rejects.toMatchObject({ code: "MIGRATION_FAILED" });
    await expect(attempt).rejects.toThrow("29990101000000_broken");
    expect(await tableExists("half_done")).toBe(false);
    expect((await history()).map((row) => row.migration_name)).not.toContain("29990101000000_broken");
    const status = await migrationStatus(t.url, { migrationsDir: dir });
    expect(status.find((s) => s.name === "29990101000000_broken")?.state).toBe("pending");
  });

  it("refuses to go on after a migration the Prisma CLI recorded as failed", async () => {
    const dir = copyOfMigrations();
    await migrate(t.url, { migrationsDir: dir });
    await t.db.raw.execute(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', 'x', '29990101000000_failed', 'boom', $1, 0)`,
      [provider === "sqlite" ? Date.now() : new Date()],
    );

    await expect(migrate(t.url, { migrationsDir: dir })).rejects.toMatchObject({
      code: "MIGRATION_FAILED_BEFORE",
    });
  });
});
