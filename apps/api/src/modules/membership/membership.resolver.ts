import DataLoader from "dataloader";
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { lastDayBefore } from "../../days";
import { factsStoreOf } from "../../db/facts";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { LocalDate } from "../common/scalars";
import { Customer } from "../customer/customer.type";
import { ProfileArg } from "../profile/profile.args";
import { listSegmentChanges, requireSegmentKey } from "./changes.service";
import {
  type SegmentChange,
  SegmentChangeArgs,
  SegmentChangeConnection,
  SegmentChangeKind,
} from "./membership.type";

type ChangeNode = SegmentChange & { number: number };

@Resolver()
export class MembershipResolver {
  @Query(() => SegmentChangeConnection, {
    description:
      "Who entered and who left a segment (by key), oldest first: recorded after each complete run that is the profile's current one and after each mapping publish. The first recording of a profile lists every scored customer as entered.",
  })
  async segmentChanges(
    @Ctx() ctx: Context,
    @Args(() => SegmentChangeArgs) args: SegmentChangeArgs,
    @ProfileArg() profile?: string | null,
  ): Promise<InstanceType<typeof SegmentChangeConnection>> {
    const profileId = await ctx.profileId(profile);
    let afterId: number | undefined;
    if (args.after) {
      const [id] = decodeCursor(args.after, 1);
      if (typeof id !== "number" || !Number.isInteger(id) || id < 0)
        throw new AppError("BAD_USER_INPUT", "not a cursor of this list", { field: "after" });
      afterId = id;
    }
    await requireSegmentKey(ctx.db, profileId, args.key);
    const rows = await listSegmentChanges(ctx.db, {
      profileId,
      key: args.key,
      limit: args.first + 1,
      ...(args.since ? { since: args.since.getTime() } : {}),
      ...(args.kind ? { kind: args.kind } : {}),
      ...(afterId === undefined ? {} : { afterId }),
    });
    const nodes: ChangeNode[] = rows.map((row) => ({
      number: row.id,
      id: `evt_chg_${row.id}`,
      customerId: row.externalId,
      kind: row.kind === "entered" ? SegmentChangeKind.ENTERED : SegmentChangeKind.LEFT,
      segmentKey: row.segmentKey,
      segmentName: row.segmentName,
      at: new Date(row.at),
      runId: row.runId,
      mappingVersion: row.mappingVersion,
    }));
    return toConnection(nodes, args.first, args.after, (node) => encodeCursor([node.number]));
  }
}

/** Per request: the members among the customers a response shows, read in one query per profile. */
const memberLoaders = new WeakMap<Context, Map<number, DataLoader<number, number | null>>>();

function memberSince(ctx: Context, profileId: number): DataLoader<number, number | null> {
  let byProfile = memberLoaders.get(ctx);
  if (!byProfile) {
    byProfile = new Map();
    memberLoaders.set(ctx, byProfile);
  }
  let loader = byProfile.get(profileId);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly number[]) => {
      const rows = await factsStoreOf(ctx.db).membership.members(profileId, ids);
      const since = new Map(rows.map((row) => [row.customerId, row.since]));
      return ids.map((id) => since.get(id) ?? null);
    });
    byProfile.set(profileId, loader);
  }
  return loader;
}

@Resolver(() => Customer)
export class CustomerMembershipResolver {
  @FieldResolver(() => LocalDate, {
    nullable: true,
    description:
      "The day the customer entered their current segment: the as-of day (the last day counted, in the run's time zone) of the first run of the current streak in it; a publish that moved them counts from the as-of day of the run current then. Null when the customer is not scored in the profile's current run.",
  })
  async segmentSince(@Root() customer: Customer, @Ctx() ctx: Context): Promise<string | null> {
    const { run, mapping } = await ctx.current(customer.profile);
    if (!run) return null;
    const since = await memberSince(ctx, mapping.profileId).load(customer.internalId);
    // `since` is the run's as-of instant: the end of its last day counted.
    return since === null ? null : lastDayBefore(since, run.timeZone);
  }
}
