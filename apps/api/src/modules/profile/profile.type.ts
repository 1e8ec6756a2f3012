import { IsOptional, ValidateNested } from "class-validator";
import { Field, Float, InputType, Int, ObjectType } from "type-graphql";
import { BinCount } from "../common/limits";
import { DateTimeISO } from "../common/scalars";
import { UserError } from "../common/user-errors";
import {
  ClvMethodEnum,
  clvMethodEnum,
  DimensionEnum,
  dimensionEnum,
  MonetaryBasisEnum,
  monetaryBasisEnum,
  ScoringMethodEnum,
  scoringMethodEnum,
} from "../scoring/scoring.enums";
import type { Profile } from "./profile.repository";
import type { SettingsInput } from "./profile.settings";

@ObjectType({ description: "How one dimension is scored: quantiles, or fixed thresholds." })
export class ProfileMethod {
  @Field(() => DimensionEnum, { description: "The dimension this method scores." })
  dimension!: DimensionEnum;

  @Field(() => ScoringMethodEnum, {
    description: "Whether the dimension is scored by quantile or fixed thresholds.",
  })
  kind!: ScoringMethodEnum;

  @Field(() => [Float], {
    nullable: true,
    description:
      "For thresholds: the bins - 1 bounds (recency: most days of each score, best first; frequency and monetary: lowest value of the next score).",
  })
  bounds!: number[] | null;
}

@ObjectType("ScoringProfile", {
  description:
    "A named set of scoring settings with its own published mapping and its own current run. The default profile is used when no `profile` argument is given.",
})
export class ProfileType {
  @Field(() => String, {
    description:
      "Immutable key (such as `online-12m`): the `profile` argument of queries and `input.profile` of mutations.",
  })
  key!: string;

  @Field(() => String, { description: "The profile's name as people see it in the admin; may change." })
  name!: string;

  @Field(() => Boolean, { description: "True for the default profile." })
  isDefault!: boolean;

  @Field(() => Int, {
    description: "Scores per dimension: always the bins of the profile's published mapping.",
  })
  bins!: number;

  @Field(() => Int, { nullable: true, description: "Only orders of the last N days; null: every order." })
  windowDays!: number | null;

  @Field(() => [String], { nullable: true, description: "The channels counted; null: every channel." })
  channels!: string[] | null;

  @Field(() => MonetaryBasisEnum, { description: "Which amount the monetary score ranks customers by." })
  monetaryBasis!: MonetaryBasisEnum;

  @Field(() => [ProfileMethod], {
    description: "How each dimension is scored: recency, frequency, monetary.",
  })
  methods!: ProfileMethod[];

  @Field(() => ClvMethodEnum, { description: "How the profile's runs estimate customer lifetime value." })
  clvMethod!: ClvMethodEnum;

  @Field(() => String, {
    nullable: true,
    description: "ISO 4217 currency of the amounts scored; null: the store's.",
  })
  currency!: string | null;

  @Field(() => Boolean, {
    description:
      "True: orders in other currencies are converted into `currency` at imported exchange rates; false: they are left out (counted on each run).",
  })
  convert!: boolean;

  @Field(() => DateTimeISO, { description: "When the profile was created." })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: "When the profile's name or settings last changed." })
  updatedAt!: Date;
}

export function toProfileType(profile: Profile): ProfileType {
  const s = profile.settings;
  return {
    key: profile.key,
    name: profile.name,
    isDefault: profile.isDefault,
    bins: s.bins,
    windowDays: s.windowDays,
    channels: s.channels === null ? null : [...s.channels],
    monetaryBasis: monetaryBasisEnum.toEnum(s.monetaryBasis),
    methods: (["recency", "frequency", "monetary"] as const).map((dimension) => {
      const m = s.methods[dimension];
      return {
        dimension: dimensionEnum.toEnum(dimension),
        kind: scoringMethodEnum.toEnum(m.kind), // A profile's bounds are numbers (settings are parsed so); null bounds are only a run's report.
        bounds: m.kind === "thresholds" ? [...(m.bounds as readonly number[])] : null,
      };
    }),
    clvMethod: clvMethodEnum.toEnum(s.clv),
    currency: s.currency,
    convert: s.convert,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}

@InputType({ description: "How one dimension is to be scored." })
export class ProfileMethodInput {
  @Field(() => DimensionEnum, { description: "The dimension this method scores." })
  dimension!: DimensionEnum;

  @Field(() => ScoringMethodEnum, {
    description: "Score the dimension by quantile, or by the fixed `bounds`.",
  })
  kind!: ScoringMethodEnum;

  @Field(() => [Float], {
    nullable: true,
    description:
      "For THRESHOLDS: bins - 1 strictly increasing bounds (recency in days, frequency in orders, monetary in currency units); ignored for QUANTILE.",
  })
  bounds?: number[] | null;
}

@InputType({ description: "Scoring settings; a field left out keeps its value (or the default, on create)." })
export class ProfileSettingsInput {
  @Field(() => Int, { nullable: true, description: "Scores per dimension, 2 to 9." })
  @IsOptional()
  @BinCount()
  bins?: number | null;

  @Field(() => Int, { nullable: true, description: "Only orders of the last N days; null: every order." })
  windowDays?: number | null;

  @Field(() => [String], {
    nullable: true,
    description: "Channels counted (such as online); null: every channel.",
  })
  channels?: string[] | null;

  @Field(() => MonetaryBasisEnum, {
    nullable: true,
    description: "Which amount the monetary score ranks customers by; null: keep it.",
  })
  monetaryBasis?: MonetaryBasisEnum | null;

  @Field(() => [ProfileMethodInput], {
    nullable: true,
    description: "How to score the dimensions listed (the others keep their method).",
  })
  methods?: ProfileMethodInput[] | null;

  @Field(() => ClvMethodEnum, {
    nullable: true,
    description: "How runs estimate customer lifetime value; null: keep it.",
  })
  clvMethod?: ClvMethodEnum | null;

  @Field(() => String, {
    nullable: true,
    description: "ISO 4217 code (such as EUR); null: the store's one currency.",
  })
  currency?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Convert orders in other currencies into `currency` at imported exchange rates (needs `currency`).",
  })
  convert?: boolean | null;
}

/**
 * The GraphQL input as `parseSettings` takes it: a field left out stays out (keeps its value);
 * null where null means something (window, channels, currency) clears it.
 */
export function settingsFromInput(input: ProfileSettingsInput | null | undefined): SettingsInput {
  if (!input) return {};
  const out: Record<string, unknown> = {};
  if (input.bins != null) out.bins = input.bins;
  if (input.windowDays !== undefined) out.windowDays = input.windowDays;
  if (input.channels !== undefined) out.channels = input.channels;
  if (input.monetaryBasis != null) out.monetaryBasis = monetaryBasisEnum.fromEnum(input.monetaryBasis);
  if (input.clvMethod != null) out.clv = clvMethodEnum.fromEnum(input.clvMethod);
  if (input.currency !== undefined) out.currency = input.currency;
  if (input.convert != null) out.convert = input.convert;
  if (input.methods != null) {
    const methods: Record<string, unknown> = {};
    for (const m of input.methods) {
      const kind = scoringMethodEnum.fromEnum(m.kind);
      methods[dimensionEnum.fromEnum(m.dimension)] =
        kind === "thresholds" ? { kind, bounds: m.bounds ?? [] } : { kind };
    }
    out.methods = methods;
  }
  return out as SettingsInput;
}

@InputType({ description: "A new scoring profile." })
export class CreateProfileInput {
  @Field(() => String, { description: "Key: lower-case letters, digits and dashes (such as online-12m)." })
  key!: string;

  @Field(() => String, { description: "The profile's name as people see it, 1 to 80 characters." })
  name!: string;

  @Field(() => ProfileSettingsInput, {
    nullable: true,
    description: "The profile's scoring settings; a field left out takes the default profile's default.",
  })
  @ValidateNested()
  settings?: ProfileSettingsInput | null;
}

@InputType({ description: "Changes to a scoring profile (its key never changes)." })
export class UpdateProfileInput {
  @Field(() => String, { description: "The key of the profile to change." })
  key!: string;

  @Field(() => String, { nullable: true, description: "The profile's new name; null: keep it." })
  name?: string | null;

  @Field(() => ProfileSettingsInput, {
    nullable: true,
    description: "The settings to change (fields left out keep their value).",
  })
  @ValidateNested()
  settings?: ProfileSettingsInput | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "When bins change: publish the preset mapping of the new bins with the change (otherwise refused, MAPPING_BINS_MISMATCH, while the published mapping has other bins).",
  })
  reseedMapping?: boolean | null;
}

@InputType({ description: "The scoring profile to delete." })
export class DeleteProfileInput {
  @Field(() => String, { description: "The key of the profile to delete." })
  key!: string;
}

@ObjectType({ description: "The outcome of createProfile: the profile created, or the caller's mistakes." })
export class CreateProfilePayload {
  @Field(() => ProfileType, {
    nullable: true,
    description: "The profile created; null when the input was refused (see `userErrors`).",
  })
  profile!: ProfileType | null;

  @Field(() => [UserError], {
    description: "Mistakes in the input (a bad or taken key or name, bad settings); empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType({
  description: "The outcome of updateProfile: the profile as changed, or the caller's mistakes.",
})
export class UpdateProfilePayload {
  @Field(() => ProfileType, {
    nullable: true,
    description: "The profile after the change; null when the input was refused (see `userErrors`).",
  })
  profile!: ProfileType | null;

  @Field(() => [UserError], {
    description:
      "Mistakes in the input (unknown key, bad settings, MAPPING_BINS_MISMATCH without `reseedMapping`); empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType({ description: "The outcome of deleteProfile: the key deleted, or why it was refused." })
export class DeleteProfilePayload {
  @Field(() => String, {
    nullable: true,
    description: "The key of the profile deleted; null when it was refused (see `userErrors`).",
  })
  deletedKey!: string | null;

  @Field(() => [UserError], {
    description:
      "Why the profile was not deleted: unknown key, the default profile, or a profile with scoring runs (FAILED_PRECONDITION).",
  })
  userErrors!: UserError[];
}
