import { type SegmentMapping, segmentStats } from "@rfm/core";
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { money, moneyOrNull } from "../common/money";
import { CustomerPageArgs } from "../customer/customer.input";
import { customerPage, findSegment } from "../customer/customer.service";
import { CustomerConnection } from "../customer/customer.type";
import type { ScoringRun } from "../scoring/scoring.service";
import type { CurrentView } from "./current";
import { checkBins } from "./segment.service";
import { Segment } from "./segment.type";

/**
 * A mapping's segments with a run's figures, from its code histogram; zeros without a run or
 * when the run was scored with other bins (the mapping preview shows a draft that way).
 */
export function segmentFigures(mapping: SegmentMapping, run: ScoringRun | null): Segment[] {
  const stats =
    run?.histogram && run.bins === mapping.bins
      ? segmentStats({ histogram: run.histogram, mapping }).segments
      : null;
  return mapping.segments.map((segment, position) => {
    const s = stats?.[position];
    return {
      name: segment.name,
      description: segment.description,
      action: segment.action,
      color: segment.color,
      position,
      codes: [...segment.codes],
      customerCount: s?.customers ?? 0,
      customerShare: s?.customerShare ?? 0,
      revenue: money(s?.revenue ?? 0),
      revenueShare: s?.revenueShare ?? 0,
      avgRecencyDays: s?.avgRecencyDays ?? 0,
      avgFrequency: s?.avgFrequency ?? 0,
      avgMonetary: money(s?.avgMonetary ?? 0),
      avgClv: moneyOrNull(s?.avgClv),
    };
  });
}

/** The published mapping's segments with the current run's figures (zeros before the first run). */
export function segmentsOf(view: CurrentView): Segment[] {
  if (view.run) checkBins(view.run, view.mapping);
  return segmentFigures(view.mapping.compiled, view.run);
}

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => [Segment], {
    description: "Segments of the published mapping with their figures in the current run.",
  })
  async segments(@Ctx() ctx: Context): Promise<Segment[]> {
    return segmentsOf(await ctx.current());
  }

  @Query(() => Segment, {
    description: "One segment by name (case-insensitive); NOT_FOUND lists the existing names.",
  })
  async segment(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Segment name." }) name: string,
  ): Promise<Segment> {
    const view = await ctx.current();
    const wanted = findSegment(view.mapping.compiled, name);
    return segmentsOf(view)[wanted.index]!;
  }

  @FieldResolver(() => CustomerConnection, { description: "The segment's customers, paged." })
  customers(
    @Root() segment: Segment,
    @Ctx() ctx: Context,
    @Args(() => CustomerPageArgs) args: CustomerPageArgs,
  ): Promise<CustomerConnection> {
    return customerPage(ctx, { ...args, filter: { ...args.filter, segment: segment.name } });
  }
}
