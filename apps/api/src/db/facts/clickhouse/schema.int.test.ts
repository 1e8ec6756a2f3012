/** The schema on the local two-shard cluster (`npm run clickhouse:local`). */
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../testing";

describe("the ClickHouse facts schema", () => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.drop();
  });

  it("creates local tables on both shards and Distributed tables that split rows by customer", async () => {
    test = await createTestDatabase("clickhouse");
    const ch = test.db.analytics!;
    expect(ch.shardCount).toBe(2);
    await ch.command(
      "INSERT INTO customer_scores (run_id, customer_id, recency_days, frequency, monetary_cents, r, f, m, code, clv) SELECT 1, toUInt32(number + 1), 0, 1, 100, 1, 1, 1, 0, NULL FROM system.numbers LIMIT 1000",
    );
    // Distributed inserts are sent on in the background: wait for both shards to hold them.
    const counts = async () =>
      Promise.all(
        [0, 1].map(async (shard) =>
          Number(
            (await ch.queryShard<{ n: string }>(shard, "SELECT count() AS n FROM customer_scores_local"))[0]!
              .n,
          ),
        ),
      );
    for (let i = 0; i < 50 && (await counts()).reduce((a, b) => a + b) < 1000; i++)
      await new Promise((r) => setTimeout(r, 100));
    // customer_id % 2: even ids on the first shard, odd on the second.
    expect(await counts()).toEqual([500, 500]);
    const [even] = await ch.queryShard<{ n: string }>(
      0,
      "SELECT count() AS n FROM customer_scores_local WHERE customer_id % 2 = 0",
    );
    expect(Number(even!.n)).toBe(500);
    expect(ch.shardOf(7)).toBe(1);
  });

  it("drops its database on every shard", async () => {
    test = await createTestDatabase("clickhouse");
    const ch = test.db.analytics!;
    const database = ch.database;
    await test.drop();
    const { openClickHouse } = await import("./connection");
    const probe = openClickHouse(test.analyticsUrl!);
    try {
      for (const server of probe.servers) {
        const rows = (await (
          await server.query({
            query: `SELECT name FROM system.databases WHERE name = '${database}'`,
            format: "JSONEachRow",
          })
        ).json()) as unknown[];
        expect(rows).toEqual([]);
      }
    } finally {
      await probe.close();
    }
    test = undefined;
  });
});
