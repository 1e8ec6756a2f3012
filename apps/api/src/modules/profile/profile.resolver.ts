import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { createProfile, deleteProfile, listProfiles, updateProfile } from "./profile.repository";
import {
  CreateProfileInput,
  ProfileType,
  settingsFromInput,
  toProfileType,
  UpdateProfileInput,
} from "./profile.type";

@Resolver()
export class ProfileResolver {
  @Query(() => [ProfileType], { description: "Scoring profiles, the default first." })
  async profiles(@Ctx() ctx: Context): Promise<ProfileType[]> {
    return (await listProfiles(ctx.db)).map(toProfileType);
  }

  @Query(() => ProfileType, {
    description: "One scoring profile by key (default: the default); NOT_FOUND when unknown.",
  })
  async profile(
    @Ctx() ctx: Context,
    @Arg("key", () => String, { nullable: true, description: "The profile's key." }) key: string | null,
  ): Promise<ProfileType> {
    return toProfileType(await ctx.profile(key));
  }

  @Authorized("editor")
  @Mutation(() => ProfileType, {
    description: "Creates a scoring profile with its first mapping (version 1, the preset of its bins).",
  })
  async createProfile(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateProfileInput, { description: "The profile." }) input: CreateProfileInput,
  ): Promise<ProfileType> {
    const profile = await createProfile(ctx.db, ctx.principal.name, {
      key: input.key,
      name: input.name,
      settings: settingsFromInput(input.settings),
    });
    return toProfileType(profile);
  }

  @Authorized("editor")
  @Mutation(() => ProfileType, {
    description:
      "Changes a profile's name or settings (used from its next run). A change of bins needs `reseedMapping` while the published mapping has other bins.",
  })
  async updateProfile(
    @Ctx() ctx: Context,
    @Arg("input", () => UpdateProfileInput, { description: "The changes." }) input: UpdateProfileInput,
  ): Promise<ProfileType> {
    const profile = await updateProfile(ctx.db, ctx.principal.name, {
      key: input.key,
      ...(input.name == null ? {} : { name: input.name }),
      settings: settingsFromInput(input.settings),
      reseedMapping: input.reseedMapping === true,
    });
    ctx.services.state.invalidate();
    return toProfileType(profile);
  }

  @Authorized("editor")
  @Mutation(() => Boolean, {
    description:
      "Deletes a profile and its mapping versions. Refused for the default profile (BAD_USER_INPUT) and for a profile with scoring runs (FAILED_PRECONDITION).",
  })
  async deleteProfile(
    @Ctx() ctx: Context,
    @Arg("key", () => String, { description: "The profile's key." }) key: string,
  ): Promise<boolean> {
    const deleted = await deleteProfile(ctx.db, ctx.principal.name, key);
    ctx.services.state.invalidate();
    return deleted;
  }
}
