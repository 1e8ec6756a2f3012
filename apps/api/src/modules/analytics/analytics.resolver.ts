import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { currencyOfRun } from "../common/money";
import { LocalDate } from "../common/scalars";
import { ProfileArg } from "../profile/profile.args";
import { toRunType } from "../scoring/scoring.mapper";
import { areaSales, dailySales, movementBetween, onCube, rfGrid, runRevenue } from "./analytics.service";
import { Analytics, AreaSales, DailySales, Movement, Overview, RfCell } from "./analytics.type";

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
    return onCube(await ctx.sales(), `daily:${from}:${to}`, (cube) => dailySales(cube, from, to));
  }

  @FieldResolver(() => [AreaSales], {
    description: "Sales per province in the date range (default: all time), largest first.",
  })
  async byProvince(
    @Ctx() ctx: Context,
    @Args(() => DateRangeArgs) { from, to }: DateRangeArgs,
  ): Promise<AreaSales[]> {
    return onCube(await ctx.sales(), `province:${from}:${to}`, (cube) =>
      areaSales(cube, "province", from ?? null, to ?? null),
    );
  }

  @FieldResolver(() => [AreaSales], {
    description: "Sales per region in the date range (default: all time), largest first.",
  })
  async byRegion(
    @Ctx() ctx: Context,
    @Args(() => DateRangeArgs) { from, to }: DateRangeArgs,
  ): Promise<AreaSales[]> {
    return onCube(await ctx.sales(), `region:${from}:${to}`, (cube) =>
      areaSales(cube, "region", from ?? null, to ?? null),
    );
  }

  @FieldResolver(() => [RfCell], {
    description: "The R x F grid of the current run: bins x bins cells (empty before the first run).",
  })
  async rfGrid(@Root() root: Analytics, @Ctx() ctx: Context): Promise<RfCell[]> {
    return rfGrid((await ctx.current(root.profile)).run);
  }

  @FieldResolver(() => Movement, {
    nullable: true,
    description:
      "Movement between two complete runs (default: the two with the latest as-of days, as the current run is chosen); null with fewer than two.",
  })
  async movement(
    @Root() root: Analytics,
    @Ctx() ctx: Context,
    @Arg("fromRunId", () => Int, { nullable: true, description: "Earlier run id." }) fromRunId: number | null,
    @Arg("toRunId", () => Int, { nullable: true, description: "Later run id." }) toRunId: number | null,
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

  @Query(() => Overview, { description: "Headline figures for the dashboard." })
  async overview(@Ctx() ctx: Context, @ProfileArg() profileKey?: string | null): Promise<Overview> {
    const { run, mapping } = await ctx.current(profileKey);
    const cube = await ctx.sales();
    return {
      run: run ? toRunType(run, ctx, run.id, (await ctx.profile(profileKey)).key) : null,
      customersScored: run?.customersScored ?? 0,
      revenue: runRevenue(run),
      currencyCode: currencyOfRun(run),
      customersStored: cube.customers,
      transactionsStored: cube.transactions,
      mappingVersion: mapping.version,
    };
  }
}
