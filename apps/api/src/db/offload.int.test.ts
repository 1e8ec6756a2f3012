import { readdirSync, readlinkSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { queryOffThread } from "./offload";
import { existingSqliteQueryPool, SQLITE_QUERY_THREADS } from "./sqlite-query-pool";
import { createTestDatabase, PROVIDERS } from "./testing";

/** This process's open file descriptors on `path` (Linux's /proc). */
function openDescriptors(path: string): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed between the listing and the look-up
    }
  }).length;
}

const ROWS = 1_000;

describe.each(PROVIDERS)("queryOffThread on %s", (provider) => {
  it("answers 20 concurrent queries, each with its own parameters", async () => {
    const t = await createTestDatabase(provider);
    try {
      await t.db.raw.execute("CREATE TABLE offload_numbers (n INTEGER NOT NULL)");
      await t.db.raw.execute(
        `INSERT INTO offload_numbers (n) SELECT x FROM (${provider === "sqlite" ? "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < $1) SELECT x FROM s" : "SELECT generate_series(1, $1) AS x"}) AS s`,
        [ROWS],
      );
      const limits = Array.from({ length: 20 }, (_, i) => (i + 1) * 50);
      const results = await Promise.all(
        limits.map((limit) =>
          queryOffThread<{ count: number; total: number }>(
            t.db,
            "SELECT COUNT(*) AS count, SUM(n) AS total FROM offload_numbers WHERE n <= $1",
            [limit],
          ),
        ),
      );
      expect(results.map((rows) => rows.map((r) => [Number(r.count), Number(r.total)]))).toEqual(
        limits.map((limit) => [[limit, (limit * (limit + 1)) / 2]]),
      );
    } finally {
      await t.drop();
    }
  });
});

describe("the SQLite query pool", () => {
  it("runs 20 concurrent queries on at most its thread count of workers, each keeping one connection", async () => {
    const t = await createTestDatabase("sqlite");
    if (t.db.provider !== "sqlite") throw new Error("expected SQLite");
    const { db } = t;
    try {
      db.sqlite.exec("CREATE TABLE offload_numbers (n INTEGER NOT NULL)");
      const insert = db.sqlite.prepare("INSERT INTO offload_numbers (n) VALUES (?)");
      db.sqlite.transaction(() => {
        for (let n = 1; n <= ROWS; n++) insert.run(n);
      })();
      expect(existingSqliteQueryPool(db.sqlite)).toBeUndefined();
      const before = openDescriptors(db.path);

      const first = queryOffThread<{ n: number }>(db, "SELECT COUNT(*) AS n FROM offload_numbers");
      const pool = existingSqliteQueryPool(db.sqlite);
      if (!pool) throw new Error("the first query starts the pool");
      // piscina announces a thread asynchronously, so a listener attached now sees every one.
      let created = 0;
      pool.on("workerCreate", () => {
        created++;
      });
      const seen = new Set<number>();
      const sample = () => {
        for (const thread of pool.threads) seen.add(thread.threadId);
      };
      sample();
      const rest = Array.from({ length: 19 }, (_, i) =>
        queryOffThread<{ n: number }>(db, "SELECT COUNT(*) AS n FROM offload_numbers WHERE n > $1", [i]),
      );
      const results = await Promise.all([first, ...rest].map((query) => query.finally(sample)));

      expect(results.map(([row]) => row?.n)).toEqual([
        ROWS,
        ...Array.from({ length: 19 }, (_, i) => ROWS - i),
      ]);
      expect(created).toBeGreaterThanOrEqual(1);
      expect(created).toBeLessThanOrEqual(SQLITE_QUERY_THREADS);
      expect(seen.size).toBeLessThanOrEqual(SQLITE_QUERY_THREADS);
      // One read-only connection per thread, kept open between queries rather than one per query.
      const opened = openDescriptors(db.path) - before;
      expect(opened).toBeGreaterThanOrEqual(1);
      expect(opened).toBeLessThanOrEqual(pool.threads.length);

      await db.close();
      expect(pool.threads.length).toBe(0);
      expect(existingSqliteQueryPool(db.sqlite)).toBeUndefined();
      expect(openDescriptors(db.path)).toBe(0);
    } finally {
      await t.drop();
    }
  });

  it("rejects a failing query with SQLite's message and keeps serving the next ones", async () => {
    const t = await createTestDatabase("sqlite");
    try {
      await expect(queryOffThread(t.db, "SELECT * FROM no_such_table")).rejects.toThrow(/no such table/);
      expect(await queryOffThread<{ one: number }>(t.db, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await t.drop();
    }
  });
});
