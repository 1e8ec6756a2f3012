import type { MappingDefinition } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../days";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../../db/testing";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { createProfile } from "../profile/profile.repository";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, publishMapping, seedStore } from "../scoring/test-store";
import { segmentSizeHistory } from "./size-history";

/** Two segments by R only: R3-4 and R1-2. */
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

describe.each(FACT_ENGINES)("segment sizes over time on %s", (engine) => {
  const t = useTestDatabase(engine);

  /** Customers of a run with R 3-4 and with R 1-2, counted from its stored scores by SQL here. */
  const byRecency = async (runId: number) => {
    const [row] = await factsQuery<{ recent: number | string; lapsing: number | string }>(t.db, {
      sql: `SELECT sum(CASE WHEN r >= 3 THEN 1 ELSE 0 END) AS "recent", sum(CASE WHEN r <= 2 THEN 1 ELSE 0 END) AS "lapsing"
       FROM customer_scores WHERE run_id = $1`,
      params: [runId],
      clickhouse: `SELECT countIf(r >= 3) AS recent, countIf(r <= 2) AS lapsing FROM customer_scores WHERE run_id = ${Number(runId)}`,
    });
    return [Number(row!.recent), Number(row!.lapsing)];
  };

  it("gives one point per as-of day (the run current for it), oldest first, under the published mapping, leaving out runs of other bins", async () => {
    await seedStore(t.db, handMadeStore());
    const later = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const earlier = await runScoring({ db: t.db, asOf: AS_OF - 60 * DAY_MS, clv: "none" });
    // The earlier day scored again: its newer run is the point for that day.
    const again = await runScoring({
      db: t.db,
      asOf: AS_OF - 60 * DAY_MS,
      clv: "none",
      window: { days: 365 },
    });
    // Another profile's run (3 bins) is another history: left out.
    const three = await createProfile(t.db, "tester", {
      key: "three",
      name: "Three bins",
      settings: { bins: 3 },
    });
    await runScoring({ db: t.db, asOf: AS_OF - 30 * DAY_MS, profileId: three.id, clv: "none" });
    await publishMapping(t.db, BY_RECENCY);
    const mapping = await getPublishedMapping(t.db);

    const points = await segmentSizeHistory(t.db, mapping);
    expect(points.map((p) => [p.runId, p.asOf])).toEqual([
      [again.run.id, AS_OF - 60 * DAY_MS],
      [later.run.id, AS_OF],
    ]);
    expect(earlier.run.id).toBeLessThan(again.run.id);
    for (const p of points) expect([...p.customers]).toEqual(await byRecency(p.runId));

    // Range: as-of instants within [from, to].
    const only = await segmentSizeHistory(t.db, mapping, { from: AS_OF - 59 * DAY_MS, to: AS_OF });
    expect(only.map((p) => p.runId)).toEqual([later.run.id]);
    expect(await segmentSizeHistory(t.db, mapping, { to: AS_OF - DAY_MS })).toHaveLength(1);
  }, 60_000);
});
