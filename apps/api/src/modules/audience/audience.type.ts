import { MaxLength, ValidateNested } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { DateTimeISO } from "../common/scalars";
import { UserError } from "../common/user-errors";
import { CustomerFilter } from "../customer/customer.input";
import type { AudienceFilter } from "./audience.filter";
import { MAX_AUDIENCE_NAME } from "./saved-audience.repository";

export enum AreaField {
  PROVINCE = "PROVINCE",
  REGION = "REGION",
  CITY = "CITY",
}

registerEnumType(AreaField, {
  name: "AreaField",
  description: "A customer's area field, as the audience filters `province`, `region` and `city` read it.",
  valuesConfig: {
    PROVINCE: { description: "The customer's province, as imported." },
    REGION: { description: "The customer's region, as imported." },
    CITY: { description: "The customer's city, as imported." },
  },
});

@ObjectType({
  description: "One stored value of an area field, with how many customers have it.",
  simpleResolvers: true,
})
export class AreaValue {
  @Field(() => String, { description: "The value exactly as stored (as imported)." })
  value!: string;

  @Field(() => Int, {
    description: "Customers (of every profile: customers are shared) with this exact value.",
  })
  customers!: number;
}

@ObjectType({ description: "One saved version of a saved audience's definition.", simpleResolvers: true })
export class SavedAudienceVersion {
  @Field(() => Int, { description: "The version's number: 1 for the first save, then 2, 3, ..." })
  version!: number;

  @Field(() => String, {
    description:
      'The definition as JSON: `CustomerFilter`\'s fields, empty ones left out (`{"segment":"champions","province":"ON"}`).',
  })
  filterJson!: string;

  @Field(() => String, {
    description:
      "The definition as the export route's and the admin's query parameters (`segment=champions&province=ON`).",
  })
  parameters!: string;

  @Field(() => String, { description: "The definition in one line (`segment champions, province ON`)." })
  summary!: string;

  @Field(() => String, { nullable: true, description: "The note saved with this version; null when none." })
  note!: string | null;

  @Field(() => DateTimeISO, { description: "When this version was saved." })
  savedAt!: Date;

  @Field(() => String, { description: "The name of the API token that saved it." })
  savedBy!: string;
}

@ObjectType({
  description: "A named audience (a segment plus filters) a campaign re-pulls; each save is a version.",
})
export class SavedAudience {
  /** Row id, for the versions' loader. */
  internalId!: number;
  /** The definition (latest version). */
  filter!: AudienceFilter;
  /** The profile key it was read in ("" for the default), to count it there. */
  profile!: string | null;

  @Field(() => String, {
    description: "The name, as last saved; unique in its profile whatever the letter case.",
  })
  name!: string;

  @Field(() => Int, { description: "The latest version's number." })
  version!: number;

  @Field(() => String, {
    description: "The latest definition as JSON: `CustomerFilter`'s fields, empty ones left out.",
  })
  filterJson!: string;

  @Field(() => String, {
    description:
      "The latest definition as the export route's and the admin's query parameters (`segment=champions&province=ON`).",
  })
  parameters!: string;

  @Field(() => String, {
    description: "The latest definition in one line (`segment champions, province ON`).",
  })
  summary!: string;

  @Field(() => String, { nullable: true, description: "The latest version's note; null when none." })
  note!: string | null;

  @Field(() => DateTimeISO, { description: "When the first version was saved." })
  createdAt!: Date;

  @Field(() => String, { description: "The name of the API token that saved the first version." })
  createdBy!: string;

  @Field(() => DateTimeISO, { description: "When the latest version was saved." })
  updatedAt!: Date;

  @Field(() => String, { description: "The name of the API token that saved the latest version." })
  updatedBy!: string;
}

export const { Connection: SavedAudienceConnection } = connectionOf(
  SavedAudience,
  "SavedAudience",
  "A profile's saved audiences, by name (case-insensitive alphabetical order).",
);

@InputType({
  description: "Saves an audience under a name: a new audience, or a new version of the one of that name.",
})
export class SaveAudienceInput {
  @Field(() => String, {
    nullable: true,
    description:
      "The key of the scoring profile whose audience it is; default: the `X-Rfm-Profile` header's, else the default profile.",
  })
  profile?: string | null;

  @Field(() => String, {
    description: `The name, at most ${MAX_AUDIENCE_NAME} characters; saving under an existing name (any letter case) adds a version to it.`,
  })
  @MaxLength(MAX_AUDIENCE_NAME, { message: `a name has at most ${MAX_AUDIENCE_NAME} characters` })
  name!: string;

  @Field(() => CustomerFilter, {
    description:
      "The definition, checked now (an unknown segment, a bad range) as `customers(filter:)` checks it.",
  })
  @ValidateNested()
  filter!: CustomerFilter;

  @Field(() => String, { nullable: true, description: "A note for this version (what the campaign is for)." })
  @MaxLength(1000, { message: "a note has at most 1000 characters" })
  note?: string | null;
}

@ObjectType({ description: "The outcome of saveAudience: the saved audience, or the caller's mistakes." })
export class SaveAudiencePayload {
  @Field(() => SavedAudience, {
    nullable: true,
    description: "The audience as saved; null when the input was refused.",
  })
  savedAudience!: SavedAudience | null;

  @Field(() => [UserError], {
    description: "Mistakes in the input (empty name, unknown segment, bad range); empty on success.",
  })
  userErrors!: UserError[];
}

@InputType({
  description: "Deletes a saved audience with its versions (the audit log keeps its last definition).",
})
export class DeleteSavedAudienceInput {
  @Field(() => String, {
    nullable: true,
    description:
      "The key of the scoring profile whose audience it is; default: the `X-Rfm-Profile` header's, else the default profile.",
  })
  profile?: string | null;

  @Field(() => String, { description: "The saved audience's name, in any letter case." })
  @MaxLength(MAX_AUDIENCE_NAME, { message: `a name has at most ${MAX_AUDIENCE_NAME} characters` })
  name!: string;
}

@ObjectType({
  description: "The outcome of deleteSavedAudience: the audience deleted, or the caller's mistakes.",
})
export class DeleteSavedAudiencePayload {
  @Field(() => SavedAudience, {
    nullable: true,
    description: "The audience as it was before deletion; null when refused (NOT_FOUND for an unknown name).",
  })
  savedAudience!: SavedAudience | null;

  @Field(() => [UserError], { description: "Mistakes in the input (an unknown name); empty on success." })
  userErrors!: UserError[];
}
