import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { mutationPayload } from "../common/user-errors";
import { createProfile, deleteProfile, listProfiles, updateProfile } from "./profile.repository";
import {
  CreateProfileInput,
  CreateProfilePayload,
  DeleteProfileInput,
  DeleteProfilePayload,
  ProfileType,
  settingsFromInput,
  toProfileType,
  UpdateProfileInput,
  UpdateProfilePayload,
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
    @Arg("key", () => String, {
      nullable: true,
      description: "The profile's key; null: the default profile.",
    })
    key: string | null,
  ): Promise<ProfileType> {
    return toProfileType(await ctx.profile(key));
  }

  @Authorized("editor")
  @Mutation(() => CreateProfilePayload, {
    description:
      "Creates a scoring profile with its first mapping (version 1, the preset of its bins). A bad or taken key or name, and bad settings, come back in `userErrors`.",
  })
  createProfile(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateProfileInput, {
      validate: false,
      description: "The profile's key, name and settings.",
    })
    input: CreateProfileInput,
  ): Promise<CreateProfilePayload> {
    return mutationPayload(input, async () => {
      const profile = await createProfile(ctx.db, ctx.principal.name, {
        key: input.key,
        name: input.name,
        settings: settingsFromInput(input.settings),
      });
      return { profile: toProfileType(profile) };
    });
  }

  @Authorized("editor")
  @Mutation(() => UpdateProfilePayload, {
    description:
      "Changes a profile's name or settings (used from its next run). A change of bins needs `reseedMapping` while the published mapping has other bins (MAPPING_BINS_MISMATCH in `userErrors`).",
  })
  updateProfile(
    @Ctx() ctx: Context,
    @Arg("input", () => UpdateProfileInput, {
      validate: false,
      description: "The profile's key and the changes.",
    })
    input: UpdateProfileInput,
  ): Promise<UpdateProfilePayload> {
    return mutationPayload(input, async () => {
      const profile = await updateProfile(ctx.db, ctx.principal.name, {
        key: input.key,
        ...(input.name == null ? {} : { name: input.name }),
        settings: settingsFromInput(input.settings),
        reseedMapping: input.reseedMapping === true,
      });
      ctx.services.state.invalidate();
      return { profile: toProfileType(profile) };
    });
  }

  @Authorized("editor")
  @Mutation(() => DeleteProfilePayload, {
    description:
      "Deletes a profile and its mapping versions. Refused in `userErrors` for the default profile (BAD_USER_INPUT) and for a profile with scoring runs (PROFILE_IN_USE).",
  })
  deleteProfile(
    @Ctx() ctx: Context,
    @Arg("input", () => DeleteProfileInput, {
      validate: false,
      description: "The key of the profile to delete.",
    })
    input: DeleteProfileInput,
  ): Promise<DeleteProfilePayload> {
    return mutationPayload(input, async () => {
      await deleteProfile(ctx.db, ctx.principal.name, input.key);
      ctx.services.state.invalidate();
      return { deletedKey: input.key };
    });
  }
}
