/**
 * The dashboard's reads of the facts (modules/analytics): the sales cube's scan of every
 * transaction with its customer's area, the customers per area, and the movement of customers
 * between the codes of two runs. Bucketing into store days, caching and everything else
 * engine-free stays in the analytics module; an engine only scans and counts.
 *
 * The SQL engines share `sqlAnalytics` here (dialect differences inline, as in the module
 * before); ClickHouse has its own (clickhouse/analytics.ts).
 */
import type { Database } from "../client";
import { queryOffThread } from "../offload";
import { sqlIntegers } from "../raw";

/** Transactions of one UTC day and piece of it in one area (`AnalyticsFacts.sales`). */
export interface SalesRow {
  /** Days since 1970-01-01 UTC (floor: times before 1970 fall on negative days). */
  readonly day: number;
  /** How many of the cuts the transaction's UTC time of day is at or past. */
  readonly piece: number;
  /** The transaction's province, else its customer's; null or '' when neither has one. */
  readonly province: string | null;
  readonly region: string | null;
  readonly transactions: number;
  readonly revenueCents: number;
}

/** Customers stored in one province and region. */
export interface AreaCount {
  readonly province: string | null;
  readonly region: string | null;
  readonly customers: number;
}

export interface MovementCounts {
  /** [fromCode, toCode, customers] for customers in both runs. */
  readonly pairs: readonly (readonly [number, number, number])[];
  /** [toCode, customers] only in the later run. */
  readonly entered: readonly (readonly [number, number])[];
  /** [fromCode, customers] only in the earlier run. */
  readonly left: readonly (readonly [number, number])[];
}

export interface AnalyticsFacts {
  /**
   * A key that changes whenever transactions or customers are added (cheap at any size): the
   * cached cube is reused while it stays the same.
   */
  salesKey(): Promise<string>;
  /**
   * Every transaction counted and summed per UTC day, piece of the day and area. `cuts`: UTC
   * times of day (ms, ascending, > 0) where a day is cut into pieces (analytics.repository.ts,
   * `storeDayPieces`).
   */
  sales(cuts: readonly number[]): Promise<SalesRow[]>;
  /** Customers stored per (province, region). */
  areas(): Promise<AreaCount[]>;
  /** Customers per code pair between two runs, and those in only one of them. */
  movement(fromRunId: number, toRunId: number): Promise<MovementCounts>;
}

const DAY_MS = 86_400_000;

function checkedCuts(cuts: readonly number[]): number[] {
  return sqlIntegers(cuts, "store day cut");
}

/** The analytics reads on SQLite or PostgreSQL (long scans off the server's thread on SQLite). */
export function sqlAnalytics(db: Database): AnalyticsFacts {
  return {
    async salesKey() {
      // Highest ids only: O(1) on both databases (counting 20 million rows is not).
      const [row] = await db.reads.query<{ t: number | null; c: number | null }>(
        `SELECT (SELECT max(id) FROM transactions) AS "t", (SELECT max(id) FROM customers) AS "c"`,
      );
      return `${row?.t ?? 0}:${row?.c ?? 0}`;
    },
    async sales(cuts) {
      const { day, piece } = pieceSql(db, checkedCuts(cuts));
      const rows = await queryOffThread<SalesRow>(
        db,
        `SELECT ${day} AS "day", ${piece} AS "piece", COALESCE(t.province, c.province) AS "province", COALESCE(t.region, c.region) AS "region",
           count(*) AS "transactions", ${db.provider === "sqlite" ? "sum(t.amount_cents)" : "sum(t.amount_cents)::float8"} AS "revenueCents"
         FROM transactions t JOIN customers c ON c.id = t.customer_id
         GROUP BY 1, 2, 3, 4 ORDER BY 1`,
      );
      return rows.map((r) => ({
        ...r,
        day: Number(r.day),
        piece: Number(r.piece),
        transactions: Number(r.transactions),
        revenueCents: Number(r.revenueCents),
      }));
    },
    async areas() {
      const rows = await queryOffThread<{ province: string | null; region: string | null; n: number }>(
        db,
        `SELECT province AS "province", region AS "region", count(*) AS "n" FROM customers GROUP BY province, region`,
      );
      return rows.map((r) => ({ province: r.province, region: r.region, customers: Number(r.n) }));
    },
    async movement(fromRunId, toRunId) {
      const only = (x: number, y: number) =>
        queryOffThread<{ code: number; n: number }>(
          db,
          `SELECT s.code AS "code", count(*) AS "n" FROM customer_scores s
           WHERE s.run_id = $1 AND NOT EXISTS (SELECT 1 FROM customer_scores o WHERE o.run_id = $2 AND o.customer_id = s.customer_id)
           GROUP BY s.code`,
          [x, y],
        );
      // Side by side on the query pool's two threads, not one after another: every dashboard
      // opened just after a run completes waits for all three.
      const [pairs, entered, left] = await Promise.all([
        queryOffThread<{ a: number; b: number; n: number }>(
          db,
          `SELECT a.code AS "a", b.code AS "b", count(*) AS "n"
           FROM customer_scores a JOIN customer_scores b ON b.run_id = $2 AND b.customer_id = a.customer_id
           WHERE a.run_id = $1 GROUP BY a.code, b.code`,
          [fromRunId, toRunId],
        ),
        only(toRunId, fromRunId),
        only(fromRunId, toRunId),
      ]);
      return {
        pairs: pairs.map((p) => [Number(p.a), Number(p.b), Number(p.n)] as const),
        entered: entered.map((e) => [Number(e.code), Number(e.n)] as const),
        left: left.map((e) => [Number(e.code), Number(e.n)] as const),
      };
    },
  };
}

/** The SQL of a transaction's UTC day and piece (how many cuts its UTC time of day is at or past). */
function pieceSql(db: Database, cuts: readonly number[]): { day: string; piece: string } {
  if (db.provider === "sqlite") {
    // Integer division truncates towards zero: step back one day for times before 1970.
    const day = `(t.occurred_at / ${DAY_MS} - (t.occurred_at % ${DAY_MS} < 0))`;
    const timeOfDay = `(t.occurred_at - ${day} * ${DAY_MS})`;
    return { day, piece: cuts.length === 0 ? "0" : cuts.map((c) => `(${timeOfDay} >= ${c})`).join(" + ") };
  }
  const ms = "floor(extract(epoch from t.occurred_at) * 1000)::int8";
  const day = `floor(${ms}::float8 / ${DAY_MS})::int8`;
  const timeOfDay = `(${ms} - ${day} * ${DAY_MS})`;
  return {
    day: `${day}::int`,
    piece: cuts.length === 0 ? "0" : cuts.map((c) => `(${timeOfDay} >= ${c})::int`).join(" + "),
  };
}
