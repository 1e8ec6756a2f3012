import { describe, expect, it } from "vitest";
import { TRANSACTION_INDEXES } from "../db/indexes";
import { PROVIDERS, transactionIndexNames, useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";

/** `rfm <args>` in a child process against `url`, as a user runs it. */
const rfm = (url: string, ...args: string[]) => runCli(args, url);

describe.each(PROVIDERS)("rfm db status and migrate after a killed import on %s", (provider) => {
  const t = useTestDatabase(provider);
  const indexNames = () => transactionIndexNames(t.db);

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
