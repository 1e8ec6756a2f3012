/**
 * The segment table: the published mapping applied to the current run's stored code
 * histogram. It reads one run row and one mapping, never `customer_scores`, so it costs the
 * same at any number of customers, and publishing another mapping changes it at once without
 * re-scoring.
 */
import { type SegmentMapping, type SegmentStatsResult, segmentStats } from "@rfm/core";
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { currencyOfRun, money, moneyOrNull } from "../common/money";
import { getPublishedMapping, type PublishedMapping } from "../mapping/mapping.repository";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import { getCurrentRun, type ScoringRun } from "../scoring/scoring.service";
import type { CurrentView } from "./current";

export interface SegmentTable {
  /** The current run (the latest complete one). */
  readonly run: ScoringRun;
  /** The published mapping applied to it. */
  readonly mapping: PublishedMapping;
  /** Per segment in mapping order (empty ones included), and totals. */
  readonly stats: SegmentStatsResult;
}

/**
 * Fails with a message saying what to do when the profile has no complete run yet (with
 * `bins`: none of those bins, as after the profile changed bins).
 */
export async function requireCurrentRun(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
  bins?: number,
): Promise<ScoringRun> {
  const run = await getCurrentRun(db, profileId, bins);
  if (!run?.histogram) {
    throw new AppError("NO_SCORING_RUN", "no complete scoring run yet: run `rfm score` first");
  }
  return run;
}

/** Fails when the mapping and the run have different bins (a 3-bin run under a 4-bin mapping). */
export function checkBins(run: ScoringRun, mapping: PublishedMapping): void {
  if (run.bins !== mapping.compiled.bins) {
    throw new AppError(
      "MAPPING_BINS_MISMATCH",
      `the published mapping (version ${mapping.version}) is for ${mapping.compiled.bins} bins but the current run ` +
        `(${run.id}) has ${run.bins}: score with --bins ${mapping.compiled.bins}, or publish a mapping for ${run.bins} bins`,
    );
  }
}

/** A profile's segment table (default: the default profile's). */
export async function segmentTable(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<SegmentTable> {
  const mapping = await getPublishedMapping(db, profileId);
  const run = await requireCurrentRun(db, profileId, mapping.compiled.bins);
  checkBins(run, mapping);
  const stats = segmentStats({ histogram: run.histogram!, mapping: mapping.compiled });
  return { run, mapping, stats };
}

/**
 * A segment's figures under a mapping, plain numbers (money in currency units, rounded to the
 * cent): the GraphQL layer makes `Money` of them (segment.resolver.ts).
 */
export interface SegmentFigures {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly action: string;
  readonly color: string;
  readonly position: number;
  readonly codes: string[];
  readonly customerCount: number;
  readonly customerShare: number;
  readonly revenue: number;
  readonly revenueShare: number;
  readonly avgRecencyDays: number;
  readonly avgFrequency: number;
  readonly avgMonetary: number;
  readonly avgClv: number | null;
  /** ISO 4217 code of the money figures: the run's currency. */
  readonly currencyCode: string;
}

/** A segment of a published mapping: its figures and its identity's id (identity.ts). */
export interface SegmentRow extends SegmentFigures {
  readonly segmentId: number;
}

/**
 * A mapping's segments with a run's figures, from its code histogram; zeros without a run or
 * when the run was scored with other bins (the mapping preview shows a draft that way).
 */
export function segmentFigures(mapping: SegmentMapping, run: ScoringRun | null): SegmentFigures[] {
  const stats =
    run?.histogram && run.bins === mapping.bins
      ? segmentStats({ histogram: run.histogram, mapping }).segments
      : null;
  const currencyCode = currencyOfRun(run);
  return mapping.segments.map((segment, position) => {
    const s = stats?.[position];
    return {
      key: segment.key,
      name: segment.name,
      description: segment.description,
      action: segment.action,
      color: segment.color,
      position,
      codes: [...segment.codes],
      customerCount: s?.customers ?? 0,
      customerShare: s?.customerShare ?? 0,
      revenue: money(s?.revenue ?? 0),
      revenueShare: s?.revenueShare ?? 0,
      avgRecencyDays: s?.avgRecencyDays ?? 0,
      avgFrequency: s?.avgFrequency ?? 0,
      avgMonetary: money(s?.avgMonetary ?? 0),
      avgClv: moneyOrNull(s?.avgClv),
      currencyCode,
    };
  });
}

/**
 * The published mapping's segments with the current run's figures (zeros before the first
 * run); MAPPING_BINS_MISMATCH when the current run has other bins than the mapping.
 */
export function segmentsOf(view: CurrentView): SegmentRow[] {
  if (view.run) checkBins(view.run, view.mapping);
  return segmentFigures(view.mapping.compiled, view.run).map((figures, i) => ({
    ...figures,
    segmentId: view.mapping.segmentIds[i]!,
  }));
}
