/**
 * The customer reads (customer-reads.ts) on the ClickHouse cluster. Everything is sharded by
 * customer (schema.ts), so:
 * - a page reads every shard's `customer_scores_local` at once, each shard's best `first + 1`
 *   rows by the sort (a top-N sort of the run's rows with those codes; the table's ORDER BY
 *   `(run_id, code, monetary_cents, customer_id)` confines it to those codes' ranges), merges them
 *   here, then reads the page's customers by id, each from its own shard's `customers_local`
 *   (FINAL: the latest version; ORDER BY id and 256-row granules make it a point read, schema.ts);
 * - everything about named customers (lookups, scores, orders) reads the shard that owns them
 *   (`shardOf`), local tables only, shards in parallel;
 * - runs are app state: a customer's history reads `scoring_runs` from the app database and the
 *   scores from ClickHouse, joined here.
 * Literals are inlined (no query parameters over HTTP in 18.16): integers checked, text escaped
 * (literals.ts). Only SQL that 18.16 and current releases both run is used (notes where it matters).
 */
import type { Database } from "../../client";
import { timeParam } from "../../raw";
import {
  type CustomerConditions,
  type CustomerPageQuery,
  type CustomerReads,
  type CustomerRow,
  type CustomerWithScore,
  type HistoryRow,
  type ListedCustomer,
  MIN_SUBSTRING_LENGTH,
  type OrderField,
  type ScoreInRun,
  type ScoreRow,
  type SearchCandidate,
  type SortValue,
  type TransactionRow,
  toMs,
} from "../customer-reads";
import type { ClickHouse } from "./connection";
import { chInt, chInts, chString } from "./literals";

/** A keyset value as a literal of its sort's type (numbers finite; NULL compares as nothing). */
function sortLiteral(value: SortValue): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return chString(value);
  if (!Number.isFinite(value)) throw new RangeError("not a cursor value");
  return String(value);
}

/**
 * Two sort values in ClickHouse's order: numbers by value, strings by their UTF-8 bytes (how
 * ClickHouse compares String; JavaScript's `<` compares UTF-16 units, which differs beyond the
 * Basic Multilingual Plane). Never NULL here: the sorts' expressions are not nullable.
 */
function compareSortValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

// 64-bit integers arrive as JSON strings: money through toFloat64 (cents stay exact below 2^53).
const SCORE_COLUMNS = `run_id AS runId, customer_id AS customerId, recency_days AS recencyDays, frequency,
  toFloat64(monetary_cents) AS monetaryCents, r, f, m, code, clv`;
const CUSTOMER_COLUMNS = `id, external_id AS externalId, name, email, province, region, city,
  toFloat64(created_at) AS createdAt`;

/**
 * Each order field: the expression sorted and compared by the keyset, and the value returned for
 * the cursor. Name and id come from the customer row, joined per shard (see `page`).
 */
const SORTS: Readonly<Record<OrderField, { expr: string; value: string; customer: string | null }>> = {
  ID: { expr: "sort_text", value: "sort_text", customer: "external_id" },
  NAME: { expr: "sort_text", value: "sort_text", customer: "ifNull(name, '')" },
  RECENCY: { expr: "recency_days", value: "recency_days", customer: null },
  FREQUENCY: { expr: "frequency", value: "frequency", customer: null },
  MONETARY: { expr: "monetary_cents", value: "toFloat64(monetary_cents)", customer: null },
  // Unscored CLV sorts as -1, as on the other engines.
  CLV: { expr: "ifNull(clv, -1)", value: "ifNull(clv, -1)", customer: null },
};

/**
 * A stable number for an order among a customer's orders of the same instant: ClickHouse has no
 * row ids, so the cursor's tie-breaker is the order id's CityHash64 cut to 53 bits (exact in
 * JavaScript). cityHash64 is a fixed algorithm, the same in 18.16 and current releases.
 */
const ORDER_KEY = "intDiv(cityHash64(order_id), 2048)";

/**
 * Orders as stored, one row per order: FINAL reads each order's latest version (schema.ts,
 * TRANSACTIONS: folded lines and re-imports write new versions).
 */
const TRANSACTION_COLUMNS = `toFloat64(${ORDER_KEY}) AS id, customer_id AS customerId, order_id AS orderId,
  toFloat64(occurred_at) AS occurredAt, amount_cents AS amountCents, line_count AS lineCount, channel,
  province, region, city, currency`;

type RawCustomer = Omit<CustomerRow, "createdAt"> & { createdAt: number | null };

function pickCustomer(row: RawCustomer): CustomerRow {
  return {
    id: Number(row.id),
    externalId: row.externalId,
    name: row.name,
    email: row.email,
    province: row.province,
    region: row.region,
    city: row.city,
    createdAt: row.createdAt === null ? null : Number(row.createdAt),
  };
}

function pickScore(row: ScoreRow): ScoreRow {
  return {
    runId: Number(row.runId),
    customerId: Number(row.customerId),
    recencyDays: Number(row.recencyDays),
    frequency: Number(row.frequency),
    monetaryCents: Number(row.monetaryCents),
    r: Number(row.r),
    f: Number(row.f),
    m: Number(row.m),
    code: Number(row.code),
    clv: row.clv === null ? null : Number(row.clv),
  };
}

function pickTransaction(row: TransactionRow): TransactionRow {
  return {
    ...row,
    id: Number(row.id),
    customerId: Number(row.customerId),
    occurredAt: Number(row.occurredAt),
    amountCents: Number(row.amountCents),
    lineCount: Number(row.lineCount),
  };
}

interface RunFacts {
  id: number;
  asOf: number;
  bins: number;
  timeZone: string;
  mappingVersionId: number | null;
  currency: string | null;
  profileId: number;
}

const RUN_COLUMNS = `r.id AS "id", r.as_of AS "asOf", r.bins AS "bins", r.time_zone AS "timeZone",
  r.mapping_version_id AS "mappingVersionId", r.currency AS "currency", r.profile_id AS "profileId"`;

function pickRun(row: RunFacts): RunFacts {
  return {
    id: Number(row.id),
    asOf: toMs(row.asOf),
    bins: Number(row.bins),
    timeZone: row.timeZone,
    mappingVersionId: row.mappingVersionId === null ? null : Number(row.mappingVersionId),
    currency: row.currency,
    profileId: Number(row.profileId),
  };
}

/** The customer reads of the facts on a ClickHouse cluster (runs read from the app database `db`). */
export function clickhouseCustomerReads(db: Database, ch: ClickHouse): CustomerReads {
  /** Ids grouped by the shard that owns them (only shards with some). */
  const byShard = (ids: readonly number[]): Map<number, number[]> => {
    const groups = new Map<number, number[]>();
    for (const id of ids) {
      const shard = ch.shardOf(id);
      const list = groups.get(shard);
      if (list) list.push(id);
      else groups.set(shard, [id]);
    }
    return groups;
  };

  /** `sql(ids)` on each shard owning some of `ids`, shards in parallel, rows concatenated. */
  const onOwners = async <Row>(ids: readonly number[], sql: (ids: string) => string): Promise<Row[]> => {
    const groups = [...byShard(ids)];
    const results = await Promise.all(
      groups.map(([shard, list]) => ch.queryShard<Row>(shard, sql(chInts(list, "customer id")))),
    );
    return results.flat();
  };

  /** The same query on every shard (local tables), rows concatenated. */
  const onEveryShard = async <Row>(sql: string): Promise<Row[]> =>
    (await Promise.all(Array.from({ length: ch.shardCount }, (_, s) => ch.queryShard<Row>(s, sql)))).flat();

  const customersById = async (ids: readonly number[]): Promise<Map<number, CustomerRow>> => {
    const rows = await onOwners<RawCustomer>(
      ids,
      (list) => `SELECT ${CUSTOMER_COLUMNS} FROM customers_local FINAL WHERE id IN (${list})`,
    );
    return new Map(rows.map((row) => [Number(row.id), pickCustomer(row)]));
  };

  const scoresOf = async (runIds: readonly number[], ids: readonly number[]): Promise<ScoreRow[]> => {
    if (runIds.length === 0 || ids.length === 0) return [];
    const runs = chInts(runIds, "run id");
    const rows = await onOwners<ScoreRow>(
      ids,
      (list) =>
        // PREWHERE: the customer column alone is read to find the rows (customer_id is not a
        // prefix of the table's key); the others only for the rows found.
        `SELECT ${SCORE_COLUMNS} FROM customer_scores_local PREWHERE customer_id IN (${list}) WHERE run_id IN (${runs})`,
    );
    return rows.map(pickScore);
  };

  const withScores = async (
    customers: readonly CustomerRow[],
    runId: number | null,
  ): Promise<CustomerWithScore[]> => {
    const scores =
      runId === null
        ? []
        : await scoresOf(
            [runId],
            customers.map((c) => c.id),
          );
    const scoreOf = new Map(scores.map((s) => [s.customerId, s]));
    return customers.map((customer) => ({ customer, score: scoreOf.get(customer.id) ?? null }));
  };

  const where = (runId: number, codes: readonly number[], conditions: CustomerConditions): string =>
    `run_id = ${chInt(runId, "run id")} AND code IN (${chInts(codes, "code index")})${conditions.sql}`;

  const count = async (runId: number, codes: readonly number[], conditions: CustomerConditions) => {
    const [row] = await ch.query<{ n: string }>(
      `SELECT count() AS n FROM customer_scores WHERE ${where(runId, codes, conditions)}`,
    );
    return Number(row?.n ?? 0);
  };

  const runsOf = (sql: string, params: readonly unknown[]) =>
    db.reads.query<RunFacts>(sql, params).then((rows) => rows.map(pickRun));

  return {
    async page(query: CustomerPageQuery) {
      const sort = SORTS[query.orderBy];
      const dir = query.direction;
      const op = dir === "DESC" ? "<" : ">";
      const limit = query.first + 1;
      const db = ch.database;
      const rowsWhere = where(query.runId, query.codes, query.conditions);
      // Name and id orders join each shard's scores to the latest version of its customers of
      // the page's run and codes only (not the whole table), that version taken by LIMIT 1 BY
      // (versions are distinct per customer, customers.ts) rather than FINAL, whose merge of
      // every part was the slow step. In a JOIN, 18.16 resolves the left side's columns
      // unqualified only. Local tables are named with their database.
      const from = sort.customer
        ? `${db}.customer_scores_local ANY INNER JOIN (SELECT id AS customer_id, ${sort.customer} AS sort_text
            FROM ${db}.customers_local PREWHERE id IN (SELECT customer_id FROM ${db}.customer_scores_local WHERE ${rowsWhere})
            ORDER BY id, version DESC LIMIT 1 BY id) USING customer_id`
        : `${db}.customer_scores_local`;
      const keyset = query.after
        ? ` AND (${sort.expr}, customer_id) ${op} (${sortLiteral(query.after[0])}, ${chInt(query.after[1], "customer id")})`
        : "";
      // Each shard's best `limit` rows, every shard at once over its local tables (the page's
      // LIMIT pushed to each shard), merged here: one round trip per shard, no Distributed
      // query's forwarding and merge on the first server.
      const pageSql = `SELECT ${SCORE_COLUMNS}, ${sort.value} AS sortValue FROM ${from}
        WHERE ${rowsWhere}${keyset}
        ORDER BY ${sort.expr} ${dir}, customer_id ${dir} LIMIT ${limit}`;
      // A search's first page also counts its matches (as the other engines' single scan does).
      const counted = query.conditions.search && !query.after;
      const [shardRows, total] = await Promise.all([
        onEveryShard<ScoreRow & { sortValue: SortValue }>(pageSql),
        counted ? count(query.runId, query.codes, query.conditions) : null,
      ]);
      const sign = dir === "DESC" ? -1 : 1;
      const rows = shardRows
        .map((row) => ({
          score: pickScore(row),
          sortValue:
            typeof row.sortValue === "string" || row.sortValue === null
              ? row.sortValue
              : Number(row.sortValue),
        }))
        .sort(
          (a, b) =>
            sign * (compareSortValues(a.sortValue, b.sortValue) || a.score.customerId - b.score.customerId),
        )
        .slice(0, limit);
      const customers = await customersById(rows.map((row) => row.score.customerId));
      const listed: ListedCustomer[] = [];
      for (const { score, sortValue } of rows) {
        const customer = customers.get(score.customerId);
        if (!customer) continue; // scored, then deleted: the relational join drops it too
        listed.push({ customer, score, sortValue });
      }
      return { rows: listed, total };
    },

    count,

    async byExternalIds(externalIds, runId) {
      const list = externalIds.map(chString).join(", ");
      // No index on external_id (customers are ordered by id): each shard scans the column for
      // the ids, then reads the latest version of those customers by key.
      const rows = await onEveryShard<RawCustomer>(
        `SELECT ${CUSTOMER_COLUMNS} FROM customers_local FINAL
         WHERE id IN (SELECT id FROM customers_local WHERE external_id IN (${list}))`,
      );
      const found = new Map<string, CustomerWithScore>();
      for (const entry of await withScores(rows.map(pickCustomer), runId)) {
        found.set(entry.customer.externalId, entry);
      }
      return found;
    },

    async byEmail(email, runId) {
      const e = chString(email);
      // lowerUTF8 folds every letter (as PostgreSQL's lower); the current version must match.
      const rows = await onEveryShard<RawCustomer>(
        `SELECT ${CUSTOMER_COLUMNS} FROM customers_local FINAL
         WHERE id IN (SELECT id FROM customers_local WHERE lowerUTF8(email) = lowerUTF8(${e}))
           AND lowerUTF8(email) = lowerUTF8(${e})
         ORDER BY id DESC LIMIT 1`,
      );
      const best = rows.map(pickCustomer).sort((a, b) => b.id - a.id)[0];
      if (!best) return null;
      const [entry] = await withScores([best], runId);
      return entry ?? null;
    },

    async historyPage(customerId, profileId, after, limit): Promise<HistoryRow[]> {
      const params: unknown[] = [profileId];
      let keyset = "";
      if (after) {
        params.push(timeParam(db.provider, after[0]), after[1]);
        keyset = ` AND (r.as_of < $2 OR (r.as_of = $2 AND r.id < $3))`;
      }
      const runs = await runsOf(
        `SELECT ${RUN_COLUMNS} FROM scoring_runs r
         WHERE r.profile_id = $1 AND r.status = 'complete'${keyset}
         ORDER BY r.as_of DESC, r.id DESC`,
        params,
      );
      const scores = new Map(
        (
          await scoresOf(
            runs.map((r) => r.id),
            [customerId],
          )
        ).map((s) => [s.runId, s]),
      );
      const page: HistoryRow[] = [];
      for (const run of runs) {
        if (page.length >= limit) break;
        const score = scores.get(run.id);
        if (!score) continue;
        page.push({
          ...score,
          asOf: run.asOf,
          bins: run.bins,
          timeZone: run.timeZone,
          mappingVersionId: run.mappingVersionId,
          currency: run.currency,
        });
      }
      return page;
    },

    scoresInRun: (runId, customerIds) => scoresOf([runId], customerIds),

    async scoreHistory(customerIds): Promise<ScoreInRun[]> {
      const runs = await runsOf(`SELECT ${RUN_COLUMNS} FROM scoring_runs r WHERE r.status = 'complete'`, []);
      const runOf = new Map(runs.map((r) => [r.id, r]));
      const scores = await scoresOf(
        runs.map((r) => r.id),
        customerIds,
      );
      return scores
        .sort((a, b) => b.runId - a.runId || a.customerId - b.customerId)
        .map((score) => {
          const run = runOf.get(score.runId)!;
          return {
            ...score,
            asOf: run.asOf,
            bins: run.bins,
            currency: run.currency,
            timeZone: run.timeZone,
            profileId: run.profileId,
          };
        });
    },

    async firstTransactions(customerIds, limit) {
      const n = chInt(limit, "limit");
      // LIMIT n BY (18.16 and current releases): each customer's newest n, no window function.
      const rows = await onOwners<TransactionRow>(
        customerIds,
        (list) => `SELECT ${TRANSACTION_COLUMNS} FROM transactions_local FINAL WHERE customer_id IN (${list})
          ORDER BY customer_id, occurred_at DESC, ${ORDER_KEY} DESC LIMIT ${n} BY customer_id`,
      );
      return rows
        .map(pickTransaction)
        .sort((a, b) => a.customerId - b.customerId || b.occurredAt - a.occurredAt || b.id - a.id);
    },

    async transactionsAfter(customerId, after, limit) {
      const [at, key] = after;
      if (!Number.isFinite(at) || !Number.isSafeInteger(key) || key < 0) return [];
      const rows = await onOwners<TransactionRow>(
        [customerId],
        (list) => `SELECT ${TRANSACTION_COLUMNS} FROM transactions_local FINAL
          WHERE customer_id IN (${list}) AND (occurred_at, ${ORDER_KEY}) < (${Math.trunc(at)}, ${key})
          ORDER BY occurred_at DESC, ${ORDER_KEY} DESC LIMIT ${chInt(limit, "limit")}`,
      );
      return rows.map(pickTransaction);
    },

    async countTransactions(customerIds) {
      const rows = await onOwners<{ customerId: number; n: string }>(
        customerIds,
        (list) => `SELECT customer_id AS customerId, count() AS n FROM transactions_local FINAL
          WHERE customer_id IN (${list}) GROUP BY customer_id`,
      );
      return new Map(rows.map((row) => [Number(row.customerId), Number(row.n)]));
    },

    searchTiers(text) {
      // No text index in 18.16: every tier would be a scan of the customers, so there is one
      // tier, one scan per shard, every rule of customer-search.repository.ts ranked in SQL
      // (multiIf, case folded by lowerUTF8) and each shard's best `limit` kept; the ranking in
      // Node then orders the union exactly.
      const q = chString(text);
      const lower = `lowerUTF8(${q})`;
      const cols = ["external_id", "ifNull(email, '')", "ifNull(name, '')"];
      const rules: string[] = [];
      for (const col of cols) rules.push(`lowerUTF8(${col}) = ${lower}`);
      for (const col of cols) rules.push(`positionCaseInsensitiveUTF8(${col}, ${q}) = 1`);
      if ([...text].length >= MIN_SUBSTRING_LENGTH) {
        if (!/[\d@]/.test(text))
          rules.push(`positionCaseInsensitiveUTF8(ifNull(name, ''), concat(' ', ${q})) > 0`);
        for (const col of cols) rules.push(`positionCaseInsensitiveUTF8(${col}, ${q}) > 0`);
      }
      const rank = `multiIf(${rules.map((rule, i) => `${rule}, ${i}`).join(", ")}, ${rules.length})`;
      return [
        async (limit: number) => {
          const n = chInt(limit, "limit");
          // Any rule implies the text somewhere in a column: versions holding it are found by a
          // plain scan (no merge), and only their customers' granules are read FINAL (id is the
          // key), where the rules are tested on the latest version.
          const anywhere = cols.map((col) => `positionCaseInsensitiveUTF8(${col}, ${q}) > 0`).join(" OR ");
          const rows = await onEveryShard<SearchCandidate & { rank: number }>(
            `SELECT id, external_id AS externalId, name, email, ${rank} AS rank FROM customers_local FINAL
             WHERE id IN (SELECT id FROM customers_local WHERE ${anywhere}) AND rank < ${rules.length}
             ORDER BY rank, externalId LIMIT ${n}`,
          );
          return rows
            .sort(
              (a, b) =>
                a.rank - b.rank || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0),
            )
            .slice(0, limit)
            .map((row) => ({
              id: Number(row.id),
              externalId: row.externalId,
              name: row.name,
              email: row.email,
            }));
        },
      ];
    },
  };
}
