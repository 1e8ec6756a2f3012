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
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import type { ScoringRun } from "../scoring/scoring.service";
import type { AnalyticsCache, CompleteRunFacts, SalesCell, SalesCube } from "./analytics.repository";
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
 * Segment-to-segment movement between two complete runs of the profile under the mapping; null
 * when neither run is given and fewer than two complete runs have the mapping's bins. Runs given
 * must be two different complete runs of the profile with the mapping's bins, the later one
 * (`toRunId`) not as of an earlier day than the earlier one: movement reads forward in time, as
 * the audience of a cell ("who went from A to B") does. Runs as of the same day (a re-scoring
 * with other cut points) compare either way.
 */
export async function movementBetween(options: MovementOptions): Promise<Movement | null> {
  const { mapping, fromRunId, toRunId } = options;
  const profileId = options.profileId ?? DEFAULT_PROFILE_ID;
  if ((fromRunId == null) !== (toRunId == null)) {
    throw new AppError(
      "BAD_USER_INPUT",
      "give both fromRunId and toRunId, or neither (the two latest runs)",
      {
        field: fromRunId == null ? "fromRunId" : "toRunId",
      },
    );
  }
  if (fromRunId != null && fromRunId === toRunId) {
    throw new AppError(
      "BAD_USER_INPUT",
      `fromRunId and toRunId are both run ${fromRunId}: movement compares two different runs`,
      { field: "toRunId" },
    );
  }
  const ids: readonly [number, number] | null =
    fromRunId != null && toRunId != null
      ? [fromRunId, toRunId]
      : await options.cache.latestPair(mapping.bins, profileId);
  if (ids === null) return null;
  const runs: CompleteRunFacts[] = [];
  for (const [id, field] of [
    [ids[0], "fromRunId"],
    [ids[1], "toRunId"],
  ] as const) {
    const run = await options.cache.completeRun(id);
    if (run === null) {
      throw new AppError("NOT_FOUND", `no complete scoring run ${id}`, { field });
    }
    if (run.profileId !== profileId) {
      throw new AppError("BAD_USER_INPUT", `run ${id} belongs to another scoring profile`, { field });
    }
    if (run.bins !== mapping.bins) {
      throw new AppError(
        "BAD_USER_INPUT",
        `run ${id} has ${run.bins} bins; the published mapping has ${mapping.bins}`,
        { field },
      );
    }
    runs.push(run);
  }
  const [from, to] = runs as [CompleteRunFacts, CompleteRunFacts];
  if (to.asOf < from.asOf) {
    throw new AppError(
      "BAD_USER_INPUT",
      `run ${to.id} (as of ${to.asOfDay}) is before run ${from.id} (as of ${from.asOfDay}): give the earlier run as fromRunId`,
      { field: "toRunId" },
    );
  }
  const counts = await options.cache.movement(from.id, to.id);
  const segmentOf = (code: number) => mapping.segments[mapping.segmentOfCode[code] ?? 0]!;
  const transitions = new Map<string, Movement["transitions"][number]>();
  let moved = 0;
  let stayed = 0;
  for (const [a, b, n] of counts.pairs) {
    const x = segmentOf(a);
    const y = segmentOf(b);
    const key = `${x.index}:${y.index}`;
    const t = transitions.get(key) ?? {
      from: x.name,
      fromKey: x.key,
      to: y.name,
      toKey: y.key,
      customers: 0,
    };
    t.customers += n;
    transitions.set(key, t);
    if (x.index === y.index) stayed += n;
    else moved += n;
  }
  const flows = (list: readonly (readonly [number, number])[]) => {
    const sums = new Map<number, Movement["entered"][number]>();
    for (const [code, n] of list) {
      const segment = segmentOf(code);
      const flow = sums.get(segment.index) ?? {
        segment: segment.name,
        segmentKey: segment.key,
        customers: 0,
      };
      flow.customers += n;
      sums.set(segment.index, flow);
    }
    return [...sums.values()];
  };
  return {
    fromRunId: from.id,
    toRunId: to.id,
    fromAsOfDay: from.asOfDay,
    toAsOfDay: to.asOfDay,
    transitions: [...transitions.values()].sort((x, y) => y.customers - x.customers),
    entered: flows(counts.entered),
    left: flows(counts.left),
    moved,
    stayed,
  };
}
