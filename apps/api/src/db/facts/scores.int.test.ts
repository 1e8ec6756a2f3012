import { describe, expect, it } from "vitest";
import type { Database } from "../client";
import { FACT_ENGINES, useTestDatabase } from "../testing";
import { factsStoreOf, type RunScoreColumns } from ".";
import { count, T0 } from "./testing";

/** A customer's stored score row, in Prisma's shape. */
interface StoredScore {
  runId: number;
  customerId: number;
  recencyDays: number;
  frequency: number;
  monetaryCents: bigint;
  r: number;
  f: number;
  m: number;
  code: number;
  clv: number | null;
}

/**
 * A run's stored scores with the given codes, by customer id: through Prisma where the facts are
 * in the app database, else by the test's own SQL on the cluster (64-bit integers as strings).
 */
async function storedScores(db: Database, runId: number, codes: readonly number[]): Promise<StoredScore[]> {
  const ch = db.analytics;
  if (!ch) {
    return db.prisma.customerScore.findMany({
      where: { runId, code: { in: [...codes] } },
      orderBy: { customerId: "asc" },
    });
  }
  const rows = await ch.query<Record<string, number | string | null>>(
    `SELECT run_id AS rid, customer_id AS cid, recency_days AS rd, frequency AS fq, monetary_cents AS mc,
       r AS rr, f AS ff, m AS mm, code AS cd, clv AS cl
     FROM customer_scores WHERE run_id = ${runId} AND code IN (${codes.join(", ")}) ORDER BY customer_id`,
  );
  return rows.map((row) => ({
    runId: Number(row.rid),
    customerId: Number(row.cid),
    recencyDays: Number(row.rd),
    frequency: Number(row.fq),
    monetaryCents: BigInt(row.mc!),
    r: Number(row.rr),
    f: Number(row.ff),
    m: Number(row.mm),
    code: Number(row.cd),
    clv: row.cl === null ? null : Number(row.cl),
  }));
}

/** Four customers and a run to write scores for. */
async function fourCustomersAndRun(db: Database): Promise<{ ids: number[]; runId: number }> {
  const written = await factsStoreOf(db).customers.write({ externalId: ["c0", "c1", "c2", "c3"] }, "update");
  const ids = [...written.customers.values()].map((customer) => customer.id);
  const run = await db.prisma.scoringRun.create({
    data: {
      asOf: new Date(T0),
      bins: 4,
      method: { recency: { kind: "quantile" } },
      monetaryBasis: "total",
    },
  });
  return { ids, runId: run.id };
}

describe.each(FACT_ENGINES)("a score write on %s", (engine) => {
  const t = useTestDatabase(engine);

  // Refused before anything is written, on every engine: ClickHouse has no unique key that would.
  it("stores none of a run's scores when one row repeats a customer", async () => {
    const { ids, runId } = await fourCustomersAndRun(t.db);
    const one = Uint8Array.from([1, 1, 1, 1]);
    const duplicate: RunScoreColumns = {
      length: 4,
      customerId: Int32Array.from([ids[0]!, ids[1]!, ids[2]!, ids[0]!]),
      recencyDays: Int32Array.from([0, 10, 400, 3]),
      frequency: Int32Array.from([1, 2, 3, 40]),
      monetaryCents: Float64Array.from([100, 250_075, -500, 9_007_199_254_740]),
      r: one,
      f: one,
      m: one,
      code: Uint16Array.from([0, 0, 0, 0]),
      clv: null,
    };
    const facts = factsStoreOf(t.db);
    await expect(facts.transaction((tx) => tx.scores.write(runId, duplicate))).rejects.toThrow(
      `customer ${ids[0]} has two scores in one write`,
    );
    const stored = t.db.analytics
      ? Number((await t.db.analytics.query<{ n: string }>("SELECT count() AS n FROM customer_scores"))[0]!.n)
      : await count(t.db, "customer_scores");
    expect(stored).toBe(0);
  });
});

describe.each(FACT_ENGINES)("scores in the facts store on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("writes a run's scores, readable back with 64-bit cents and null CLV, and stores none when one row fails validation", async () => {
    const facts = factsStoreOf(t.db);
    const { ids, runId } = await fourCustomersAndRun(t.db);
    const scores: RunScoreColumns = {
      length: 4,
      customerId: Int32Array.from(ids),
      recencyDays: Int32Array.from([0, 10, 400, 3]),
      frequency: Int32Array.from([1, 2, 3, 40]),
      monetaryCents: Float64Array.from([100, 250_075, -500, 9_007_199_254_740]),
      r: Uint8Array.from([4, 3, 1, 4]),
      f: Uint8Array.from([1, 2, 3, 4]),
      m: Uint8Array.from([2, 3, 1, 4]),
      code: Uint16Array.from([49, 54, 8, 63]),
      clv: Float64Array.from([12.5, Number.NaN, 0, 1234.0625]),
    };

    await expect(facts.scores.write(runId, { ...scores, monetaryCents: [1, 2, 3.5, 4] })).rejects.toThrow(
      /row 2: monetaryCents 3.5 is not an integer/,
    );
    expect(await storedScores(t.db, runId, [8, 49, 54, 63])).toEqual([]);

    expect(await facts.transaction((tx) => tx.scores.write(runId, scores))).toBe(4);

    expect(await storedScores(t.db, runId, [49, 63])).toEqual([
      {
        runId: runId,
        customerId: ids[0],
        recencyDays: 0,
        frequency: 1,
        monetaryCents: 100n,
        r: 4,
        f: 1,
        m: 2,
        code: 49,
        clv: 12.5,
      },
      {
        runId: runId,
        customerId: ids[3],
        recencyDays: 3,
        frequency: 40,
        monetaryCents: 9_007_199_254_740n,
        r: 4,
        f: 4,
        m: 4,
        code: 63,
        clv: 1234.0625,
      },
    ]);
    const [none] = await storedScores(t.db, runId, [54]);
    expect(none).toMatchObject({ customerId: ids[1], clv: null });
  });
  it("binCounts counts a run's stored values per score under bounds with decimals, negatives and nulls, by rfm-core's rule", async () => {
    const facts = factsStoreOf(t.db);
    const written = await facts.customers.write({ externalId: ["a", "b", "c", "d", "e", "f"] }, "update");
    const ids = [...written.customers.values()].map((customer) => customer.id);
    const run = await t.db.prisma.scoringRun.create({
      data: { asOf: new Date(T0), bins: 4, method: {}, monetaryBasis: "total" },
    });
    const one = (values: number[]) => Uint8Array.from(values.map(() => 1));
    await facts.scores.write(run.id, {
      length: 6,
      customerId: Int32Array.from(ids),
      recencyDays: Int32Array.from([0, 30, 31, 90, 91, 400]),
      frequency: Int32Array.from([1, 2, 3, 5, 6, 9]),
      monetaryCents: Float64Array.from([-250, 0, 1000, 1001, 114_500, 114_501]),
      r: one([0, 0, 0, 0, 0, 0]),
      f: one([0, 0, 0, 0, 0, 0]),
      m: one([0, 0, 0, 0, 0, 0]),
      code: Uint16Array.from([0, 0, 0, 0, 0, 0]),
      clv: null,
    });
    const counts = (dimension: "recency" | "frequency" | "monetary", bounds: (number | null)[]) =>
      facts.scores.binCounts({ runId: run.id, dimension, bounds });
    // By hand: R4 days <= 30.5 (0, 30), R3 31-90, R2 91-180, R1 400.
    expect(await counts("recency", [30.5, 90, 180])).toEqual([1, 1, 2, 2]);
    // R4 unreachable (null), R3 days <= 30, R2 31-90, R1 91+.
    expect(await counts("recency", [null, 30, 90])).toEqual([2, 2, 2, 0]);
    // F: >= 2.5 is >= 3; equal bounds leave F3 empty; F4 from 6.
    expect(await counts("frequency", [2.5, 6, 6])).toEqual([2, 2, 0, 2]);
    // M in currency units on cents: 10.005 starts at 1001 cents, -1 at -100.
    expect(await counts("monetary", [-1, 10.005, 1145.01])).toEqual([1, 2, 2, 1]);
    // F3 and F4 unreachable.
    expect(await counts("frequency", [2, null, null])).toEqual([1, 5, 0, 0]);
  });
});
