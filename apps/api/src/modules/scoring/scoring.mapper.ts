/** A scoring run as the API shows it. */
import type { Context } from "../../context";
import { lastDayBefore } from "../../days";
import type { LeftOut } from "../../db/facts/aggregates";
import { env } from "../../env";
import { clvMethodEnum, monetaryBasisEnum, runPhaseEnum } from "./scoring.enums";
import type { ScoringRun } from "./scoring.service";
import { type LeftOutCount, type LeftOutOrders, RunStatusEnum, type ScoringRunType } from "./scoring.type";
import { toRunThresholds } from "./thresholds.type";

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
    asOfDay: lastDayBefore(run.asOf, run.timeZone),
    timeZone: run.timeZone,
    // A run without a given as-of stores its start time until the aggregation finds the
    // latest order (scoring.service.ts): no day to show yet.
    asOfKnown: run.status !== "running" || run.asOf !== run.startedAt,
    windowFrom: run.windowFrom === null ? null : new Date(run.windowFrom),
    windowTo: run.windowTo === null ? null : new Date(run.windowTo),
    bins: run.bins,
    monetaryBasis: monetaryBasisEnum.toEnum(run.monetaryBasis),
    status: STATUS[run.status],
    phase: phaseOf(ctx, run.id),
    current: run.id === currentId,
    customersScored: run.customersScored,
    transactionsRead: run.transactionsRead,
    startedAt: new Date(run.startedAt),
    finishedAt: run.finishedAt === null ? null : new Date(run.finishedAt),
    durationMs: run.durationMs,
    error: run.error,
    warnings: run.warnings.map((w) => w.message),
    thresholds: run.thresholds ? toRunThresholds(run.thresholds) : null,
    clvMethod: run.clv ? clvMethodEnum.toEnum(run.clv.method) : null,
    currencyCode: run.currency ?? env.STORE_CURRENCY,
    currencyConverted: run.currencyConverted,
    ordersLeftOut: run.leftOut?.orders ?? 0,
    leftOut: run.leftOut === null ? null : toLeftOutOrders(run.leftOut),
  };
}

function phaseOf(ctx: Context, runId: number): ScoringRunType["phase"] {
  const phase = ctx.services.scoring.phaseOf(runId);
  return phase === null ? null : runPhaseEnum.toEnum(phase);
}

/** Counts per key, largest first (ties by key), as the API lists them. */
function counts(byKey: Readonly<Record<string, number>>): LeftOutCount[] {
  return Object.entries(byKey)
    .map(([key, orders]) => ({ key, orders }))
    .sort((a, b) => b.orders - a.orders || a.key.localeCompare(b.key));
}

export function toLeftOutOrders(leftOut: LeftOut): LeftOutOrders {
  return {
    orders: leftOut.orders,
    byCurrency: counts(leftOut.byCurrency),
    byChannel: counts(leftOut.byChannel),
  };
}
