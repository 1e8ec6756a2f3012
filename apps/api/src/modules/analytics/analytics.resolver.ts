import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { env } from "../../env";
import { currencyOfRun } from "../common/money";
import { toMoney } from "../common/money.type";
import { LocalDate } from "../common/scalars";
import { ProfileArg } from "../profile/profile.args";
import { toRunType } from "../scoring/scoring.mapper";
import { areaSales, dailySales, movementBetween, onCube, rfGrid, runRevenue } from "./analytics.service";
import { Analytics, AreaSales, DailySales, Movement, Overview, RfCell } from "./analytics.type";

@ArgsType()
class DateRangeArgs {
  @Field(() => LocalDate, {
    nullable: true,
    description: "The first store day counted (inclusive); default: the first order's.",
  })
  from?: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description: "The last store day counted (inclusive); default: the latest order's.",
  })
  to?: string | null;
}

@Resolver(() => Analytics)
export class AnalyticsResolver {
  @Query(() => Analytics, {
    description: "The dashboard's analytics of a profile: daily sales, areas, the R x F grid and movement.",
  })
  analytics(@ProfileArg() profile?: string | null): Analytics {
    return { kind: "analytics", profile: profile ?? null };
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
    const days = onCube(await ctx.sales(), `daily:${from}:${to}`, (cube) => dailySales(cube, from, to));
    return days.map((d) => ({ ...d, revenue: toMoney(d.revenue, env.STORE_CURRENCY) }));
  }

  @FieldResolver(() => [AreaSales], {
    description: "Sales per province in the date range (default: all time), largest first.",
  })
  async byProvince(
    @Ctx() ctx: Context,
    @Args(() => DateRangeArgs) { from, to }: DateRangeArgs,
  ): Promise<AreaSales[]> {
    const areas = onCube(await ctx.sales(), `province:${from}:${to}`, (cube) =>
      areaSales(cube, "province", from ?? null, to ?? null),
    );
    return areas.map((a) => ({ ...a, revenue: toMoney(a.revenue, env.STORE_CURRENCY) }));
  }

  @FieldResolver(() => [AreaSales], {
    description: "Sales per region in the date range (default: all time), largest first.",
  })
  async byRegion(
    @Ctx() ctx: Context,
    @Args(() => DateRangeArgs) { from, to }: DateRangeArgs,
  ): Promise<AreaSales[]> {
    const areas = onCube(await ctx.sales(), `region:${from}:${to}`, (cube) =>
      areaSales(cube, "region", from ?? null, to ?? null),
    );
    return areas.map((a) => ({ ...a, revenue: toMoney(a.revenue, env.STORE_CURRENCY) }));
  }

  @FieldResolver(() => [RfCell], {
    description: "The R x F grid of the current run: bins x bins cells (empty before the first run).",
  })
  async rfGrid(@Root() root: Analytics, @Ctx() ctx: Context): Promise<RfCell[]> {
    const { run } = await ctx.current(root.profile);
    const currency = currencyOfRun(run);
    return rfGrid(run).map((cell) => ({ ...cell, revenue: toMoney(cell.revenue, currency) }));
  }

  @FieldResolver(() => Movement, {
    nullable: true,
    description:
      "Movement between two complete runs of the profile (default: the two with the latest as-of days, as the current run is chosen); null with fewer than two. Runs given must differ, have the published mapping's bins, and `toRunId` must not be as of an earlier day than `fromRunId` (BAD_USER_INPUT naming the argument).",
  })
  async movement(
    @Root() root: Analytics,
    @Ctx() ctx: Context,
    @Arg("fromRunId", () => Int, {
      nullable: true,
      description: "The earlier run's number; default: see above.",
    })
    fromRunId: number | null,
    @Arg("toRunId", () => Int, { nullable: true, description: "The later run's number; default: see above." })
    toRunId: number | null,
  ): Promise<Movement | null> {
    const { mapping } = await ctx.current(root.profile);
    return movementBetween({
      profileId: (await ctx.profile(root.profile)).id,
      cache: ctx.services.analytics,
      mapping: mapping.compiled,
      fromRunId,
      toRunId,
    });
  }

  @Query(() => Overview, {
    description: "Headline figures of a profile for the dashboard: its current run, customers, revenue.",
  })
  async overview(@Ctx() ctx: Context, @ProfileArg() profileKey?: string | null): Promise<Overview> {
    const { run, mapping } = await ctx.current(profileKey);
    const cube = await ctx.sales();
    return {
      run: run ? toRunType(run, ctx, run.id, (await ctx.profile(profileKey)).key) : null,
      customersScored: run?.customersScored ?? 0,
      revenue: toMoney(runRevenue(run), currencyOfRun(run)),
      customersStored: cube.customers,
      transactionsStored: cube.transactions,
      mappingVersion: mapping.version,
    };
  }
}
