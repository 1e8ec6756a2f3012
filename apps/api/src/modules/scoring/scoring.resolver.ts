import { assertBins, type Dimension } from "@rfm/core";
import { Arg, Args, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { lastDayBefore } from "../../days";
import { toConnection } from "../common/connection";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { ConnectionArgs } from "../common/page.args";
import { mutationPayload } from "../common/user-errors";
import { ProfileArg } from "../profile/profile.args";
import { profileById } from "../profile/profile.repository";
import { monetaryBasisEnum } from "./scoring.enums";
import { toRunType } from "./scoring.mapper";
import { binsMismatch, countRuns, getRun, listRuns } from "./scoring.service";
import { RunScoringInput, RunScoringPayload, ScoringRunConnection, ScoringRunType } from "./scoring.type";
import { fixedMethods, keptMethods, previewThresholds } from "./thresholds";
import {
  THRESHOLD_FIELD,
  ThresholdPreviewArgs,
  ThresholdPreviewType,
  thresholdsFromInput,
  toDimensionThresholds,
} from "./thresholds.type";

@Resolver()
export class ScoringResolver {
  @Query(() => ScoringRunConnection, {
    description: "A scoring profile's runs, newest first (by run number), a page at a time.",
  })
  async scoringRuns(
    @Ctx() ctx: Context,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @ProfileArg() profileKey?: string | null,
  ): Promise<InstanceType<typeof ScoringRunConnection>> {
    const profile = await ctx.profile(profileKey);
    const [beforeId] = after ? (decodeCursor(after, 1) as [number]) : [undefined];
    const runs = await listRuns(ctx.db, {
      limit: first + 1,
      profileId: profile.id,
      ...(typeof beforeId === "number" ? { beforeId } : {}),
    });
    const { run } = await ctx.current(profileKey);
    const nodes = runs.map((r) => toRunType(r, ctx, run?.id ?? null, profile.key));
    const total = await countRuns(ctx.db, profile.id);
    return toConnection(nodes, first, after, (r) => encodeCursor([r.id]), total);
  }

  @Query(() => ScoringRunType, { description: "One scoring run (of any profile); NOT_FOUND when unknown." })
  async scoringRun(
    @Ctx() ctx: Context,
    @Arg("id", () => Int, { description: "The run's number (`ScoringRun.id`)." }) id: number,
  ): Promise<ScoringRunType> {
    const found = await getRun(ctx.db, id);
    if (!found) throw new AppError("NOT_FOUND", `no scoring run ${id}`, { field: "id" });
    const profile = await profileById(ctx.db, found.profileId);
    const key = profile?.key ?? String(found.profileId);
    const { run } = profile ? await ctx.current(profile.key) : { run: null };
    return toRunType(found, ctx, run?.id ?? null, key);
  }

  @Query(() => ThresholdPreviewType, {
    description:
      "Customers per score under fixed thresholds, counted on the current run's stored values (one GROUP BY per dimension), before a run uses them. NO_SCORING_RUN before the first run.",
  })
  async thresholdPreview(
    @Ctx() ctx: Context,
    @Args(() => ThresholdPreviewArgs) { input }: ThresholdPreviewArgs,
    @ProfileArg() profileKey?: string | null,
  ): Promise<ThresholdPreviewType> {
    const profile = await ctx.profile(profileKey);
    const thresholds = thresholdsFromInput(input.thresholds, "input.thresholds");
    const { run, counts } = await previewThresholds(
      ctx.db,
      thresholds,
      assertBins(input.bins),
      (d) => `input.thresholds.${THRESHOLD_FIELD[d]}`,
      profile.id,
    );
    const dimension = (d: Dimension) =>
      thresholds[d] && counts[d]
        ? toDimensionThresholds({
            dimension: d,
            method: "thresholds",
            bounds: thresholds[d],
            ...(d === "monetary" ? { basis: run.monetaryBasis } : {}),
            customers: counts[d],
          })
        : null;
    return {
      runId: run.id,
      asOfDay: lastDayBefore(run.asOf, run.timeZone),
      monetaryBasis: monetaryBasisEnum.toEnum(run.monetaryBasis),
      customers: run.customersScored ?? 0,
      recency: dimension("recency"),
      frequency: dimension("frequency"),
      monetary: dimension("monetary"),
    };
  }

  @Authorized("editor")
  @Mutation(() => RunScoringPayload, {
    description:
      "Starts a scoring run of a profile (its settings; bins are its published mapping's) in the background and returns it (status RUNNING); poll `scoringRun(id)`. Editors and admins. " +
      "Bad input, an unknown profile, MAPPING_BINS_MISMATCH (`bins` other than the mapping's) and SCORING_IN_PROGRESS (another run is running: retry later) come back in `userErrors`.",
  })
  runScoring(
    @Ctx() ctx: Context,
    @Arg("input", () => RunScoringInput, {
      validate: false,
      description: "How to score; `{}` scores with the profile's settings.",
    })
    input: RunScoringInput,
  ): Promise<RunScoringPayload> {
    return mutationPayload(input, async () => ({ run: await this.startRun(ctx, input) }));
  }

  private async startRun(ctx: Context, input: RunScoringInput): Promise<ScoringRunType> {
    const profileKey = input.profile ?? undefined;
    const profile = await ctx.profile(profileKey);
    // 2..9 already (the input's validation); without bins, the profile's mapping's.
    const { mapping } = await ctx.current(profileKey);
    const bins = input.bins == null ? mapping.compiled.bins : assertBins(input.bins);
    // Thresholds are checked here, so a refusal names its field (the worker would lose it).
    const methods = input.thresholds
      ? fixedMethods(
          thresholdsFromInput(input.thresholds, "input.thresholds"),
          bins,
          (d) => `input.thresholds.${THRESHOLD_FIELD[d]}`,
        )
      : {};
    const keep = input.keepThresholdsOf ?? undefined;
    if (keep !== undefined) {
      if (Object.keys(methods).length > 0) {
        throw new AppError("BAD_USER_INPUT", "give either thresholds or keepThresholdsOf, not both", {
          field: "input.keepThresholdsOf",
        });
      }
      await keptMethods(
        ctx.db,
        keep,
        { bins, monetaryBasis: profile.settings.monetaryBasis },
        "input.keepThresholdsOf",
      );
    }
    // Refused here too (the worker checks again), so the refusal names its field; after the
    // thresholds' own checks, which name the dimension that is wrong for these bins.
    if (bins !== mapping.compiled.bins) throw binsMismatch(profile.key, mapping, bins, "input.bins");
    const runId = await ctx.services.scoring.start({
      profileId: profile.id,
      ...(input.bins == null ? {} : { bins }),
      // The day in the store's zone: the run turns it into the end of that day there.
      ...(input.asOf ? { asOfDay: input.asOf } : {}),
      timeZone: ctx.services.timeZone,
      ...(input.windowDays ? { window: { days: input.windowDays } } : {}),
      ...(input.currency ? { currency: input.currency } : {}),
      ...(input.convert ? { convert: true } : {}),
      ...(input.channels ? { channels: input.channels } : {}),
      ...(Object.keys(methods).length > 0 ? { methods } : {}),
      ...(keep === undefined ? {} : { keepThresholdsOf: keep }),
    });
    const run = await getRun(ctx.db, runId);
    if (!run) throw new Error(`scoring run ${runId} vanished`);
    const { run: current } = await ctx.current(profileKey);
    return toRunType(run, ctx, current?.id ?? null, profile.key);
  }
}
