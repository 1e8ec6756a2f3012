/**
 * History from day one over HTTP: startBackfill creates the past month-end runs in the
 * background, the current run stays the latest as-of, and segmentSizeHistory draws every
 * segment's size per run from the stored histograms. Real HTTP, real SQLite, PostgreSQL and ClickHouse.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { indexOfCode, type RfmCode } from "@rfm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

type Period = { asOfDay: string; status: string; runId: number | null };
type Backfill = { id: number; status: string; periods: Period[]; future: number; error: string | null };
type Series = {
  name: string;
  codes?: string[];
  points: { runId: number; asOfDay: string; customers: number }[];
};

const BACKFILL = "id status future error periods { asOfDay status runId }";
const MONTH_ENDS = ["2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30"];

describe.each(FACT_ENGINES)("backfill and segment size history over HTTP on %s", (provider) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(provider);
  }, 120_000);
  afterAll(async () => api?.close());
  const sql = <T>(text: string, params: unknown[] = []) => api.sql<T>(text, params);

  /** Polls the backfill until it is over (at most 60 s). */
  async function finished(): Promise<Backfill> {
    for (let i = 0; i < 600; i++) {
      const b = (await api.gql<{ backfill: Backfill }>(`{ backfill { ${BACKFILL} } }`)).data!.backfill;
      if (b.status !== "RUNNING") return b;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the backfill did not finish in 60 s");
  }

  it("startBackfill (editor and up) creates one run per month end in the background, keeps the demo's run current, and resumes without duplicates", async () => {
    const denied = await api.gql(
      `mutation { startBackfill(input: { from: "2025-07", to: "2025-11" }) { backfill { id } } }`,
      {},
      api.tokens.viewer,
    );
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", required: "editor" });
    type Refused = {
      startBackfill: {
        backfill: null;
        userErrors: { field: string[] | null; code: string; message: string }[];
      };
    };
    const refusedFields = `backfill { id } userErrors { field code message }`;
    const bad = await api.gql<Refused>(
      `mutation { startBackfill(input: { from: "2025-7", to: "2025-11" }) { ${refusedFields} } }`,
    );
    expect(bad.errors).toBeUndefined();
    expect(bad.data!.startBackfill).toEqual({
      backfill: null,
      userErrors: [
        {
          field: ["input", "from"],
          code: "BAD_USER_INPUT",
          message: 'from must be a month in YYYY-MM form, got "2025-7"',
        },
      ],
    });
    const reversed = await api.gql<Refused>(
      `mutation { startBackfill(input: { from: "2025-11", to: "2025-07" }) { ${refusedFields} } }`,
    );
    expect(reversed.data!.startBackfill.backfill).toBeNull();
    expect(reversed.data!.startBackfill.userErrors).toMatchObject([
      { field: ["input", "from"], code: "INVALID_OPTIONS" },
    ]);

    const started = await api.gql<{ startBackfill: { backfill: Backfill; userErrors: unknown[] } }>(
      `mutation { startBackfill(input: { from: "2025-07", to: "2025-11", interval: MONTHLY, bins: 4 }) { backfill { ${BACKFILL} } userErrors { code } } }`,
      {},
      api.tokens.editor,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startBackfill.userErrors).toEqual([]);
    expect(started.data!.startBackfill.backfill.periods.map((p) => p.asOfDay)).toEqual(MONTH_ENDS);
    const done = await finished();
    expect(done.status).toBe("COMPLETE");
    expect(done.periods.map((p) => p.status)).toEqual(MONTH_ENDS.map(() => "SCORED"));

    const ids = done.periods.map((p) => p.runId!);
    type Run = { id: number; status: string; current: boolean; asOfDay: string; customersScored: number };
    type Page = {
      scoringRuns: {
        edges: { cursor: string; node: Run }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
        totalCount: number;
      };
    };
    const runs = await api.gql<Page>(
      `{ scoringRuns(first: 50) { edges { cursor node { id status current asOfDay customersScored } } pageInfo { hasNextPage endCursor } } }`,
    );
    const all = runs.data!.scoringRuns.edges.map((e) => e.node);
    const byId = new Map(all.map((r) => [r.id, r]));
    // The connection pages newest first by run number: two pages of 4 hold the same 6 runs.
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
    expect(all).toHaveLength(6);
    const page = `query($after: String) { scoringRuns(first: 4, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } totalCount } }`;
    const first = await api.gql<Page>(page, { after: null });
    expect(first.data!.scoringRuns.pageInfo.hasNextPage).toBe(true);
    const [runCount] = await sql<{ n: number | string }>(`SELECT count(*) AS "n" FROM scoring_runs`);
    expect(first.data!.scoringRuns.totalCount).toBe(Number(runCount!.n));
    expect(first.data!.scoringRuns.totalCount).toBe(6);
    const second = await api.gql<Page>(page, { after: first.data!.scoringRuns.pageInfo.endCursor });
    expect(second.data!.scoringRuns.pageInfo.hasNextPage).toBe(false);
    expect(
      [...first.data!.scoringRuns.edges, ...second.data!.scoringRuns.edges].map((e) => e.node.id),
    ).toEqual(all.map((r) => r.id));
    const badCursor = await api.gql(page, { after: "not-a-cursor" });
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    for (const [i, id] of ids.entries()) {
      const run = byId.get(id)!;
      expect(run).toMatchObject({ status: "COMPLETE", current: false, asOfDay: MONTH_ENDS[i] });
      // Customers with an order up to that day, counted here.
      const end = Date.parse(`${MONTH_ENDS[i]}T00:00:00Z`) + 86_400_000;
      const [row] = await api.facts<{ n: number | string }>(
        `SELECT count(DISTINCT customer_id) AS "n" FROM transactions WHERE occurred_at < $1`,
        [provider === "postgresql" ? new Date(end).toISOString() : end],
        `SELECT uniqExact(customer_id) AS n FROM transactions FINAL WHERE occurred_at < ${end}`,
      );
      expect(run.customersScored).toBe(Number(row!.n));
    }
    expect(byId.get(api.runId)!.current).toBe(true);

    const again = await api.gql<{ startBackfill: { backfill: Backfill } }>(
      `mutation { startBackfill(input: { from: "2025-06", to: "2025-11" }) { backfill { ${BACKFILL} } } }`,
    );
    expect(again.errors).toBeUndefined();
    const resumed = await finished();
    expect(resumed.periods.map((p) => p.status)).toEqual(["SCORED", ...MONTH_ENDS.map(() => "SKIPPED")]);
    expect(resumed.periods.slice(1).map((p) => p.runId)).toEqual(ids);
    const [count] = await sql<{ n: number | string }>(`SELECT count(*) AS "n" FROM scoring_runs`);
    expect(Number(count!.n)).toBe(1 + 5 + 1);

    // Movement's default pair: the month before the demo's run, then the demo's run.
    const movement = await api.gql<{ analytics: { movement: { fromRunId: number; toRunId: number } } }>(
      `{ analytics { movement { fromRunId toRunId } } }`,
    );
    expect(movement.data!.analytics.movement).toEqual({ fromRunId: ids.at(-1), toRunId: api.runId });
  }, 120_000);

  it("segmentSizeHistory: one point per as-of day, oldest first, each segment's customers as the stored scores give them", async () => {
    const res = await api.gql<{
      segmentSizeHistory: Series[];
      segments: { name: string; codes: string[] }[];
    }>(`{ segmentSizeHistory { name points { runId asOfDay customers } } segments { name codes } }`);
    expect(res.errors).toBeUndefined();
    const series = res.data!.segmentSizeHistory;
    expect(series.map((s) => s.name)).toEqual(res.data!.segments.map((s) => s.name));
    const days = series[0]!.points.map((p) => p.asOfDay);
    expect(days).toEqual(["2025-06-30", ...MONTH_ENDS, "2025-12-31"]);
    expect(series[0]!.points.at(-1)!.runId).toBe(api.runId);

    // Every point against the scores stored for its run, counted by code here.
    for (const [i] of days.entries()) {
      const runId = series[0]!.points[i]!.runId;
      const counts = new Map(
        (
          await api.facts<{ code: number; n: number | string }>(
            `SELECT code AS "code", count(*) AS "n" FROM customer_scores WHERE run_id = $1 GROUP BY code`,
            [runId],
            `SELECT code, count() AS n FROM customer_scores WHERE run_id = ${Number(runId)} GROUP BY code`,
          )
        ).map((r) => [Number(r.code), Number(r.n)]),
      );
      for (const segment of res.data!.segments) {
        const expected = segment.codes.reduce(
          (sum, c) => sum + (counts.get(indexOfCode(c as RfmCode, 4)) ?? 0),
          0,
        );
        const point = series.find((s) => s.name === segment.name)!.points[i]!;
        expect({ segment: segment.name, runId, customers: point.customers }).toEqual({
          segment: segment.name,
          runId,
          customers: expected,
        });
      }
    }

    const range = await api.gql<{ segmentSizeHistory: Series[] }>(
      `{ segmentSizeHistory(from: "2025-08-31", to: "2025-10-31") { points { asOfDay } } }`,
    );
    expect(range.data!.segmentSizeHistory[0]!.points.map((p) => p.asOfDay)).toEqual([
      "2025-08-31",
      "2025-09-30",
      "2025-10-31",
    ]);
    const backwards = await api.gql(`{ segmentSizeHistory(from: "2025-10-31", to: "2025-08-31") { name } }`);
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "from" });
  }, 60_000);
});
