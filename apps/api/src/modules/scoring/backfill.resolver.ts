import { assertBins } from "@rfm/core";
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { dayOf } from "../../days";
import { mutationPayload } from "../common/user-errors";
import { backfillPeriods } from "./backfill";
import {
  BackfillIntervalEnum,
  type BackfillPeriodStatusEnum,
  type BackfillStatusEnum,
  BackfillType,
  StartBackfillInput,
  StartBackfillPayload,
} from "./backfill.type";
import type { BackfillState } from "./scoring.jobs";

function toBackfillType(state: BackfillState): BackfillType {
  return {
    id: state.id,
    interval:
      state.options.interval === "weekly" ? BackfillIntervalEnum.WEEKLY : BackfillIntervalEnum.MONTHLY,
    from: state.options.from,
    to: state.options.to,
    bins: state.options.bins ?? 4,
    status: state.status as BackfillStatusEnum,
    periods: state.periods.map((p) => ({
      asOfDay: p.asOfDay,
      status: p.status as BackfillPeriodStatusEnum,
      runId: p.runId,
    })),
    future: state.future,
    error: state.error,
    startedAt: new Date(state.startedAt),
    finishedAt: state.finishedAt === null ? null : new Date(state.finishedAt),
  };
}

@Resolver()
export class BackfillResolver {
  @Query(() => BackfillType, {
    nullable: true,
    description: "The latest backfill started by this server, running or over; null when none was.",
  })
  backfill(@Ctx() ctx: Context): BackfillType | null {
    const state = ctx.services.scoring.backfill();
    return state ? toBackfillType(state) : null;
  }

  @Authorized("editor")
  @Mutation(() => StartBackfillPayload, {
    description:
      "Starts a backfill in the background: the past runs as of each month's last day (or each Sunday) from `from` to `to`, " +
      "oldest first, under one scoring lock. Periods that already have a complete run with the same settings are skipped, " +
      "so starting it again resumes. The current run stays the one with the latest as-of. Poll `backfill`. " +
      "A bad range and SCORING_IN_PROGRESS (another run is running: retry later) come back in `userErrors`.",
  })
  startBackfill(
    @Ctx() ctx: Context,
    @Arg("input", () => StartBackfillInput, {
      validate: false,
      description: "The range of months and settings.",
    })
    input: StartBackfillInput,
  ): Promise<StartBackfillPayload> {
    return mutationPayload(input, async () => ({ backfill: await this.start(ctx, input) }));
  }

  private async start(ctx: Context, input: StartBackfillInput): Promise<BackfillType> {
    const profileKey = input.profile ?? undefined;
    const profile = await ctx.profile(profileKey);
    // Without bins, the profile's (its published mapping's): every run of a profile has them.
    const bins =
      input.bins == null ? (await ctx.current(profileKey)).mapping.compiled.bins : assertBins(input.bins);
    try {
      // The range checked here, so a refusal names the input field (the worker checks it again).
      backfillPeriods(input.from, input.to, input.interval, dayOf(Date.now(), ctx.services.timeZone));
    } catch (error) {
      if (error instanceof AppError && error.field) {
        throw new AppError(error.code, error.message, { field: `input.${error.field}` });
      }
      throw error;
    }
    const state = await ctx.services.scoring.startBackfill({
      from: input.from,
      to: input.to,
      interval: input.interval,
      profileId: profile.id,
      bins,
      ...(input.windowDays ? { windowDays: input.windowDays } : {}),
    });
    return toBackfillType(state);
  }
}
