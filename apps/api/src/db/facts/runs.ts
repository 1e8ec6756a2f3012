/**
 * What scoring runs read and delete in the facts beyond the aggregates: the span of the stored
 * orders (a run's default as-of, a backfill's first period) and a run's scores (a failed or
 * interrupted run leaves none). SQLite and PostgreSQL share the SQL here ({@link sqlRunFacts});
 * ClickHouse has its own (clickhouse/runs.ts: its read rule, and DROP PARTITION).
 */
import type { RawSql } from "../raw";

export interface RunFacts {
  /** The time of the earliest stored order (epoch ms), or null when there is none. */
  earliestOrderTime(): Promise<number | null>;
  /** The time of the latest stored order (epoch ms), or null when there is none. */
  latestOrderTime(): Promise<number | null>;
  /** Deletes every score of a run (none left: a no-op). */
  deleteRunScores(runId: number): Promise<void>;
}

/** A time as the drivers return it: epoch ms (SQLite), a Date or a numeric string (PostgreSQL). */
export function msOf(at: number | string | Date | null | undefined): number | null {
  if (at === null || at === undefined) return null;
  return at instanceof Date ? at.getTime() : Number(at);
}

/** The run facts in the app database's own SQL (SQLite and PostgreSQL). */
export function sqlRunFacts(raw: RawSql): RunFacts {
  const time = async (sql: string) => {
    const [row] = await raw.query<{ at: number | string | Date | null }>(sql);
    return msOf(row?.at);
  };
  return {
    earliestOrderTime: () => time("SELECT min(occurred_at) AS at FROM transactions"),
    latestOrderTime: () => time("SELECT max(occurred_at) AS at FROM transactions"),
    async deleteRunScores(runId) {
      await raw.execute("DELETE FROM customer_scores WHERE run_id = $1", [runId]);
    },
  };
}
