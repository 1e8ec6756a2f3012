import DataLoader from "dataloader";
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { parseGlobalId, registerNodeType } from "../common/node";
import { CustomerPageArgs } from "../customer/customer.input";
import { customerPage } from "../customer/customer.service";
import { CustomerConnection } from "../customer/customer.type";
import { ProfileArg } from "../profile/profile.args";
import { profileById } from "../profile/profile.repository";
import { findIdentityById, formerNamesOf, identitiesOnceNamed } from "./identity";
import { type SegmentRow, segmentsOf } from "./segment.service";
import { Segment, toSegment } from "./segment.type";

function inProfile(segments: SegmentRow[], profile: string | null | undefined): Segment[] {
  return segments.map((s) => toSegment(s, profile));
}

/** The segment `find` picks among the profile's current segments, or NOT_FOUND with `why`. */
async function currentSegment(
  ctx: Context,
  profile: string | null | undefined,
  find: (segments: Segment[]) => Segment | undefined | Promise<Segment | undefined>,
  notFound: (segments: Segment[]) => AppError,
): Promise<Segment> {
  const segments = inProfile(segmentsOf(await ctx.current(profile)), profile);
  const found = await find(segments);
  if (!found) throw notFound(segments);
  return found;
}

/**
 * The segment an identity id names, in its own profile's published mapping; null when there
 * is no such identity or it is not in that mapping now (deleted from it).
 */
export async function segmentByIdentity(ctx: Context, id: number): Promise<Segment | null> {
  const identity = await findIdentityById(ctx.db, id);
  if (!identity) return null;
  const profile = await profileById(ctx.db, identity.profileId);
  if (!profile) return null;
  const key = profile.isDefault ? null : profile.key;
  const segments = inProfile(segmentsOf(await ctx.current(key)), key);
  return segments.find((s) => s.segmentId === id) ?? null;
}

/** `gid://rfm/Segment/<n>` as n, or null. */
function identityIdOf(id: string): number | null {
  const parsed = parseGlobalId(id);
  if (parsed?.type !== "Segment" || !/^[1-9][0-9]{0,9}$/.test(parsed.key)) return null;
  return Number(parsed.key);
}

registerNodeType("Segment", (key, ctx) =>
  /^[1-9][0-9]{0,9}$/.test(key) ? segmentByIdentity(ctx, Number(key)) : Promise.resolve(null),
);

/** Per request: the former names of many segments in one query. */
const formerNameLoaders = new WeakMap<Context, DataLoader<Segment, string[], string>>();

function formerNameLoader(ctx: Context): DataLoader<Segment, string[], string> {
  let loader = formerNameLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<Segment, string[], string>(
      (segments) =>
        formerNamesOf(
          ctx.db,
          segments.map((s) => ({ id: s.segmentId, name: s.name })),
        ),
      { cacheKeyFn: (s) => `${s.segmentId}:${s.name}` },
    );
    formerNameLoaders.set(ctx, loader);
  }
  return loader;
}

@Resolver(() => Segment)
export class SegmentResolver {
  @Query(() => [Segment], {
    description:
      "Segments of the profile's published mapping, in display order, with their figures in the current run.",
  })
  async segments(@Ctx() ctx: Context, @ProfileArg() profile?: string | null): Promise<Segment[]> {
    return inProfile(segmentsOf(await ctx.current(profile)), profile);
  }

  @Query(() => Segment, {
    description:
      "One segment of the profile's published mapping, by exactly one of `key` (preferred), `id` or `name`. NOT_FOUND lists what there is. `name` is deprecated: prefer key, names change. A name matches the segment's current name (case-insensitive) first, then names the segment had in earlier published versions (a segment renamed from Champions is still found as Champions); a name that is one segment's current name and another's former name gives the current one.",
  })
  async segment(
    @Ctx() ctx: Context,
    @Arg("key", () => String, {
      nullable: true,
      description: "The segment's immutable key, such as `champions`: what integrations should use.",
    })
    key: string | null,
    @Arg("id", () => ID, {
      nullable: true,
      description:
        "The segment's global id (`gid://rfm/Segment/3`); it names its profile, so `profile` is not needed.",
    })
    id: string | null,
    @Arg("name", () => String, {
      nullable: true,
      deprecationReason:
        "Prefer key: names change (a name still finds the segment it named before a rename).",
      description:
        "Deprecated: prefer key, names change. The segment's name, current or former (case-insensitive).",
    })
    name: string | null,
    @ProfileArg() profile?: string | null,
  ): Promise<Segment> {
    const given = [key, id, name].filter((v) => v !== null && v !== undefined).length;
    if (given !== 1) {
      throw new AppError("BAD_USER_INPUT", "give exactly one of key, id and name", {
        field: given === 0 ? "key" : "id",
      });
    }
    if (key != null) {
      return currentSegment(
        ctx,
        profile,
        (segments) => segments.find((s) => s.key === key),
        (segments) =>
          new AppError(
            "NOT_FOUND",
            `no segment with key "${key}"; keys are: ${segments.map((s) => s.key).join(", ")}`,
            { field: "key", details: { keys: segments.map((s) => s.key) } },
          ),
      );
    }
    if (id != null) {
      const identity = identityIdOf(id);
      const found = identity === null ? null : await segmentByIdentity(ctx, identity);
      if (!found) {
        throw new AppError(
          "NOT_FOUND",
          identity === null
            ? `"${id}" is not a segment id (they read gid://rfm/Segment/<number>)`
            : `no segment with id "${id}" in its profile's published mapping`,
          { field: "id" },
        );
      }
      return found;
    }
    const wanted = name!.trim().toLowerCase();
    const profileId = await ctx.profileId(profile);
    return currentSegment(
      ctx,
      profile,
      async (segments) => {
        const current = segments.find((s) => s.name.toLowerCase() === wanted);
        if (current) return current;
        for (const identity of await identitiesOnceNamed(ctx.db, profileId, name!)) {
          const renamed = segments.find((s) => s.segmentId === identity);
          if (renamed) return renamed;
        }
        return undefined;
      },
      (segments) =>
        new AppError(
          "NOT_FOUND",
          `no segment named "${name}" (now or before); segments are: ${segments.map((s) => s.name).join(", ")}`,
          { field: "name", details: { segments: segments.map((s) => s.name) } },
        ),
    );
  }

  @FieldResolver(() => [String], {
    description:
      "Names this segment had in earlier published versions of its profile's mapping, newest first, without its current name: `segment(name:)` still finds it by them.",
  })
  formerNames(@Root() segment: Segment, @Ctx() ctx: Context): Promise<string[]> {
    return formerNameLoader(ctx).load(segment);
  }

  @FieldResolver(() => CustomerConnection, {
    description: "The segment's customers in the current run, paged (filters and order as `customers`).",
  })
  customers(
    @Root() segment: Segment,
    @Ctx() ctx: Context,
    @Args(() => CustomerPageArgs) args: CustomerPageArgs,
  ): Promise<CustomerConnection> {
    return customerPage(ctx, { ...args, filter: { ...args.filter, segment: segment.key } }, segment.profile);
  }
}
