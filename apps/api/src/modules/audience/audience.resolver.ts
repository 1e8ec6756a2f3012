import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { Context } from "../../context";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { ConnectionArgs } from "../common/page.args";
import { mutationPayload } from "../common/user-errors";
import { ProfileArg } from "../profile/profile.args";
import { summariseFilter } from "./audience.filter";
import { queryOfFilter } from "./audience.params";
import {
  areaValues,
  countAudience,
  MAX_AREA_VALUES,
  saveAudience,
  toSavedAudience,
} from "./audience.service";
import {
  AreaField,
  AreaValue,
  DeleteSavedAudienceInput,
  DeleteSavedAudiencePayload,
  SaveAudienceInput,
  SaveAudiencePayload,
  SavedAudience,
  SavedAudienceConnection,
  SavedAudienceVersion,
} from "./audience.type";
import {
  countSavedAudiences,
  deleteSavedAudience,
  findSavedAudience,
  getSavedAudience,
  listSavedAudiences,
  savedAudienceVersions,
} from "./saved-audience.repository";

/** One count per saved audience object of a response, shared by `customerCount` and `problem`. */
const counts = new WeakMap<SavedAudience, Promise<number>>();

function countOnce(audience: SavedAudience, ctx: Context): Promise<number> {
  let found = counts.get(audience);
  if (!found) {
    found = countAudience(ctx, audience.filter, audience.profile, "audience");
    found.catch(() => undefined);
    counts.set(audience, found);
  }
  return found;
}

@Resolver(() => SavedAudience)
export class AudienceResolver {
  @Query(() => [AreaValue], {
    description:
      "The stored values of a customer area field (province, region or city) with their customers, in value order: what the audience filters' pickers offer. Customers are shared by every profile.",
  })
  areaValues(
    @Ctx() ctx: Context,
    @Arg("field", () => AreaField, { description: "Which field's values." }) field: AreaField,
    @Arg("first", () => Int, {
      defaultValue: 500,
      description: `How many values at most (up to ${MAX_AREA_VALUES}).`,
    })
    first: number,
  ): Promise<AreaValue[]> {
    return areaValues(ctx.db, field, first);
  }

  @Query(() => SavedAudienceConnection, {
    description:
      "A profile's saved audiences, by name (case-insensitive alphabetical order), a page at a time.",
  })
  async savedAudiences(
    @Ctx() ctx: Context,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @ProfileArg() profile?: string | null,
  ): Promise<InstanceType<typeof SavedAudienceConnection>> {
    const profileId = await ctx.profileId(profile);
    const [afterKey] = after ? decodeCursor(after, 1) : [undefined];
    const rows = await listSavedAudiences(
      ctx.db,
      profileId,
      first + 1,
      typeof afterKey === "string" ? afterKey : undefined,
    );
    return toConnection(
      rows.map((row) => toSavedAudience(row, profile ?? null)),
      first,
      after,
      (node) => encodeCursor([node.name.trim().toLowerCase()]),
      await countSavedAudiences(ctx.db, profileId),
    );
  }

  @Query(() => SavedAudience, {
    nullable: true,
    description: "A profile's saved audience by name, in any letter case; null when there is none.",
  })
  async savedAudience(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "The saved audience's name, in any letter case." })
    name: string,
    @ProfileArg() profile?: string | null,
  ): Promise<SavedAudience | null> {
    const found = await getSavedAudience(ctx.db, await ctx.profileId(profile), name);
    return found ? toSavedAudience(found, profile ?? null) : null;
  }

  @Authorized("editor")
  @Mutation(() => SaveAudiencePayload, {
    description:
      "Saves an audience definition under a name (a new audience, or a new version of the one of that name), audited. The definition is checked as `customers(filter:)` checks it; `run` is refused (a saved audience reads the current run when used).",
  })
  saveAudience(
    @Ctx() ctx: Context,
    @Arg("input", () => SaveAudienceInput, {
      validate: false,
      description: "The profile, name, definition and note.",
    })
    input: SaveAudienceInput,
  ): Promise<SaveAudiencePayload> {
    return mutationPayload(input, async () => ({ savedAudience: await saveAudience(ctx, input) }));
  }

  @Authorized("editor")
  @Mutation(() => DeleteSavedAudiencePayload, {
    description:
      "Deletes a saved audience and its versions, audited (the audit log keeps its last definition).",
  })
  deleteSavedAudience(
    @Ctx() ctx: Context,
    @Arg("input", () => DeleteSavedAudienceInput, {
      validate: false,
      description: "The profile and the audience's name.",
    })
    input: DeleteSavedAudienceInput,
  ): Promise<DeleteSavedAudiencePayload> {
    return mutationPayload(input, async () => {
      const profileId = await ctx.profileId(input.profile);
      const deleted = await deleteSavedAudience(ctx.db, ctx.principal.name, profileId, input.name);
      // NOT_FOUND naming the audiences there are.
      if (!deleted) await findSavedAudience(ctx.db, profileId, input.name, "name");
      return { savedAudience: deleted ? toSavedAudience(deleted, input.profile ?? null) : null };
    });
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Customers in the audience now (the profile's current run and published mapping), as `customers(filter:) { totalCount }` and an export count them; null when the definition no longer applies (see `problem`).",
  })
  async customerCount(@Root() audience: SavedAudience, @Ctx() ctx: Context): Promise<number | null> {
    try {
      return await countOnce(audience, ctx);
    } catch {
      return null;
    }
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "Why the definition no longer applies now (a segment deleted from the mapping since it was saved, runs of other bins), naming it; null when it applies.",
  })
  async problem(@Root() audience: SavedAudience, @Ctx() ctx: Context): Promise<string | null> {
    try {
      await countOnce(audience, ctx);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  @FieldResolver(() => [SavedAudienceVersion], { description: "Every saved version, newest first." })
  async versions(@Root() audience: SavedAudience, @Ctx() ctx: Context): Promise<SavedAudienceVersion[]> {
    const rows = await savedAudienceVersions(ctx.db, audience.internalId);
    return rows.map((row) => ({
      version: row.version,
      filterJson: JSON.stringify(row.filter),
      parameters: queryOfFilter(row.filter),
      summary: summariseFilter(row.filter),
      note: row.note,
      savedAt: row.savedAt,
      savedBy: row.savedBy,
    }));
  }
}
