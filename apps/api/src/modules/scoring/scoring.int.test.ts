import { DAY_MS, historicClv } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { AppError } from "../../app-error";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { getCurrentRun, listRuns, runScoring } from "./scoring.service";
import { acquireScoringLock } from "./scoring-lock";
import { AS_OF, expectedScores, handMadeStore, seedStore, storedScores, type TestStore } from "./test-store";

describe.each(FACT_ENGINES)("scoring runs on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("stores for every customer exactly the R, F, M, code, recency, frequency and net spend rfm-core computes from the same orders, with one range or three in parallel", async () => {
    const store = handMadeStore();
    const ids = await seedStore(t.db, store);
    // Ids in the list's order, 1, 2, ..., wherever the store keeps them.
    expect([...ids.entries()].sort((a, b) => a[1] - b[1])).toEqual(
      store.customers.map((c, i) => [c.id, i + 1]),
    );
    const window = { from: Date.UTC(2024, 1, 1) };
    const expected = expectedScores(store, { asOf: AS_OF, window });
    expect(expected.byCustomer.size).toBeGreaterThan(60);

    for (const parallelism of [1, 3]) {
      const { run, parts } = await runScoring({ db: t.db, asOf: AS_OF, window, clv: "none", parallelism });
      // ClickHouse aggregates on each shard at once, whatever the parallelism asked.
      expect(parts).toBe(engine === "clickhouse" ? t.db.analytics!.shardCount : parallelism);
      expect(run.status).toBe("complete");
      expect(run.customersScored).toBe(expected.byCustomer.size);
      expect(run.transactionsRead).toBe(expected.orders);
      expect(run.customersWithoutPurchases).toBe(expected.customersWithoutPurchases);
      expect(run.windowFrom).toBe(window.from);
      expect(run.asOf).toBe(AS_OF);

      const stored = await storedScores(t.db, run.id);
      expect([...stored.keys()].sort()).toEqual([...expected.byCustomer.keys()].sort());
      for (const [id, want] of expected.byCustomer) {
        const got = stored.get(id)!;
        expect({ id, ...pick(got) }).toEqual({ id, ...pick(want) });
        expect(got.clv).toBeNull();
      }
      // The run keeps rfm-core's histogram, cut points and warnings.
      expect(run.histogram!.customers).toEqual(expected.scoring.histogram.customers);
      expect(run.histogram!.frequency).toEqual(expected.scoring.histogram.frequency);
      expect(run.thresholds!.monetary.bounds).toEqual(expected.scoring.dimensions.monetary.bounds);
      expect(run.warnings).toEqual(expected.scoring.warnings);
    }
  });

  it("counts an order at as-of minus 1 ms (recency 0) and ignores one at the as-of instant, before the window or after its end", async () => {
    const store: TestStore = {
      customers: [{ id: "A" }, { id: "B" }, { id: "C" }, { id: "D" }],
      orders: [
        { customer: "A", order: "a1", at: AS_OF - 1, cents: 1000 },
        { customer: "A", order: "a2", at: AS_OF, cents: 99_900 },
        { customer: "B", order: "b1", at: AS_OF - 40 * DAY_MS, cents: 2000 },
        { customer: "B", order: "b2", at: AS_OF - 10 * DAY_MS, cents: 3000 },
        { customer: "C", order: "c1", at: AS_OF - 5 * DAY_MS, cents: 4000 },
        { customer: "D", order: "d1", at: AS_OF - 31 * DAY_MS, cents: 5000 },
      ],
    };
    await seedStore(t.db, store);

    const all = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const everything = await storedScores(t.db, all.run.id);
    expect(everything.get("A")).toMatchObject({ recencyDays: 0, frequency: 1, monetaryCents: 1000 });
    // B's last order is at the first instant of the 10th day before AS_OF, the 9th before the
    // last day counted (the day before AS_OF): recency counts days, 9.
    expect(everything.get("B")).toMatchObject({ recencyDays: 9, frequency: 2, monetaryCents: 5000 });
    expect(all.run.transactionsRead).toBe(5);

    // The last 30 days: D's only order (31 days ago) and B's first are out.
    const last30 = await runScoring({ db: t.db, asOf: AS_OF, window: { days: 30 }, clv: "none" });
    expect(last30.run.windowFrom).toBe(AS_OF - 30 * DAY_MS);
    const recent = await storedScores(t.db, last30.run.id);
    expect([...recent.keys()].sort()).toEqual(["A", "B", "C"]);
    expect(recent.get("B")).toMatchObject({ frequency: 1, monetaryCents: 3000 });

    // A window ending before as-of: C's order (5 days ago) is after its end; recency still counts to as-of.
    const ended = await runScoring({
      db: t.db,
      asOf: AS_OF,
      window: { from: AS_OF - 60 * DAY_MS, to: AS_OF - 7 * DAY_MS },
      clv: "none",
    });
    const early = await storedScores(t.db, ended.run.id);
    expect([...early.keys()].sort()).toEqual(["B", "D"]);
    expect(early.get("B")).toMatchObject({ recencyDays: 9, frequency: 2 });
    expect(ended.run.windowTo).toBe(AS_OF - 7 * DAY_MS);
  });

  it("scores as of the day of the latest order, a refund included, when no as-of is given, with or without a window", async () => {
    const last = Date.UTC(2024, 4, 20, 23, 59, 59, 999);
    await seedStore(t.db, {
      customers: [{ id: "A" }, { id: "B" }],
      orders: [
        { customer: "A", order: "a1", at: Date.UTC(2024, 4, 10, 12), cents: 1000 },
        { customer: "B", order: "b1", at: Date.UTC(2024, 3, 1), cents: 2000 },
        { customer: "B", order: "b2", at: last, cents: -500 },
      ],
    });
    const asOf = Date.UTC(2024, 4, 21);
    const unbounded = await runScoring({ db: t.db, clv: "none" });
    expect(unbounded.run.asOf).toBe(asOf);
    expect(unbounded.run.windowFrom).toBeNull();
    const stored = await storedScores(t.db, unbounded.run.id);
    // As of 20 May: A bought on 10 May (10 days), B last bought on 1 April (30 + 19 = 49 days).
    expect(stored.get("A")).toMatchObject({ recencyDays: 10, monetaryCents: 1000 });
    expect(stored.get("B")).toMatchObject({ recencyDays: 49, monetaryCents: 1500 });

    const from = await runScoring({ db: t.db, clv: "none", window: { from: Date.UTC(2024, 4, 1) } });
    expect(from.run.asOf).toBe(asOf);
    expect([...(await storedScores(t.db, from.run.id)).keys()]).toEqual(["A"]);

    const days = await runScoring({ db: t.db, clv: "none", window: { days: 20 } });
    expect(days.run.asOf).toBe(asOf);
    expect(days.run.windowFrom).toBe(asOf - 20 * DAY_MS);
    expect(days.run.customersWithoutPurchases).toBe(1);
  });

  it("lets a refund reduce net spend without counting as a purchase, and leaves out a customer with refunds only", async () => {
    await seedStore(t.db, {
      customers: [{ id: "buyer" }, { id: "refunder" }, { id: "net-negative" }],
      orders: [
        { customer: "buyer", order: "p1", at: AS_OF - 20 * DAY_MS, cents: 10_000 },
        { customer: "buyer", order: "r1", at: AS_OF - 2 * DAY_MS, cents: -3_000 },
        { customer: "buyer", order: "z1", at: AS_OF - 1 * DAY_MS, cents: 0 },
        { customer: "refunder", order: "r2", at: AS_OF - 3 * DAY_MS, cents: -500 },
        { customer: "net-negative", order: "p2", at: AS_OF - 9 * DAY_MS, cents: 1_000 },
        { customer: "net-negative", order: "r3", at: AS_OF - 8 * DAY_MS, cents: -2_500 },
      ],
    });
    const { run } = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const stored = await storedScores(t.db, run.id);
    // Recency is from the last purchase (at the start of the 20th day before AS_OF, the 19th
    // before the last day counted), not from the later refund or zero order.
    expect(stored.get("buyer")).toMatchObject({ frequency: 1, monetaryCents: 7_000, recencyDays: 19 });
    expect(stored.get("net-negative")).toMatchObject({ frequency: 1, monetaryCents: -1_500, recencyDays: 8 });
    expect(stored.has("refunder")).toBe(false);
    expect(run.customersScored).toBe(2);
    expect(run.customersWithoutPurchases).toBe(1);
    expect(run.transactionsRead).toBe(6);
  });

  it("stores net spend per purchase, rounded to the cent, when monetary is scored on the mean-order basis", async () => {
    const store = handMadeStore(11);
    await seedStore(t.db, store);
    const expected = expectedScores(store, { asOf: AS_OF, monetaryBasis: "mean-order" });
    const { run } = await runScoring({ db: t.db, asOf: AS_OF, monetaryBasis: "mean-order", clv: "none" });
    expect(run.monetaryBasis).toBe("mean-order");
    const stored = await storedScores(t.db, run.id);
    for (const [id, want] of expected.byCustomer) {
      const got = stored.get(id)!;
      expect({ id, m: got.m, code: got.code }).toEqual({ id, m: want.m, code: want.code });
      expect(got.monetaryCents).toBe(Math.round(Math.round((want.monetary / want.frequency) * 100)));
    }
    // Revenue in the histogram stays net spend.
    expect(run.histogram!.monetary).toEqual(expected.scoring.histogram.monetary);
  });

  it("stores historic CLV per customer as rfm-core computes it, and the CLV method with the run", async () => {
    const store = handMadeStore(3);
    await seedStore(t.db, store);
    const expected = expectedScores(store, { asOf: AS_OF });
    const { run } = await runScoring({ db: t.db, asOf: AS_OF, clv: "historic" });
    expect(run.clv).toMatchObject({ method: "historic", requested: "historic", horizonDays: 365 });
    const clv = historicClv({
      monetaryTotal: expected.monetary,
      firstPurchase: expected.firstPurchase,
      asOf: AS_OF,
      horizonDays: 365,
    });
    const stored = await storedScores(t.db, run.id);
    const ids = [...expected.byCustomer.keys()];
    ids.forEach((id, i) => {
      expect(stored.get(id)!.clv).toBeCloseTo(clv[i]!, 6);
    });
    const total = clv.reduce((a, b) => a + b, 0);
    expect(run.histogram!.clv!.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 4);

    // The model on 80-odd customers: fitted, or historic with the reason; a value for everyone either way.
    const model = await runScoring({ db: t.db, asOf: AS_OF });
    expect(model.run.clv!.requested).toBe("model");
    expect(model.run.clv!.method === "model" || model.run.clv!.fallbackReason !== null).toBe(true);
    const modelScores = await storedScores(t.db, model.run.id);
    expect([...modelScores.values()].every((s) => s.clv !== null && Number.isFinite(s.clv))).toBe(true);
  });

  it("marks a run that fails while writing scores as failed with its error, writes none of its scores, and keeps the previous run current", async () => {
    await seedStore(t.db, handMadeStore());
    const first = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    expect((await getCurrentRun(t.db))!.id).toBe(first.run.id);

    const failing = runScoring({
      db: t.db,
      asOf: AS_OF + 30 * DAY_MS,
      clv: "none",
      writeScores: async (tx, runId, scores) => {
        // Write them, then fail: the transaction must take the written rows back.
        await tx.scores.write(runId, scores);
        throw new Error("disk full (injected)");
      },
    });
    await expect(failing).rejects.toBeInstanceOf(AppError);
    await expect(failing).rejects.toMatchObject({
      code: "SCORING_FAILED",
      details: { runId: expect.any(Number) },
    });
    await expect(failing).rejects.toThrow(/disk full \(injected\)/);

    const runs = await listRuns(t.db);
    expect(runs.map((r) => r.status)).toEqual(["failed", "complete"]);
    expect(runs[0]!.error).toBe("disk full (injected)");
    expect(runs[0]!.finishedAt).not.toBeNull();
    expect((await getCurrentRun(t.db))!.id).toBe(first.run.id);
    expect((await storedScores(t.db, runs[0]!.id)).size).toBe(0);
    expect((await storedScores(t.db, first.run.id)).size).toBe(first.run.customersScored);
  });

  it("marks a run left running by a dead process as interrupted when the next run starts, and refuses a run while another holds the lock", async () => {
    await seedStore(t.db, handMadeStore());
    const stale = await t.db.prisma.scoringRun.create({
      data: {
        asOf: new Date(AS_OF),
        bins: 4,
        method: {},
        monetaryBasis: "total",
        status: "running",
        startedAt: new Date(Date.now() - 3600_000),
      },
    });
    if (t.db.analytics) {
      await t.db.analytics.insertShard(t.db.analytics.shardOf(1), "customer_scores_local", [
        {
          run_id: stale.id,
          customer_id: 1,
          recency_days: 0,
          frequency: 1,
          monetary_cents: 100,
          r: 1,
          f: 1,
          m: 1,
          code: 0,
        },
      ]);
    } else {
      await t.db.raw.execute(
        `INSERT INTO customer_scores (run_id, customer_id, recency_days, frequency, monetary_cents, r, f, m, code)
         VALUES ($1, 1, 0, 1, 100, 1, 1, 1, 0)`,
        [stale.id],
      );
    }

    const lock = await acquireScoringLock(t.db);
    try {
      const busy = runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
      await expect(busy).rejects.toBeInstanceOf(AppError);
      await expect(busy).rejects.toMatchObject({ code: "SCORING_IN_PROGRESS" });
    } finally {
      await lock.release();
    }
    expect((await listRuns(t.db)).map((r) => r.status)).toEqual(["running"]);

    const next = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    expect(next.interruptedRuns).toEqual([stale.id]);
    const [latest, interrupted] = await listRuns(t.db);
    expect(latest!.status).toBe("complete");
    expect(interrupted!.status).toBe("failed");
    expect(interrupted!.error).toMatch(/^interrupted/);
    expect((await storedScores(t.db, stale.id)).size).toBe(0);
  });

  it("makes the complete run with the latest as-of current (of the same as-of, the one that finished last), and none before a run completes", async () => {
    expect(await getCurrentRun(t.db)).toBeNull();
    await seedStore(t.db, handMadeStore());
    const a = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    // An earlier day scored afterwards (as a backfill does) does not replace the later picture.
    const earlier = await runScoring({ db: t.db, asOf: AS_OF - 30 * DAY_MS, clv: "none" });
    expect(earlier.run.id).toBeGreaterThan(a.run.id);
    expect((await getCurrentRun(t.db))!.id).toBe(a.run.id);
    // The same day scored again (other settings): the newer run is current.
    const again = await runScoring({ db: t.db, asOf: AS_OF, clv: "historic" });
    const current = (await getCurrentRun(t.db))!;
    expect(current.id).toBe(again.run.id);
    expect(current.clv?.method).toBe("historic");
  });
});

function pick(s: {
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  code: number;
}) {
  return {
    recencyDays: s.recencyDays,
    frequency: s.frequency,
    monetary: s.monetary,
    r: s.r,
    f: s.f,
    m: s.m,
    code: s.code,
  };
}
