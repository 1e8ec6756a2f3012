/** A scoring run as the API shows it. */
import type { Context } from "../../context";
import { DAY_MS, dayOf } from "../../days";
import type { ScoringRun } from "./scoring.service";
import { RunStatusEnum, type ScoringRunType } from "./scoring.type";
import { toRunThresholds } from "./thresholds.type";

const STATUS: Record<ScoringRun["status"], RunStatusEnum> = {
  running: RunStatusEnum.RUNNING,
  complete: RunStatusEnum.COMPLETE,
  failed: RunStatusEnum.FAILED,
};

/** `currentId`: the current run's id, so the run can say whether it is the current one. */
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
    thresholds: run.thresholds ? toRunThresholds(run.thresholds) : null,
    clvMethod: run.clv?.method ?? null,
  };
}
