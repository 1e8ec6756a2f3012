/**
 * Fixed and kept thresholds and their preview, on each facts engine (SQLite, PostgreSQL,
 * ClickHouse). The expected scores and sizes are SQL written here (CASE expressions over the
 * stored values), not the production code's.
 */
import { DAY_MS } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { FACT_ENGINES, factsQuery, portableFactsQuery, useTestDatabase } from "../../db/testing";
import { createProfile } from "../profile/profile.repository";
import { getCurrentRun, runScoring } from "./scoring.service";
import { AS_OF, handMadeStore, seedStore } from "./test-store";
import { previewThresholds } from "./thresholds";

/** 1 + (number of true conditions): rfm-core's threshold rule, written as SQL by hand. */
const scoreSql = (conditions: readonly string[]) =>
  `(1${conditions.map((c) => ` + (CASE WHEN ${c} THEN 1 ELSE 0 END)`).join("")})`;

describe.each(FACT_ENGINES)("fixed and kept thresholds on %s", (engine) => {
  const t = useTestDatabase(engine);
  const count = async (sql: string, params: number[]) =>
    Number((await portableFactsQuery<{ n: number | string }>(t.db, sql, params))[0]!.n);

  it("fixed thresholds: the stored scores follow the bounds and each score's size matches a count in SQL", async () => {
    await seedStore(t.db, handMadeStore());
    const { run } = await runScoring({
      db: t.db,
      asOf: AS_OF,
      clv: "none",
      methods: {
        recency: { kind: "thresholds", bounds: [14, 56, 112] },
        frequency: { kind: "thresholds", bounds: [2, 3, 5] },
        monetary: { kind: "thresholds", bounds: [20, 60, 150] },
      },
    });
    expect(run.thresholds!.recency).toMatchObject({ method: "thresholds", bounds: [14, 56, 112] });
    const n = run.customersScored!;
    expect(n).toBeGreaterThan(60);

    // By hand: R4 0-14 days, R3 15-56, R2 57-112, R1 more; F 1, 2, 3-4, 5+; M <20, 20-59.99, 60-149.99, 150+.
    const ranges = {
      recency: [
        "recency_days > 112",
        "recency_days BETWEEN 57 AND 112",
        "recency_days BETWEEN 15 AND 56",
        "recency_days <= 14",
      ],
      frequency: ["frequency < 2", "frequency = 2", "frequency BETWEEN 3 AND 4", "frequency >= 5"],
      monetary: [
        "monetary_cents < 2000",
        "monetary_cents BETWEEN 2000 AND 5999",
        "monetary_cents BETWEEN 6000 AND 14999",
        "monetary_cents >= 15000",
      ],
    } as const;
    const column = { recency: "r", frequency: "f", monetary: "m" } as const;
    for (const dimension of ["recency", "frequency", "monetary"] as const) {
      const sizes: number[] = [];
      for (let s = 1; s <= 4; s++) {
        const where = ranges[dimension][s - 1];
        sizes.push(
          await count(`SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND ${where}`, [run.id]),
        );
        // Every customer in that range has that score, and no other customer has it.
        expect(
          await count(
            `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND ((${where}) <> (${column[dimension]} = ${s}))`,
            [run.id],
          ),
          `${dimension} ${s}`,
        ).toBe(0);
      }
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(
        run.thresholds![dimension].bins.map((b) => b.customers),
        dimension,
      ).toEqual(sizes);
      // Not a degenerate case: at least three scores hold customers.
      expect(sizes.filter((x) => x > 0).length, dimension).toBeGreaterThanOrEqual(3);
    }
  });

  it("keep these thresholds: a later run has the source run's bounds and its codes equal a CASE on them", async () => {
    await seedStore(t.db, handMadeStore());
    const source = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const later = AS_OF + 21 * DAY_MS;
    const kept = await runScoring({ db: t.db, asOf: later, clv: "none", keepThresholdsOf: source.run.id });
    for (const d of ["recency", "frequency", "monetary"] as const) {
      expect(kept.run.thresholds![d].bounds, d).toEqual(source.run.thresholds![d].bounds);
      expect(kept.run.thresholds![d].method, d).toBe("thresholds");
      expect(kept.run.method[d].kind, d).toBe("thresholds");
    }
    // The kept run saw orders the source did not (up to 3 weeks later): different customers' values.
    expect(kept.run.transactionsRead!).toBeGreaterThan(source.run.transactionsRead!);

    const b = source.run.thresholds!;
    const terms = (column: string, op: string, bounds: readonly (number | null)[], scale = 1) =>
      bounds.filter((x): x is number => x !== null).map((x) => `${column} ${op} ${Math.round(x * scale)}`);
    const r = scoreSql(terms("recency_days", "<=", b.recency.bounds));
    const f = scoreSql(terms("frequency", ">=", b.frequency.bounds));
    const m = scoreSql(terms("monetary_cents", ">=", b.monetary.bounds, 100));
    const code = `((${r} - 1) * 4 + (${f} - 1)) * 4 + (${m} - 1)`;
    const rows = await count(`SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1`, [kept.run.id]);
    expect(rows).toBe(kept.run.customersScored);
    expect(
      await count(`SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND code <> ${code}`, [
        kept.run.id,
      ]),
    ).toBe(0);
    // A quantile run over the same later orders would not have scored them the same.
    const fresh = await runScoring({ db: t.db, asOf: later, clv: "none" });
    expect(fresh.run.thresholds!.recency.bounds).not.toEqual(b.recency.bounds);
  });

  it("keep these thresholds with a frequency tie: equal bounds and an unreachable F4 are kept as they were", async () => {
    // Four customers with one order, four with three; E gets two more orders after the as-of.
    const ids = ["A", "B", "C", "D", "E", "F", "G", "H"];
    const orders = ids.flatMap((id, i) =>
      Array.from({ length: i < 4 ? 1 : 3 }, (_, k) => ({
        customer: id,
        order: `${id}${k}`,
        at: AS_OF - (10 + i + k) * DAY_MS,
        cents: 1000 * (i + 1),
      })),
    );
    orders.push(
      { customer: "E", order: "E8", at: AS_OF + DAY_MS, cents: 500 },
      { customer: "E", order: "E9", at: AS_OF + 2 * DAY_MS, cents: 500 },
    );
    await seedStore(t.db, { customers: ids.map((id) => ({ id })), orders });
    const source = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    // By hand (docs/scoring.md): positions 2 and 4 of 8 fall in the tie of 1 (bound: the next value, 3),
    // position 6 in the tie of 3, the largest value (no bound: F4 unreachable).
    expect(source.run.thresholds!.frequency.bounds).toEqual([3, 3, null]);
    const kept = await runScoring({
      db: t.db,
      asOf: AS_OF + 7 * DAY_MS,
      clv: "none",
      keepThresholdsOf: source.run.id,
    });
    expect(kept.run.thresholds!.frequency.bounds).toEqual([3, 3, null]);
    const f = await factsQuery<{ id: string; frequency: number; f: number }>(t.db, {
      sql: `SELECT c.external_id AS "id", s.frequency AS "frequency", s.f AS "f"
         FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1 ORDER BY c.external_id`,
      params: [kept.run.id],
      clickhouse: `SELECT external_id AS id, frequency AS frequency, f AS f FROM customer_scores
         ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
         WHERE run_id = ${kept.run.id} ORDER BY external_id`,
    });
    expect(f.map((row) => [row.id, Number(row.frequency), Number(row.f)])).toEqual([
      ["A", 1, 1],
      ["B", 1, 1],
      ["C", 1, 1],
      ["D", 1, 1],
      ["E", 5, 3],
      ["F", 3, 3],
      ["G", 3, 3],
      ["H", 3, 3],
    ]);
  });

  it("keep these thresholds is refused for other bins, another monetary basis, an unknown run", async () => {
    await seedStore(t.db, handMadeStore());
    const source = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    // A run's bins are its profile's: other bins means a profile of other bins.
    const five = await createProfile(t.db, "tester", {
      key: "five",
      name: "Five bins",
      settings: { bins: 5 },
    });
    await expect(
      runScoring({ db: t.db, asOf: AS_OF, clv: "none", profileId: five.id, keepThresholdsOf: source.run.id }),
    ).rejects.toMatchObject({
      code: "INVALID_THRESHOLDS",
      message: `cannot keep the thresholds of run ${source.run.id}: it scored 4 bins and this run asks for 5; score with 4 bins to keep them`,
    });
    await expect(
      runScoring({
        db: t.db,
        asOf: AS_OF,
        clv: "none",
        monetaryBasis: "mean-order",
        keepThresholdsOf: source.run.id,
      }),
    ).rejects.toMatchObject({
      code: "INVALID_THRESHOLDS",
      message: /total basis and this run asks for mean-order/,
    });
    await expect(
      runScoring({ db: t.db, asOf: AS_OF, clv: "none", keepThresholdsOf: 999 }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Nothing was started by the refusals.
    expect((await getCurrentRun(t.db))!.id).toBe(source.run.id);
  });

  it("the preview's counts are the sizes a run with those thresholds then has, and a count in SQL", async () => {
    await seedStore(t.db, handMadeStore());
    const base = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const bounds = { recency: [7, 35, 91], frequency: [2, 4, 6], monetary: [10.5, 45, 120] };
    const preview = await previewThresholds(t.db, bounds, 4);
    expect(preview.run.id).toBe(base.run.id);
    // A hand-written count of the current run's stored values for one dimension.
    const [bySql] = await portableFactsQuery<Record<string, number | string>>(
      t.db,
      `SELECT sum(CASE WHEN monetary_cents < 1050 THEN 1 ELSE 0 END) AS "m1",
              sum(CASE WHEN monetary_cents >= 1050 AND monetary_cents < 4500 THEN 1 ELSE 0 END) AS "m2",
              sum(CASE WHEN monetary_cents >= 4500 AND monetary_cents < 12000 THEN 1 ELSE 0 END) AS "m3",
              sum(CASE WHEN monetary_cents >= 12000 THEN 1 ELSE 0 END) AS "m4"
         FROM customer_scores WHERE run_id = $1`,
      [base.run.id],
    );
    expect(preview.counts.monetary).toEqual(["m1", "m2", "m3", "m4"].map((k) => Number(bySql![k])));

    const { run } = await runScoring({
      db: t.db,
      asOf: AS_OF,
      clv: "none",
      methods: {
        recency: { kind: "thresholds", bounds: bounds.recency },
        frequency: { kind: "thresholds", bounds: bounds.frequency },
        monetary: { kind: "thresholds", bounds: bounds.monetary },
      },
    });
    for (const d of ["recency", "frequency", "monetary"] as const) {
      expect(preview.counts[d], d).toEqual(run.thresholds![d].bins.map((b) => b.customers));
    }
  });

  it("preview refuses bounds out of order naming the dimension, and needs a run", async () => {
    await expect(previewThresholds(t.db, { frequency: [2, 6, 4] }, 4)).rejects.toMatchObject({
      code: "INVALID_THRESHOLDS",
      field: "frequency",
      message: "frequency thresholds [2, 6, 4]: bounds must be strictly increasing",
    });
    await expect(previewThresholds(t.db, { frequency: [2, 4, 6] }, 4)).rejects.toMatchObject({
      code: "NO_SCORING_RUN",
    });
  });
});
