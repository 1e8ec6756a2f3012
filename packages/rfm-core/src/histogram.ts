import type { Bins } from "./codes";

/**
 * Per-code totals of one scoring, indexed by dense code index (see `codeIndex`). Everything
 * a segment table needs (customers, revenue, average R/F/M, CLV) can be summed from it in
 * time proportional to the number of codes, whatever the number of customers: this is what
 * makes previewing a draft mapping instant at any data size.
 */
export interface CodeHistogram {
  readonly bins: Bins;
  /** Customers per code. */
  readonly customers: Float64Array;
  /** Sum of monetary value (currency units, after refunds) per code. */
  readonly monetary: Float64Array;
  /** Sum of recency in days per code. */
  readonly recencyDays: Float64Array;
  /** Sum of purchase counts per code. */
  readonly frequency: Float64Array;
  /** Sum of customer lifetime value per code, when CLV was computed. */
  readonly clv?: Float64Array;
}
