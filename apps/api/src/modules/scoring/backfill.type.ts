import { IsOptional, Matches, Min, ValidateNested, type ValidationArguments } from "class-validator";
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { BinCount } from "../common/limits";
import { DateTimeISO, LocalDate } from "../common/scalars";

export enum BackfillIntervalEnum {
  MONTHLY = "monthly",
  WEEKLY = "weekly",
}

registerEnumType(BackfillIntervalEnum, {
  name: "BackfillInterval",
  description: "How often a backfill scores.",
  valuesConfig: {
    MONTHLY: { description: "As of each month's last day." },
    WEEKLY: { description: "As of each Sunday (weeks ending on Sunday)." },
  },
});

export enum BackfillStatusEnum {
  RUNNING = "running",
  COMPLETE = "complete",
  STOPPED = "stopped",
  FAILED = "failed",
}

registerEnumType(BackfillStatusEnum, {
  name: "BackfillStatus",
  description: "Where a backfill stands.",
  valuesConfig: {
    RUNNING: { description: "Scoring its periods." },
    COMPLETE: { description: "Every period has its run (or had no order before it)." },
    STOPPED: { description: "Stopped between periods; starting it again resumes." },
    FAILED: { description: "A period's run failed (`error`); starting it again resumes at that period." },
  },
});

export enum BackfillPeriodStatusEnum {
  PENDING = "pending",
  RUNNING = "running",
  SCORED = "scored",
  SKIPPED = "skipped",
  EMPTY = "empty",
  FAILED = "failed",
}

registerEnumType(BackfillPeriodStatusEnum, {
  name: "BackfillPeriodStatus",
  description: "Where one period of a backfill stands.",
  valuesConfig: {
    PENDING: { description: "Not reached yet." },
    RUNNING: { description: "Being scored." },
    SCORED: { description: "A new run was created for it." },
    SKIPPED: { description: "A complete run with the same settings existed already." },
    EMPTY: { description: "No order before its as-of day: no run." },
    FAILED: { description: "Its run failed." },
  },
});

@ObjectType({ description: "One past run of a backfill." })
export class BackfillPeriodType {
  @Field(() => LocalDate, { description: "The last day counted (a month's last day, or a Sunday)." })
  asOfDay!: string;

  @Field(() => BackfillPeriodStatusEnum, { description: "Status." })
  status!: BackfillPeriodStatusEnum;

  @Field(() => Int, { nullable: true, description: "Its run (scored, skipped or running)." })
  runId!: number | null;
}

@ObjectType("Backfill", {
  description: "The past runs as of each month's (or week's) end, created in order.",
})
export class BackfillType {
  @Field(() => Int, { description: "Numbered per server start." })
  id!: number;

  @Field(() => BackfillIntervalEnum, { description: "Monthly or weekly." })
  interval!: BackfillIntervalEnum;

  @Field(() => String, { description: "First month, YYYY-MM." })
  from!: string;

  @Field(() => String, { description: "Last month, YYYY-MM." })
  to!: string;

  @Field(() => Int, { description: "Scores per dimension of its runs." })
  bins!: number;

  @Field(() => BackfillStatusEnum, { description: "Status." })
  status!: BackfillStatusEnum;

  @Field(() => [BackfillPeriodType], { description: "Its periods, oldest first." })
  periods!: BackfillPeriodType[];

  @Field(() => Int, { description: "Periods of the range that end after today, left out." })
  future!: number;

  @Field(() => String, { nullable: true, description: "Why it failed." })
  error!: string | null;

  @Field(() => DateTimeISO, { description: "When it started." })
  startedAt!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: "When it ended." })
  finishedAt!: Date | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthMessage = ({ property, value }: ValidationArguments) =>
  `${property} must be a month in YYYY-MM form, got ${JSON.stringify(value)}`;

@InputType({ description: "Input of startBackfill." })
export class StartBackfillInput {
  @Field(() => String, { description: "First month, YYYY-MM." })
  @Matches(MONTH, { message: monthMessage })
  from!: string;

  @Field(() => String, { description: "Last month, YYYY-MM (months not yet ended are left out)." })
  @Matches(MONTH, { message: monthMessage })
  to!: string;

  @Field(() => BackfillIntervalEnum, {
    defaultValue: BackfillIntervalEnum.MONTHLY,
    description: "How often.",
  })
  interval!: BackfillIntervalEnum;

  @Field(() => Int, {
    nullable: true,
    description:
      "Scores per dimension, 2..9: the profile's (its published mapping's) when omitted; others are refused.",
  })
  @IsOptional()
  @BinCount()
  bins?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Score only orders of the last N days up to each as-of day.",
  })
  @Min(1, {
    message: ({ value }: ValidationArguments) => `windowDays must be a positive number of days, got ${value}`,
  })
  windowDays?: number | null;
}

@ArgsType()
export class StartBackfillArgs {
  @Field(() => StartBackfillInput, { description: "The range and settings." })
  @ValidateNested()
  input!: StartBackfillInput;
}
