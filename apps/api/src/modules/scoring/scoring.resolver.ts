import { assertBins } from "@rfm/core";
import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { PageArgs } from "../common/page.args";
import { toRunType } from "./scoring.mapper";
import { getRun, listRuns } from "./scoring.service";
import { RunScoringArgs, ScoringRunType } from "./scoring.type";

@Resolver()
export class ScoringResolver {
  @Query(() => [ScoringRunType], { description: "Scoring runs, newest first." })
  async scoringRuns(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) { first }: PageArgs,
  ): Promise<ScoringRunType[]> {
    const runs = await listRuns(ctx.db, { limit: first });
    const { run } = await ctx.current();
    return runs.map((r) => toRunType(r, ctx, run?.id ?? null));
  }

  @Query(() => ScoringRunType, { description: "One scoring run; NOT_FOUND when unknown." })
  async scoringRun(
    @Ctx() ctx: Context,
    @Arg("id", () => Int, { description: "Run id." }) id: number,
  ): Promise<ScoringRunType> {
    const found = await getRun(ctx.db, id);
    if (!found) throw new AppError("NOT_FOUND", `no scoring run ${id}`, { field: "id" });
    const { run } = await ctx.current();
    return toRunType(found, ctx, run?.id ?? null);
  }

  @Authorized("admin")
  @Mutation(() => ScoringRunType, {
    description:
      "Starts a scoring run in the background and returns it (status RUNNING); poll `scoringRun(id)`. CONFLICT while another run is in progress.",
  })
  async runScoring(
    @Ctx() ctx: Context,
    @Args(() => RunScoringArgs) { input }: RunScoringArgs,
  ): Promise<ScoringRunType> {
    const runId = await ctx.services.scoring.start({
      // 2..9 already (the arguments' validation); this only tells the type system.
      bins: assertBins(input.bins),
      // The day in the store's zone: the run turns it into the end of that day there.
      ...(input.asOf ? { asOfDay: input.asOf } : {}),
      timeZone: ctx.services.timeZone,
      ...(input.windowDays ? { window: { days: input.windowDays } } : {}),
      ...(input.currency ? { currency: input.currency } : {}),
      ...(input.convert ? { convert: true } : {}),
      ...(input.channels ? { channels: input.channels } : {}),
    });
    const run = await getRun(ctx.db, runId);
    if (!run) throw new AppError("NOT_FOUND", `scoring run ${runId} vanished`);
    const { run: current } = await ctx.current();
    return toRunType(run, ctx, current?.id ?? null);
  }
}
