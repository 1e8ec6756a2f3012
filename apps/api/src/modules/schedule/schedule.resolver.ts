import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { globalId, parseGlobalId, registerNodeType } from "../common/node";
import { mutationPayload, userErrorOf } from "../common/user-errors";
import { profileById } from "../profile/profile.repository";
import { toRunType } from "../scoring/scoring.mapper";
import { getRun } from "../scoring/scoring.service";
import { checkTimeZone, nextFirings, PREVIEW_FIRINGS, parseCron } from "./cron";
import {
  createSchedule,
  deleteSchedule,
  listSchedules,
  type Schedule,
  scheduleById,
  updateSchedule,
} from "./schedule.repository";
import {
  CreateScoringScheduleInput,
  CronPreview,
  DeleteScoringScheduleInput,
  DeleteScoringSchedulePayload,
  PREVIEW_MAX,
  ScheduleFiringStatus,
  ScoringSchedulePayload,
  ScoringScheduleType,
  UpdateScoringScheduleInput,
} from "./schedule.type";

const NODE_TYPE = "ScoringSchedule";

const RUN_STATUS: Record<string, ScheduleFiringStatus> = {
  running: ScheduleFiringStatus.RUNNING,
  complete: ScheduleFiringStatus.COMPLETE,
  failed: ScheduleFiringStatus.FAILED,
};

/** The schedule a global id names; NOT_FOUND naming `field` when it names none. */
function scheduleIdOf(id: string, field: string): number {
  const parsed = parseGlobalId(id);
  const n = parsed?.type === NODE_TYPE && /^[1-9][0-9]{0,9}$/.test(parsed.key) ? Number(parsed.key) : null;
  if (n === null) throw new AppError("NOT_FOUND", `"${id}" is not a scoring schedule's id`, { field });
  return n;
}

export async function toScheduleType(schedule: Schedule, ctx: Context): Promise<ScoringScheduleType> {
  const profile = await profileById(ctx.db, schedule.profileId);
  const profileKey = profile?.key ?? String(schedule.profileId);
  const run = schedule.lastRunId === null ? null : await getRun(ctx.db, schedule.lastRunId);
  const current = run && profile ? (await ctx.current(profile.key)).run : null;
  let upcomingRuns: Date[] = [];
  try {
    if (schedule.enabled)
      upcomingRuns = nextFirings(
        parseCron(schedule.cron, schedule.timeZone, "cron"),
        Date.now(),
        PREVIEW_FIRINGS,
      );
  } catch {
    // An expression changed by hand in the database to one croner refuses: no preview (lastError says so).
  }
  return {
    id: globalId(NODE_TYPE, schedule.id),
    profile: profileKey,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    enabled: schedule.enabled,
    nextRunAt: schedule.nextRunAt,
    upcomingRuns,
    lastRunAt: schedule.lastRunAt,
    lastRun: run ? toRunType(run, ctx, current?.id ?? null, profileKey) : null,
    lastStatus:
      schedule.lastStatus === null
        ? null
        : run
          ? (RUN_STATUS[run.status] ?? null)
          : ScheduleFiringStatus.NOT_STARTED,
    lastError: run ? (run.status === "failed" ? (run.error ?? null) : null) : schedule.lastError,
  };
}

registerNodeType(NODE_TYPE, async (key, ctx) => {
  if (!/^[1-9][0-9]{0,9}$/.test(key)) return null;
  const schedule = await scheduleById(ctx.db, Number(key));
  return schedule ? toScheduleType(schedule, ctx) : null;
});

@Resolver()
export class ScheduleResolver {
  @Query(() => [ScoringScheduleType], {
    description: "The scoring schedules (at most one per profile), or the named profile's.",
  })
  async scoringSchedules(
    @Ctx() ctx: Context,
    @Arg("profile", () => String, {
      nullable: true,
      description: "Only this profile's schedule (its key); omitted: every profile's.",
    })
    profileKey?: string | null,
  ): Promise<ScoringScheduleType[]> {
    const profileId = profileKey == null ? undefined : (await ctx.profile(profileKey)).id;
    const schedules = await listSchedules(ctx.db, profileId);
    return Promise.all(schedules.map((s) => toScheduleType(s, ctx)));
  }

  @Query(() => CronPreview, {
    description:
      "The next firings of a five-field cron expression in a time zone, without saving anything (the admin's preview); a refused expression or zone is in `userErrors`.",
  })
  cronPreview(
    @Ctx() ctx: Context,
    @Arg("cron", () => String, { description: 'Five-field cron expression ("0 2 * * *").' }) cron: string,
    @Arg("timeZone", () => String, {
      nullable: true,
      description: "IANA time zone it is read in; default: the store's.",
    })
    timeZone?: string | null,
    @Arg("count", () => Int, {
      defaultValue: PREVIEW_FIRINGS,
      description: `Firings to give, 1-${PREVIEW_MAX}.`,
    })
    count = PREVIEW_FIRINGS,
  ): CronPreview {
    try {
      if (count < 1 || count > PREVIEW_MAX) {
        throw new AppError("BAD_USER_INPUT", `count must be 1 to ${PREVIEW_MAX}`, { field: "count" });
      }
      const zone = checkTimeZone(timeZone ?? ctx.services.timeZone, "timeZone");
      return { nextRuns: nextFirings(parseCron(cron, zone, "cron"), Date.now(), count), userErrors: [] };
    } catch (error) {
      const userError = userErrorOf(error);
      if (userError === null) throw error;
      // Arguments, not an input object: the path names the argument itself.
      return { nextRuns: [], userErrors: [{ ...userError, field: userError.field?.slice(1) ?? null }] };
    }
  }

  @Authorized("admin")
  @Mutation(() => ScoringSchedulePayload, {
    description:
      "Creates a profile's scoring schedule (admin: it starts scoring runs, as runScoring does). CONFLICT when the profile has one; INVALID_CRON or INVALID_TIME_ZONE name the field.",
  })
  createScoringSchedule(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateScoringScheduleInput, {
      validate: false,
      description: "The schedule: profile, cron expression, time zone, switch.",
    })
    input: CreateScoringScheduleInput,
  ): Promise<ScoringSchedulePayload> {
    return mutationPayload(input, async () => {
      const created = await createSchedule(ctx.db, ctx.principal.name, input, {
        defaultTimeZone: ctx.services.timeZone,
      });
      return { scoringSchedule: await toScheduleType(created, ctx) };
    });
  }

  @Authorized("admin")
  @Mutation(() => ScoringSchedulePayload, {
    description:
      "Changes a scoring schedule's expression, zone or switch (admin); its next firing is computed again from now.",
  })
  updateScoringSchedule(
    @Ctx() ctx: Context,
    @Arg("input", () => UpdateScoringScheduleInput, {
      validate: false,
      description: "The schedule's id and the fields to change.",
    })
    input: UpdateScoringScheduleInput,
  ): Promise<ScoringSchedulePayload> {
    return mutationPayload(input, async () => {
      const updated = await updateSchedule(ctx.db, ctx.principal.name, {
        id: scheduleIdOf(input.id, "input.id"),
        cron: input.cron ?? null,
        timeZone: input.timeZone ?? null,
        enabled: input.enabled ?? null,
      });
      return { scoringSchedule: await toScheduleType(updated, ctx) };
    });
  }

  @Authorized("admin")
  @Mutation(() => DeleteScoringSchedulePayload, {
    description: "Deletes a scoring schedule (admin); the runs it started are kept.",
  })
  deleteScoringSchedule(
    @Ctx() ctx: Context,
    @Arg("input", () => DeleteScoringScheduleInput, {
      validate: false,
      description: "The id of the schedule to delete.",
    })
    input: DeleteScoringScheduleInput,
  ): Promise<DeleteScoringSchedulePayload> {
    return mutationPayload(input, async () => {
      const deleted = await deleteSchedule(ctx.db, ctx.principal.name, scheduleIdOf(input.id, "input.id"));
      return { deletedId: globalId(NODE_TYPE, deleted.id) };
    });
  }
}
