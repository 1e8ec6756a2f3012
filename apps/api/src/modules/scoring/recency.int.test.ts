/**
 * Recency as everyone counts it (issue 12): calendar days from the day of the last purchase to
 * the as-of day, in the store's time zone, through the real importer and scoring run on each
 * facts engine (SQLite, PostgreSQL, ClickHouse), read back with SQL. The expected values are literals read off the real file
 * with grep, hand-computed day counts, or computed here from the raw bytes with plain date
 * arithmetic: never with rfm-core.
 */
import "reflect-metadata";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../../db/testing";
import { AnalyticsCache } from "../analytics/analytics.repository";
import { dailySales } from "../analytics/analytics.service";
import { importTransactions } from "../import/import.service";
import { DATA_DIR, dataFile, REAL_FILES, textInput } from "../import/test-support";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import { toRunType } from "./scoring.mapper";
import { createRun, getRun } from "./scoring.repository";
import { runScoring } from "./scoring.service";

const SUPERSTORE = REAL_FILES.find((f) => f.file === "superstore-orders-2011-2014.csv")!;

/** customer external id -> stored recency_days of the run, read with SQL. */
async function storedRecency(db: Database, runId: number): Promise<Map<string, number>> {
  return new Map([...(await storedMeasures(db, runId))].map(([id, m]) => [id, m.recency]));
}

/**
 * customer external id -> stored R, F, M measures of the run, read with SQL (on ClickHouse each
 * shard joins its scores with its own customers: both are sharded by customer id).
 */
async function storedMeasures(
  db: Database,
  runId: number,
): Promise<Map<string, { recency: number; frequency: number; cents: number }>> {
  const rows = await factsQuery<{ id: string; recency: number; frequency: number; cents: number | string }>(
    db,
    {
      sql: `SELECT c.external_id AS "id", s.recency_days AS "recency", s.frequency AS "frequency", s.monetary_cents AS "cents"
     FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1`,
      params: [runId],
      clickhouse: `SELECT external_id AS id, recency_days AS recency, frequency AS frequency, monetary_cents AS cents
     FROM customer_scores ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
     WHERE run_id = ${runId}`,
    },
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { recency: Number(r.recency), frequency: Number(r.frequency), cents: Number(r.cents) },
    ]),
  );
}

/**
 * The oracle: every customer's recency as of 2014-12-31, orders and spend, from the file's bytes
 * with no code of ours. The file is Mac Roman with CR line ends; each line is
 * `M/D/YY,order,customer,total` (no quoted fields, one line per order, every total a positive
 * whole number: checked with awk); the days between two dates are their `Date.UTC` difference
 * over 86,400,000.
 */
function measuresFromRawFile(asOf: {
  y: number;
  m: number;
  d: number;
}): Map<string, { recency: number; frequency: number; cents: number }> {
  const text = new TextDecoder("macintosh").decode(
    readFileSync(path.join(DATA_DIR, "superstore-orders-2011-2014.csv")),
  );
  const lines = text.split("\r").slice(1);
  const byCustomer = new Map<string, { last: number; frequency: number; cents: number }>();
  for (const line of lines) {
    if (line === "") continue;
    const [date, , customer, total] = line.split(",");
    const [m, d, yy] = date!.split("/").map(Number);
    const day = Date.UTC(2000 + yy!, m! - 1, d!);
    const sums = byCustomer.get(customer!) ?? { last: Number.NEGATIVE_INFINITY, frequency: 0, cents: 0 };
    sums.last = Math.max(sums.last, day);
    sums.frequency += 1;
    sums.cents += Number(total) * 100;
    byCustomer.set(customer!, sums);
  }
  const asOfDay = Date.UTC(asOf.y, asOf.m - 1, asOf.d);
  return new Map(
    [...byCustomer].map(([customer, s]) => [
      customer,
      { recency: (asOfDay - s.last) / 86_400_000, frequency: s.frequency, cents: s.cents },
    ]),
  );
}

describe.each(FACT_ENGINES)("recency on %s", (engine) => {
  const t = useTestDatabase(engine);

  const importSuperstore = (timeZone: string) =>
    importTransactions({
      db: t.db,
      input: dataFile(SUPERSTORE.file),
      source: SUPERSTORE.file,
      parse: { ...SUPERSTORE.options, timeZone },
    });

  it.each(["UTC", "Asia/Tokyo", "America/Los_Angeles"])(
    "superstore-orders-2011-2014 as of 2014-12-31 (%s): last order that day 0, the day before 1, further back in calendar days",
    async (timeZone) => {
      await importSuperstore(timeZone);
      const { run } = await runScoring({ db: t.db, asOfDay: "2014-12-31", timeZone, clv: "none" });
      expect(run.timeZone).toBe(timeZone);
      const recency = await storedRecency(t.db, run.id);
      // grep '^12/31/14,' : Erica Bern and Chuck Clark ordered on 2014-12-31.
      expect(recency.get("Erica Bern")).toBe(0);
      expect(recency.get("Chuck Clark")).toBe(0);
      // grep '^12/30/14,' : Bruce Stewart's and James Galang's last orders are on 2014-12-30.
      expect(recency.get("Bruce Stewart")).toBe(1);
      expect(recency.get("James Galang")).toBe(1);
      // Dennis Kane's last order is 12/12/14: 31 - 12 = 19 days.
      expect(recency.get("Dennis Kane")).toBe(19);
      // Nicole Brennan's last order is 10/22/11: 366 + 365 + 365 days to 2014-10-22 (2012 is a
      // leap year), then 9 + 30 + 31 to 2014-12-31: 1,166.
      expect(recency.get("Nicole Brennan")).toBe(1166);
      // The API says the same last day counted, in the run's zone.
      const shown = toRunType(
        run,
        { services: { scoring: { phaseOf: () => null } } } as never,
        null,
        "default",
      );
      expect({ asOfDay: shown.asOfDay, timeZone: shown.timeZone }).toEqual({
        asOfDay: "2014-12-31",
        timeZone,
      });
    },
    60_000,
  );

  it("a running run that has not found the latest order's day yet does not show its start day as the as-of day", async () => {
    const startedAt = Date.parse("2026-12-06T10:00:00Z");
    const id = await createRun(
      t.db,
      {
        asOf: startedAt, // the stand-in runScoring stores until the aggregation finds the day
        windowFrom: null,
        windowTo: null,
        timeZone: "UTC",
        profileId: DEFAULT_PROFILE_ID,
        bins: 4,
        method: {
          recency: { kind: "quantile" },
          frequency: { kind: "quantile" },
          monetary: { kind: "quantile" },
        },
        monetaryBasis: "total",
      },
      startedAt,
    );
    const context = { services: { scoring: { phaseOf: () => null } } } as never;
    expect(toRunType((await getRun(t.db, id))!, context, null, "default").asOfKnown).toBe(false);
    // Given as-of: known from the start.
    const given = await createRun(
      t.db,
      {
        asOf: Date.parse("2015-01-01T00:00:00Z"),
        windowFrom: null,
        windowTo: null,
        timeZone: "UTC",
        profileId: DEFAULT_PROFILE_ID,
        bins: 4,
        method: {
          recency: { kind: "quantile" },
          frequency: { kind: "quantile" },
          monetary: { kind: "quantile" },
        },
        monetaryBasis: "total",
      },
      startedAt,
    );
    expect(toRunType((await getRun(t.db, given))!, context, null, "default")).toMatchObject({
      asOfKnown: true,
      asOfDay: "2014-12-31",
    });
  });

  it("superstore-orders-2011-2014: every customer's stored recency, frequency and net spend equal those computed from the raw file", async () => {
    await importSuperstore("UTC");
    const { run } = await runScoring({ db: t.db, asOfDay: "2014-12-31", clv: "none", timeZone: "UTC" });
    const stored = await storedMeasures(t.db, run.id);
    const expected = measuresFromRawFile({ y: 2014, m: 12, d: 31 });
    expect(expected.size).toBe(793);
    const agreeing = (measure: "recency" | "frequency" | "cents") =>
      [...expected].filter(([customer, want]) => stored.get(customer)?.[measure] === want[measure]).length;
    expect({
      customers: stored.size,
      recency: agreeing("recency"),
      frequency: agreeing("frequency"),
      monetary: agreeing("cents"),
    }).toEqual({ customers: 793, recency: 793, frequency: 793, monetary: 793 });
  }, 60_000);

  /**
   * America/Toronto: clocks went forward at 02:00 on 2024-03-10 (EST -05:00 to EDT -04:00) and
   * back at 02:00 on 2023-11-05. Each customer has one order; the file gives some instants with
   * an offset, one as a naive local time.
   */
  const TORONTO_FILE = [
    "order_id,customer_id,occurred_at,amount",
    // 23:30 EDT on the spring-forward day: 03:30 UTC on the 11th, Toronto's 10 March.
    "o1,late,2024-03-10T23:30:00-04:00,10",
    // The same local time without an offset: read in the store's zone.
    "o2,naive,2024-03-10 23:30,20",
    // 00:15 EST, before the change: the same Toronto day.
    "o3,early,2024-03-10T00:15:00-05:00,40",
    // 23:59 EST on the 9th is 04:59 UTC on the 10th.
    "o4,before,2024-03-09T23:59:00-05:00,80",
    // 23:30 EST on the fall-back day, 04:30 UTC on the 6th.
    "o5,fallback,2023-11-05T23:30:00-05:00,160",
    // 00:30 EDT on the 11th: after the as-of day in Toronto.
    "o6,next,2024-03-11T00:30:00-04:00,320",
  ].join("\n");

  it("America/Toronto: recency, the as-of day and the daily chart count Toronto's days, across clock changes", async () => {
    const timeZone = "America/Toronto";
    await importTransactions({
      db: t.db,
      input: textInput(TORONTO_FILE),
      source: "toronto.csv",
      parse: { timeZone },
    });
    const { run } = await runScoring({ db: t.db, asOfDay: "2024-03-10", timeZone, clv: "none" });
    // "As of 2024-03-10" ends at Toronto's midnight, 04:00 UTC (EDT).
    expect(new Date(run.asOf).toISOString()).toBe("2024-03-11T04:00:00.000Z");
    expect(Object.fromEntries(await storedRecency(t.db, run.id))).toEqual({
      late: 0,
      naive: 0,
      early: 0,
      before: 1,
      // 2023-11-05 to 2024-03-10: 25 + 31 + 31 + 29 + 10 = 126.
      fallback: 126,
    });

    // The last 2 days: Toronto's 9 and 10 March, from 05:00 UTC on the 9th (EST).
    const window = await runScoring({
      db: t.db,
      asOfDay: "2024-03-10",
      timeZone,
      window: { days: 2 },
      clv: "none",
    });
    expect(new Date(window.run.windowFrom!).toISOString()).toBe("2024-03-09T05:00:00.000Z");
    expect([...(await storedRecency(t.db, window.run.id)).keys()].sort()).toEqual([
      "before",
      "early",
      "late",
      "naive",
    ]);

    // The daily chart puts each order on its Toronto day, on both engines alike.
    const cube = await new AnalyticsCache(t.db, timeZone).sales();
    const days = (from: string, to: string) =>
      dailySales(cube, from, to).map((d) => [d.day, d.transactions, d.revenue]);
    expect(days("2024-03-09", "2024-03-11")).toEqual([
      ["2024-03-09", 1, 80],
      ["2024-03-10", 3, 70],
      ["2024-03-11", 1, 320],
    ]);
    expect(days("2023-11-05", "2023-11-06")).toEqual([
      ["2023-11-05", 1, 160],
      ["2023-11-06", 0, 0],
    ]);
  }, 60_000);

  it("the same orders counted in UTC days fall on other days: the zone is what moves them", async () => {
    // Imported with Toronto's zone (the naive time is Toronto's), charted and scored in UTC.
    await importTransactions({
      db: t.db,
      input: textInput(TORONTO_FILE),
      source: "toronto.csv",
      parse: { timeZone: "America/Toronto" },
    });
    const cube = await new AnalyticsCache(t.db, "UTC").sales();
    expect(dailySales(cube, "2024-03-09", "2024-03-11").map((d) => [d.day, d.transactions])).toEqual([
      ["2024-03-09", 0],
      ["2024-03-10", 2],
      ["2024-03-11", 3],
    ]);
    const { run } = await runScoring({ db: t.db, asOfDay: "2024-03-11", timeZone: "UTC", clv: "none" });
    expect(Object.fromEntries(await storedRecency(t.db, run.id))).toMatchObject({
      late: 0,
      early: 1,
      before: 1,
    });
  }, 60_000);
});
