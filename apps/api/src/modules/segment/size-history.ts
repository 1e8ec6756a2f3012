/**
 * Each segment's size over time: one point per complete run (one per as-of day), the run's
 * stored code histogram summed under the CURRENT published mapping, so the chart re-draws at
 * once when another mapping is published and never reads a customer (O(runs x codes)).
 *
 * Runs with other bins than the mapping cannot be mapped and are left out. Of several runs as of
 * the same day (the day scored again, other settings), the one that would be current for that
 * day is the point: the latest finished, then the highest id (scoring.repository's
 * CURRENT_RUN_ORDER), so the last point is the current run.
 */
import { segmentStats } from "@rfm/core";
import type { Database } from "../../db/client";
import type { PublishedMapping } from "../mapping/mapping.repository";
import {
  CURRENT_RUN_ORDER_SQL,
  histogramFromJson,
  type StoredHistogram,
} from "../scoring/scoring.repository";

/** At most this many points (the latest ones): more than 80 years of months. */
export const MAX_SIZE_POINTS = 1000;

export interface SizePoint {
  readonly runId: number;
  /** The run's scoring instant (epoch ms; the last day counted is the day before). */
  readonly asOf: number;
  /** The time zone the run counted its days in. */
  readonly timeZone: string;
  /** Customers per segment, in the mapping's segment order. */
  readonly customers: readonly number[];
}

/**
 * The points, ascending by as-of, of complete runs whose as-of instant is in [from, to] (epoch
 * ms; either open).
 */
export async function segmentSizeHistory(
  db: Database,
  mapping: PublishedMapping,
  range: { readonly from?: number; readonly to?: number } = {},
): Promise<SizePoint[]> {
  const params: unknown[] = [mapping.compiled.bins, mapping.profileId];
  const bound = (op: ">=" | "<=", ms: number | undefined) => {
    if (ms === undefined) return "";
    params.push(db.provider === "sqlite" ? ms : new Date(ms).toISOString());
    return ` AND as_of ${op} $${params.length}${db.provider === "sqlite" ? "" : "::timestamp"}`;
  };
  const rows = await db.reads.query<{
    id: number;
    asOf: number | string;
    timeZone: string;
    histogram: unknown;
  }>(
    `SELECT id AS "id", as_of AS "asOf", time_zone AS "timeZone", histogram AS "histogram" FROM scoring_runs
     WHERE status = 'complete' AND bins = $1 AND profile_id = $2 AND histogram IS NOT NULL${bound(">=", range.from)}${bound("<=", range.to)}
     ORDER BY ${CURRENT_RUN_ORDER_SQL}`,
    params,
  );
  const points: SizePoint[] = [];
  let lastAsOf: number | null = null;
  for (const row of rows) {
    const asOf = Number(row.asOf);
    // The first of each as-of day (in CURRENT_RUN_ORDER) is the one shown.
    if (asOf === lastAsOf) continue;
    lastAsOf = asOf;
    const stored = (
      typeof row.histogram === "string" ? JSON.parse(row.histogram) : row.histogram
    ) as StoredHistogram;
    const stats = segmentStats({ histogram: histogramFromJson(stored), mapping: mapping.compiled });
    points.push({
      runId: row.id,
      asOf,
      timeZone: row.timeZone,
      customers: stats.segments.map((s) => s.customers),
    });
    if (points.length === MAX_SIZE_POINTS) break;
  }
  return points.reverse();
}
