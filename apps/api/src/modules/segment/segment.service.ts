/**
 * The segment table: the published mapping applied to the current run's stored code
 * histogram. It reads one run row and one mapping, never `customer_scores`, so it costs the
 * same at any number of customers, and publishing another mapping changes it at once without
 * re-scoring.
 */
import { type SegmentStatsResult, segmentStats } from "@rfm/core";
import type { Database } from "../../db/client";
import { getPublishedMapping, type PublishedMapping } from "../mapping/mapping.repository";
import { getCurrentRun, type ScoringRun } from "../scoring/scoring.service";

export class SegmentTableError extends Error {
  override readonly name = "SegmentTableError";

  constructor(
    readonly code: "NO_SCORING_RUN" | "MAPPING_BINS_MISMATCH",
    message: string,
  ) {
    super(message);
  }
}

export interface SegmentTable {
  /** The current run (the latest complete one). */
  readonly run: ScoringRun;
  /** The published mapping applied to it. */
  readonly mapping: PublishedMapping;
  /** Per segment in mapping order (empty ones included), and totals. */
  readonly stats: SegmentStatsResult;
}

/** Fails with a message saying what to do when there is no complete run yet. */
export async function requireCurrentRun(db: Database): Promise<ScoringRun> {
  const run = await getCurrentRun(db);
  if (!run?.histogram) {
    throw new SegmentTableError("NO_SCORING_RUN", "no complete scoring run yet: run `rfm score` first");
  }
  return run;
}

/** Fails when the mapping and the run have different bins (a 3-bin run under a 4-bin mapping). */
export function checkBins(run: ScoringRun, mapping: PublishedMapping): void {
  if (run.bins !== mapping.compiled.bins) {
    throw new SegmentTableError(
      "MAPPING_BINS_MISMATCH",
      `the published mapping (version ${mapping.version}) is for ${mapping.compiled.bins} bins but the current run ` +
        `(${run.id}) has ${run.bins}: score with --bins ${mapping.compiled.bins}, or publish a mapping for ${run.bins} bins`,
    );
  }
}

export async function segmentTable(db: Database): Promise<SegmentTable> {
  const run = await requireCurrentRun(db);
  const mapping = await getPublishedMapping(db);
  checkBins(run, mapping);
  const stats = segmentStats({ histogram: run.histogram!, mapping: mapping.compiled });
  return { run, mapping, stats };
}
