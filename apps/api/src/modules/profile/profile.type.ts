import { IsOptional } from "class-validator";
import { Field, Float, InputType, Int, ObjectType } from "type-graphql";
import { BinCount } from "../common/limits";
import { DateTimeISO } from "../common/scalars";
import type { Profile } from "./profile.repository";
import type { SettingsInput } from "./profile.settings";

@ObjectType({ description: "How one dimension is scored: quantiles, or fixed thresholds." })
export class ProfileMethod {
  @Field(() => String, { description: "`recency`, `frequency` or `monetary`." })
  dimension!: string;

  @Field(() => String, { description: "`quantile` or `thresholds`." })
  kind!: string;

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
  @Field(() => String, { description: "Immutable key: the `profile` argument of every query." })
  key!: string;

  @Field(() => String, { description: "Name people see." })
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

  @Field(() => String, { description: "`total` or `mean-order`." })
  monetaryBasis!: string;

  @Field(() => [ProfileMethod], { description: "How each dimension is scored." })
  methods!: ProfileMethod[];

  @Field(() => String, { description: "CLV: `model`, `historic` or `none`." })
  clvMethod!: string;

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

  @Field(() => DateTimeISO, { description: "When it was created." })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: "When it was last changed." })
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
    monetaryBasis: s.monetaryBasis,
    methods: (["recency", "frequency", "monetary"] as const).map((dimension) => {
      const m = s.methods[dimension];
      return {
        dimension,
        kind: m.kind, // A profile's bounds are numbers (settings are parsed so); null bounds are only a run's report.
        bounds: m.kind === "thresholds" ? [...(m.bounds as readonly number[])] : null,
      };
    }),
    clvMethod: s.clv,
    currency: s.currency,
    convert: s.convert,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}

@InputType({ description: "How one dimension is scored." })
export class ProfileMethodInput {
  @Field(() => String, { description: "`recency`, `frequency` or `monetary`." })
  dimension!: string;

  @Field(() => String, { description: "`quantile` or `thresholds`." })
  kind!: string;

  @Field(() => [Float], {
    nullable: true,
    description: "For thresholds: bins - 1 strictly increasing bounds.",
  })
  bounds?: number[] | null;
}

@InputType({ description: "Scoring settings; a field left out keeps its value (or the default, on create)." })
export class ProfileSettingsInput {
  @Field(() => Int, { nullable: true, description: "Scores per dimension, 2..9." })
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

  @Field(() => String, { nullable: true, description: "`total` or `mean-order`." })
  monetaryBasis?: string | null;

  @Field(() => [ProfileMethodInput], { nullable: true, description: "Per dimension (others keep theirs)." })
  methods?: ProfileMethodInput[] | null;

  @Field(() => String, { nullable: true, description: "CLV: `model`, `historic` or `none`." })
  clvMethod?: string | null;

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
  if (input.monetaryBasis != null) out.monetaryBasis = input.monetaryBasis;
  if (input.clvMethod != null) out.clv = input.clvMethod;
  if (input.currency !== undefined) out.currency = input.currency;
  if (input.convert != null) out.convert = input.convert;
  if (input.methods != null) {
    const methods: Record<string, unknown> = {};
    for (const m of input.methods) {
      methods[m.dimension] =
        m.kind === "thresholds" ? { kind: m.kind, bounds: m.bounds ?? [] } : { kind: m.kind };
    }
    out.methods = methods;
  }
  return out as SettingsInput;
}

@InputType({ description: "A new scoring profile." })
export class CreateProfileInput {
  @Field(() => String, { description: "Key: lower-case letters, digits and dashes (such as online-12m)." })
  key!: string;

  @Field(() => String, { description: "Name people see." })
  name!: string;

  @Field(() => ProfileSettingsInput, {
    nullable: true,
    description: "Settings (default: today's default profile's).",
  })
  settings?: ProfileSettingsInput | null;
}

@InputType({ description: "Changes to a scoring profile (its key never changes)." })
export class UpdateProfileInput {
  @Field(() => String, { description: "The profile's key." })
  key!: string;

  @Field(() => String, { nullable: true, description: "New name." })
  name?: string | null;

  @Field(() => ProfileSettingsInput, { nullable: true, description: "Settings to change." })
  settings?: ProfileSettingsInput | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "When bins change: publish the preset mapping of the new bins with the change (otherwise refused, MAPPING_BINS_MISMATCH, while the published mapping has other bins).",
  })
  reseedMapping?: boolean | null;
}
