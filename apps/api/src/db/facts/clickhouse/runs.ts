/** Run facts on ClickHouse (see ../runs.ts): orders read by the read rule, scores dropped by partition. */
import type { RunFacts } from "../runs";
import { TRANSACTIONS_READ_DISTRIBUTED } from "./aggregates";
import type { ClickHouse } from "./connection";
import { dropRunScores } from "./scores";

export function clickhouseRunFacts(ch: ClickHouse): RunFacts {
  const time = async (fn: "min" | "max") => {
    // count() tells "no orders" from a time of 0 (an empty aggregate is 0, not NULL, here).
    const [row] = await ch.query<{ at: string; n: string }>(
      `SELECT ${fn}(occurred_at) AS at, count() AS n FROM ${TRANSACTIONS_READ_DISTRIBUTED}`,
    );
    return row === undefined || Number(row.n) === 0 ? null : Number(row.at);
  };
  return {
    earliestOrderTime: () => time("min"),
    latestOrderTime: () => time("max"),
    deleteRunScores: (runId) => dropRunScores(ch, runId),
  };
}
