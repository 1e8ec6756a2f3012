/**
 * The optional `profile` argument of every query and mutation that reads scores or mappings:
 * a scoring profile's key; omitted or null: the default profile; unknown: NOT_FOUND naming it.
 */
import { Arg } from "type-graphql";

export const PROFILE_ARG_DESCRIPTION =
  "The scoring profile's key (`profiles` lists them); default: the default profile. NOT_FOUND when unknown.";

export function ProfileArg(): ReturnType<typeof Arg> {
  return Arg("profile", () => String, { nullable: true, description: PROFILE_ARG_DESCRIPTION });
}
