/** A scoring run as the API shows it. */
import type { Context } from "../../context";
import { DAY_MS, dayOf } from "../../days";
import type { ScoringRun } from "./scoring.service";
import { RunStatusEnum, type ScoringRunType } from "./scoring.type";

const STATUS: Record<ScoringRun["status"], RunStatusEnum> = {
  running: RunStatusEnum.RUNNING,
  complete: RunStatusEnum.COMPLETE,
  failed: RunStatusEnum.FAILED,
};

/**
 * `currentId`: the current run's id of the run's profile, so the run can say whether it is the
 * current one; `profile`: the key of the run's profile.
 */
export function toRunType(
  run: ScoringRun,
  ctx: Context,
  currentId: number | null,
  profile: string,
): ScoringRunType {
  return {
    id: run.id,
    profile,
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
