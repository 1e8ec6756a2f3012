/**
 * Dashboard analytics over all transactions and over runs.
 *
 * Sales per day, province and region need a scan of every transaction (there is deliberately
 * no index on time alone: it slowed imports by a quarter). So one query sums them per day x
 * province x region (a few tens of thousands of groups for years of data), the result is kept
 * in memory and keyed by the facts store's `analytics.salesKey()` (highest ids; counts on
 * ClickHouse), and every date range is then
 * summed from it in memory. Days are the store's (`STORE_TIME_ZONE`): see {@link storeDayPieces}.
 * The first dashboard after an import pays the scan once; the server
 * warms it at start. Movement between two runs is a join of their scores, cached per pair of
 * runs (a complete run never changes).
 */

import { calendarOf, DAY_MS, lastDayBefore, type StoreCalendar } from "../../days";
import type { Database } from "../../db/client";
import { factsStoreOf, type MovementCounts } from "../../db/facts";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import { CURRENT_RUN_ORDER } from "../scoring/scoring.repository";

/** Sales of one day in one province and region. */
export interface SalesCell {
  /** The store day (days since 1970-01-01 of the local calendar date). */
  readonly day: number;
  readonly province: string;
  readonly region: string;
  readonly transactions: number;
  readonly revenueCents: number;
}

export interface SalesCube {
  readonly key: string;
  /** Sorted by day. */
  readonly cells: readonly SalesCell[];
  readonly firstDay: number | null;
  readonly lastDay: number | null;
  /** All transactions and customers stored. */
  readonly transactions: number;
  readonly customers: number;
  /** Customers stored per province and per region. */
  readonly customersPerArea: Readonly<Record<"province" | "region", ReadonlyMap<string, number>>>;
}

export const UNKNOWN_AREA = "(unknown)";

/** The zone's offsets are looked for from here to {@link OFFSETS_TO}, a week apart. */
const OFFSETS_FROM = Date.UTC(1900, 0, 1);
const OFFSETS_TO = Date.UTC(2100, 0, 1);

/**
 * Where a UTC day may be cut into store days: the UTC times of day (ms, ascending, > 0) of the
 * zone's local midnights, one per offset the zone has had since 1900 (Toronto: 04:00 and
 * 05:00; none for UTC).
 *
 * Neither database knows time zones the same way (SQLite none), so the cube is grouped by UTC
 * day and by which of these cuts a transaction's time of day is past: each such piece of a UTC
 * day lies within one store day (the local date only changes at a local midnight, which is at one
 * of the cuts), and the piece's store day is that of its first instant, found here. Both engines
 * compute the same integer pieces, so they give the same days; a zone with DST costs at most
 * three pieces per day instead of one.
 */
export function storeDayPieces(calendar: StoreCalendar): number[] {
  const known = piecesOf.get(calendar.timeZone);
  if (known) return known;
  const cuts = new Set<number>();
  for (let t = OFFSETS_FROM; t < OFFSETS_TO; t += 7 * DAY_MS) {
    const cut = ((-calendar.offsetAt(t) % DAY_MS) + DAY_MS) % DAY_MS;
    if (cut !== 0) cuts.add(cut);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  piecesOf.set(calendar.timeZone, sorted);
  return sorted;
}

/** {@link storeDayPieces} per zone: the zone's history does not change while we run. */
const piecesOf = new Map<string, number[]>();

async function readCube(db: Database, key: string, calendar: StoreCalendar): Promise<SalesCube> {
  const cuts = storeDayPieces(calendar);
  const facts = factsStoreOf(db).analytics;
  const rows = await facts.sales(cuts);
  // UTC day and piece -> store day, then the pieces of one store day summed into one cell.
  const starts = [0, ...cuts];
  const byDay = new Map<
    string,
    { day: number; province: string; region: string; transactions: number; revenueCents: number }
  >();
  for (const r of rows) {
    const storeDay = calendar.dayOf(Number(r.day) * DAY_MS + starts[Number(r.piece)]!);
    const province = r.province || UNKNOWN_AREA;
    const region = r.region || UNKNOWN_AREA;
    const id = `${storeDay}\u0000${province}\u0000${region}`;
    const cell = byDay.get(id) ?? { day: storeDay, province, region, transactions: 0, revenueCents: 0 };
    cell.transactions += Number(r.transactions);
    cell.revenueCents += Number(r.revenueCents);
    byDay.set(id, cell);
  }
  const cells = [...byDay.values()].sort((a, b) => a.day - b.day);
  const areas = await facts.areas();
  const perArea = { province: new Map<string, number>(), region: new Map<string, number>() };
  let customers = 0;
  for (const row of areas) {
    const n = row.customers;
    customers += n;
    for (const column of ["province", "region"] as const) {
      const name = row[column] || UNKNOWN_AREA;
      perArea[column].set(name, (perArea[column].get(name) ?? 0) + n);
    }
  }
  return {
    key,
    cells,
    firstDay: cells[0]?.day ?? null,
    lastDay: cells.at(-1)?.day ?? null,
    transactions: cells.reduce((sum, c) => sum + c.transactions, 0),
    customers,
    customersPerArea: perArea,
  };
}

export class AnalyticsCache {
  private cube: Promise<SalesCube> | null = null;
  private readonly movements = new Map<string, Promise<MovementCounts>>();
  /** Complete runs as movement reads them (a complete run never changes). */
  private readonly completeRuns = new Map<number, CompleteRunFacts>();

  private readonly calendar: StoreCalendar;

  /** `timeZone`: the store's, whose days the daily figures count. */
  constructor(
    private readonly db: Database,
    timeZone: string,
  ) {
    this.calendar = calendarOf(timeZone);
  }

  /** The sales cube for the transactions as they are now. */
  async sales(): Promise<SalesCube> {
    const key = await factsStoreOf(this.db).analytics.salesKey();
    const cached = this.cube ? await this.cube.catch(() => null) : null;
    if (cached?.key === key) return cached;
    const fresh = readCube(this.db, key, this.calendar);
    this.cube = fresh;
    return fresh;
  }

  /**
   * The two latest complete runs with `bins` (latestRunPair), read on every call: a backfilled
   * run completing changes the run before the current one without changing the current one, so
   * the current run cannot key a cached answer. It is a query of a few rows of `scoring_runs`.
   */
  latestPair(bins: number, profileId: number = DEFAULT_PROFILE_ID): Promise<[number, number] | null> {
    return latestRunPair(this.db, bins, profileId);
  }

  /** Run `id`'s profile, bins and as-of if it is complete, else null (cached once complete: it never changes). */
  async completeRun(id: number): Promise<CompleteRunFacts | null> {
    const known = this.completeRuns.get(id);
    if (known !== undefined) return known;
    const run = await this.db.prisma.scoringRun.findUnique({
      where: { id },
      select: { status: true, bins: true, profileId: true, asOf: true, timeZone: true },
    });
    if (run?.status !== "complete") return null;
    const facts: CompleteRunFacts = {
      id,
      profileId: run.profileId,
      bins: run.bins,
      asOf: run.asOf.getTime(),
      asOfDay: lastDayBefore(run.asOf.getTime(), run.timeZone),
    };
    if (this.completeRuns.size > 1000) this.completeRuns.clear();
    this.completeRuns.set(id, facts);
    return facts;
  }

  /** Code-to-code counts between two runs. */
  movement(fromRunId: number, toRunId: number): Promise<MovementCounts> {
    const key = `${fromRunId}:${toRunId}`;
    let found = this.movements.get(key);
    if (!found) {
      found = factsStoreOf(this.db).analytics.movement(fromRunId, toRunId);
      found.catch(() => this.movements.delete(key));
      if (this.movements.size > 20) this.movements.clear();
      this.movements.set(key, found);
    }
    return found;
  }
}

/**
 * The ids of the two latest complete runs of a profile with `bins` in the order that decides the
 * current run (the latest as-of first), earlier first; null with fewer than two. After a
 * backfill these are consecutive months.
 */
export async function latestRunPair(
  db: Database,
  bins: number,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<[number, number] | null> {
  const latest = await db.prisma.scoringRun.findMany({
    where: { profileId, status: "complete", bins },
    orderBy: [...CURRENT_RUN_ORDER],
    take: 2,
    select: { id: true },
  });
  const [later, earlier] = latest;
  return later && earlier ? [earlier.id, later.id] : null;
}

/** What movement needs to know of a complete run. */
export interface CompleteRunFacts {
  readonly id: number;
  readonly profileId: number;
  readonly bins: number;
  /** The scoring instant, epoch ms (exclusive: the first instant after the last day counted). */
  readonly asOf: number;
  /** The last day counted, in the run's time zone. */
  readonly asOfDay: string;
}

export type { MovementCounts };
