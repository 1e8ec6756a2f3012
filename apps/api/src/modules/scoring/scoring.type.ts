import { IsOptional, Min, ValidateNested, type ValidationArguments } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { BinCount } from "../common/limits";
import { DateTimeISO, LocalDate } from "../common/scalars";
import { UserError } from "../common/user-errors";
import { ClvMethodEnum, MonetaryBasisEnum, RunPhaseEnum } from "./scoring.enums";
import { RunThresholdsType, ThresholdsInput } from "./thresholds.type";

export enum RunStatusEnum {
  RUNNING = "RUNNING",
  COMPLETE = "COMPLETE",
  FAILED = "FAILED",
}

registerEnumType(RunStatusEnum, {
  name: "RunStatus",
  description: "Where a scoring run stands: running, complete or failed.",
  valuesConfig: {
    RUNNING: { description: "Still running: `phase` says which step it is in (when this server runs it)." },
    COMPLETE: {
      description:
        "Finished; the complete run with the latest as-of day is current (of several, the one that finished last).",
    },
    FAILED: { description: "Failed or interrupted; `error` says why." },
  },
});

@ObjectType("LeftOutCount", { description: "Orders left out of a run for one currency or one channel." })
export class LeftOutCount {
  @Field(() => String, {
    description:
      "The currency (ISO 4217 code) or the channel (lower-case; empty for orders without a channel) left out.",
  })
  key!: string;

  @Field(() => Int, { description: "Orders of the run's window with that currency or channel, left out." })
  orders!: number;
}

@ObjectType("LeftOutOrders", {
  description: "Orders of a run's window the run did not count, because of their currency or their channel.",
})
export class LeftOutOrders {
  @Field(() => Int, { description: "Orders left out in all (an order may be left out for both reasons)." })
  orders!: number;

  @Field(() => [LeftOutCount], {
    description: "Orders left out per currency (not the run's, and not converted), largest first.",
  })
  byCurrency!: LeftOutCount[];

  @Field(() => [LeftOutCount], {
    description: "Orders left out per channel (not among the run's channels), largest first.",
  })
  byChannel!: LeftOutCount[];
}

@ObjectType("ScoringRun", {
  description: "One scoring of every customer as of an instant, with its settings and its outcome.",
})
export class ScoringRunType {
  @Field(() => Int, {
    description:
      "The run's number, unique across profiles: what `scoringRun(id:)`, `keepThresholdsOf` and the CLI take.",
  })
  id!: number;

  @Field(() => String, { description: "The key of the scoring profile the run belongs to." })
  profile!: string;

  @Field(() => DateTimeISO, {
    description:
      "The scoring instant, exclusive: orders before it count. It is the first instant after `asOfDay`, the day people mean by 'as of' (as of 2014-12-31 in UTC is 2015-01-01T00:00:00Z here): show `asOfDay`.",
  })
  asOf!: Date;

  @Field(() => LocalDate, {
    description:
      "The last day counted, in the run's `timeZone`: the day before `asOf` (what people mean by 'as of'; the CLI prints this).",
  })
  asOfDay!: string;

  @Field(() => String, {
    description:
      "The store's time zone (IANA name) the run counted days in: recency, `asOfDay` and windows in days are its calendar days.",
  })
  timeZone!: string;

  @Field(() => Boolean, {
    description:
      "False while a run scoring as of the latest order's day has not found that day yet: `asOf` and `asOfDay` then stand in (the start time) until it does.",
  })
  asOfKnown!: boolean;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "Start of the window of orders scored; null: from the first order.",
  })
  windowFrom!: Date | null;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "End of the window (exclusive); null: up to asOf.",
  })
  windowTo!: Date | null;

  @Field(() => Int, { description: "Scores per dimension (2 to 9): a code's digits run from 1 to this." })
  bins!: number;

  @Field(() => MonetaryBasisEnum, { description: "Which amount the run's monetary score ranks by." })
  monetaryBasis!: MonetaryBasisEnum;

  @Field(() => RunStatusEnum, { description: "Whether the run is running, complete or failed." })
  status!: RunStatusEnum;

  @Field(() => RunPhaseEnum, {
    nullable: true,
    description:
      "For a run started by this server, until it is over and the next may start: the step it is in; otherwise null.",
  })
  phase!: RunPhaseEnum | null;

  @Field(() => Boolean, {
    description: "True for its profile's current run (the complete one with the latest as-of day).",
  })
  current!: boolean;

  @Field(() => Int, {
    nullable: true,
    description: "Customers the run scored (with an order in its window); null until it has counted them.",
  })
  customersScored!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Transactions (order lines) the run read; null until it has read them.",
  })
  transactionsRead!: number | null;

  @Field(() => DateTimeISO, { description: "When the run started." })
  startedAt!: Date;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "When the run finished or failed; null while running.",
  })
  finishedAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "How long the run took, in milliseconds; null while running.",
  })
  durationMs!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Why the run failed, for people; null unless `status` is FAILED.",
  })
  error!: string | null;

  @Field(() => [String], { description: "Warnings about empty scores, naming the ties that caused them." })
  warnings!: string[];

  @Field(() => RunThresholdsType, {
    nullable: true,
    description:
      "Cut points per dimension, the range of each score and its words; null until the run is complete.",
  })
  thresholds!: RunThresholdsType | null;

  @Field(() => ClvMethodEnum, {
    nullable: true,
    description:
      "How the run estimated CLV (HISTORIC when the model was asked for but could not be fitted); null for a run without CLV or not complete.",
  })
  clvMethod!: ClvMethodEnum | null;

  @Field(() => String, {
    description: "ISO 4217 code of the run's money (the store's currency for runs from before currencies).",
  })
  currencyCode!: string;

  @Field(() => Boolean, {
    description: "True when orders in other currencies were converted into the run's.",
  })
  currencyConverted!: boolean;

  @Field(() => Int, { description: "Orders of the window left out by the run's currency or channels." })
  ordersLeftOut!: number;

  @Field(() => LeftOutOrders, {
    nullable: true,
    description:
      "The orders left out, per currency and per channel; null when every order of the window counted.",
  })
  leftOut!: LeftOutOrders | null;
}

export const { Connection: ScoringRunConnection } = connectionOf(
  ScoringRunType,
  "ScoringRun",
  "A profile's scoring runs, newest first (by run number).",
);

@ObjectType({ description: "The outcome of runScoring: the run started, or the caller's mistakes." })
export class RunScoringPayload {
  @Field(() => ScoringRunType, {
    nullable: true,
    description: "The run started (status RUNNING); null when the input was refused (see `userErrors`).",
  })
  run!: ScoringRunType | null;

  @Field(() => [UserError], {
    description:
      "Mistakes in the input (bad bins or thresholds, unknown profile, SCORING_IN_PROGRESS while another run is running); empty when the run started.",
  })
  userErrors!: UserError[];
}

@InputType({ description: "How to score: every field is optional and defaults to the profile's settings." })
export class RunScoringInput {
  @Field(() => String, {
    nullable: true,
    description:
      "The key of the scoring profile to score; default: the `X-Rfm-Profile` header's, else the default profile.",
  })
  profile?: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "Score as of the end of this day in the store's time zone (orders up to and including it; a purchase that day has recency 0); default: the day of the latest order.",
  })
  asOf?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Scores per dimension, 2..9; default: the profile's. Other bins than the profile's published mapping's are refused (MAPPING_BINS_MISMATCH).",
  })
  @IsOptional()
  @BinCount()
  bins?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Score only orders of the last N store days, the as-of day included.",
  })
  @Min(1, {
    message: ({ value }: ValidationArguments) => `windowDays must be a positive number of days, got ${value}`,
  })
  windowDays?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "ISO 4217 code of the run's money: only orders in it count (default: the data's one currency; data in several are refused, MIXED_CURRENCIES).",
  })
  currency?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "True: convert orders in other currencies into `currency` at imported exchange rates; false or null: leave them out.",
  })
  convert?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: "Count only orders of these channels (case-insensitive); null: the profile's channels.",
  })
  channels?: string[] | null;

  @Field(() => ThresholdsInput, {
    nullable: true,
    description: "Fixed thresholds per dimension (the others by quantile); not with keepThresholdsOf.",
  })
  @ValidateNested()
  thresholds?: ThresholdsInput | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Score with the cut points of this past run, so codes keep their meaning; refused unless that run is complete with the same bins and monetary basis.",
  })
  keepThresholdsOf?: number | null;
}
