/**
 * The pushdown's steps on the local two-shard cluster, on four customers written straight into
 * the shards' `transactions_local` and values computed by hand: the aggregation's counts (FINAL
 * read rule included), the value counts and CLV inputs that come back as RowBinary, the scores
 * and CLV written back (a customer without CLV stored as NULL), and the staging rows dropped.
 */
import { DAY_MS } from "@rfm/core";
import { afterEach, describe, expect, it } from "vitest";
import { calendarOf } from "../../../days";
import { createTestDatabase, type TestDatabase } from "../../testing";
import { clickhouseScoringPushdown } from "./scoring-pushdown";

const HOUR = 3_600_000;
const at = (day: number, hours = 0) => day * DAY_MS + hours * HOUR;

/** customer_id % 2 is the shard: 1 and 3 on the second, 2 and 4 on the first. */
const ORDERS = [
  { customer_id: 1, order_id: "a1", occurred_at: at(19700, 1), amount_cents: 1000, version: 1 },
  { customer_id: 1, order_id: "a2", occurred_at: at(19705, 2), amount_cents: 2500, version: 1 },
  { customer_id: 2, order_id: "b1", occurred_at: at(19709, 3), amount_cents: 500, version: 1 },
  { customer_id: 2, order_id: "b2", occurred_at: at(19709, 4), amount_cents: -200, version: 1 },
  { customer_id: 3, order_id: "c1", occurred_at: at(19690), amount_cents: 4000, version: 1 },
  { customer_id: 3, order_id: "c2", occurred_at: at(19695), amount_cents: 4000, version: 1 },
  { customer_id: 3, order_id: "c3", occurred_at: at(19699), amount_cents: 4000, version: 1 },
  // c3 re-written with more lines (a later version): only this one counts.
  { customer_id: 3, order_id: "c3", occurred_at: at(19699), amount_cents: 5000, version: 2 },
  { customer_id: 4, order_id: "d1", occurred_at: at(19708), amount_cents: -100, version: 1 },
];

describe("the ClickHouse scoring pushdown", () => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.drop();
  });

  it("aggregates each shard's latest order versions, scores by the bounds and writes CLV, NULL where none", async () => {
    test = await createTestDatabase("clickhouse");
    const ch = test.db.analytics!;
    for (const shard of [0, 1]) {
      // Two inserts, so the two versions of c3 sit in different parts until a merge.
      for (const version of [1, 2]) {
        await ch.insertShard(
          shard,
          "transactions_local",
          ORDERS.filter((o) => o.customer_id % 2 === shard && o.version === version).map((o) => ({
            ...o,
            line_count: 1,
            channel: null,
            currency: null,
          })),
        );
      }
    }
    const pushdown = clickhouseScoringPushdown(ch);
    const runId = 7;

    const aggregates = await pushdown.aggregate(runId, {});
    expect(aggregates).toEqual({
      customers: 3,
      orders: 8,
      nonPurchaseOrders: 2,
      customersWithoutPurchases: 1,
      latestOrder: at(19709, 4),
      earliestPurchase: at(19690),
      latestPurchase: at(19709, 3),
      parts: 2,
    });

    const day = { asOfDay: 19710, calendar: calendarOf("UTC") };
    const counts = await pushdown.valueCounts(runId, day);
    expect({
      recency: [...counts.recency.value],
      frequency: [...counts.frequency.value],
      monetary: [...counts.monetary.value],
      n: [...counts.recency.count, ...counts.frequency.count, ...counts.monetary.count],
    }).toEqual({
      recency: [1, 5, 11],
      frequency: [1, 2, 3],
      monetary: [300, 3500, 13000],
      n: Array(9).fill(1),
    });

    const inputs = await pushdown.clvInputs(runId);
    expect({
      customerId: [...inputs.customerId],
      firstPurchase: [...inputs.firstPurchase],
      lastPurchase: [...inputs.lastPurchase],
      frequency: [...inputs.frequency],
      monetary: [...inputs.monetary],
    }).toEqual({
      customerId: [1, 2, 3],
      firstPurchase: [at(19700, 1), at(19709, 3), at(19690)],
      lastPurchase: [at(19705, 2), at(19709, 3), at(19699)],
      frequency: [2, 1, 3],
      monetary: [35, 3, 130],
    });

    // 3 bins. Recency: days <= 10 and <= 3 each add one; frequency: >= 2 and >= 3; monetary:
    // >= 50.00 and >= 100.00. Customer 1: 5 days, 2, 35.00 -> 2 2 1, code (1*3+1)*3+0 = 12;
    // customer 2: 1 day, 1, 3.00 -> 3 1 1, code 18; customer 3: 11 days, 3, 130.00 -> 1 3 3, code 8.
    // Customer 1's NULL comes before customer 3's value in the second shard's rows.
    const clv = Float64Array.of(Number.NaN, 12.345678901234567, 0.1 + 0.2);
    const written = await pushdown.writeScores(runId, {
      ...day,
      bins: 3,
      bounds: { recency: [10, 3], frequency: [2, 3], monetary: [50, 100] },
      clv: { customerId: Uint32Array.of(1, 2, 3), clv },
    });
    expect(written).toBe(3);
    // Written twice (a run re-written): still one row per customer.
    await pushdown.writeScores(runId, {
      ...day,
      bins: 3,
      bounds: { recency: [10, 3], frequency: [2, 3], monetary: [50, 100] },
      clv: { customerId: Uint32Array.of(1, 2, 3), clv },
    });
    const rows = await ch.query<Record<string, unknown>>(
      `SELECT customer_id, recency_days, frequency, toFloat64(monetary_cents) AS cents, r, f, m, code, clv
       FROM customer_scores WHERE run_id = ${runId} ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      {
        customer_id: 1,
        recency_days: 5,
        frequency: 2,
        cents: 3500,
        r: 2,
        f: 2,
        m: 1,
        code: 12,
        clv: null,
      },
      {
        customer_id: 2,
        recency_days: 1,
        frequency: 1,
        cents: 300,
        r: 3,
        f: 1,
        m: 1,
        code: 18,
        clv: 12.345678901234567,
      },
      {
        customer_id: 3,
        recency_days: 11,
        frequency: 3,
        cents: 13000,
        r: 1,
        f: 3,
        m: 3,
        code: 8,
        clv: 0.30000000000000004,
      },
    ]);

    const histogram = await pushdown.histogram(runId, 3, true);
    expect([...histogram.customers].flatMap((n, code) => (n > 0 ? [[code, n]] : []))).toEqual([
      [8, 1],
      [12, 1],
      [18, 1],
    ]);

    await pushdown.discard(runId);
    const [left] = await ch.query<{ inputs: string; clv: string }>(
      `SELECT (SELECT count() FROM score_inputs WHERE run_id = ${runId}) AS inputs,
              (SELECT count() FROM run_clv WHERE run_id = ${runId}) AS clv`,
    );
    expect(left).toEqual({ inputs: "0", clv: "0" });
  });
});
