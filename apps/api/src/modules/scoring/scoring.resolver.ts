import { isBins } from "@rfm/core";
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { DAY_MS, dayOf, endOfDay } from "../../days";
import { badInput, notFound } from "../../errors";
import { checkPageSize } from "../common/cursor";
import { getRun, listRuns, type ScoringRun } from "./scoring.service";
import { RunScoringInput, RunStatusEnum, ScoringRunType } from "./scoring.type";

const STATUS: Record<ScoringRun["status"], RunStatusEnum> = {
  running: RunStatusEnum.RUNNING,
  complete: RunStatusEnum.COMPLETE,
  failed: RunStatusEnum.FAILED,
};

export function toRunType(run: ScoringRun, ctx: Context, currentId: number | null): ScoringRunType {
  return {
    id: run.id,
    asOf: new Date(run.asOf),
    asOfDay: dayOf(run.asOf - DAY_MS),
    windowFrom: run.windowFrom === null ? null : new Date(run.windowFrom),
    windowTo: run.windowTo === null ? null : new Date(run.windowTo),
    bins: run.bins,
    monetaryBasis: run.monetaryBasis,
    status: STATUS[run.status],
    phase: ctx.services.scoring.phaseOf(run.id),
    current: run.id === currentId,
    customersScored: run.customersScored,
    transactionsRead: run.transactionsRead,
    startedAt: new Date(run.startedAt),
    finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt),
    durationMs: run.durationMs,
    error: run.error,
    warnings: run.warnings.map((w) => w.message),
    thresholds: run.thresholds
      ? JSON.stringify(Object.fromEntries(Object.entries(run.thresholds).map(([d, r]) => [d, r.bounds])))
      : null,
    clvMethod: run.clv?.method ?? null,
  };
}

@Resolver()
export class ScoringResolver {
  @Query(() => [ScoringRunType], { description: "Scoring runs, newest first." })
  async scoringRuns(
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { defaultValue: 50, description: "How many (at most 200)." }) first: number,
  ): Promise<ScoringRunType[]> {
    const runs = await listRuns(ctx.db, { limit: checkPageSize(first) });
    const { run } = await ctx.current();
    return runs.map((r) => toRunType(r, ctx, run?.id ?? null));
  }

  @Query(() => ScoringRunType, { description: "One scoring run; NOT_FOUND when unknown." })
  async scoringRun(
    @Ctx() ctx: Context,
    @Arg("id", () => Int, { description: "Run id." }) id: number,
  ): Promise<ScoringRunType> {
    const found = await getRun(ctx.db, id);
    if (!found) throw notFound(`no scoring run ${id}`, { field: "id" });
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
    @Arg("input", () => RunScoringInput, { description: "Settings." }) input: RunScoringInput,
  ): Promise<ScoringRunType> {
    if (!isBins(input.bins))
      throw badInput(`bins must be an integer from 2 to 9, got ${input.bins}`, "input.bins");
    if (input.windowDays != null && (!Number.isInteger(input.windowDays) || input.windowDays < 1)) {
      throw badInput(
        `windowDays must be a positive number of days, got ${input.windowDays}`,
        "input.windowDays",
      );
    }
    const runId = await ctx.services.scoring.start({
      bins: input.bins,
      ...(input.asOf ? { asOf: endOfDay(input.asOf) } : {}),
      ...(input.windowDays ? { window: { days: input.windowDays } } : {}),
    });
    const run = await getRun(ctx.db, runId);
    if (!run) throw notFound(`scoring run ${runId} vanished`);
    const { run: current } = await ctx.current();
    return toRunType(run, ctx, current?.id ?? null);
  }
}
