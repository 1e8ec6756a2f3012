import { RfmError } from "../errors";

/** How many offending rows an error lists per rule (the count is always complete). */
const MAX_LISTED_ROWS = 10;

/** One broken rule of an input check: how many rows break it and the first few of them. */
export interface ClvInputProblem {
  readonly rule: string;
  readonly count: number;
  readonly rows: number[];
}

/**
 * Collects every broken rule of a column check at once, so one error names all of them (the
 * house rule for validation), without allocating per row.
 */
export class ProblemCollector {
  private readonly problems = new Map<string, { count: number; rows: number[] }>();

  add(rule: string, row: number): void {
    let p = this.problems.get(rule);
    if (p === undefined) {
      p = { count: 0, rows: [] };
      this.problems.set(rule, p);
    }
    p.count++;
    if (p.rows.length < MAX_LISTED_ROWS) p.rows.push(row);
  }

  /** Throws `CLV_INVALID_INPUT` naming every broken rule, if any. */
  throwIfAny(where: string): void {
    if (this.problems.size === 0) return;
    const problems: ClvInputProblem[] = [...this.problems].map(([rule, p]) => ({
      rule,
      count: p.count,
      rows: p.rows,
    }));
    const text = problems.map((p) => `${p.rule} (${p.count} rows, e.g. ${p.rows.join(", ")})`).join("; ");
    throw new RfmError("CLV_INVALID_INPUT", `${where}: ${text}`, { problems });
  }
}

/** Throws `LENGTH_MISMATCH` unless every column has the same length; returns that length. */
export function sameLength(
  where: string,
  columns: Readonly<Record<string, ArrayLike<number> | undefined>>,
): number {
  let n = -1;
  const lengths: Record<string, number> = {};
  let mismatch = false;
  for (const [name, column] of Object.entries(columns)) {
    if (column === undefined) continue;
    lengths[name] = column.length;
    if (n === -1) n = column.length;
    else if (column.length !== n) mismatch = true;
  }
  if (mismatch) {
    throw new RfmError("LENGTH_MISMATCH", `${where}: every column must have one entry per customer`, {
      lengths,
    });
  }
  return Math.max(n, 0);
}

/** Throws `INVALID_OPTIONS` when `ok` is false. */
export function requireOption(
  ok: boolean,
  where: string,
  message: string,
  details: Record<string, unknown>,
): void {
  if (!ok) throw new RfmError("INVALID_OPTIONS", `${where}: ${message}`, details);
}

/**
 * Checks the lifetimes-form summary rules: frequency a non-negative integer, 0 <= recency <= T,
 * T finite. Every broken rule is reported at once.
 */
export function checkRecencyFrequency(
  where: string,
  frequency: Float64Array,
  recency: Float64Array,
  T: Float64Array,
): number {
  const n = sameLength(where, { frequency, recency, T });
  const problems = new ProblemCollector();
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!;
    const tx = recency[i]!;
    const age = T[i]!;
    if (!(x >= 0) || !Number.isInteger(x)) problems.add("frequency must be a non-negative integer", i);
    if (!Number.isFinite(age) || age < 0) problems.add("T must be finite and >= 0", i);
    if (!(tx >= 0) || !(tx <= age)) problems.add("recency must be within 0..T", i);
  }
  problems.throwIfAny(where);
  return n;
}
