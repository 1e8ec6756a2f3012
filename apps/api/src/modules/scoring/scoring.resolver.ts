import { assertBins } from "@rfm/core";
import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { endOfDay } from "../../days";
import { PageArgs } from "../common/page.args";
import { ProfileArg } from "../profile/profile.args";
import { profileById } from "../profile/profile.repository";
import { toRunType } from "./scoring.mapper";
import { getRun, listRuns } from "./scoring.service";
import { RunScoringArgs, ScoringRunType } from "./scoring.type";

@Resolver()
export class ScoringResolver {
  @Query(() => [ScoringRunType], { description: "A scoring profile's runs, newest first." })
  async scoringRuns(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) { first }: PageArgs,
    @ProfileArg() profileKey?: string | null,
  ): Promise<ScoringRunType[]> {
    const profile = await ctx.profile(profileKey);
    const runs = await listRuns(ctx.db, { limit: first, profileId: profile.id });
    const { run } = await ctx.current(profileKey);
    return runs.map((r) => toRunType(r, ctx, run?.id ?? null, profile.key));
  }

  @Query(() => ScoringRunType, { description: "One scoring run (of any profile); NOT_FOUND when unknown." })
  async scoringRun(
    @Ctx() ctx: Context,
    @Arg("id", () => Int, { description: "Run id." }) id: number,
  ): Promise<ScoringRunType> {
    const found = await getRun(ctx.db, id);
    if (!found) throw new AppError("NOT_FOUND", `no scoring run ${id}`, { field: "id" });
    const profile = await profileById(ctx.db, found.profileId);
    const key = profile?.key ?? String(found.profileId);
    const { run } = profile ? await ctx.current(profile.key) : { run: null };
    return toRunType(found, ctx, run?.id ?? null, key);
  }

  @Authorized("admin")
  @Mutation(() => ScoringRunType, {
    description:
      "Starts a scoring run of a profile (its settings; bins are its published mapping's) in the background and returns it (status RUNNING); poll `scoringRun(id)`. CONFLICT while another run is in progress.",
  })
  async runScoring(
    @Ctx() ctx: Context,
    @Args(() => RunScoringArgs) { input }: RunScoringArgs,
    @ProfileArg() profileKey?: string | null,
  ): Promise<ScoringRunType> {
    const profile = await ctx.profile(profileKey);
    const runId = await ctx.services.scoring.start({
      profileId: profile.id,
      // 2..9 already (the arguments' validation); this only tells the type system.
      ...(input.bins == null ? {} : { bins: assertBins(input.bins) }),
      ...(input.asOf ? { asOf: endOfDay(input.asOf) } : {}),
      ...(input.windowDays ? { window: { days: input.windowDays } } : {}),
    });
    const run = await getRun(ctx.db, runId);
    if (!run) throw new AppError("NOT_FOUND", `scoring run ${runId} vanished`);
    const { run: current } = await ctx.current(profileKey);
    return toRunType(run, ctx, current?.id ?? null, profile.key);
  }
}
