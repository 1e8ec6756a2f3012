import { IsOptional, Min, ValidateNested, type ValidationArguments } from "class-validator";
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { BinCount } from "../common/limits";
import { DateTimeISO, LocalDate } from "../common/scalars";

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
    COMPLETE: { description: "Finished; the latest complete run is current." },
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
      "The last day counted: the day before `asOf` (what people mean by 'as of'; the CLI prints this).",
  })
  asOfDay!: string;

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

  @Field(() => Boolean, { description: "True for its profile's current run (the latest complete one)." })
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

  @Field(() => String, { nullable: true, description: "Cut points used per dimension, as JSON text." })
  thresholds!: string | null;

  @Field(() => String, { nullable: true, description: "How CLV was estimated: model, historic or none." })
  clvMethod!: string | null;
}

@InputType({ description: "Input of runScoring." })
export class RunScoringInput {
  @Field(() => LocalDate, {
    nullable: true,
    description:
      "Score as of the end of this day (orders up to and including it); default: the day of the latest order.",
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

  @Field(() => Int, { nullable: true, description: "Score only orders of the last N days up to asOf." })
  @Min(1, {
    message: ({ value }: ValidationArguments) => `windowDays must be a positive number of days, got ${value}`,
  })
  windowDays?: number | null;
}

/** runScoring's arguments: validated as a whole, so a limit names its field (`input.bins`). */
@ArgsType()
export class RunScoringArgs {
  @Field(() => RunScoringInput, { description: "Settings." })
  @ValidateNested()
  input!: RunScoringInput;
}
