import { IsBoolean, IsOptional, IsString, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../common/node";
import { DateTimeISO } from "../common/scalars";
import { UserError } from "../common/user-errors";
import { ScoringRunType } from "../scoring/scoring.type";

export enum ScheduleFiringStatus {
  RUNNING = "RUNNING",
  COMPLETE = "COMPLETE",
  FAILED = "FAILED",
  NOT_STARTED = "NOT_STARTED",
}

registerEnumType(ScheduleFiringStatus, {
  name: "ScheduleFiringStatus",
  description: "How a schedule's last firing went.",
  valuesConfig: {
    RUNNING: { description: "It started a scoring run that is still in progress." },
    COMPLETE: {
      description:
        "It started a scoring run that completed (the profile's current run, unless a later one exists).",
    },
    FAILED: { description: "It started a scoring run that failed (`lastError` says why)." },
    NOT_STARTED: {
      description:
        "It could not start a run (another run held the scoring lock, or the profile's settings were refused): `lastError` says why.",
    },
  },
});

@ObjectType("ScoringSchedule", {
  implements: Node,
  description:
    "A scoring schedule: `rfm serve` starts a scoring run of its profile at each firing of its cron expression, read in its time zone, scoring as of the last complete store day before the firing. At most one per profile.",
})
export class ScoringScheduleType implements Node {
  @Field(() => ID, {
    description:
      "Global id (`gid://rfm/ScoringSchedule/1`): pass it to `node(id:)` and to the update and delete mutations.",
  })
  id!: string;

  @Field(() => String, { description: "The key of the scoring profile the schedule scores." })
  profile!: string;

  @Field(() => String, {
    description:
      'Five-field cron expression, minute hour day-of-month month day-of-week, read in `timeZone` ("0 2 * * *": every day at 02:00).',
  })
  cron!: string;

  @Field(() => String, {
    description: "IANA time zone the cron expression is read in (such as America/Toronto).",
  })
  timeZone!: string;

  @Field(() => Boolean, { description: "False: the schedule is kept but does not fire (nextRunAt is null)." })
  enabled!: boolean;

  @Field(() => DateTimeISO, {
    nullable: true,
    description:
      "When it fires next; null while disabled. A time in the past means a firing is due: the scheduler runs it within seconds (once, however many were missed while no server ran).",
  })
  nextRunAt!: Date | null;

  @Field(() => [DateTimeISO], {
    description:
      "Its next three firings from now by the expression (a preview; the first is nextRunAt unless one is due).",
  })
  upcomingRuns!: Date[];

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "When its last firing started (or tried to start) a run; null before the first.",
  })
  lastRunAt!: Date | null;

  @Field(() => ScoringRunType, {
    nullable: true,
    description: "The scoring run its last firing started; null when none was started.",
  })
  lastRun!: ScoringRunType | null;

  @Field(() => ScheduleFiringStatus, {
    nullable: true,
    description: "How its last firing went; null before the first.",
  })
  lastStatus!: ScheduleFiringStatus | null;

  @Field(() => String, {
    nullable: true,
    description: "Why its last firing did not start a run, or why the run it started failed; null otherwise.",
  })
  lastError!: string | null;
}

@InputType({ description: "A new scoring schedule." })
export class CreateScoringScheduleInput {
  @Field(() => String, {
    nullable: true,
    description: "The key of the profile to score; default: the default profile.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  profile?: string | null;

  @Field(() => String, {
    description: 'Five-field cron expression ("0 2 * * *": every day at 02:00 in timeZone).',
  })
  @IsString()
  @MaxLength(200)
  cron!: string;

  @Field(() => String, {
    nullable: true,
    description: "IANA time zone the expression is read in; default: the store's (STORE_TIME_ZONE).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timeZone?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether it fires; default true." })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;
}

@InputType({
  description: "Changes to a scoring schedule: the fields given; its next firing is computed again from now.",
})
export class UpdateScoringScheduleInput {
  @Field(() => ID, { description: "The schedule's global id." })
  @IsString()
  id!: string;

  @Field(() => String, { nullable: true, description: "A new five-field cron expression." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cron?: string | null;

  @Field(() => String, { nullable: true, description: "A new IANA time zone for the expression." })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timeZone?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Switch the schedule on (true) or off (false)." })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;
}

@InputType({ description: "The scoring schedule to delete (its runs are kept)." })
export class DeleteScoringScheduleInput {
  @Field(() => ID, { description: "The schedule's global id." })
  @IsString()
  id!: string;
}

@ObjectType({ description: "The result of creating or updating a scoring schedule." })
export class ScoringSchedulePayload {
  @Field(() => ScoringScheduleType, {
    nullable: true,
    description: "The schedule as saved; null when the input was refused.",
  })
  scoringSchedule!: ScoringScheduleType | null;

  @Field(() => [UserError], {
    description:
      "The input's mistakes (a bad cron expression or time zone, an unknown profile); empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType({ description: "The result of deleting a scoring schedule." })
export class DeleteScoringSchedulePayload {
  @Field(() => ID, {
    nullable: true,
    description: "The global id of the schedule deleted; null when the input was refused.",
  })
  deletedId!: string | null;

  @Field(() => [UserError], { description: "The input's mistakes (an unknown id); empty on success." })
  userErrors!: UserError[];
}

@ObjectType({
  description: "The next firings of a cron expression, before it is saved (the admin's preview).",
})
export class CronPreview {
  @Field(() => [DateTimeISO], {
    description: "The next firings from now, earliest first; empty when the expression is refused.",
  })
  nextRuns!: Date[];

  @Field(() => [UserError], {
    description: "Why the expression or the zone is refused (fields `cron`, `timeZone`); empty when valid.",
  })
  userErrors!: UserError[];
}

/** Most firings a preview gives. */
export const PREVIEW_MAX = 10;
