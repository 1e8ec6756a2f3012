import { IsOptional, Min, ValidateNested, type ValidationArguments } from "class-validator";
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { BinCount } from "../common/limits";
import { DateTimeISO, LocalDate } from "../common/scalars";
import { RunThresholdsType, ThresholdsInput } from "./thresholds.type";

export enum RunStatusEnum {
  RUNNING = "RUNNING",
  COMPLETE = "COMPLETE",
  FAILED = "FAILED",
}

registerEnumType(RunStatusEnum, {
  name: "RunStatus",
  description: "Status of a scoring run.",
  valuesConfig: {
    RUNNING: { description: "Still running." },
    COMPLETE: {
      description:
        "Finished; the complete run with the latest as-of day is current (of several, the one that finished last).",
    },
    FAILED: { description: "Failed or interrupted; `error` says why." },
  },
});

@ObjectType("ScoringRun", { description: "One scoring of every customer as of an instant." })
export class ScoringRunType {
  @Field(() => Int, { description: "Run id." })
  id!: number;

  @Field(() => String, { description: "The key of the scoring profile the run belongs to." })
  profile!: string;

  @Field(() => DateTimeISO, { description: "The scoring instant (orders before it count)." })
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

  @Field(() => Int, { description: "Scores per dimension." })
  bins!: number;

  @Field(() => String, { description: "`total` or `mean-order`." })
  monetaryBasis!: string;

  @Field(() => RunStatusEnum, { description: "Status." })
  status!: RunStatusEnum;

  @Field(() => String, {
    nullable: true,
    description:
      "For a run started by this server, until it is over and the next may start: its phase (aggregate, score, clv, write); otherwise null.",
  })
  phase!: string | null;

  @Field(() => Boolean, {
    description: "True for its profile's current run (the complete one with the latest as-of day).",
  })
  current!: boolean;

  @Field(() => Int, { nullable: true, description: "Customers scored." })
  customersScored!: number | null;

  @Field(() => Int, { nullable: true, description: "Transactions read." })
  transactionsRead!: number | null;

  @Field(() => DateTimeISO, { description: "When it started." })
  startedAt!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: "When it finished." })
  finishedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "Duration in milliseconds." })
  durationMs!: number | null;

  @Field(() => String, { nullable: true, description: "Why it failed." })
  error!: string | null;

  @Field(() => [String], { description: "Warnings about empty scores, naming the ties that caused them." })
  warnings!: string[];

  @Field(() => RunThresholdsType, {
    nullable: true,
    description:
      "Cut points per dimension, the range of each score and its words; null until the run is complete.",
  })
  thresholds!: RunThresholdsType | null;

  @Field(() => String, { nullable: true, description: "How CLV was estimated: model, historic or none." })
  clvMethod!: string | null;

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

  @Field(() => String, {
    nullable: true,
    description:
      "Orders left out, as JSON text: `{ orders, byCurrency, byChannel }`; null when every order counted.",
  })
  leftOut!: string | null;
}

@InputType({ description: "Input of runScoring." })
export class RunScoringInput {
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
    description: "Convert orders in other currencies into `currency` at imported exchange rates.",
  })
  convert?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description: "Count only orders of these channels (case-insensitive).",
  })
  channels?: string[] | null;
  @Field(() => ThresholdsInput, {
    nullable: true,
    description: "Fixed thresholds per dimension (the others by quantile); not with keepThresholdsOf.",
  })
  thresholds?: ThresholdsInput | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Score with the cut points of this past run, so codes keep their meaning; refused unless that run is complete with the same bins and monetary basis.",
  })
  keepThresholdsOf?: number | null;
}

/** runScoring's arguments: validated as a whole, so a limit names its field (`input.bins`). */
@ArgsType()
export class RunScoringArgs {
  @Field(() => RunScoringInput, { description: "Settings." })
  @ValidateNested()
  input!: RunScoringInput;
}
