/**
 * Fixed and kept thresholds of a scoring run, and the preview of the bin sizes fixed thresholds
 * would give. rfm-core scores and words them (`scoreCustomers`, `describeScores`); here: people's
 * bounds checked and turned into methods, a past run's cut points resolved for a new run
 * ("keep these thresholds"), and the current run's stored values counted per bin in SQL.
 */
import {
  type Bins,
  checkFixedThresholds,
  DIMENSIONS,
  type Dimension,
  type DimensionMethod,
  type MonetaryBasis,
  RfmError,
} from "@rfm/core";
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { getCurrentRun, getRun, type ScoringRun } from "./scoring.repository";

/** Bounds per dimension as people give them: days, orders, and money in currency units. */
export type FixedThresholds = Partial<Record<Dimension, readonly number[]>>;

/**
 * People's bounds as scoring methods, each checked by `checkFixedThresholds` (count, strictly
 * increasing, whole days, orders and cents). A refusal is INVALID_THRESHOLDS (400) naming the
 * dimension in `field` (`fieldOf(dimension)`, the input's own name for it).
 */
export function fixedMethods(
  thresholds: FixedThresholds,
  bins: Bins,
  fieldOf: (dimension: Dimension) => string = (d) => d,
): Partial<Record<Dimension, DimensionMethod>> {
  const methods: Partial<Record<Dimension, DimensionMethod>> = {};
  for (const dimension of DIMENSIONS) {
    const bounds = thresholds[dimension];
    if (bounds === undefined) continue;
    try {
      checkFixedThresholds({ dimension, bounds, bins });
    } catch (error) {
      if (error instanceof RfmError) {
        throw new AppError("INVALID_THRESHOLDS", error.message, {
          field: fieldOf(dimension),
          details: { dimension },
          cause: error,
        });
      }
      throw error;
    }
    methods[dimension] = { kind: "thresholds", bounds: [...bounds] };
  }
  return methods;
}

/**
 * A past run's cut points as the methods of a new run, so its codes keep their meaning: the
 * bounds it reported (quantile or fixed, ties and unreachable scores included). Refused
 * (INVALID_THRESHOLDS naming `field`) unless that run is complete and scored the same bins on
 * the same monetary basis: cut points of 5 scores are no cut points of 4, and a mean-order
 * bound is no bound of total spend.
 */
export async function keptMethods(
  db: Database,
  runId: number,
  wanted: { readonly bins: Bins; readonly monetaryBasis: MonetaryBasis },
  field = "keepThresholdsOf",
): Promise<Record<Dimension, DimensionMethod>> {
  const run = await getRun(db, runId);
  if (!run) throw new AppError("NOT_FOUND", `no scoring run ${runId} to keep the thresholds of`, { field });
  const refuse = (why: string) =>
    new AppError("INVALID_THRESHOLDS", `cannot keep the thresholds of run ${runId}: ${why}`, {
      field,
      details: { runId },
    });
  if (run.status !== "complete" || run.thresholds === null) {
    throw refuse(`it is ${run.status}, not complete, so it has no cut points`);
  }
  if (run.bins !== wanted.bins) {
    throw refuse(
      `it scored ${run.bins} bins and this run asks for ${wanted.bins}; score with ${run.bins} bins to keep them`,
    );
  }
  if (run.monetaryBasis !== wanted.monetaryBasis) {
    throw refuse(
      `its monetary value was scored on the ${run.monetaryBasis} basis and this run asks for ${wanted.monetaryBasis}`,
    );
  }
  const kept = (d: Dimension): DimensionMethod => ({
    kind: "thresholds",
    bounds: [...run.thresholds![d].bounds],
  });
  return { recency: kept("recency"), frequency: kept("frequency"), monetary: kept("monetary") };
}

export interface ThresholdPreview {
  /** The run whose stored values were counted (the current run). */
  readonly run: ScoringRun;
  /** Customers per score 1..bins (index s - 1), per dimension asked. */
  readonly counts: Partial<Record<Dimension, number[]>>;
}

/**
 * How many customers each score would hold under fixed thresholds, counted on the current run's
 * stored values (its recency days as of its own date, its frequency, and monetary on its own
 * basis): what a new run over the same orders and as-of would give. NO_SCORING_RUN without one.
 */
export async function previewThresholds(
  db: Database,
  thresholds: FixedThresholds,
  bins: Bins,
  fieldOf?: (dimension: Dimension) => string,
  profileId?: number,
): Promise<ThresholdPreview> {
  const methods = fixedMethods(thresholds, bins, fieldOf);
  const run = await getCurrentRun(db, profileId);
  if (!run) throw new AppError("NO_SCORING_RUN", "no complete scoring run yet to preview thresholds on");
  const counts: Partial<Record<Dimension, number[]>> = {};
  const scores = factsStoreOf(db).scores;
  for (const dimension of DIMENSIONS) {
    const method = methods[dimension];
    if (method?.kind !== "thresholds") continue;
    counts[dimension] = await scores.binCounts({ runId: run.id, dimension, bounds: method.bounds });
  }
  return { run, counts };
}
