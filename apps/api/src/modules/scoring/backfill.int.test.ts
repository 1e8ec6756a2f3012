import { describe, expect, it } from "vitest";
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../../db/testing";
import { latestRunPair } from "../analytics/analytics.repository";
import { importTransactions } from "../import/import.service";
import { dataFile, REAL_FILES } from "../import/test-support";
import { backfillPeriods, runBackfill } from "./backfill";
import { getCurrentRun, listRuns, runScoring } from "./scoring.service";
import { acquireScoringLock } from "./scoring-lock";

const SUPERSTORE = REAL_FILES.find((f) => f.file === "superstore-orders-2011-2014.csv")!;
const NOW = Date.parse("2026-12-06T12:00:00Z");
const DAY = 86_400_000;

/** The last day counted by a run (its as-of instant is the first instant after it). */
const asOfDay = (asOf: number) => new Date(asOf - DAY).toISOString().slice(0, 10);

/** Customers with an order on or before `day` (yyyy-MM-dd), counted by SQL written here. */
async function customersUpTo(db: Database, day: string): Promise<number> {
  const end = Date.parse(`${day}T00:00:00Z`) + DAY;
  const [row] = await factsQuery<{ n: number | string }>(db, {
    sql: "SELECT count(DISTINCT customer_id) AS n FROM transactions WHERE occurred_at < $1",
    params: [db.provider === "sqlite" ? end : new Date(end).toISOString()],
    // occurred_at is epoch milliseconds there; FINAL: the latest version of each order.
    clickhouse: `SELECT uniqExact(customer_id) AS n FROM transactions FINAL WHERE occurred_at < ${end}`,
  });
  return Number(row!.n);
}

describe("backfill periods", () => {
  it("are each month's last day (leap February included) or each Sunday, ascending, leaving out periods after today", () => {
    const monthly = backfillPeriods("2023-11", "2024-03", "monthly", "2026-12-06");
    expect(monthly.periods.map((p) => p.asOfDay)).toEqual([
      "2023-11-30",
      "2023-12-31",
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
    ]);
    expect(monthly.periods[0]!.asOf).toBe(Date.parse("2023-12-01T00:00:00Z"));
    expect(
      backfillPeriods("2024-02", "2024-03", "weekly", "2026-12-06").periods.map((p) => p.asOfDay),
    ).toEqual([
      "2024-02-04",
      "2024-02-11",
      "2024-02-18",
      "2024-02-25",
      "2024-03-03",
      "2024-03-10",
      "2024-03-17",
      "2024-03-24",
      "2024-03-31",
    ]);
    const open = backfillPeriods("2026-10", "2027-01", "monthly", "2026-12-06");
    expect(open.periods.map((p) => p.asOfDay)).toEqual(["2026-10-31", "2026-11-30"]);
    expect(open.future).toBe(2);
  });

  it("refuse a bad month, an empty range, a range not yet ended and too many runs, naming the field", () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return { code: (error as AppError).code, field: (error as AppError).field };
      }
      throw new Error("not refused");
    };
    expect(refusal(() => backfillPeriods("2024-13", "2024-12", "monthly", "2026-12-06"))).toEqual({
      code: "INVALID_OPTIONS",
      field: "from",
    });
    expect(refusal(() => backfillPeriods("2024-01", "2024-1", "monthly", "2026-12-06"))).toEqual({
      code: "INVALID_OPTIONS",
      field: "to",
    });
    expect(refusal(() => backfillPeriods("2024-05", "2024-04", "monthly", "2026-12-06")).field).toBe("from");
    expect(refusal(() => backfillPeriods("2026-12", "2027-03", "monthly", "2026-12-06")).field).toBe("to");
    expect(refusal(() => backfillPeriods("1900-01", "2026-01", "weekly", "2026-12-06")).field).toBe("from");
    expect(
      refusal(() => backfillPeriods("2024-01", "2024-02", "daily" as "monthly", "2026-12-06")).field,
    ).toBe("interval");
  });
});

describe.each(FACT_ENGINES)("a backfill on %s", (engine) => {
  const t = useTestDatabase(engine);

  const importSuperstore = () =>
    importTransactions({
      db: t.db,
      input: dataFile(SUPERSTORE.file),
      source: SUPERSTORE.file,
      parse: SUPERSTORE.options,
    });

  it("scores superstore-orders-2011-2014.csv as of each month's end: one run per month, each counting the customers with an order up to that day; again: none; the latest as-of stays current", async () => {
    await importSuperstore();
    // Today's run first (as of the latest order's day, 2014-12-31): the backfill must not replace it.
    const today = await runScoring({ db: t.db, now: NOW, clv: "none" });
    expect(asOfDay(today.run.asOf)).toBe("2014-12-31");

    const lines: string[] = [];
    const first = await runBackfill({
      db: t.db,
      from: "2010-12",
      to: "2011-06",
      interval: "monthly",
      clv: "none",
      now: NOW,
      onPeriod: (e) => lines.push(`${e.period.asOfDay} ${e.event}`),
    });
    // The file's first order is on 2011-01-04: nobody to score as of 2010-12-31.
    expect(lines).toEqual([
      "2010-12-31 empty",
      "2011-01-31 start",
      "2011-01-31 scored",
      "2011-02-28 start",
      "2011-02-28 scored",
      "2011-03-31 start",
      "2011-03-31 scored",
      "2011-04-30 start",
      "2011-04-30 scored",
      "2011-05-31 start",
      "2011-05-31 scored",
      "2011-06-30 start",
      "2011-06-30 scored",
    ]);
    expect(first).toMatchObject({ scored: 6, skipped: 0, empty: 1, aborted: false });

    const second = await runBackfill({
      db: t.db,
      from: "2011-01",
      to: "2014-11",
      interval: "monthly",
      clv: "none",
      now: NOW,
    });
    expect(second).toMatchObject({ scored: 41, skipped: 6, empty: 0 });

    const backfilled = (await listRuns(t.db)).filter((r) => r.id !== today.run.id);
    expect(backfilled.every((r) => r.status === "complete")).toBe(true);
    const days = backfilled.map((r) => asOfDay(r.asOf)).sort();
    expect(days).toHaveLength(47);
    expect(new Set(days).size).toBe(47);
    expect(days.slice(0, 3)).toEqual(["2011-01-31", "2011-02-28", "2011-03-31"]);
    expect(days).toContain("2012-02-29");
    expect(days.at(-1)).toBe("2014-11-30");
    for (const run of backfilled) {
      expect({ day: asOfDay(run.asOf), customers: run.customersScored }).toEqual({
        day: asOfDay(run.asOf),
        customers: await customersUpTo(t.db, asOfDay(run.asOf)),
      });
    }
    // Literal counts from the file (customers with an order by then: Python csv).
    const byDay = new Map(backfilled.map((r) => [asOfDay(r.asOf), r]));
    expect(byDay.get("2011-01-31")!.customersScored).toBe(31);
    expect(byDay.get("2012-02-29")!.customersScored).toBe(609);
    expect(byDay.get("2014-11-30")!.customersScored).toBe(793);

    expect((await getCurrentRun(t.db))!.id).toBe(today.run.id);

    const again = await runBackfill({
      db: t.db,
      from: "2010-12",
      to: "2014-11",
      interval: "monthly",
      clv: "none",
      now: NOW,
    });
    expect(again).toMatchObject({ scored: 0, skipped: 47, empty: 1 });
    expect(await listRuns(t.db)).toHaveLength(48);

    // Other settings are another history: a 365-day window is scored anew.
    const windowed = await runBackfill({
      db: t.db,
      from: "2014-10",
      to: "2014-11",
      interval: "monthly",
      windowDays: 365,
      clv: "none",
      now: NOW,
    });
    expect(windowed).toMatchObject({ scored: 2, skipped: 0 });
  }, 120_000);

  it("resumes after an abort between months and after a run killed mid-way, without duplicates, and movement compares consecutive months", async () => {
    await importSuperstore();
    const controller = new AbortController();
    const stopped = await runBackfill({
      db: t.db,
      from: "2014-01",
      to: "2014-06",
      interval: "monthly",
      clv: "none",
      now: NOW,
      signal: controller.signal,
      onPeriod: (e) => {
        if (e.event === "scored" && e.index === 1) controller.abort();
      },
    });
    expect(stopped).toMatchObject({ scored: 2, aborted: true });

    // A process killed while scoring April left its run `running`.
    const killed = await t.db.prisma.scoringRun.create({
      data: {
        asOf: new Date(Date.parse("2014-05-01T00:00:00Z")),
        bins: 4,
        method: {},
        monetaryBasis: "total",
        status: "running",
      },
    });
    const resumed = await runBackfill({
      db: t.db,
      from: "2014-01",
      to: "2014-06",
      interval: "monthly",
      clv: "none",
      now: NOW,
    });
    expect(resumed).toMatchObject({ scored: 4, skipped: 2, interruptedRuns: [killed.id] });
    const complete = (await listRuns(t.db)).filter((r) => r.status === "complete");
    expect(complete.map((r) => asOfDay(r.asOf)).sort()).toEqual([
      "2014-01-31",
      "2014-02-28",
      "2014-03-31",
      "2014-04-30",
      "2014-05-31",
      "2014-06-30",
    ]);
    // Current: June; movement's default pair: May then June (by as-of, not by when they finished).
    const byDay = new Map(complete.map((r) => [asOfDay(r.asOf), r.id]));
    expect((await getCurrentRun(t.db))!.id).toBe(byDay.get("2014-06-30"));
    expect(await latestRunPair(t.db, 4)).toEqual([byDay.get("2014-05-31"), byDay.get("2014-06-30")]);
  }, 120_000);

  it("holds the scoring lock for the whole backfill: refused while another run holds it", async () => {
    await importSuperstore();
    const lock = await acquireScoringLock(t.db);
    try {
      await expect(
        runBackfill({ db: t.db, from: "2014-01", to: "2014-02", interval: "monthly", clv: "none", now: NOW }),
      ).rejects.toMatchObject({ code: "SCORING_IN_PROGRESS" });
    } finally {
      await lock.release();
    }
    expect(await listRuns(t.db)).toHaveLength(0);
  }, 60_000);
});
