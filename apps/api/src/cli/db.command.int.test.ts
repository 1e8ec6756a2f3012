import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { TRANSACTION_INDEXES } from "../db/indexes";
import { PROVIDERS, useTestDatabase } from "../db/testing";
import { childEnv, REPO_ROOT } from "../env";

const run = promisify(execFile);
const BIN = join(REPO_ROOT, "apps/api/bin/rfm.mjs");

/** `rfm <args>` in a child process against `url`, as a user runs it. */
async function rfm(
  url: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: childEnv({ DATABASE_URL: url }),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe.each(PROVIDERS)("rfm db status and migrate after a killed import on %s", (provider) => {
  const t = useTestDatabase(provider);
  const indexNames = async () =>
    (
      await t.db.raw.query<{ name: string }>(
        provider === "sqlite"
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions'"
          : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'transactions'",
      )
    ).map((row) => row.name);

  it("status reports the index the import suspended, migrate rebuilds it, and status is quiet again", async () => {
    const [name] = TRANSACTION_INDEXES.map((index) => index.name);
    // What an import killed between suspending and restoring its indexes leaves behind.
    await t.db.raw.execute(`DROP INDEX "${name}"`);
    expect(await indexNames()).not.toContain(name);

    const status = await rfm(t.url, "db", "status");
    expect(status.stderr).toBe("");
    // Informational: the schema is up to date, the database works (slower) without the index.
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date.");
    expect(status.stdout).toContain(`Index ${name} is missing`);
    expect(status.stdout).toContain("run `rfm db migrate` to rebuild it");
    expect(await indexNames()).not.toContain(name);

    const migrated = await rfm(t.url, "db", "migrate");
    expect(migrated.stderr).toBe("");
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain("up to date");
    expect(migrated.stdout).toContain(`Rebuilt index ${name}`);
    expect((await indexNames()).filter((n) => n === name)).toHaveLength(1);

    const again = await rfm(t.url, "db", "status");
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("missing");
    const quiet = await rfm(t.url, "db", "migrate");
    expect(quiet.stdout).not.toContain("Rebuilt");
  }, 60_000);
});
