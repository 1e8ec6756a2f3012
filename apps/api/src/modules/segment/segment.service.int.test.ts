import { compileMapping, type MappingDefinition, type SegmentMapping } from "@rfm/core";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../../db/testing";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, publishMapping, seedStore } from "../scoring/test-store";
import { segmentTable } from "./segment.service";

/** Recency split: a mapping that segments by R only, unlike the default. */
const BY_RECENCY: MappingDefinition = {
  bins: 4,
  segments: [
    { name: "Recent", description: "R3-4", action: "Thank them.", color: "#15803d", rules: [{ r: [3, 4] }] },
    {
      name: "Lapsing",
      description: "R1-2",
      action: "Win them back.",
      color: "#be185d",
      rules: [{ r: [1, 2] }],
    },
  ],
};

interface SqlSegment {
  customers: number;
  revenue: number;
  avgRecencyDays: number;
  avgFrequency: number;
  avgClv: number;
}

/** The segment table recomputed from `customer_scores` with SQL (what the histogram spares us). */
async function segmentTableBySql(
  db: Database,
  runId: number,
  mapping: SegmentMapping,
): Promise<SqlSegment[]> {
  const rows = await factsQuery<{
    code: number;
    customers: number | string;
    cents: number | string;
    recency: number | string;
    frequency: number | string;
    clv: number | string | null;
  }>(db, {
    sql: `SELECT code, count(*) AS customers, sum(monetary_cents) AS cents, sum(recency_days) AS recency,
       sum(frequency) AS frequency, sum(clv) AS clv
     FROM customer_scores WHERE run_id = $1 GROUP BY code`,
    params: [runId],
    clickhouse: `SELECT code, count() AS customers, sum(monetary_cents) AS cents, sum(recency_days) AS recency,
       sum(frequency) AS frequency, sum(clv) AS clv
     FROM customer_scores WHERE run_id = ${Number(runId)} GROUP BY code`,
  });
  const sums = mapping.segments.map(() => ({ customers: 0, cents: 0, recency: 0, frequency: 0, clv: 0 }));
  for (const row of rows) {
    const s = sums[mapping.segmentOfCode[row.code]!]!;
    s.customers += Number(row.customers);
    s.cents += Number(row.cents);
    s.recency += Number(row.recency);
    s.frequency += Number(row.frequency);
    s.clv += Number(row.clv ?? 0);
  }
  const avg = (sum: number, n: number) => (n === 0 ? 0 : sum / n);
  return sums.map((s) => ({
    customers: s.customers,
    revenue: s.cents / 100,
    avgRecencyDays: avg(s.recency, s.customers),
    avgFrequency: avg(s.frequency, s.customers),
    avgClv: avg(s.clv, s.customers),
  }));
}

describe.each(FACT_ENGINES)("segment table on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("summed from the stored histogram equals the same table recomputed from customer_scores with SQL", async () => {
    await seedStore(t.db, handMadeStore(5));
    const { run } = await runScoring({ db: t.db, asOf: AS_OF, clv: "historic" });
    const table = await segmentTable(t.db);
    expect(table.run.id).toBe(run.id);
    expect(table.mapping.version).toBe(1);
    const bySql = await segmentTableBySql(t.db, run.id, table.mapping.compiled);
    expect(table.stats.segments).toHaveLength(bySql.length);
    table.stats.segments.forEach((segment, i) => {
      const want = bySql[i]!;
      expect(segment.customers).toBe(want.customers);
      expect(segment.revenue).toBeCloseTo(want.revenue, 6);
      expect(segment.avgRecencyDays).toBeCloseTo(want.avgRecencyDays, 9);
      expect(segment.avgFrequency).toBeCloseTo(want.avgFrequency, 9);
      expect(segment.avgClv!).toBeCloseTo(want.avgClv, 6);
    });
    expect(table.stats.totals.customers).toBe(run.customersScored);
    expect(table.stats.segments.filter((s) => s.customers > 0).length).toBeGreaterThan(3);
  });

  it("changes when another mapping is published, without re-scoring", async () => {
    await seedStore(t.db, handMadeStore(5));
    await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const before = await segmentTable(t.db);
    expect(before.stats.segments.map((s) => s.name)).toContain("Champions");

    const version = await publishMapping(t.db, BY_RECENCY);
    const after = await segmentTable(t.db);
    expect(after.run.id).toBe(before.run.id);
    expect(after.mapping.version).toBe(version);
    expect(after.stats.segments.map((s) => s.name)).toEqual(["Recent", "Lapsing"]);
    const bySql = await segmentTableBySql(t.db, after.run.id, compileMapping(BY_RECENCY));
    expect(after.stats.segments.map((s) => s.customers)).toEqual(bySql.map((s) => s.customers));
    expect(after.stats.totals.customers).toBe(before.stats.totals.customers);
    expect(await t.db.prisma.scoringRun.count()).toBe(1);
    expect(after.stats.segments[0]!.avgClv).toBeNull();
  });

  it("says to run `rfm score` first when no run has completed", async () => {
    await expect(segmentTable(t.db)).rejects.toMatchObject({ code: "NO_SCORING_RUN" });
    await expect(segmentTable(t.db)).rejects.toThrow(/run `rfm score` first/);
    // The mapping is seeded regardless, for the API's mapping pages.
    expect((await getPublishedMapping(t.db)).version).toBe(1);
  });

  it("refuses to score with other bins than the profile's published mapping, before any run starts", async () => {
    await seedStore(t.db, handMadeStore(5));
    const first = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    // The trap of a 3-bin run under the 4-bin mapping (every page broken) cannot be set.
    await expect(runScoring({ db: t.db, asOf: AS_OF, bins: 3, clv: "none" })).rejects.toMatchObject({
      code: "MAPPING_BINS_MISMATCH",
    });
    await expect(runScoring({ db: t.db, asOf: AS_OF, bins: 3, clv: "none" })).rejects.toThrow(
      /profile "default" scores with 4 bins/,
    );
    expect(await t.db.prisma.scoringRun.count()).toBe(1);
    const table = await segmentTable(t.db);
    expect(table.run.id).toBe(first.run.id);
    expect(table.run.bins).toBe(4);
  });
});
