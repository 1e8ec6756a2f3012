import { assertBins } from "@rfm/core";
import { Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { dayOf } from "../../days";
import { ProfileArg } from "../profile/profile.args";
import { backfillPeriods } from "./backfill";
import {
  BackfillIntervalEnum,
  type BackfillPeriodStatusEnum,
  type BackfillStatusEnum,
  BackfillType,
  StartBackfillArgs,
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
  @Mutation(() => BackfillType, {
    description:
      "Starts a backfill in the background: the past runs as of each month's last day (or each Sunday) from `from` to `to`, " +
      "oldest first, under one scoring lock. Periods that already have a complete run with the same settings are skipped, " +
      "so starting it again resumes. The current run stays the one with the latest as-of. Poll `backfill`. " +
      "CONFLICT while another run is in progress; BAD_USER_INPUT for a bad range.",
  })
  async startBackfill(
    @Ctx() ctx: Context,
    @Args(() => StartBackfillArgs) { input }: StartBackfillArgs,
    @ProfileArg() profileKey?: string | null,
  ): Promise<BackfillType> {
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
