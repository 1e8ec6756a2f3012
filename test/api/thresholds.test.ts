/**
 * Thresholds over real HTTP, on each facts engine: a run's cut points structured with words,
 * fixed thresholds and their preview, keeping a run's thresholds, and bad bounds refused as the
 * caller's mistake naming the dimension. Expected values are SQL written here.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

interface Band {
  score: number;
  label: string;
  lower: number | null;
  lowerInclusive: boolean;
  upper: number | null;
  upperInclusive: boolean;
  reachable: boolean;
  text: string;
  customers: number | null;
}
interface Dim {
  dimension: string;
  method: string;
  unit: string;
  bounds: (number | null)[];
  basis: string | null;
  bands: Band[];
}
type RunT = { recency: Dim; frequency: Dim; monetary: Dim };
const DIM = `dimension method unit bounds basis bands { score label lower lowerInclusive upper upperInclusive reachable text customers }`;
const THRESHOLDS = `thresholds { recency { ${DIM} } frequency { ${DIM} } monetary { ${DIM} } }`;

describe.each(FACT_ENGINES)("thresholds over HTTP on %s", (engine) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(engine, { customers: 300 });
  }, 120_000);
  afterAll(async () => api?.close());
  /** Rows of a run's scores where `where` (the same condition in both dialects) holds. */
  const count = async (where: string, runId: number) =>
    Number(
      (
        await api.facts<{ n: number | string }>(
          `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND ${where}`,
          [runId],
          `SELECT count() AS n FROM customer_scores WHERE run_id = ${Math.trunc(runId)} AND ${where}`,
        )
      )[0]!.n,
    );

  async function finished(id: number): Promise<{ status: string; thresholds: RunT | null }> {
    for (let i = 0; i < 300; i++) {
      const res = await api.gql<{
        scoringRun: { status: string; phase: string | null; thresholds: RunT | null };
      }>(`query($id: Int!) { scoringRun(id: $id) { status phase ${THRESHOLDS} } }`, { id });
      const run = res.data!.scoringRun;
      if (run.status !== "RUNNING" && run.phase === null) return run;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${id} did not finish`);
  }

  it("a run's cut points are structured per dimension: bounds, each score's range in the unit, words and customers", async () => {
    const res = await api.gql<{ scoringRun: { thresholds: RunT } }>(
      `query($id: Int!) { scoringRun(id: $id) { ${THRESHOLDS} } }`,
      { id: api.runId },
    );
    expect(res.errors).toBeUndefined();
    const t = res.data!.scoringRun.thresholds;
    expect(t.recency).toMatchObject({ dimension: "RECENCY", method: "QUANTILE", unit: "DAYS", basis: null });
    expect(t.monetary).toMatchObject({ unit: "CENTS", basis: "TOTAL" });
    const r = t.recency;
    expect(r.bounds).toHaveLength(3);
    expect(r.bands.map((b) => b.label)).toEqual(["R1", "R2", "R3", "R4"]);
    // The best recency score covers days up to the first bound, inclusive; the words say so.
    const [b1, b2, b3] = r.bounds as number[];
    expect(r.bands[3]).toMatchObject({
      lower: null,
      upper: b1,
      upperInclusive: true,
      text: `R4: last order 0-${b1} days ago`,
    });
    expect(r.bands[0]).toMatchObject({
      lower: b3,
      lowerInclusive: false,
      upper: null,
      text: `R1: last order more than ${b3} days ago`,
    });
    // Each band's customers are the rows with that score, and the rows in that range (SQL here).
    const ranges = [
      `recency_days > ${b3}`,
      `recency_days > ${b2} AND recency_days <= ${b3}`,
      `recency_days > ${b1} AND recency_days <= ${b2}`,
      `recency_days <= ${b1}`,
    ];
    for (const band of r.bands) {
      expect(band.customers, band.label).toBe(await count(`r = ${band.score}`, api.runId));
      expect(band.customers, band.label).toBe(await count(ranges[band.score - 1]!, api.runId));
    }
    // Monetary bounds in cents: M4 starts at the last bound, and holds the rows at or above it.
    const m = t.monetary;
    const top = m.bounds[2]!;
    expect(Number.isInteger(top)).toBe(true);
    expect(m.bands[3]).toMatchObject({ lower: top, lowerInclusive: true, upper: null });
    expect(m.bands[3]!.customers).toBe(await count(`monetary_cents >= ${top}`, api.runId));
    expect(m.bands[3]!.text).toBe(
      `M4: ${(top / 100).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} or more`,
    );
  });

  it("the preview counts customers per score on the current run; a run with those thresholds then has exactly those sizes", async () => {
    const input = {
      bins: 4,
      thresholds: { recency: [30, 90, 180], frequency: [2, 3, 5], monetaryCents: [5000, 20000, 50000] },
    };
    const preview = await api.gql<{
      thresholdPreview: {
        runId: number;
        asOfDay: string;
        customers: number;
        recency: Dim;
        frequency: Dim;
        monetary: Dim;
      };
    }>(
      `query($input: ThresholdPreviewInput!) { thresholdPreview(input: $input) { runId asOfDay customers recency { ${DIM} } frequency { ${DIM} } monetary { ${DIM} } } }`,
      { input },
    );
    expect(preview.errors).toBeUndefined();
    const p = preview.data!.thresholdPreview;
    expect(p.runId).toBe(api.runId);
    expect(p.frequency.bands.map((b) => b.text)).toEqual([
      "F1: 1 order",
      "F2: 2 orders",
      "F3: 3-4 orders",
      "F4: 5 or more orders",
    ]);
    expect(p.monetary.bands.map((b) => b.customers)).toEqual([
      await count("monetary_cents < 5000", api.runId),
      await count("monetary_cents >= 5000 AND monetary_cents < 20000", api.runId),
      await count("monetary_cents >= 20000 AND monetary_cents < 50000", api.runId),
      await count("monetary_cents >= 50000", api.runId),
    ]);
    const { asOfDay } = p;
    const started = await api.gql<{ runScoring: { run: { id: number } } }>(
      `mutation($input: RunScoringInput!) { runScoring(input: $input) { run { id } } }`,
      { input: { bins: 4, asOf: asOfDay, thresholds: input.thresholds } },
    );
    expect(started.errors).toBeUndefined();
    const startedId = started.data!.runScoring.run.id;
    const run = await finished(startedId);
    expect(run.status).toBe("COMPLETE");
    for (const d of ["recency", "frequency", "monetary"] as const) {
      expect(run.thresholds![d]!.method, d).toBe("FIXED");
      expect(
        run.thresholds![d]!.bands.map((b) => b.customers),
        d,
      ).toEqual((p[d] as Dim).bands.map((b) => b.customers));
    }
    expect(run.thresholds!.monetary!.bounds).toEqual([5000, 20000, 50000]);

    // Keep them: the next run has the same cut points.
    const keptStart = await api.gql<{ runScoring: { run: { id: number } } }>(
      `mutation($id: Int!) { runScoring(input: { bins: 4, keepThresholdsOf: $id }) { run { id } } }`,
      { id: startedId },
    );
    expect(keptStart.errors).toBeUndefined();
    const kept = await finished(keptStart.data!.runScoring.run.id);
    expect(kept.status).toBe("COMPLETE");
    for (const d of ["recency", "frequency", "monetary"] as const) {
      expect(kept.thresholds![d]!.bounds, d).toEqual(run.thresholds![d]!.bounds);
    }
  });

  type UserError = { field: string[] | null; code: string; message: string };
  it.each([
    [
      `mutation { runScoring(input: { bins: 4, thresholds: { recency: [90, 30, 180] } }) { run { id } userErrors { field code message } } }`,
      ["input", "thresholds", "recency"],
      /recency thresholds \[90, 30, 180\]: bounds must be strictly increasing/,
    ],
    [
      `mutation { runScoring(input: { bins: 5, thresholds: { frequency: [2, 3, 6] } }) { run { id } userErrors { field code message } } }`,
      ["input", "thresholds", "frequency"],
      /frequency thresholds \[2, 3, 6\]: needs 4 bounds for 5 bins, got 3/,
    ],
    [
      `mutation { runScoring(input: { bins: 4, thresholds: { monetaryCents: [100, 250.5, 900] } }) { run { id } userErrors { field code message } } }`,
      ["input", "thresholds", "monetaryCents"],
      /whole cents/,
    ],
    [
      `mutation { runScoring(input: { bins: 3, keepThresholdsOf: 1 }) { run { id } userErrors { field code message } } }`,
      ["input", "keepThresholdsOf"],
      /cannot keep the thresholds of run 1: it scored 4 bins and this run asks for 3/,
    ],
  ])(
    "runScoring with bad bounds returns a user error naming the dimension: %s",
    async (query, field, message) => {
      const res = await api.gql<{ runScoring: { run: null; userErrors: UserError[] } }>(query);
      expect(res.errors).toBeUndefined();
      expect(res.data!.runScoring.run).toBeNull();
      expect(res.data!.runScoring.userErrors).toHaveLength(1);
      const [error] = res.data!.runScoring.userErrors;
      expect(error).toMatchObject({ field, code: "INVALID_THRESHOLDS" });
      expect(error!.message).toMatch(message);
    },
  );

  it("thresholdPreview (a query) with bad bounds is BAD_USER_INPUT naming the dimension", async () => {
    const res = await api.gql(
      `{ thresholdPreview(input: { bins: 4, thresholds: { monetaryCents: [900, 100, 5000] } }) { runId } }`,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "INVALID_THRESHOLDS",
      field: "input.thresholds.monetaryCents",
    });
    expect(res.errors?.[0]?.message).toMatch(
      /monetary thresholds \[9, 1, 50\]: bounds must be strictly increasing/,
    );
    expect(res.data?.thresholdPreview ?? null).toBeNull();
  });
});
