import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { failInterruptedImports, startHeldImport } from "./import-lock";
import { recentImports } from "./import-log";

describe.each(FACT_ENGINES)("import liveness on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("leaves a running import alone while its owner holds the lock, and marks it interrupted once it is gone", async () => {
    const held = await startHeldImport(t.db, "transactions", "orders.csv");
    expect(await failInterruptedImports(t.db)).toEqual([]);
    expect((await recentImports(t.db))[0]).toMatchObject({ id: held.importId, status: "running" });

    // The owner goes away without closing its log row, as a killed process does.
    await held.release();
    expect(await failInterruptedImports(t.db)).toEqual([held.importId]);
    const [entry] = await recentImports(t.db);
    expect(entry).toMatchObject({ id: held.importId, status: "failed" });
    expect(entry!.error).toMatch(/^interrupted: /);
    expect(entry!.finishedAt).not.toBeNull();
    // Once marked, it is not marked again.
    expect(await failInterruptedImports(t.db)).toEqual([]);
  });

  it("a row with no lock at all (left by a process that died, or an older version) is interrupted", async () => {
    await t.db.raw.execute(
      "INSERT INTO import_log (kind, file, started_at, status) VALUES ('customers', 'c.csv', $1, 'running')",
      // The import log is in the app database: SQLite's with the ClickHouse engine too.
      [t.provider === "sqlite" ? Date.now() : new Date().toISOString()],
    );
    const [row] = await recentImports(t.db);
    expect(await failInterruptedImports(t.db)).toEqual([row!.id]);
  });
});

describe("import liveness on SQLite: the lock file", () => {
  const t = useTestDatabase("sqlite");

  it("a lock file whose process has exited does not keep an import alive", async () => {
    const held = await startHeldImport(t.db, "transactions", "orders.csv");
    // A real process id that no longer exists: a child that has already exited.
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const db = t.db;
    if (db.provider !== "sqlite") throw new Error("a SQLite database was asked for");
    writeFileSync(`${db.path}.import-${held.importId}.lock`, String(gone));
    expect(await failInterruptedImports(t.db)).toEqual([held.importId]);
    await held.release();
  });
});
