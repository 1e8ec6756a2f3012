/**
 * The dashboard's figures, summed from the cached sales cube (days, areas), a run's code
 * histogram (the R x F grid, headline revenue) or the cached movement counts between two runs,
 * under the published mapping. Ranges are inclusive store days (days since 1970-01-01 of the
 * calendar date in the store's zone: the cube is bucketed by them).
 */
import { type Bins, codeCount, type SegmentMapping, scoresOfIndex } from "@rfm/core";
import { AppError } from "../../app-error";
import { dayNumberOf, isoDayOf } from "../../days";
import { money } from "../common/money";
import type { ScoringRun } from "../scoring/scoring.service";
import type { AnalyticsCache, SalesCell, SalesCube } from "./analytics.repository";
import type { AreaSales, DailySales, Movement, RfCell } from "./analytics.type";

/**
 * The figures as computed here: revenue in currency units (a float from integer cents); the
 * resolver gives it to clients as `Money` with its currency.
 */
type InUnits<T> = Omit<T, "revenue"> & { revenue: number };
export type DailyFigures = InUnits<DailySales>;
export type AreaFigures = InUnits<AreaSales>;
export type RfCellFigures = InUnits<RfCell>;

/** The longest daily series asked for at once. */
export const MAX_DAYS = 3_660;

/** Day numbers of an inclusive yyyy-MM-dd range; an end not given is open (null). */
export function dayRange(
  from: string | null,
  to: string | null,
): { fromDay: number | null; toDay: number | null } {
  const toDay = to ? dayNumberOf(to) : null;
  const fromDay = from ? dayNumberOf(from) : null;
  if (fromDay !== null && toDay !== null && fromDay > toDay) {
    throw new AppError("BAD_USER_INPUT", `from (${from}) is after to (${to})`, { field: "from" });
  }
  return { fromDay, toDay };
}

function inRange(cell: SalesCell, fromDay: number | null, toDay: number | null): boolean {
  return (fromDay === null || cell.day >= fromDay) && (toDay === null || cell.day <= toDay);
}

/**
 * Orders and revenue per day from `from` (default: 90 days before `to`) to `to` (default: the
 * day of the latest order), days without orders included as zeros; at most MAX_DAYS days.
 */
export function dailySales(cube: SalesCube, from: string | null, to: string | null): DailyFigures[] {
  const toDay = to ? dayNumberOf(to) : cube.lastDay;
  if (toDay === null) return [];
  const fromDay = from ? dayNumberOf(from) : toDay - 89;
  if (fromDay > toDay) {
    throw new AppError("BAD_USER_INPUT", `from (${from}) is after to (${to ?? isoDayOf(toDay)})`, {
      field: "from",
    });
  }
  if (toDay - fromDay >= MAX_DAYS) {
    throw new AppError("BAD_USER_INPUT", `at most ${MAX_DAYS} days at once`, { field: "from" });
  }
  const days = new Map<number, { transactions: number; revenueCents: number }>();
  for (let d = fromDay; d <= toDay; d++) days.set(d, { transactions: 0, revenueCents: 0 });
  for (const cell of cube.cells) {
    const day = days.get(cell.day);
    if (!day) continue;
    day.transactions += cell.transactions;
    day.revenueCents += cell.revenueCents;
  }
  return [...days].map(([d, v]) => ({
    day: isoDayOf(d),
    transactions: v.transactions,
    revenue: v.revenueCents / 100,
  }));
}

const perCube = new WeakMap<SalesCube, Map<string, unknown>>();

/**
 * `compute(cube)` once per cube and key: a cube never changes (new data makes a new cube), and
 * summing its cells per request (tens of thousands for years of data) was a few per cent of the
 * server's thread under a dashboard's load. At most 64 answers kept per cube.
 */
export function onCube<T>(cube: SalesCube, key: string, compute: (cube: SalesCube) => T): T {
  const answers = perCube.get(cube) ?? new Map<string, unknown>();
  perCube.set(cube, answers);
  if (answers.has(key)) return answers.get(key) as T;
  const answer = compute(cube);
  if (answers.size >= 64) answers.clear();
  answers.set(key, answer);
  return answer;
}

/** Sales per province or region in the range (default: all time), largest first, ties by name. */
export function areaSales(
  cube: SalesCube,
  column: "province" | "region",
  from: string | null,
  to: string | null,
): AreaFigures[] {
  const { fromDay, toDay } = dayRange(from, to);
  const sums = new Map<string, { transactions: number; revenueCents: number }>();
  for (const cell of cube.cells) {
    if (!inRange(cell, fromDay, toDay)) continue;
    const name = cell[column];
    const sum = sums.get(name) ?? { transactions: 0, revenueCents: 0 };
    sum.transactions += cell.transactions;
    sum.revenueCents += cell.revenueCents;
    sums.set(name, sum);
  }
  const customers = cube.customersPerArea[column];
  return [...sums]
    .map(
      ([name, s]): AreaFigures => ({
        name,
        transactions: s.transactions,
        customers: customers.get(name) ?? 0,
        revenue: s.revenueCents / 100,
      }),
    )
    .sort((a, b) => b.revenue - a.revenue || a.name.localeCompare(b.name));
}

/** The R x F grid of a run: bins x bins cells, R-major (empty without a run). */
export function rfGrid(run: ScoringRun | null): RfCellFigures[] {
  if (!run?.histogram) return [];
  const bins = run.bins as Bins;
  const cells: RfCellFigures[] = [];
  for (let r = 1; r <= bins; r++)
    for (let f = 1; f <= bins; f++) cells.push({ r, f, customers: 0, revenue: 0 });
  const h = run.histogram;
  for (let code = 0; code < codeCount(bins); code++) {
    const [r, f] = scoresOfIndex(code, bins);
    const cell = cells[(r - 1) * bins + (f - 1)]!;
    cell.customers += h.customers[code] ?? 0;
    cell.revenue += h.monetary[code] ?? 0;
  }
  return cells.map((cell) => ({ ...cell, revenue: money(cell.revenue) }));
}

/** A run's revenue: the sum of its histogram's monetary column (0 without a run). */
export function runRevenue(run: ScoringRun | null): number {
  let revenue = 0;
  if (run?.histogram) for (const v of run.histogram.monetary) revenue += v;
  return money(revenue);
}

export interface MovementOptions {
  readonly cache: AnalyticsCache;
  /** The published mapping: both runs must have its bins. */
  readonly mapping: SegmentMapping;
  /** Both or neither (then the two latest complete runs with the mapping's bins). */
  readonly fromRunId: number | null;
  readonly toRunId: number | null;
  /** The scoring profile whose runs are compared (default: the default profile). */
  readonly profileId?: number;
}

/**
 * Segment-to-segment movement between two complete runs under the mapping; null when neither
 * run is given and fewer than two complete runs have the mapping's bins.
 */
export async function movementBetween(options: MovementOptions): Promise<Movement | null> {
  const { mapping, fromRunId, toRunId } = options;
  if ((fromRunId == null) !== (toRunId == null)) {
    throw new AppError(
      "BAD_USER_INPUT",
      "give both fromRunId and toRunId, or neither (the two latest runs)",
      {
        field: fromRunId == null ? "fromRunId" : "toRunId",
      },
    );
  }
  const ids: readonly [number, number] | null =
    fromRunId != null && toRunId != null
      ? [fromRunId, toRunId]
      : await options.cache.latestPair(mapping.bins, options.profileId);
  if (ids === null) return null;
  for (const [id, field] of [
    [ids[0], "fromRunId"],
    [ids[1], "toRunId"],
  ] as const) {
    const bins = await options.cache.completeRunBins(id);
    if (bins === null) {
      throw new AppError("NOT_FOUND", `no complete scoring run ${id}`, { field });
    }
    if (bins !== mapping.bins) {
      throw new AppError(
        "BAD_USER_INPUT",
        `run ${id} has ${bins} bins; the published mapping has ${mapping.bins}`,
        { field },
      );
    }
  }
  const counts = await options.cache.movement(ids[0], ids[1]);
  const segmentOf = (code: number) => mapping.segments[mapping.segmentOfCode[code] ?? 0]!.name;
  const transitions = new Map<string, { from: string; to: string; customers: number }>();
  let moved = 0;
  let stayed = 0;
  for (const [a, b, n] of counts.pairs) {
    const from = segmentOf(a);
    const to = segmentOf(b);
    const key = `${from}\u0000${to}`;
    const t = transitions.get(key) ?? { from, to, customers: 0 };
    t.customers += n;
    transitions.set(key, t);
    if (from === to) stayed += n;
    else moved += n;
  }
  const flows = (list: readonly (readonly [number, number])[]) => {
    const sums = new Map<string, number>();
    for (const [code, n] of list) sums.set(segmentOf(code), (sums.get(segmentOf(code)) ?? 0) + n);
    return [...sums].map(([segment, customers]) => ({ segment, customers }));
  };
  return {
    fromRunId: ids[0],
    toRunId: ids[1],
    transitions: [...transitions.values()].sort((x, y) => y.customers - x.customers),
    entered: flows(counts.entered),
    left: flows(counts.left),
    moved,
    stayed,
  };
}
