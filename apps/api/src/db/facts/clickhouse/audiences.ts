/**
 * Audiences on ClickHouse. The export reads every shard at once, each shard over its own local
 * tables (everything is sharded by customer: `customers_local` holds exactly the customers of the
 * shard's scores), each shard's rows sorted by customer id and streamed to Node as TabSeparated
 * text, split here as PostgreSQL's COPY text is (the same escapes: `\N` null, backslash
 * escapes); the shards' sorted streams are merged here by customer id. Each query reads the parts
 * that existed when it started.
 *
 * Measured (500k-customer demo store, two loopback shards of 18.16, machine load 13-19): the
 * former single query over the `Distributed` table, merged by the first server, with the
 * customers' latest versions by `FINAL`, read 16.7k rows/s; most of its time was FINAL (1.1-1.7 s
 * against 0.3 s for the same rows without it) and the single stream the first server sent.
 *
 * The customers' columns come from a join whose right side is the audience's customers only
 * (`id IN (<the audience's customer ids on this shard>)`), each customer's latest version taken by
 * `ORDER BY id, version DESC LIMIT 1 BY id` (versions are distinct per customer, customers.ts:
 * the row FINAL would keep) instead of FINAL, whose merge of every part was the slow step. SQL
 * that 18.16 and current releases both run: `ANY LEFT JOIN ... USING` (the left side
 * unqualified), `LIMIT n BY`, no window functions.
 */

import { sqlIntegers } from "../../raw";
import type { AudienceFacts, AudienceQuery, AudienceRow } from "../audiences";
import { areaColumn, consentCounts, DEFAULT_AUDIENCE_BATCH } from "../audiences";
import { fromCopyText } from "../text-format";
import { type ClickHouse, retried } from "./connection";

/** The audience's rows of customer_scores on a shard: run, codes and compiled conditions (unqualified). */
function audienceWhere(query: AudienceQuery): string {
  const { runId, codes } = query;
  sqlIntegers([runId, ...codes], "audience run id or code");
  return `run_id = ${runId} AND code IN (${codes.length > 0 ? codes.join(", ") : "NULL"})${query.conditions ?? ""}`;
}

/**
 * The latest version of each of the audience's customers on a shard, `columns` of it, with `id`
 * as `customer_id` for the join. The local tables are named with their database: a shard runs a
 * forwarded query's subqueries in its session's default database.
 */
function customersOf(database: string, where: string, columns: string): string {
  // PREWHERE: the ids are tested on the id column alone, the other columns read for the rows kept.
  return `(SELECT id AS customer_id, ${columns} FROM ${database}.customers_local
      PREWHERE id IN (SELECT customer_id FROM ${database}.customer_scores_local WHERE ${where})
      ORDER BY id, version DESC LIMIT 1 BY id)`;
}

/** One shard's part of the export, its columns in `parseRow`'s order, in customer-id order (local tables). */
export function clickhouseAudienceSql(database: string, query: AudienceQuery): string {
  const where = audienceWhere(query);
  return `SELECT customer_id, external_id, name, email, province, region, city, recency_days, frequency,
      monetary_cents, r, f, m, code, clv, first_name, last_name, phone, marketing_consent
    FROM ${database}.customer_scores_local
    ANY LEFT JOIN ${customersOf(
      database,
      where,
      "external_id, name, email, province, region, city, first_name, last_name, phone, marketing_consent",
    )} USING customer_id
    WHERE ${where}
    ORDER BY customer_id`;
}

const COLUMNS = 19;

function parseRow(line: string): AudienceRow {
  const f = line.split("\t");
  if (f.length !== COLUMNS) {
    // A server error after the first rows arrives in the body, as text, after a 200 status.
    throw new Error(`ClickHouse audience read failed: ${line.slice(0, 500)}`);
  }
  const clv = f[14]!;
  const consent = f[18]!;
  return {
    id: Number(f[0]),
    externalId: fromCopyText(f[1]!) ?? "",
    name: fromCopyText(f[2]!),
    email: fromCopyText(f[3]!),
    province: fromCopyText(f[4]!),
    region: fromCopyText(f[5]!),
    city: fromCopyText(f[6]!),
    recencyDays: Number(f[7]),
    frequency: Number(f[8]),
    monetaryCents: Number(f[9]),
    r: Number(f[10]),
    f: Number(f[11]),
    m: Number(f[12]),
    code: Number(f[13]),
    clv: clv === "\\N" ? null : Number(clv),
    firstName: fromCopyText(f[15]!),
    lastName: fromCopyText(f[16]!),
    phone: fromCopyText(f[17]!),
    marketingConsent: consent === "\\N" ? null : Number(consent),
  };
}

/**
 * A shard's rows as they arrive, parsed, in batches (one per chunk of the response). The
 * response's bytes are split into lines here (a line may straddle two chunks; UTF-8 is decoded
 * by a streaming decoder, so a character may too).
 */
async function* shardRows(stream: AsyncIterable<Buffer>): AsyncGenerator<AudienceRow[]> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split("\n");
    rest = lines.pop()!;
    if (lines.length > 0) yield lines.map(parseRow);
  }
  rest += decoder.decode();
  // The body ends with a newline; anything after the last one is a server error's text.
  if (rest !== "") parseRow(rest);
}

/**
 * Sorted streams of rows merged by customer id (ids are unique across shards: each customer is
 * on one shard). Yields batches of about `batchSize` rows.
 */
async function* mergeById(
  sources: AsyncGenerator<AudienceRow[]>[],
  batchSize: number,
): AsyncGenerator<AudienceRow[]> {
  // Each source's current batch and position; a source is done when its batch is null.
  const batches: (AudienceRow[] | null)[] = sources.map(() => []);
  const at = sources.map(() => 0);
  /** Makes sure source i has a row at `at[i]` unless it is finished. */
  const fill = async (i: number) => {
    while (batches[i] !== null && at[i]! >= batches[i]!.length) {
      const next = await sources[i]!.next();
      batches[i] = next.done ? null : next.value;
      at[i] = 0;
    }
  };
  await Promise.all(sources.map((_, i) => fill(i)));
  let out: AudienceRow[] = [];
  for (;;) {
    let best = -1;
    let bestId = Number.POSITIVE_INFINITY;
    for (let i = 0; i < sources.length; i++) {
      const batch = batches[i];
      if (batch === null || batch === undefined) continue;
      const id = batch[at[i]!]!.id;
      if (id < bestId) {
        bestId = id;
        best = i;
      }
    }
    if (best < 0) break;
    // Take every row of the best source below the others' next ids at once.
    let limit = Number.POSITIVE_INFINITY;
    for (let i = 0; i < sources.length; i++) {
      const batch = batches[i];
      if (i !== best && batch) limit = Math.min(limit, batch[at[i]!]!.id);
    }
    const batch = batches[best]!;
    let end = at[best]!;
    while (end < batch.length && batch[end]!.id < limit) end++;
    for (let k = at[best]!; k < end; k++) out.push(batch[k]!);
    at[best] = end;
    if (out.length >= batchSize) {
      yield out;
      out = [];
    }
    await fill(best);
  }
  if (out.length > 0) yield out;
}

export function clickhouseAudiences(ch: ClickHouse): AudienceFacts {
  return {
    async *read(query) {
      const batchSize = query.batchSize ?? DEFAULT_AUDIENCE_BATCH;
      const sql = `${clickhouseAudienceSql(ch.database, query)} FORMAT TabSeparated`;
      // Every shard at once: each sends its own customers, sorted; Node merges them.
      // Sent again if the connection had been closed (before any row: the request failed).
      const settled = await Promise.allSettled(
        ch.clients.map((client) => retried(() => client.exec({ query: sql }))),
      );
      const responses = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) {
        // One shard refused: the others' responses are not read, so close them.
        for (const response of responses) response.stream.destroy();
        throw failed.reason;
      }
      let finished = false;
      try {
        yield* mergeById(
          responses.map((response) => shardRows(response.stream as AsyncIterable<Buffer>)),
          batchSize,
        );
        finished = true;
      } finally {
        // A consumer that stops early: the rest of the responses is not wanted.
        if (!finished) for (const response of responses) response.stream.destroy();
      }
    },

    async countConsent(query) {
      const where = audienceWhere(query);
      // The Distributed table joins each shard's own customers (co-sharded), the counts summed.
      const rows = await ch.query<{ consent: number | null; n: string }>(
        `SELECT marketing_consent AS consent, count() AS n
         FROM customer_scores ANY LEFT JOIN ${customersOf(ch.database, where, "marketing_consent")} USING customer_id
         WHERE ${where}
         GROUP BY marketing_consent`,
      );
      return consentCounts(rows);
    },

    async areaValues(column, limit) {
      const c = areaColumn(column);
      sqlIntegers([limit], "limit");
      // FINAL over the Distributed table: each shard's latest versions, grouped across shards.
      const rows = await ch.query<{ value: string; n: string }>(
        `SELECT ${c} AS value, count() AS n FROM customers FINAL WHERE ${c} IS NOT NULL
         GROUP BY ${c} ORDER BY ${c} LIMIT ${limit}`,
      );
      return rows.map((row) => ({ value: row.value, customers: Number(row.n) }));
    },
  };
}
