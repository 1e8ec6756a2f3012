/**
 * The drop folder against real databases: two watchers (two connections, two claimer ids, as two
 * processes) looking at the same moment import each file once and move it aside; a bad file goes
 * to failed/ with its reason; a file a dead process had claimed is imported again without
 * doubling anything; a file still being written is left until it settles. Counts are read back
 * with SQL and compared with the rows written here.
 */

import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client";
import { factCount } from "../../db/facts/testing";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { childEnv, REPO_ROOT } from "../../env";
import { FAILED_DIR, IMPORTED_DIR, IMPORTING_DIR, ImportFolder } from "./import-folder";

const ORDERS = `order_id,customer_id,occurred_at,amount
o1,c1,2024-01-05,10.00
o2,c1,2024-02-05,20.50
o3,c2,2024-03-01,7.25
o4,c3,2024-03-02,not-a-number
`;
const CUSTOMERS = `customer_id,name,email
c1,Ada,ada@example.com
c9,Grace,grace@example.com
`;
const NOW = Date.UTC(2024, 6, 1, 12);
const BIN = `${REPO_ROOT}/apps/api/bin/rfm.mjs`;

async function count(db: Database, table: string): Promise<number> {
  // The facts are on ClickHouse with that engine; the import log is in the app database always.
  if (table === "customers" || table === "transactions") return factCount(db, table);
  const [row] = await db.raw.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(row!.n);
}

describe.each(FACT_ENGINES)("the import folder on %s", (engine) => {
  const t = useTestDatabase(engine);
  const opened: Database[] = [];
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rfm-drop-"));
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A file in the folder, last changed a minute before NOW (settled). */
  const drop = (name: string, text: string, changedAt = NOW - 60_000) => {
    writeFileSync(join(dir, name), text);
    utimesSync(join(dir, name), changedAt / 1000, changedAt / 1000);
  };

  async function watcher(pid: number, alive: (pid: number) => boolean = () => true) {
    const db = await openDatabase(t.url, { migrate: false, analyticsUrl: t.analyticsUrl });
    opened.push(db);
    return new ImportFolder({ db, dir, pid, isAlive: alive, now: () => NOW, settleMs: 2_000 });
  }

  it("imports each file once when two watchers look at the same moment, and moves it to imported/", async () => {
    drop("orders-2024.csv", ORDERS);
    drop("customers.csv", CUSTOMERS);
    drop("notes.txt", "not an import");
    const [a, b] = [await watcher(101), await watcher(102)];
    const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
    const all = [...fromA, ...fromB].sort((x, y) => x.file.localeCompare(y.file));
    expect(all.map((f) => [f.file, f.kind, f.error])).toEqual([
      ["customers.csv", "customers", null],
      ["orders-2024.csv", "transactions", null],
    ]);
    // Three good orders of c1 and c2; c3's row is rejected (its amount), c9 comes from the customers file.
    expect(await count(t.db, "transactions")).toBe(3);
    expect(await count(t.db, "customers")).toBe(3);
    expect(await count(t.db, "import_log")).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([IMPORTING_DIR, FAILED_DIR, IMPORTED_DIR, "notes.txt"].sort());
    const imported = readdirSync(join(dir, IMPORTED_DIR)).sort();
    expect(imported).toEqual([
      "2024-07-01T12-00-00-000Z-customers.csv",
      "2024-07-01T12-00-00-000Z-orders-2024.csv",
      "2024-07-01T12-00-00-000Z-orders-2024.csv.rejects.csv",
    ]);
    expect(readFileSync(join(dir, IMPORTED_DIR, imported[2]!), "utf8")).toMatch(/not-a-number/);
    expect(await a.tick()).toEqual([]);
    expect(await b.tick()).toEqual([]);
  });

  it("moves a file it cannot import to failed/ with the reason, and imports nothing of it", async () => {
    drop("orders.csv", "customer,when,total\nc1,2024-01-05,10\n");
    const w = await watcher(201);
    const [failed] = await w.tick();
    expect(failed?.error).toMatch(/order_id/);
    expect(await count(t.db, "transactions")).toBe(0);
    const moved = readdirSync(join(dir, FAILED_DIR)).sort();
    expect(moved).toEqual([
      "2024-07-01T12-00-00-000Z-orders.csv",
      "2024-07-01T12-00-00-000Z-orders.csv.error.txt",
    ]);
    expect(readFileSync(join(dir, FAILED_DIR, moved[1]!), "utf8")).toBe(`${failed!.error}\n`);
  });

  it("imports again, without doubling, a file a dead process had claimed; leaves a live claimer's alone", async () => {
    drop("orders.csv", ORDERS);
    const first = await watcher(301);
    await first.tick();
    expect(await count(t.db, "transactions")).toBe(3);
    // Another process claimed a copy of the same file, then died mid-import; a third one is alive.
    writeFileSync(join(dir, IMPORTING_DIR, "999~orders-again.csv"), ORDERS);
    writeFileSync(join(dir, IMPORTING_DIR, "777~busy.csv"), ORDERS);
    for (const name of ["999~orders-again.csv", "777~busy.csv"]) {
      utimesSync(join(dir, IMPORTING_DIR, name), (NOW - 60_000) / 1000, (NOW - 60_000) / 1000);
    }
    const next = await watcher(302, (pid) => pid !== 999);
    const again = await next.tick();
    expect(again.map((f) => [f.file, f.summary?.inserted, f.summary?.alreadyPresent])).toEqual([
      ["orders-again.csv", 0, 3],
    ]);
    expect(await count(t.db, "transactions")).toBe(3);
    expect(readdirSync(join(dir, IMPORTING_DIR))).toEqual(["777~busy.csv"]);
  });

  it("leaves a file changed less than settleMs ago until it has settled", async () => {
    drop("orders.csv", ORDERS, NOW - 1_000);
    const w = await watcher(401);
    expect(await w.tick()).toEqual([]);
    expect(existsSync(join(dir, "orders.csv"))).toBe(true);
    utimesSync(join(dir, "orders.csv"), (NOW - 3_000) / 1000, (NOW - 3_000) / 1000);
    expect((await w.tick()).map((f) => f.file)).toEqual(["orders.csv"]);
    expect(await count(t.db, "transactions")).toBe(3);
  });
  it("`rfm serve --import-dir` imports a dropped file once and moves it aside", {
    timeout: 180_000,
  }, async () => {
    writeFileSync(join(dir, "orders.csv"), ORDERS);
    utimesSync(join(dir, "orders.csv"), (Date.now() - 60_000) / 1000, (Date.now() - 60_000) / 1000);
    const child = spawn(
      process.execPath,
      [BIN, "serve", "--host", "127.0.0.1", "--no-scheduler", "--import-dir", dir],
      {
        cwd: REPO_ROOT,
        env: childEnv({ ...t.env, PORT: "0", SCHEDULER_INTERVAL_MS: "200" }),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      out += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      out += text;
    });
    try {
      const deadline = Date.now() + 150_000;
      const moved = () =>
        existsSync(join(dir, IMPORTED_DIR)) &&
        readdirSync(join(dir, IMPORTED_DIR)).some((f) => f.endsWith("-orders.csv"));
      // The server logs the import after moving the file, and its log reaches us a moment later.
      const logged = () => out.includes("import folder: imported orders.csv");
      while (!(moved() && logged()) && Date.now() < deadline) await sleep(100);
      expect(moved(), out).toBe(true);
      expect(await count(t.db, "transactions")).toBe(3);
      expect(existsSync(join(dir, "orders.csv"))).toBe(false);
      expect(out).toContain("import folder: imported orders.csv");
    } finally {
      child.kill("SIGKILL");
    }
  });
});
