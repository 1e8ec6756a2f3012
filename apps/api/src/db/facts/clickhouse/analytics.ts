/**
 * The dashboard's reads on the ClickHouse cluster (db/facts/analytics.ts). Each query names a
 * `Distributed` table first and joins or filters by a shard's own local table (database-qualified:
 * a shard resolves unqualified names in its default database), so it runs on every shard over
 * that shard's customers and only the grouped counts travel: exact, since every table is sharded
 * by customer (`distributed_product_mode = 'local'`, connection.ts).
 *
 * customers and transactions are ReplacingMergeTree tables: read with FINAL (the latest version
 * of each customer and order). SQL both 18.16 and current releases run: FINAL on a Distributed
 * table, `ANY INNER JOIN` / `ANY LEFT JOIN ... USING`, `NOT IN (subquery)` (no correlated
 * subqueries in 18.16).
 */
import { sqlIntegers } from "../../raw";
import type { AnalyticsFacts, SalesRow } from "../analytics";
import type { ClickHouse } from "./connection";

const DAY_MS = 86_400_000;

export function clickhouseAnalytics(ch: ClickHouse): AnalyticsFacts {
  const local = (table: string) => `${ch.database}.${table}_local`;
  return {
    async salesKey() {
      // Row counts (parts' metadata, no scan): every insert changes them, and so does a
      // background merge of replaced rows, which only costs one needless recomputation.
      const [row] = await ch.query<{ t: string; c: string }>(
        "SELECT (SELECT count() FROM transactions) AS t, (SELECT count() FROM customers) AS c",
      );
      return `${row?.t ?? 0}:${row?.c ?? 0}`;
    },
    async sales(cuts) {
      sqlIntegers(cuts, "store day cut");
      // floor of a Float64 division: intDiv truncates towards zero (days before 1970).
      const day = `toInt64(floor(occurred_at / ${DAY_MS}))`;
      const timeOfDay = `(occurred_at - day * ${DAY_MS})`;
      const piece = cuts.length === 0 ? "0" : cuts.map((c) => `toUInt8(${timeOfDay} >= ${c})`).join(" + ");
      const rows = await ch.query<{
        day: string;
        piece: number;
        area_province: string | null;
        area_region: string | null;
        transactions: string;
        revenueCents: number;
      }>(
        `SELECT ${day} AS day, ${piece} AS piece,
           ifNull(province, customer_province) AS area_province, ifNull(region, customer_region) AS area_region,
           count() AS transactions, toFloat64(sum(amount_cents)) AS revenueCents
         FROM transactions FINAL
         ANY LEFT JOIN (SELECT id AS customer_id, province AS customer_province, region AS customer_region
           FROM ${local("customers")} FINAL) USING customer_id
         GROUP BY day, piece, area_province, area_region
         ORDER BY day`,
      );
      return rows.map(
        (r): SalesRow => ({
          day: Number(r.day),
          piece: Number(r.piece),
          province: r.area_province,
          region: r.area_region,
          transactions: Number(r.transactions),
          revenueCents: Number(r.revenueCents),
        }),
      );
    },
    async areas() {
      const rows = await ch.query<{ province: string | null; region: string | null; n: string }>(
        "SELECT province, region, count() AS n FROM customers FINAL GROUP BY province, region",
      );
      return rows.map((r) => ({ province: r.province, region: r.region, customers: Number(r.n) }));
    },
    async movement(fromRunId, toRunId) {
      const [a, b] = sqlIntegers([fromRunId, toRunId], "movement run id");
      const only = (x: number, y: number) =>
        ch.query<{ code: number; n: string }>(
          `SELECT code, count() AS n FROM customer_scores
           WHERE run_id = ${x} AND customer_id NOT IN (SELECT customer_id FROM ${local("customer_scores")} WHERE run_id = ${y})
           GROUP BY code`,
        );
      const [pairs, entered, left] = await Promise.all([
        ch.query<{ code: number; to_code: number; n: string }>(
          `SELECT code, to_code, count() AS n FROM customer_scores
           ANY INNER JOIN (SELECT customer_id, code AS to_code FROM ${local("customer_scores")} WHERE run_id = ${b})
           USING customer_id
           WHERE run_id = ${a} GROUP BY code, to_code`,
        ),
        only(b!, a!),
        only(a!, b!),
      ]);
      return {
        pairs: pairs.map((p) => [Number(p.code), Number(p.to_code), Number(p.n)] as const),
        entered: entered.map((e) => [Number(e.code), Number(e.n)] as const),
        left: left.map((e) => [Number(e.code), Number(e.n)] as const),
      };
    },
  };
}
