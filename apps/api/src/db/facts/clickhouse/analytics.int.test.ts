/**
 * The dashboard's scans on the ClickHouse cluster, on rows written straight into the shards'
 * local tables (the API suites cover them end to end). Expected values are written out by hand.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing";
import { factsStoreOf } from "..";
import type { ClickHouse } from "./connection";

const DAY = 86_400_000;

async function insert(ch: ClickHouse, table: string, rows: Record<string, unknown>[], key: string) {
  for (const row of rows) await ch.insertShard(ch.shardOf(Number(row[key])), `${table}_local`, [row]);
}

const score = (runId: number, customerId: number, code: number) => ({
  run_id: runId,
  customer_id: customerId,
  recency_days: 1,
  frequency: 1,
  monetary_cents: 100,
  r: 1,
  f: 1,
  m: 1,
  code,
  clv: null,
});

describe("analytics scans on the ClickHouse cluster", () => {
  const t = useTestDatabase("clickhouse");

  it("sums sales per UTC day, piece and area (the order's area, else its customer's; the latest version of each), counts customers per area, and a key that changes with new rows", async () => {
    const ch = t.db.analytics!;
    const facts = factsStoreOf(t.db).analytics;
    const customer = (id: number, province: string | null, version = 1) => ({
      id,
      external_id: `C${id}`,
      province,
      region: province ? `${province}-R` : null,
      imported_at: 0,
      version,
    });
    await insert(ch, "customers", [customer(1, "ON"), customer(2, "QC"), customer(3, null)], "id");
    // Customer 2 moved: its latest version counts.
    await insert(ch, "customers", [customer(2, "BC", 2)], "id");
    const keyBefore = await facts.salesKey();
    const order = (
      customerId: number,
      orderId: string,
      at: number,
      cents: number,
      province: string | null = null,
      version = 1,
    ) => ({
      customer_id: customerId,
      order_id: orderId,
      occurred_at: at,
      amount_cents: cents,
      line_count: 1,
      province,
      region: null,
      version,
    });
    await insert(
      ch,
      "transactions",
      [
        order(1, "a", 10 * DAY + 1000, 500),
        order(1, "b", 10 * DAY + 6 * 3_600_000, 700),
        order(2, "c", 10 * DAY + 2000, 300),
        order(3, "d", -DAY + 5, 100, "NS"),
        // Re-imported with another amount: the latest version counts, once.
        order(2, "c", 10 * DAY + 2000, 400, null, 2),
      ],
      "customer_id",
    );
    expect(await facts.salesKey()).not.toBe(keyBefore);
    // One cut at 05:00 UTC: order b is in piece 1 of day 10.
    const rows = await facts.sales([5 * 3_600_000]);
    const simple = rows
      .map((r) => [r.day, r.piece, r.province, r.region, r.transactions, r.revenueCents])
      .sort((x, y) => String(x).localeCompare(String(y)));
    expect(simple).toEqual(
      [
        [-1, 0, "NS", null, 1, 100],
        [10, 0, "BC", "BC-R", 1, 400],
        [10, 0, "ON", "ON-R", 1, 500],
        [10, 1, "ON", "ON-R", 1, 700],
      ].sort((x, y) => String(x).localeCompare(String(y))),
    );
    const areas = (await facts.areas()).map((a) => [a.province, a.region, a.customers]);
    expect(areas.sort((x, y) => String(x).localeCompare(String(y)))).toEqual(
      [
        ["BC", "BC-R", 1],
        ["ON", "ON-R", 1],
        [null, null, 1],
      ].sort((x, y) => String(x).localeCompare(String(y))),
    );
  });

  it("counts movement between two runs per code pair, and those in only one run, across both shards", async () => {
    const ch = t.db.analytics!;
    const facts = factsStoreOf(t.db).analytics;
    // Run 1: customers 1-5; run 2: customers 2-7. 2 and 3 stay in code 4, 4 and 5 go 4 -> 9.
    await insert(
      ch,
      "customer_scores",
      [1, 2, 3, 4, 5].map((id) => score(1, id, 4)),
      "customer_id",
    );
    await insert(
      ch,
      "customer_scores",
      [score(2, 2, 4), score(2, 3, 4), score(2, 4, 9), score(2, 5, 9), score(2, 6, 1), score(2, 7, 1)],
      "customer_id",
    );
    const m = await facts.movement(1, 2);
    expect([...m.pairs].sort()).toEqual([
      [4, 4, 2],
      [4, 9, 2],
    ]);
    expect(m.entered).toEqual([[1, 2]]);
    expect(m.left).toEqual([[4, 1]]);
  });
});
