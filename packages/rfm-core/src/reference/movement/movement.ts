import { RfmError } from "../../errors";

/** One scoring's segment assignment: customer keys and, aligned with them, segment indexes. */
export interface SegmentSnapshot {
  readonly customerIds: readonly string[];
  /** Segment index per customer (as in a mapping's `segmentOfCode`), aligned with `customerIds`. */
  readonly segment: ArrayLike<number>;
}

export interface MovementOptions {
  readonly before: SegmentSnapshot;
  readonly after: SegmentSnapshot;
  /** Number of segments of the mapping both snapshots were segmented with. */
  readonly segmentCount: number;
}

export interface Movement {
  readonly segmentCount: number;
  /** `transitions[from * segmentCount + to]`: customers scored in both runs, by segment before and after. */
  readonly transitions: Float64Array;
  /** Customers only in the later run, by segment (new, or back after a window without purchases). */
  readonly entered: Float64Array;
  /** Customers only in the earlier run, by their earlier segment (no purchase in the later window). */
  readonly left: Float64Array;
  /** Customers in both runs whose segment changed. */
  readonly moved: number;
  /** Customers in both runs whose segment stayed the same. */
  readonly stayed: number;
}

/**
 * Segment-to-segment transitions between two scorings of the same customer base. Customers
 * are matched by id; both snapshots must be segmented with the same mapping (pass the
 * published mapping applied to both runs' codes, so that a mapping change is not mistaken for
 * customer movement). Linear in the customers of both runs.
 */
export function segmentMovement({ before, after, segmentCount }: MovementOptions): Movement {
  for (const [name, snapshot] of [
    ["before", before],
    ["after", after],
  ] as const) {
    if (snapshot.customerIds.length !== snapshot.segment.length) {
      throw new RfmError("LENGTH_MISMATCH", `${name}: customerIds and segment must have the same length`);
    }
  }
  if (!Number.isInteger(segmentCount) || segmentCount < 1) {
    throw new RfmError("INVALID_OPTIONS", "segmentCount must be a positive integer", { segmentCount });
  }
  const check = (s: number, where: string): number => {
    if (!Number.isInteger(s) || s < 0 || s >= segmentCount) {
      throw new RfmError("INVALID_OPTIONS", `${where}: segment index ${s} is outside 0..${segmentCount - 1}`);
    }
    return s;
  };
  const earlier = new Map<string, number>();
  for (let i = 0; i < before.customerIds.length; i++) {
    earlier.set(before.customerIds[i]!, check(before.segment[i]!, "before"));
  }
  const transitions = new Float64Array(segmentCount * segmentCount);
  const entered = new Float64Array(segmentCount);
  let moved = 0;
  let stayed = 0;
  for (let i = 0; i < after.customerIds.length; i++) {
    const to = check(after.segment[i]!, "after");
    const id = after.customerIds[i]!;
    const from = earlier.get(id);
    if (from === undefined) {
      entered[to]! += 1;
      continue;
    }
    earlier.delete(id);
    transitions[from * segmentCount + to]! += 1;
    if (from === to) stayed++;
    else moved++;
  }
  const left = new Float64Array(segmentCount);
  for (const from of earlier.values()) left[from]! += 1;
  return { segmentCount, transitions, entered, left, moved, stayed };
}
