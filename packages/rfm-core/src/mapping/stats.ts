import { codeCount, type RfmCode } from "../codes";
import { RfmError } from "../errors";
import type { CodeHistogram } from "../histogram";
import type { SegmentMapping } from "./types";

/** Averages and sums over a group of customers (a segment, or everyone). */
export interface GroupStats {
  readonly customers: number;
  /** Net revenue: the sum of monetary values, after refunds (may be negative). */
  readonly revenue: number;
  /** Mean days since the last purchase; 0 when the group has no customers. */
  readonly avgRecencyDays: number;
  /** Mean number of orders; 0 when the group has no customers. */
  readonly avgFrequency: number;
  /** Mean net spend (revenue / customers); 0 when the group has no customers. */
  readonly avgMonetary: number;
  /** Mean CLV; null when the histogram has no CLV, 0 when the group has no customers. */
  readonly avgClv: number | null;
}

export interface SegmentStats extends GroupStats {
  readonly name: string;
  /** customers / total customers, in 0..1; 0 when there are no customers at all. */
  readonly customerShare: number;
  /**
   * revenue / total net revenue; 0 when the total is 0. Shares always sum to 1 otherwise, but
   * with refund-heavy codes a share can be negative or above 1 (and when the total itself is
   * negative, a segment with positive revenue gets a negative share).
   */
  readonly revenueShare: number;
  readonly codes: readonly RfmCode[];
}

export interface SegmentStatsResult {
  /** One entry per segment, in mapping order, empty segments included. */
  readonly segments: readonly SegmentStats[];
  readonly totals: GroupStats;
}

export interface SegmentStatsOptions {
  readonly histogram: CodeHistogram;
  readonly mapping: SegmentMapping;
}

interface Sums {
  customers: number;
  monetary: number;
  recencyDays: number;
  frequency: number;
  clv: number;
}

/** part / whole; 0 when whole is 0, and +0 rather than -0 (0 / -50) so results compare and print plainly. */
function ratio(part: number, whole: number): number {
  if (whole === 0) return 0;
  const q = part / whole;
  return q === 0 ? 0 : q;
}

function groupStats(sums: Sums, hasClv: boolean): GroupStats {
  return {
    customers: sums.customers,
    revenue: sums.monetary,
    avgRecencyDays: ratio(sums.recencyDays, sums.customers),
    avgFrequency: ratio(sums.frequency, sums.customers),
    avgMonetary: ratio(sums.monetary, sums.customers),
    avgClv: hasClv ? ratio(sums.clv, sums.customers) : null,
  };
}

/**
 * Per-segment customers, revenue, shares and averages, summed from a code histogram in
 * O(codes + segments) time whatever the number of customers, so a draft mapping can be
 * previewed instantly. Each average is a segment's summed value divided by its customers.
 * Shares are of the totals over all codes: customer shares lie in 0..1 and sum to 1; revenue
 * shares are of total net revenue (see {@link SegmentStats.revenueShare}). No value is ever NaN:
 * any ratio over a zero total is 0.
 *
 * Throws `INVALID_OPTIONS` when the histogram and mapping have different bins, and
 * `LENGTH_MISMATCH` when a histogram column is not bins³ long.
 */
export function segmentStats({ histogram, mapping }: SegmentStatsOptions): SegmentStatsResult {
  if (histogram.bins !== mapping.bins) {
    throw new RfmError(
      "INVALID_OPTIONS",
      `The histogram has ${histogram.bins} bins but the mapping has ${mapping.bins}`,
      { histogramBins: histogram.bins, mappingBins: mapping.bins },
    );
  }
  const n = codeCount(mapping.bins);
  const clv = histogram.clv;
  const columns = {
    customers: histogram.customers,
    monetary: histogram.monetary,
    recencyDays: histogram.recencyDays,
    frequency: histogram.frequency,
    ...(clv ? { clv } : {}),
  };
  for (const [column, values] of Object.entries(columns)) {
    if (values.length !== n) {
      throw new RfmError(
        "LENGTH_MISMATCH",
        `histogram.${column} has ${values.length} entries, expected ${n} (one per code for ${mapping.bins} bins)`,
        { column, length: values.length, expected: n },
      );
    }
  }

  const zero = (): Sums => ({ customers: 0, monetary: 0, recencyDays: 0, frequency: 0, clv: 0 });
  const perSegment = mapping.segments.map(zero);
  const total = zero();
  for (let c = 0; c < n; c++) {
    const customers = histogram.customers[c] ?? 0;
    const monetary = histogram.monetary[c] ?? 0;
    const recencyDays = histogram.recencyDays[c] ?? 0;
    const frequency = histogram.frequency[c] ?? 0;
    const codeClv = clv?.[c] ?? 0;
    for (const sums of [perSegment[mapping.segmentOfCode[c] ?? -1], total]) {
      if (sums === undefined) continue;
      sums.customers += customers;
      sums.monetary += monetary;
      sums.recencyDays += recencyDays;
      sums.frequency += frequency;
      sums.clv += codeClv;
    }
  }

  const hasClv = clv !== undefined;
  return {
    segments: mapping.segments.map((segment, i) => {
      const sums = perSegment[i] ?? zero();
      return {
        name: segment.name,
        ...groupStats(sums, hasClv),
        customerShare: ratio(sums.customers, total.customers),
        revenueShare: ratio(sums.monetary, total.monetary),
        codes: segment.codes,
      };
    }),
    totals: groupStats(total, hasClv),
  };
}
