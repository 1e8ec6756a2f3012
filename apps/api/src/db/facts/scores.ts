/**
 * A scoring run's scores in the facts store: millions of `customer_scores` rows from rfm-core's
 * typed arrays, as fast as each engine takes them (sqlite/scores.ts, postgres/scores.ts).
 * Measured for 2.38 million rows (docs/scaling.md): the earlier writer (one-row INSERTs, text
 * COPY, since removed) took 13-17 s on SQLite and 22-30 s on PostgreSQL, these 6.5-10 s on
 * SQLite and 8-12 s on PostgreSQL, where the server's upkeep of the two indexes is most of it
 * (the same COPY without them: 3.4 s).
 */
import { centsAtLeast, type Dimension } from "@rfm/core";
import type { Scope } from "./columns";

/** One run's scores, row i being one customer. */
export interface RunScoreColumns {
  readonly length: number;
  /** Internal customer ids. */
  readonly customerId: ArrayLike<number>;
  readonly recencyDays: ArrayLike<number>;
  readonly frequency: ArrayLike<number>;
  /** Integer cents. */
  readonly monetaryCents: ArrayLike<number>;
  readonly r: ArrayLike<number>;
  readonly f: ArrayLike<number>;
  readonly m: ArrayLike<number>;
  /** Dense code index (rfm-core `codeIndex`). */
  readonly code: ArrayLike<number>;
  /** CLV in currency units (NaN: none); null when the run computed no CLV. */
  readonly clv: ArrayLike<number> | null;
}

export const SCORE_COLUMNS = [
  "run_id",
  "customer_id",
  "recency_days",
  "frequency",
  "monetary_cents",
  "r",
  "f",
  "m",
  "code",
  "clv",
] as const;

/** Customers per score of one dimension if it were scored with `bounds` (see {@link ScoreFacts.binCounts}). */
export interface BinCountQuery {
  readonly runId: number;
  readonly dimension: Dimension;
  /**
   * `bins - 1` bounds in rfm-core's form and units (days, orders, currency units; null: a bound
   * no value reaches), as `scoreCustomers` takes them as thresholds.
   */
  readonly bounds: readonly (number | null)[];
}

export interface ScoreFacts {
  /**
   * Writes every row of a run (meant for the run's transaction, where the run is marked
   * complete with them); returns the number written.
   */
  write(runId: number, scores: RunScoreColumns): Promise<number>;
  /**
   * How many of a run's customers each score 1..bins would hold under fixed thresholds, from
   * the values the run stored (recency_days, frequency, monetary_cents: the value monetary was
   * scored on): one GROUP BY, index s - 1 being score s. Exactly rfm-core's rule: score =
   * 1 + (bounds <= value), recency 1 + (bounds >= days). A read on its own connection, not the
   * caller's transaction.
   */
  binCounts(query: BinCountQuery): Promise<number[]>;
}

/** What an engine implements, on validated scores that are not empty. */
export interface ScoreEngine {
  write(runId: number, scores: RunScoreColumns): Promise<number>;
}

/** An engine's reads of stored scores: runs a read-only statement off the writers' way. */
export interface ScoreReadEngine {
  query<Row>(sql: string, params: readonly unknown[]): Promise<Row[]>;
}

/** Validation in front of an engine's scores. */
export function scoreFacts(scope: Scope<ScoreEngine>, reads: ScoreReadEngine): ScoreFacts {
  return {
    async write(runId, scores) {
      check(runId, scores);
      if (scores.length === 0) return 0;
      return scope((engine) => engine.write(runId, scores));
    },
    async binCounts(query) {
      const { sql, params } = binCountSql(query);
      const rows = await reads.query<{ score: number | string; customers: number | string }>(sql, params);
      const counts = new Array<number>(query.bounds.length + 1).fill(0);
      for (const row of rows) counts[Number(row.score) - 1] = Number(row.customers);
      return counts;
    },
  };
}

/**
 * The GROUP BY of `binCounts`, the same on both SQL engines: score = 1 + one term per bound,
 * each bound turned into the whole number the stored integer column is compared with (days
 * <= floor(b); orders >= ceil(b); cents >= the first cent at or above b, on the doubles the
 * scoring compares). A null bound is a term that is never 1.
 */
export function binCountSql(query: BinCountQuery): { sql: string; params: number[] } {
  const { runId, dimension, bounds } = query;
  if (!Number.isInteger(runId) || runId < 1) throw new RangeError(`scores.binCounts: bad run id ${runId}`);
  if (bounds.some((b) => b !== null && !Number.isFinite(b))) {
    throw new RangeError(`scores.binCounts: bounds must be finite or null, got [${bounds.join(", ")}]`);
  }
  const column = { recency: "recency_days", frequency: "frequency", monetary: "monetary_cents" }[dimension];
  const op = dimension === "recency" ? "<=" : ">=";
  const whole = (b: number) =>
    dimension === "recency" ? Math.floor(b) : dimension === "frequency" ? Math.ceil(b) : centsAtLeast(b);
  const params: number[] = [runId];
  const terms: string[] = [];
  for (const b of bounds) {
    if (b === null) continue;
    params.push(whole(b));
    terms.push(`(CASE WHEN ${column} ${op} $${params.length} THEN 1 ELSE 0 END)`);
  }
  const score = ["1", ...terms].join(" + ");
  return {
    sql: `SELECT score AS "score", count(*) AS "customers"
      FROM (SELECT ${score} AS score FROM customer_scores WHERE run_id = $1) scored
      GROUP BY score`,
    params,
  };
}

function check(runId: number, scores: RunScoreColumns): void {
  if (!Number.isInteger(runId) || runId < 1) throw new RangeError(`scores.write: bad run id ${runId}`);
  const columns = {
    customerId: scores.customerId,
    recencyDays: scores.recencyDays,
    frequency: scores.frequency,
    monetaryCents: scores.monetaryCents,
    r: scores.r,
    f: scores.f,
    m: scores.m,
    code: scores.code,
    ...(scores.clv ? { clv: scores.clv } : {}),
  };
  for (const [name, column] of Object.entries(columns)) {
    if (column.length !== scores.length) {
      throw new RangeError(
        `scores.write: column ${name} has ${column.length} values, expected ${scores.length}`,
      );
    }
  }
  for (let i = 0; i < scores.length; i++) {
    const cents = scores.monetaryCents[i]!;
    if (!Number.isSafeInteger(cents)) {
      throw new RangeError(`scores.write: row ${i}: monetaryCents ${cents} is not an integer`);
    }
  }
  checkCustomersOnce(scores.customerId);
}

/** Ids up to this are checked with a bitmap (8 MB at most); larger ones by sorting a copy. */
const BITMAP_IDS = 64 * 1024 * 1024;

/**
 * A run has one score per customer: the SQL engines' primary key refuses a repeat, ClickHouse
 * (no unique key) would store both, so every engine refuses it here, before anything is written.
 */
function checkCustomersOnce(customerId: ArrayLike<number>): void {
  let max = 0;
  for (let i = 0; i < customerId.length; i++) max = Math.max(max, customerId[i]!);
  const repeated = (id: number) =>
    new RangeError(
      `scores.write: customer ${id} has two scores in one write (one score per customer and run)`,
    );
  if (max < BITMAP_IDS) {
    const seen = new Uint8Array((max >> 3) + 1);
    for (let i = 0; i < customerId.length; i++) {
      const id = customerId[i]!;
      const bit = 1 << (id & 7);
      if (seen[id >> 3]! & bit) throw repeated(id);
      seen[id >> 3]! |= bit;
    }
    return;
  }
  const sorted = Int32Array.from(customerId).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) throw repeated(sorted[i]!);
}
