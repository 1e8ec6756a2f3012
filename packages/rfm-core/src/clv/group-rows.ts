/** Distinct rows of some key columns, with how many input rows each stands for. */
export interface GroupedRows {
  /** The key columns of the distinct rows, in ascending lexicographic order. */
  readonly columns: Float64Array[];
  /** Number of input rows equal to each distinct row. */
  readonly weights: Float64Array;
  readonly length: number;
}

/**
 * Groups the selected rows by identical key values. Likelihoods are sums over customers, and
 * customers with the same summary contribute the same term, so fitting on the distinct rows
 * with weights gives the same likelihood far faster when times are whole days (2.38 million
 * customers over a three-month window have only tens of thousands of distinct
 * (frequency, recency, T) triples). Sorting also makes the summation order, and so the fitted
 * parameters to the last bit, independent of the order of the input rows.
 *
 * @param selected indices of the rows to include (all rows when omitted).
 */
export function groupRows(keys: readonly Float64Array[], selected?: Uint32Array): GroupedRows {
  const first = keys[0];
  const k = keys.length;
  let order: Uint32Array;
  if (selected === undefined) {
    const n = first === undefined ? 0 : first.length;
    order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  } else {
    order = selected.slice();
  }
  order.sort((i, j) => {
    for (let c = 0; c < k; c++) {
      const col = keys[c]!;
      const d = col[i]! - col[j]!;
      if (d !== 0) return d;
    }
    return i - j;
  });
  const n = order.length;
  let distinct = 0;
  for (let s = 0; s < n; s++) if (s === 0 || !equalRows(keys, order[s - 1]!, order[s]!)) distinct++;
  const columns = keys.map(() => new Float64Array(distinct));
  const weights = new Float64Array(distinct);
  let g = -1;
  for (let s = 0; s < n; s++) {
    const row = order[s]!;
    if (s === 0 || !equalRows(keys, order[s - 1]!, row)) {
      g++;
      for (let c = 0; c < k; c++) columns[c]![g] = keys[c]![row]!;
    }
    weights[g]! += 1;
  }
  return { columns, weights, length: distinct };
}

function equalRows(keys: readonly Float64Array[], i: number, j: number): boolean {
  for (let c = 0; c < keys.length; c++) {
    const col = keys[c]!;
    if (col[i] !== col[j]) return false;
  }
  return true;
}
