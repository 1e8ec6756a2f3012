/**
 * A scoring run's scores in the facts store: millions of `customer_scores` rows from rfm-core's
 * typed arrays, as fast as each engine takes them (sqlite/scores.ts, postgres/scores.ts).
 * Measured for 2.38 million rows (docs/scaling.md): the earlier writer (one-row INSERTs, text
 * COPY, since removed) took 13-17 s on SQLite and 22-30 s on PostgreSQL, these 6.5-10 s on
 * SQLite and 8-12 s on PostgreSQL, where the server's upkeep of the two indexes is most of it
 * (the same COPY without them: 3.4 s).
 */
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

export interface ScoreFacts {
  /**
   * Writes every row of a run (meant for the run's transaction, where the run is marked
   * complete with them); returns the number written.
   */
  write(runId: number, scores: RunScoreColumns): Promise<number>;
}

/** What an engine implements, on validated scores that are not empty. */
export interface ScoreEngine {
  write(runId: number, scores: RunScoreColumns): Promise<number>;
}

/** Validation in front of an engine's scores. */
export function scoreFacts(scope: Scope<ScoreEngine>): ScoreFacts {
  return {
    async write(runId, scores) {
      check(runId, scores);
      if (scores.length === 0) return 0;
      return scope((engine) => engine.write(runId, scores));
    },
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
}
