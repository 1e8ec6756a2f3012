import { IsOptional, Matches, Min, type ValidationArguments } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { BinCount } from "../common/limits";
import { DateTimeISO, LocalDate } from "../common/scalars";
import { UserError } from "../common/user-errors";

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
    RUNNING: { description: "Scoring its periods, oldest first." },
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
    PENDING: { description: "Not reached yet: scored after the periods before it." },
    RUNNING: { description: "Its run is being scored now." },
    SCORED: { description: "A new run was created for it." },
    SKIPPED: { description: "A complete run with the same settings existed already." },
    EMPTY: { description: "No order before its as-of day: no run." },
    FAILED: { description: "Its run failed; the backfill stopped there (see the backfill's `error`)." },
  },
});

@ObjectType({ description: "One past run of a backfill." })
export class BackfillPeriodType {
  @Field(() => LocalDate, { description: "The last day counted (a month's last day, or a Sunday)." })
  asOfDay!: string;

  @Field(() => BackfillPeriodStatusEnum, {
    description: "Whether the period is pending, running, scored, skipped, empty or failed.",
  })
  status!: BackfillPeriodStatusEnum;

  @Field(() => Int, {
    nullable: true,
    description:
      "The number of the period's run (scored, skipped or running); null while pending, or when empty or failed before a run existed.",
  })
  runId!: number | null;
}

@ObjectType("Backfill", {
  description: "The past runs as of each month's (or week's) end, created in order.",
})
export class BackfillType {
  @Field(() => Int, { description: "The backfill's number, counted from 1 at each server start." })
  id!: number;

  @Field(() => BackfillIntervalEnum, {
    description: "Whether it scores as of each month's end or each Sunday.",
  })
  interval!: BackfillIntervalEnum;

  @Field(() => String, { description: "The first month of the range, YYYY-MM." })
  from!: string;

  @Field(() => String, { description: "The last month of the range, YYYY-MM." })
  to!: string;

  @Field(() => Int, { description: "Scores per dimension of its runs (2 to 9)." })
  bins!: number;

  @Field(() => BackfillStatusEnum, {
    description: "Whether the backfill is running, complete, stopped or failed.",
  })
  status!: BackfillStatusEnum;

  @Field(() => [BackfillPeriodType], {
    description: "Every period of the range and where it stands, oldest first.",
  })
  periods!: BackfillPeriodType[];

  @Field(() => Int, { description: "Periods of the range that end after today, left out." })
  future!: number;

  @Field(() => String, {
    nullable: true,
    description: "Why the backfill failed, for people; null unless FAILED.",
  })
  error!: string | null;

  @Field(() => DateTimeISO, { description: "When the backfill started." })
  startedAt!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: "When the backfill ended; null while running." })
  finishedAt!: Date | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthMessage = ({ property, value }: ValidationArguments) =>
  `${property} must be a month in YYYY-MM form, got ${JSON.stringify(value)}`;

@InputType({ description: "The range of months to backfill, and how." })
export class StartBackfillInput {
  @Field(() => String, {
    nullable: true,
    description:
      "The key of the scoring profile to backfill; default: the `X-Rfm-Profile` header's, else the default profile.",
  })
  profile?: string | null;

  @Field(() => String, { description: "The first month to score, YYYY-MM." })
  @Matches(MONTH, { message: monthMessage })
  from!: string;

  @Field(() => String, {
    description: "The last month to score, YYYY-MM (months not yet ended are left out).",
  })
  @Matches(MONTH, { message: monthMessage })
  to!: string;

  @Field(() => BackfillIntervalEnum, {
    defaultValue: BackfillIntervalEnum.MONTHLY,
    description: "Whether to score as of each month's last day (default) or each Sunday.",
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

@ObjectType({ description: "The outcome of startBackfill: the backfill started, or the caller's mistakes." })
export class StartBackfillPayload {
  @Field(() => BackfillType, {
    nullable: true,
    description:
      "The backfill started (poll `backfill`); null when the input was refused (see `userErrors`).",
  })
  backfill!: BackfillType | null;

  @Field(() => [UserError], {
    description:
      "Mistakes in the input (a bad month or range, other bins, an unknown profile, SCORING_IN_PROGRESS); empty when it started.",
  })
  userErrors!: UserError[];
}
