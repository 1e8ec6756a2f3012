/**
 * Test support: a hand-made store written straight into a ClickHouse database's local tables
 * (customer ids 1..n in the store's order, each row on the shard that owns it), without the
 * importer, and a run's stored scores read back by ClickHouse SQL of the test's own: the oracle
 * side of the scoring tests on ClickHouse stays independent of the engine's own reads.
 */
import type { ClickHouse } from "../../db/facts/clickhouse/connection";
import type { TestStore } from "./test-store";

/** Writes the store's customers and orders; returns external id -> customer id. */
export async function seedClickHouse(ch: ClickHouse, store: TestStore): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const customers: Record<string, unknown>[][] = Array.from({ length: ch.shardCount }, () => []);
  const orders: Record<string, unknown>[][] = Array.from({ length: ch.shardCount }, () => []);
  const idOf = (external: string) => {
    let id = ids.get(external);
    if (id === undefined) {
      id = ids.size + 1;
      ids.set(external, id);
      customers[ch.shardOf(id)]!.push({ id, external_id: external, imported_at: 0, version: 1 });
    }
    return id;
  };
  for (const c of store.customers) idOf(c.id);
  for (const o of store.orders) {
    const id = idOf(o.customer);
    orders[ch.shardOf(id)]!.push({
      customer_id: id,
      order_id: o.order,
      occurred_at: o.at,
      amount_cents: o.cents,
      line_count: 1,
      channel: null,
      currency: null,
      version: 1,
    });
  }
  for (let shard = 0; shard < ch.shardCount; shard++) {
    await ch.insertShard(shard, "customers_local", customers[shard]!);
    await ch.insertShard(shard, "transactions_local", orders[shard]!);
  }
  return ids;
}

export interface ClickHouseScore {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetaryCents: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly code: number;
  readonly clv: number | null;
}

/** A run's scores by external id, read with the test's own SQL over both shards. */
export async function clickhouseScores(
  ch: ClickHouse,
  runId: number,
  ids: ReadonlyMap<string, number>,
): Promise<Map<string, ClickHouseScore>> {
  const external = new Map([...ids].map(([key, id]) => [id, key]));
  const rows = await ch.query<Record<string, number | string | null>>(
    `SELECT customer_id, recency_days, frequency, toFloat64(monetary_cents) AS monetary_cents, r, f, m, code, clv
     FROM customer_scores WHERE run_id = ${Math.trunc(runId)}`,
  );
  return new Map(
    rows.map((row) => [
      external.get(Number(row.customer_id)) ?? `#${row.customer_id}`,
      {
        recencyDays: Number(row.recency_days),
        frequency: Number(row.frequency),
        monetaryCents: Number(row.monetary_cents),
        r: Number(row.r),
        f: Number(row.f),
        m: Number(row.m),
        code: Number(row.code),
        clv: row.clv === null ? null : Number(row.clv),
      },
    ]),
  );
}
