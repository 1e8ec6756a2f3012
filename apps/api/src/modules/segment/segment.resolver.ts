import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { CustomerPageArgs } from "../customer/customer.input";
import { customerPage, findSegment } from "../customer/customer.service";
import { CustomerConnection } from "../customer/customer.type";
import { ProfileArg } from "../profile/profile.args";
import { segmentsOf } from "./segment.service";
import { Segment } from "./segment.type";

function inProfile(segments: Segment[], profile: string | null | undefined): Segment[] {
  return profile == null ? segments : segments.map((s) => ({ ...s, profile }));
}

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => [Segment], {
    description: "Segments of the published mapping with their figures in the current run.",
  })
  async segments(@Ctx() ctx: Context, @ProfileArg() profile?: string | null): Promise<Segment[]> {
    return inProfile(segmentsOf(await ctx.current(profile)), profile);
  }

  @Query(() => Segment, {
    description: "One segment by name (case-insensitive); NOT_FOUND lists the existing names.",
  })
  async segment(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Segment name." }) name: string,
    @ProfileArg() profile?: string | null,
  ): Promise<Segment> {
    const view = await ctx.current(profile);
    const wanted = findSegment(view.mapping.compiled, name);
    return inProfile(segmentsOf(view), profile)[wanted.index]!;
  }

  @FieldResolver(() => CustomerConnection, { description: "The segment's customers, paged." })
  customers(
    @Root() segment: Segment,
    @Ctx() ctx: Context,
    @Args(() => CustomerPageArgs) args: CustomerPageArgs,
  ): Promise<CustomerConnection> {
    return customerPage(ctx, { ...args, filter: { ...args.filter, segment: segment.name } }, segment.profile);
  }
}
