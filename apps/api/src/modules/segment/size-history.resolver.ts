import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { endOfDay, lastDayBefore } from "../../days";
import { LocalDate } from "../common/scalars";
import { ProfileArg } from "../profile/profile.args";
import { segmentSizeHistory } from "./size-history";
import { SegmentSizeSeries } from "./size-history.type";

@Resolver()
export class SegmentSizeHistoryResolver {
  @Query(() => [SegmentSizeSeries], {
    description:
      "Each segment's size over time: one point per as-of day with a complete run of the published mapping's bins " +
      "(the run current for that day), its stored histogram summed under the published mapping. " +
      "`from`/`to`: the as-of days to include, both ends included.",
  })
  async segmentSizeHistory(
    @Ctx() ctx: Context,
    @Arg("from", () => LocalDate, {
      nullable: true,
      description: "The first as-of day to include; default: the first run's.",
    })
    from: string | null,
    @Arg("to", () => LocalDate, {
      nullable: true,
      description: "The last as-of day to include; default: the latest run's.",
    })
    to: string | null,
    @ProfileArg() profileKey?: string | null,
  ): Promise<SegmentSizeSeries[]> {
    if (from && to && from > to) {
      throw new AppError("BAD_USER_INPUT", `from (${from}) is after to (${to})`, { field: "from" });
    }
    const { mapping } = await ctx.current(profileKey);
    const points = await segmentSizeHistory(ctx.db, mapping, {
      ...(from ? { from: endOfDay(from, ctx.services.timeZone) } : {}),
      ...(to ? { to: endOfDay(to, ctx.services.timeZone) } : {}),
    });
    return mapping.compiled.segments.map((segment, position) => ({
      name: segment.name,
      color: segment.color,
      position,
      points: points.map((p) => ({
        runId: p.runId,
        asOf: new Date(p.asOf),
        asOfDay: lastDayBefore(p.asOf, p.timeZone),
        customers: p.customers[position] ?? 0,
      })),
    }));
  }
}
