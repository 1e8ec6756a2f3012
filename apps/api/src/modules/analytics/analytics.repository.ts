/**
 * Dashboard analytics over all transactions and over runs.
 *
 * Sales per day, province and region need a scan of every transaction (there is deliberately
 * no index on time alone: it slowed imports by a quarter). So one query sums them per day x
 * province x region (a few tens of thousands of groups for years of data), the result is kept
 * in memory and keyed by the table's state (count and highest id), and every date range is then
 * summed from it in memory. The first dashboard after an import pays the scan once; the server
 * warms it at start. Movement between two runs is a join of their scores, cached per pair of
 * runs (a complete run never changes).
 */

import { DAY_MS } from "../../days";
import type { Database } from "../../db/client";
import { queryOffThread } from "../../db/offload";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";

/** Sales of one day in one province and region. */
export interface SalesCell {
  readonly day: number;
  readonly province: string;
  readonly region: string;
  readonly transactions: number;
  readonly revenueCents: number;
}

export interface SalesCube {
  readonly key: string;
  /** Sorted by day. */
  readonly cells: readonly SalesCell[];
  readonly firstDay: number | null;
  readonly lastDay: number | null;
  /** All transactions and customers stored. */
  readonly transactions: number;
  readonly customers: number;
  /** Customers stored per province and per region. */
  readonly customersPerArea: Readonly<Record<"province" | "region", ReadonlyMap<string, number>>>;
}

export const UNKNOWN_AREA = "(unknown)";

async function tableKey(db: Database): Promise<string> {
  // Highest ids only: O(1) on both databases (counting 20 million rows is not).
  const [row] = await db.reads.query<{ t: number | null; c: number | null }>(
    `SELECT (SELECT max(id) FROM transactions) AS "t", (SELECT max(id) FROM customers) AS "c"`,
  );
  return `${row?.t ?? 0}:${row?.c ?? 0}`;
}

async function readCube(db: Database, key: string): Promise<SalesCube> {
  const dayExpr =
    db.provider === "sqlite"
      ? `(t.occurred_at / ${DAY_MS})`
      : `floor(extract(epoch from t.occurred_at) / ${DAY_MS / 1000})::int`;
  const rows = await queryOffThread<{
    day: number;
    province: string | null;
    region: string | null;
    transactions: number;
    revenueCents: number;
  }>(
    db,
    `SELECT ${dayExpr} AS "day", COALESCE(t.province, c.province) AS "province", COALESCE(t.region, c.region) AS "region",
       count(*) AS "transactions", ${db.provider === "sqlite" ? "sum(t.amount_cents)" : "sum(t.amount_cents)::float8"} AS "revenueCents"
     FROM transactions t JOIN customers c ON c.id = t.customer_id
     GROUP BY 1, 2, 3 ORDER BY 1`,
  );
  const cells = rows.map((r) => ({
    day: Number(r.day),
    province: r.province || UNKNOWN_AREA,
    region: r.region || UNKNOWN_AREA,
    transactions: Number(r.transactions),
    revenueCents: Number(r.revenueCents),
  }));
  const areas = await queryOffThread<{ province: string | null; region: string | null; n: number }>(
    db,
    `SELECT province AS "province", region AS "region", count(*) AS "n" FROM customers GROUP BY province, region`,
  );
  const perArea = { province: new Map<string, number>(), region: new Map<string, number>() };
  let customers = 0;
  for (const row of areas) {
    const n = Number(row.n);
    customers += n;
    for (const column of ["province", "region"] as const) {
      const name = row[column] || UNKNOWN_AREA;
      perArea[column].set(name, (perArea[column].get(name) ?? 0) + n);
    }
  }
  return {
    key,
    cells,
    firstDay: cells[0]?.day ?? null,
    lastDay: cells.at(-1)?.day ?? null,
    transactions: cells.reduce((sum, c) => sum + c.transactions, 0),
    customers,
    customersPerArea: perArea,
  };
}

export class AnalyticsCache {
  private cube: Promise<SalesCube> | null = null;
  private readonly movements = new Map<string, Promise<MovementCounts>>();
  /** Bins of complete runs (a complete run never changes). */
  private readonly completeBins = new Map<number, number>();
  private pair: { key: string; ids: Promise<[number, number] | null> } | null = null;

  constructor(private readonly db: Database) {}

  /** The sales cube for the transactions as they are now. */
  async sales(): Promise<SalesCube> {
    const key = await tableKey(this.db);
    const cached = this.cube ? await this.cube.catch(() => null) : null;
    if (cached?.key === key) return cached;
    const fresh = readCube(this.db, key);
    this.cube = fresh;
    return fresh;
  }

  /**
   * The two latest complete runs with `bins` (latestRunPair), read again only when the current
   * run changes: a run completing becomes the current run, so `currentRunId` keys the answer.
   */
  latestPair(
    bins: number,
    currentRunId: number | null,
    profileId: number = DEFAULT_PROFILE_ID,
  ): Promise<[number, number] | null> {
    const key = `${profileId}:${bins}:${currentRunId}`;
    if (this.pair?.key !== key) {
      const ids = latestRunPair(this.db, bins, profileId);
      ids.catch(() => {
        if (this.pair?.ids === ids) this.pair = null;
      });
      this.pair = { key, ids };
    }
    return this.pair.ids;
  }

  /** The bins of run `id` if it is complete, else null (cached once complete: it never changes). */
  async completeRunBins(id: number): Promise<number | null> {
    const known = this.completeBins.get(id);
    if (known !== undefined) return known;
    const run = await this.db.prisma.scoringRun.findUnique({
      where: { id },
      select: { status: true, bins: true },
    });
    if (run?.status !== "complete") return null;
    if (this.completeBins.size > 1000) this.completeBins.clear();
    this.completeBins.set(id, run.bins);
    return run.bins;
  }

  /** Code-to-code counts between two runs. */
  movement(fromRunId: number, toRunId: number): Promise<MovementCounts> {
    const key = `${fromRunId}:${toRunId}`;
    let found = this.movements.get(key);
    if (!found) {
      found = readMovement(this.db, fromRunId, toRunId);
      found.catch(() => this.movements.delete(key));
      if (this.movements.size > 20) this.movements.clear();
      this.movements.set(key, found);
    }
    return found;
  }
}

/** The ids of the two latest complete runs with `bins`, earlier first; null with fewer than two. */
export async function latestRunPair(
  db: Database,
  bins: number,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<[number, number] | null> {
  const latest = await db.prisma.scoringRun.findMany({
    where: { profileId, status: "complete", bins },
    orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
    take: 2,
    select: { id: true },
  });
  const [later, earlier] = latest;
  return later && earlier ? [earlier.id, later.id] : null;
}

export interface MovementCounts {
  /** [fromCode, toCode, customers] for customers in both runs. */
  readonly pairs: readonly (readonly [number, number, number])[];
  /** [toCode, customers] only in the later run. */
  readonly entered: readonly (readonly [number, number])[];
  /** [fromCode, customers] only in the earlier run. */
  readonly left: readonly (readonly [number, number])[];
}

async function readMovement(db: Database, fromRunId: number, toRunId: number): Promise<MovementCounts> {
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
    pairs: pairs.map((p) => [p.a, p.b, Number(p.n)] as const),
    entered: entered.map((e) => [e.code, Number(e.n)] as const),
    left: left.map((e) => [e.code, Number(e.n)] as const),
  };
}
