/**
 * Movement between two chosen runs over HTTP: four month ends are backfilled before the demo's
 * run, and `analytics.movement(fromRunId, toRunId)` between two of them (not the last two) is
 * compared with a join of their customer_scores written here, segments read from each row's
 * r, f and m scores through the published mapping's code lists. Refusals name the argument at
 * fault. Real HTTP, real SQLite, PostgreSQL and the ClickHouse cluster (whose oracles are
 * ClickHouse SQL written here).
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

type Transition = { from: string; fromKey: string; to: string; toKey: string; customers: number };
type Flow = { segment: string; segmentKey: string; customers: number };
type Movement = {
  fromRunId: number;
  toRunId: number;
  fromAsOfDay: string;
  toAsOfDay: string;
  moved: number;
  stayed: number;
  transitions: Transition[];
  entered: Flow[];
  left: Flow[];
};

const MOVEMENT = `query($from: Int, $to: Int) { analytics { movement(fromRunId: $from, toRunId: $to) {
  fromRunId toRunId fromAsOfDay toAsOfDay moved stayed
  transitions { from fromKey to toKey customers }
  entered { segment segmentKey customers }
  left { segment segmentKey customers } } } }`;

const MONTH_ENDS = ["2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30"];

const byKeys = <T extends { fromKey?: string; toKey?: string; segmentKey?: string }>(list: readonly T[]) =>
  [...list].sort((a, b) =>
    `${a.fromKey ?? ""}>${a.toKey ?? ""}>${a.segmentKey ?? ""}`.localeCompare(
      `${b.fromKey ?? ""}>${b.toKey ?? ""}>${b.segmentKey ?? ""}`,
    ),
  );

describe.each(FACT_ENGINES)("movement between two chosen runs over HTTP on %s", (engine) => {
  let api: ApiHarness;
  /** Run ids of MONTH_ENDS, in order. */
  let runs: number[] = [];
  beforeAll(async () => {
    api = await startApi(engine);
    const started = await api.gql<{ startBackfill: { userErrors: unknown[] } }>(
      `mutation { startBackfill(input: { from: "2025-08", to: "2025-11", interval: MONTHLY }) { userErrors { code message } } }`,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.startBackfill.userErrors).toEqual([]);
    type Backfill = { status: string; periods: { asOfDay: string; runId: number | null }[] };
    for (let i = 0; i < 1200; i++) {
      const b = (await api.gql<{ backfill: Backfill }>(`{ backfill { status periods { asOfDay runId } } }`))
        .data!.backfill;
      if (b.status !== "RUNNING") {
        expect(b.status).toBe("COMPLETE");
        expect(b.periods.map((p) => p.asOfDay)).toEqual(MONTH_ENDS);
        runs = b.periods.map((p) => p.runId!);
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the backfill did not finish in 120 s");
  }, 180_000);
  afterAll(async () => api?.close());

  /** Segment key of every code ("444") under the published mapping, from the API's segment list. */
  async function segmentOfCode(): Promise<Map<string, { key: string; name: string }>> {
    const res = await api.gql<{ segments: { key: string; name: string; codes: string[] }[] }>(
      `{ segments { key name codes } }`,
    );
    expect(res.errors).toBeUndefined();
    return new Map(res.data!.segments.flatMap((s) => s.codes.map((c) => [c, { key: s.key, name: s.name }])));
  }

  it("movement between the 2025-08-31 and 2025-10-31 runs (not the last two) is the join of their stored scores", async () => {
    const [from, , to] = runs as [number, number, number];
    const res = await api.gql<{ analytics: { movement: Movement } }>(MOVEMENT, { from, to });
    expect(res.errors).toBeUndefined();
    const m = res.data!.analytics.movement;
    expect(m).toMatchObject({
      fromRunId: from,
      toRunId: to,
      fromAsOfDay: "2025-08-31",
      toAsOfDay: "2025-10-31",
    });

    const segments = await segmentOfCode();
    const seg = (r: number, f: number, m: number) => segments.get(`${r}${f}${m}`)!;
    // Customers in both runs, per pair of codes: an inner join written here.
    const pairs = await api.facts<{
      ar: number;
      af: number;
      am: number;
      br: number;
      bf: number;
      bm: number;
      n: number | string;
    }>(
      `SELECT a.r AS "ar", a.f AS "af", a.m AS "am", b.r AS "br", b.f AS "bf", b.m AS "bm", count(*) AS "n"
       FROM customer_scores a JOIN customer_scores b ON b.customer_id = a.customer_id AND b.run_id = $2
       WHERE a.run_id = $1 GROUP BY a.r, a.f, a.m, b.r, b.f, b.m`,
      [from, to],
      `SELECT r AS ar, f AS af, m AS am, br, bf, bm, count() AS n FROM customer_scores
       ANY INNER JOIN (SELECT customer_id, r AS br, f AS bf, m AS bm FROM {db}.customer_scores_local WHERE run_id = ${to})
       USING customer_id
       WHERE run_id = ${from} GROUP BY ar, af, am, br, bf, bm`,
    );
    const expected = new Map<string, Transition>();
    let moved = 0;
    let stayed = 0;
    for (const p of pairs) {
      const x = seg(p.ar, p.af, p.am);
      const y = seg(p.br, p.bf, p.bm);
      const t = expected.get(`${x.key}>${y.key}`) ?? {
        from: x.name,
        fromKey: x.key,
        to: y.name,
        toKey: y.key,
        customers: 0,
      };
      t.customers += Number(p.n);
      expected.set(`${x.key}>${y.key}`, t);
      if (x.key === y.key) stayed += Number(p.n);
      else moved += Number(p.n);
    }
    expect(byKeys(m.transitions)).toEqual(byKeys([...expected.values()]));
    expect({ moved: m.moved, stayed: m.stayed }).toEqual({ moved, stayed });
    expect(moved).toBeGreaterThan(0);

    // Scored in only one of the two runs: by that run's segment.
    const onlyIn = async (x: number, y: number) => {
      const rows = await api.facts<{ r: number; f: number; m: number; n: number | string }>(
        `SELECT s.r AS "r", s.f AS "f", s.m AS "m", count(*) AS "n" FROM customer_scores s
         WHERE s.run_id = $1 AND s.customer_id NOT IN (SELECT customer_id FROM customer_scores WHERE run_id = $2)
         GROUP BY s.r, s.f, s.m`,
        [x, y],
        `SELECT r, f, m, count() AS n FROM customer_scores
         WHERE run_id = ${x} AND customer_id NOT IN (SELECT customer_id FROM {db}.customer_scores_local WHERE run_id = ${y})
         GROUP BY r, f, m`,
      );
      const flows = new Map<string, Flow>();
      for (const row of rows) {
        const s = seg(row.r, row.f, row.m);
        const flow = flows.get(s.key) ?? { segment: s.name, segmentKey: s.key, customers: 0 };
        flow.customers += Number(row.n);
        flows.set(s.key, flow);
      }
      return byKeys([...flows.values()]);
    };
    expect(byKeys(m.entered)).toEqual(await onlyIn(to, from));
    // Nobody leaves: every customer with an order by August still has one by October.
    expect(m.left).toEqual([]);
    expect(m.entered.reduce((sum, e) => sum + e.customers, 0)).toBeGreaterThan(0);

    // Both runs' customers are accounted for once: the stored counts, summed here.
    const [counts] = await api.facts<{ a: number | string; b: number | string }>(
      `SELECT (SELECT count(*) FROM customer_scores WHERE run_id = $1) AS "a", (SELECT count(*) FROM customer_scores WHERE run_id = $2) AS "b"`,
      [from, to],
      `SELECT (SELECT count() FROM customer_scores WHERE run_id = ${from}) AS a, (SELECT count() FROM customer_scores WHERE run_id = ${to}) AS b`,
    );
    expect(moved + stayed).toBe(Number(counts!.a));
    expect(moved + stayed + m.entered.reduce((sum, e) => sum + e.customers, 0)).toBe(Number(counts!.b));
  });

  it("without runs it compares the last two (2025-11-30 and the demo's 2025-12-31)", async () => {
    const res = await api.gql<{ analytics: { movement: Movement } }>(MOVEMENT, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.analytics.movement).toMatchObject({
      fromRunId: runs[3],
      toRunId: api.runId,
      fromAsOfDay: "2025-11-30",
      toAsOfDay: "2025-12-31",
    });
  });

  it("refuses the same run twice, a later run as from, an unknown run and one run alone, naming the argument", async () => {
    const [aug, , oct] = runs as [number, number, number];
    const refusal = async (variables: Record<string, unknown>) => {
      const res = await api.gql(MOVEMENT, variables);
      expect(res.status).toBe(200);
      return { ...res.errors?.[0]?.extensions, message: res.errors?.[0]?.message };
    };
    expect(await refusal({ from: oct, to: oct })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "toRunId",
      message: `fromRunId and toRunId are both run ${oct}: movement compares two different runs`,
    });
    expect(await refusal({ from: oct, to: aug })).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "toRunId",
      message: `run ${aug} (as of 2025-08-31) is before run ${oct} (as of 2025-10-31): give the earlier run as fromRunId`,
    });
    expect(await refusal({ from: aug, to: 999_999 })).toMatchObject({ code: "NOT_FOUND", field: "toRunId" });
    expect(await refusal({ from: aug })).toMatchObject({ code: "BAD_USER_INPUT", field: "toRunId" });
  });

  it("refuses a run of another profile", async () => {
    const created = await api.gql<{ createProfile: { userErrors: unknown[] } }>(
      `mutation { createProfile(input: { key: "web-only", name: "Web only", settings: { bins: 4, channels: ["web"] } }) { userErrors { code message } } }`,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createProfile.userErrors).toEqual([]);
    const started = await api.gql<{ runScoring: { run: { id: number } } }>(
      `mutation { runScoring(input: { profile: "web-only" }) { run { id } userErrors { code } } }`,
    );
    expect(started.errors).toBeUndefined();
    const other = started.data!.runScoring.run.id;
    for (let i = 0; i < 600; i++) {
      const s = await api.gql<{ scoringRun: { status: string } }>(
        `query($id: Int!) { scoringRun(id: $id) { status } }`,
        {
          id: other,
        },
      );
      if (s.data!.scoringRun.status !== "RUNNING") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const res = await api.gql(MOVEMENT, { from: runs[0], to: other });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "toRunId" });
    expect(res.errors?.[0]?.message).toBe(`run ${other} belongs to another scoring profile`);
  }, 60_000);
});
