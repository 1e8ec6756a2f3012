/**
 * A run's scores on ClickHouse: `customer_scores_local` on the shard that holds each customer,
 * one partition per run (schema.ts). A write adds rows, as on the other engines, so a run's
 * scores may come in several writes (`rfm facts copy` writes them in batches); a run that died
 * is never written again (the next run has its own id), and deleting a run's scores is
 * DROP PARTITION (immediate, unlike a DELETE mutation).
 *
 * Rows go as TabSeparated text in chunks: a few numbers per row, cheaper to build and for the
 * server to parse than JSON objects.
 */
import type { ScoreEngine, ScoreReadEngine } from "../scores";
import type { ClickHouse } from "./connection";

/** Rows per INSERT: bounded memory for the text of one chunk (~40 bytes a row). */
const CHUNK_ROWS = 250_000;

/** A run id as a literal: a positive integer, checked (nothing else is spliced into the SQL). */
export function runIdLiteral(runId: number): string {
  if (!Number.isInteger(runId) || runId < 1 || runId > 0xffffffff)
    throw new RangeError(`bad run id ${runId}`);
  return String(runId);
}

/** Drops a run's scores on every shard (a no-op when it has none). */
export async function dropRunScores(ch: ClickHouse, runId: number): Promise<void> {
  // DROP PARTITION takes the partition's value (PARTITION BY run_id); both versions accept a
  // literal there.
  await ch.commandOnEachShard(`ALTER TABLE customer_scores_local DROP PARTITION ${runIdLiteral(runId)}`);
}

export function clickhouseScores(ch: ClickHouse): ScoreEngine {
  return {
    async write(runId, scores) {
      const run = runIdLiteral(runId);
      const shards = ch.shardCount;
      const lines: string[][] = Array.from({ length: shards }, () => []);
      const flush = async (shard: number) => {
        const chunk = lines[shard]!;
        if (chunk.length === 0) return;
        lines[shard] = [];
        await ch.clients[shard]!.command({
          query: `INSERT INTO customer_scores_local (run_id, customer_id, recency_days, frequency, monetary_cents, r, f, m, code, clv) FORMAT TabSeparated\n${chunk.join("\n")}\n`,
        });
      };
      for (let i = 0; i < scores.length; i++) {
        const customer = scores.customerId[i]!;
        const shard = ch.shardOf(customer);
        const clv = scores.clv ? scores.clv[i]! : Number.NaN;
        lines[shard]!.push(
          `${run}\t${customer}\t${scores.recencyDays[i]}\t${scores.frequency[i]}\t${scores.monetaryCents[i]}\t${scores.r[i]}\t${scores.f[i]}\t${scores.m[i]}\t${scores.code[i]}\t${Number.isFinite(clv) ? clv : "\\N"}`,
        );
        if (lines[shard]!.length >= CHUNK_ROWS) await flush(shard);
      }
      for (let shard = 0; shard < shards; shard++) await flush(shard);
      return scores.length;
    },
  };
}

/**
 * Reads of stored scores: the statements are the other engines' (`$n` placeholders, numbers
 * only), with the numbers inlined, as ClickHouse takes no parameters in this form.
 */
export function clickhouseScoreReads(ch: ClickHouse): ScoreReadEngine {
  return {
    query: (sql, params) => ch.query(inlineParams(sql, params)),
  };
}

/** `$1`, `$2`, ... replaced by the numbers given (anything but a finite number is refused). */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new Error(`ClickHouse reads take numbers only, got ${String(value)} for $${n}`);
    }
    return String(value);
  });
}
