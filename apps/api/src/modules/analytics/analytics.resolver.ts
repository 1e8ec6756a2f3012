import { type Bins, codeCount, scoresOfIndex } from "@rfm/core";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { DAY_MS, dayOf, dayStart } from "../../days";
import { badInput, notFound } from "../../errors";
import { money } from "../common/money";
import { LocalDate } from "../common/scalars";
import { toRunType } from "../scoring/scoring.resolver";
import { getRun } from "../scoring/scoring.service";
import type { SalesCell } from "./analytics.repository";
import { Analytics, AreaSales, DailySales, Movement, Overview, RfCell } from "./analytics.type";

/** Day numbers (days since 1970-01-01 UTC) of an inclusive yyyy-MM-dd range. */
function dayRange(
  from: string | null,
  to: string | null,
  fallback: { from: number | null; to: number | null },
) {
  const toDay = to ? dayStart(to) / DAY_MS : fallback.to;
  const fromDay = from ? dayStart(from) / DAY_MS : fallback.from;
  if (fromDay !== null && toDay !== null && fromDay > toDay) {
    throw badInput(`from (${from}) is after to (${to})`, "from");
  }
  return { fromDay, toDay };
}

function inRange(cell: SalesCell, fromDay: number | null, toDay: number | null): boolean {
  return (fromDay === null || cell.day >= fromDay) && (toDay === null || cell.day <= toDay);
}

const MAX_DAYS = 3_660;

@ArgsType()
class DateRangeArgs {
  @Field(() => LocalDate, { nullable: true, description: "First day (inclusive); default: the first order." })
  from?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Last day (inclusive); default: the latest order." })
  to?: string | null;
}

@Resolver(() => Analytics)
export class AnalyticsResolver {
  @Query(() => Analytics, { description: "Analytics for the dashboard." })
  analytics(): Analytics {
    return { kind: "analytics" };
  }

  @FieldResolver(() => [DailySales], {
    description: "Orders and revenue per day, days without orders included as zeros.",
  })
  async daily(
    @Ctx() ctx: Context,
    @Arg("from", () => LocalDate, {
      nullable: true,
      description: "First day (inclusive); default: 90 days before `to`.",
    })
    from: string | null,
    @Arg("to", () => LocalDate, {
      nullable: true,
      description: "Last day (inclusive); default: the day of the latest order.",
    })
    to: string | null,
  ): Promise<DailySales[]> {
    const cube = await ctx.sales();
    const toDay = to ? dayStart(to) / DAY_MS : cube.lastDay;
    if (toDay === null) return [];
    const fromDay = from ? dayStart(from) / DAY_MS : toDay - 89;
    if (fromDay > toDay)
      throw badInput(`from (${from}) is after to (${to ?? dayOf(toDay * DAY_MS)})`, "from");
    if (toDay - fromDay >= MAX_DAYS) throw badInput(`at most ${MAX_DAYS} days at once`, "from");
    const days = new Map<number, { transactions: number; revenueCents: number }>();
    for (let d = fromDay; d <= toDay; d++) days.set(d, { transactions: 0, revenueCents: 0 });
    for (const cell of cube.cells) {
      const day = days.get(cell.day);
      if (!day) continue;
      day.transactions += cell.transactions;
      day.revenueCents += cell.revenueCents;
    }
    return [...days].map(([d, v]) => ({
      day: dayOf(d * DAY_MS),
      transactions: v.transactions,
      revenue: v.revenueCents / 100,
    }));
  }

  private async areas(ctx: Context, column: "province" | "region", from: string | null, to: string | null) {
    const cube = await ctx.sales();
    const { fromDay, toDay } = dayRange(from, to, { from: null, to: null });
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
        ([name, s]): AreaSales => ({
          name,
          transactions: s.transactions,
          customers: customers.get(name) ?? 0,
          revenue: s.revenueCents / 100,
        }),
      )
      .sort((a, b) => b.revenue - a.revenue || a.name.localeCompare(b.name));
  }

  @FieldResolver(() => [AreaSales], {
    description: "Sales per province in the date range (default: all time), largest first.",
  })
  byProvince(
    @Ctx() ctx: Context,
    @Args(() => DateRangeArgs) { from, to }: DateRangeArgs,
  ): Promise<AreaSales[]> {
    return this.areas(ctx, "province", from ?? null, to ?? null);
  }

  @FieldResolver(() => [AreaSales], {
    description: "Sales per region in the date range (default: all time), largest first.",
  })
  byRegion(
    @Ctx() ctx: Context,
    @Args(() => DateRangeArgs) { from, to }: DateRangeArgs,
  ): Promise<AreaSales[]> {
    return this.areas(ctx, "region", from ?? null, to ?? null);
  }

  @FieldResolver(() => [RfCell], {
    description: "The R x F grid of the current run: bins x bins cells (empty before the first run).",
  })
  async rfGrid(@Ctx() ctx: Context): Promise<RfCell[]> {
    const { run } = await ctx.current();
    if (!run?.histogram) return [];
    const bins = run.bins as Bins;
    const cells: RfCell[] = [];
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

  @FieldResolver(() => Movement, {
    nullable: true,
    description: "Movement between two complete runs (default: the two latest); null with fewer than two.",
  })
  async movement(
    @Ctx() ctx: Context,
    @Arg("fromRunId", () => Int, { nullable: true, description: "Earlier run id." }) fromRunId: number | null,
    @Arg("toRunId", () => Int, { nullable: true, description: "Later run id." }) toRunId: number | null,
  ): Promise<Movement | null> {
    const { mapping } = await ctx.current();
    let ids: [number, number];
    if ((fromRunId == null) !== (toRunId == null)) {
      throw badInput(
        "give both fromRunId and toRunId, or neither (the two latest runs)",
        fromRunId == null ? "fromRunId" : "toRunId",
      );
    }
    if (fromRunId != null && toRunId != null) {
      ids = [fromRunId, toRunId];
    } else {
      const latest = await ctx.db.prisma.scoringRun.findMany({
        where: { status: "complete", bins: mapping.compiled.bins },
        orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
        take: 2,
        select: { id: true },
      });
      if (latest.length < 2) return null;
      ids = [latest[1]!.id, latest[0]!.id];
    }
    for (const [id, field] of [
      [ids[0], "fromRunId"],
      [ids[1], "toRunId"],
    ] as const) {
      const run = await getRun(ctx.db, id);
      if (run?.status !== "complete") throw notFound(`no complete scoring run ${id}`, { field });
      if (run.bins !== mapping.compiled.bins) {
        throw badInput(
          `run ${id} has ${run.bins} bins; the published mapping has ${mapping.compiled.bins}`,
          field,
        );
      }
    }
    const counts = await ctx.services.analytics.movement(ids[0], ids[1]);
    const segmentOf = (code: number) =>
      mapping.compiled.segments[mapping.compiled.segmentOfCode[code] ?? 0]!.name;
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

  @Query(() => Overview, { description: "Headline figures for the dashboard." })
  async overview(@Ctx() ctx: Context): Promise<Overview> {
    const { run, mapping } = await ctx.current();
    const cube = await ctx.sales();
    let revenue = 0;
    if (run?.histogram) for (const v of run.histogram.monetary) revenue += v;
    return {
      run: run ? toRunType(run, ctx, run.id) : null,
      customersScored: run?.customersScored ?? 0,
      revenue: money(revenue),
      customersStored: cube.customers,
      transactionsStored: cube.transactions,
      mappingVersion: mapping.version,
    };
  }
}
