/**
 * The customer reads (customer-reads.ts) on SQLite and PostgreSQL: one SQL text for both where
 * they agree, the provider's where they differ (search tiers). Reads go to `db.reads`; those that
 * may read a whole run go off the server's thread (queryOffThread).
 *
 * Customers of a run are listed in pages by keyset (never OFFSET: page 1,000 of a 2-million
 * customer segment costs what page 1 costs). Every score condition (segment, codes, R/F/M
 * ranges) is turned into one set of codes, so the `(run_id, code, monetary_cents, customer_id)`
 * index serves them all. A page is read code by code: one index range per code, each limited to
 * the page size, then merged. Sorted by spend that is ~50 index entries per code whatever the
 * segment's size; other orders sort within each code. Customer-field conditions (province,
 * region, search) filter while reading.
 */
import type { Database, Provider } from "../client";
import { queryOffThread } from "../offload";
import { sqlIntegers, timeParam } from "../raw";
import {
  type CustomerConditions,
  type CustomerPageQuery,
  type CustomerReads,
  type CustomerRow,
  type CustomerWithScore,
  type HistoryRow,
  MIN_SUBSTRING_LENGTH,
  type OrderField,
  type ScoreInRun,
  type ScoreRow,
  type SearchCandidate,
  type SearchTier,
  type SortValue,
  type TransactionRow,
  toMs,
} from "./customer-reads";

/** The SQL sort expression of each order field; CLV has no null (unscored CLV sorts as -1). */
const SORT_SQL: Readonly<Record<OrderField, { expr: string; needsCustomer: boolean }>> = {
  ID: { expr: "c.external_id", needsCustomer: true },
  NAME: { expr: "COALESCE(c.name, '')", needsCustomer: true },
  RECENCY: { expr: "s.recency_days", needsCustomer: false },
  FREQUENCY: { expr: "s.frequency", needsCustomer: false },
  MONETARY: { expr: "s.monetary_cents", needsCustomer: false },
  CLV: { expr: "COALESCE(s.clv, -1)", needsCustomer: false },
};

const CUSTOMER_COLUMNS = `c.id AS "id", c.external_id AS "externalId", c.name AS "name", c.email AS "email",
  c.province AS "province", c.region AS "region", c.city AS "city", c.created_at AS "createdAt"`;
const SCORE_COLUMNS = `s.run_id AS "runId", s.customer_id AS "customerId", s.recency_days AS "recencyDays",
  s.frequency AS "frequency", s.monetary_cents AS "monetaryCents", s.r AS "r", s.f AS "f", s.m AS "m",
  s.code AS "code", s.clv AS "clv"`;

function hasConditions(conditions: CustomerConditions): boolean {
  return conditions.sql !== "";
}

/**
 * Whether a name-sorted page reads `code` by walking the customers in name order (the code holds
 * at least 1/NAME_WALK_SHARE of the run's customers, so a page comes after a few thousand probes)
 * rather than sorting the code's customers (few enough to sort quickly).
 */
function walksNames(query: CustomerPageQuery, code: number): boolean {
  const counts = query.codeCounts;
  if (!counts) return false;
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] ?? 0;
  return (counts[code] ?? 0) * NAME_WALK_SHARE >= total && total > NAME_WALK_SHARE * (query.first + 1);
}

/** See walksNames: codes holding 0.5% of the customers or more. */
const NAME_WALK_SHARE = 200;

/** A page query's SQL, its parameters, and whether it may read the whole run (then it runs off the server's thread). */
export interface PageStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly offThread: boolean;
}

/** The SQL of one page of a run's customers (`query.codes` not empty). */
export function customerPageSql(_provider: Provider, query: CustomerPageQuery): PageStatement {
  const sort = SORT_SQL[query.orderBy];
  const op = query.direction === "DESC" ? "<" : ">";
  const dir = query.direction;
  const limit = query.first + 1;
  const joinInside = sort.needsCustomer || query.conditions.readsCustomer;
  const params: unknown[] = [query.runId];
  const where = query.conditions.sql;
  let keyset = "";
  if (query.after) {
    params.push(query.after[0], query.after[1]);
    keyset = ` AND (${sort.expr}, s.customer_id) ${op} ($${params.length - 1}, $${params.length})`;
  }
  if (query.conditions.search) {
    // A substring search. The code-by-code plan below stops early only when matches are
    // common; a rare term (a name, part of an id: what people search for) walked every score
    // of the run and read each customer by key. Here the customers are scanned in table order,
    // the term tested once each, only the matches' scores read by key, and the best `limit`
    // kept (a top-N sort): one scan whatever the term. CROSS JOIN keeps customers as SQLite's
    // outer loop; PostgreSQL plans a CROSS JOIN with a WHERE as any join. A first page also
    // counts the matches in the same scan (the count a second scan would make).
    const total = query.after ? "" : `, count(*) OVER () AS "total"`;
    const sql = `SELECT ${CUSTOMER_COLUMNS}, ${SCORE_COLUMNS}, ${sort.expr} AS "sortValue"${total}
      FROM customers c CROSS JOIN customer_scores s
      WHERE s.run_id = $1 AND s.customer_id = c.id AND s.code IN (${sqlIntegers(query.codes, "code index").join(", ")})${where}${keyset}
      ORDER BY ${sort.expr} ${dir}, s.customer_id ${dir} LIMIT ${limit}`;
    return { sql, params, offThread: true };
  }
  const from = joinInside
    ? "customer_scores s JOIN customers c ON c.id = s.customer_id"
    : "customer_scores s";
  // Codes inlined, so each branch is a plain index range.
  const branches = sqlIntegers(query.codes, "code index").map((code) => {
    if (query.orderBy === "NAME" && walksNames(query, code)) {
      // Customers in name order (customers_name_sort_idx), each probed for its score in the run,
      // until the page is full: ~limit / share probes for a code holding `share` of the customers.
      const nameKeyset = query.after
        ? ` AND (${sort.expr}, c.id) ${op} ($${params.length - 1}, $${params.length})`
        : "";
      return `SELECT * FROM (SELECT c.id AS cid, ${sort.expr} AS sv FROM customers c CROSS JOIN customer_scores s
        WHERE s.run_id = $1 AND s.customer_id = c.id AND s.code = ${code}${where}${nameKeyset}
        ORDER BY ${sort.expr} ${dir}, c.id ${dir} LIMIT ${limit}) AS b${code}`;
    }
    return `SELECT * FROM (SELECT s.customer_id AS cid, ${sort.expr} AS sv FROM ${from}
      WHERE s.run_id = $1 AND s.code = ${code}${where}${keyset}
      ORDER BY sv ${dir}, s.customer_id ${dir} LIMIT ${limit}) AS b${code}`;
  });
  // CROSS JOIN: SQLite then keeps the page (at most `limit` rows) as the outer loop and reads
  // each score and customer by primary key. With a plain JOIN (and no table statistics) it
  // walked the run's whole score index and probed the page: 150 ms instead of 1 ms at 150k
  // customers, on the server's thread. PostgreSQL plans a CROSS JOIN with a WHERE as any join.
  const sql = `SELECT ${CUSTOMER_COLUMNS}, ${SCORE_COLUMNS}, p.sv AS "sortValue"
    FROM (SELECT cid, sv FROM (${branches.join("\n UNION ALL ")}) AS u ORDER BY sv ${dir}, cid ${dir} LIMIT ${limit}) AS p
    CROSS JOIN customer_scores s CROSS JOIN customers c
    WHERE s.run_id = $1 AND s.customer_id = p.cid AND c.id = p.cid
    ORDER BY p.sv ${dir}, p.cid ${dir}`;
  // Only spend order is the index's: another order sorts each code's customers, and a province
  // or region may be rare in a code and walk its whole range. Either may read the whole run.
  return { sql, params, offThread: query.orderBy !== "MONETARY" || hasConditions(query.conditions) };
}

type ListedRow = CustomerRow & ScoreRow & { sortValue: SortValue | bigint; total?: number | bigint };

function pickCustomer(row: CustomerRow): CustomerRow {
  return {
    id: row.id,
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
    runId: row.runId,
    customerId: row.customerId,
    recencyDays: row.recencyDays,
    frequency: row.frequency,
    monetaryCents: Number(row.monetaryCents),
    r: row.r,
    f: row.f,
    m: row.m,
    code: row.code,
    clv: row.clv,
  };
}

type JoinedRow = CustomerRow & {
  runId: number | null;
  customerId: number | null;
  recencyDays: number;
  frequency: number;
  monetaryCents: number;
  r: number;
  f: number;
  m: number;
  code: number;
  clv: number | null;
};

function pickJoined(row: JoinedRow): CustomerWithScore {
  return { customer: pickCustomer(row), score: row.runId === null ? null : pickScore(row as ScoreRow) };
}

const TRANSACTION_COLUMNS = `t.id AS "id", t.customer_id AS "customerId", t.order_id AS "orderId", t.occurred_at AS "occurredAt",
  t.amount_cents AS "amountCents", t.line_count AS "lineCount", t.channel AS "channel", t.province AS "province",
  t.region AS "region", t.city AS "city", t.currency AS "currency"`;

function pickTransaction(row: TransactionRow): TransactionRow {
  return { ...row, occurredAt: toMs(row.occurredAt), amountCents: Number(row.amountCents) };
}

function placeholders(count: number, from: number): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");
}

const CANDIDATE_COLUMNS = `c.id AS "id", c.external_id AS "externalId", c.name AS "name", c.email AS "email"`;
// In FIELD_RANK order, so a full page from an earlier column never skips a better-ranked one.
const SEARCH_COLUMNS = ["external_id", "email", "name"] as const;

/** `LIKE` text with its wildcards and the escape character escaped (PostgreSQL's default escape is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** FTS5 phrase: the text in double quotes, inner quotes doubled; every other character is literal. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** PostgreSQL's trigram expression: exactly the one `customers_search_trgm_idx` holds. */
export const PG_SEARCH_EXPRESSION = `lower(c.external_id || chr(31) || coalesce(c.name, '') || chr(31) || coalesce(c.email, ''))`;

/** A tier's SQL: `$1` the text as that index takes it, `$2` the rows to read. */
interface Statement {
  readonly sql: string;
  readonly param: string;
}

/**
 * The statements of each tier for `text`, in rank order.
 */
function tierStatements(provider: Provider, text: string): Statement[] {
  const sqlite = provider === "sqlite";
  // One index probe per column, each limited by itself: an OR of the three (a BitmapOr on
  // PostgreSQL) cannot stop early, and under a LIMIT the planner preferred scanning the table
  // when a name is common (3.5 s at 2.38M customers).
  const statements: Statement[] = [
    {
      sql: SEARCH_COLUMNS.map(
        (col) =>
          `SELECT * FROM (SELECT ${CANDIDATE_COLUMNS} FROM customers c WHERE lower(c.${col}) = lower($1) LIMIT $2) AS ${col}`,
      ).join(" UNION ALL "),
      param: text,
    },
  ];
  for (const col of SEARCH_COLUMNS) {
    // SQLite compares text byte by byte: every string starting with q lies in [q, q || U+10FFFF).
    // PostgreSQL: LIKE 'q%' on the text_pattern_ops index, the wildcards of q escaped.
    statements.push(
      sqlite
        ? {
            sql: `SELECT ${CANDIDATE_COLUMNS} FROM customers c
              WHERE lower(c.${col}) >= lower($1) AND lower(c.${col}) < lower($1) || char(1114111) LIMIT $2`,
            param: text,
          }
        : {
            // Ordered by the index's own operator (~<~, text_pattern_ops): the planner then reads
            // the index even when it expects many matches; with a bare LIMIT it scanned the table
            // in the hope of meeting them early (1.4 s for "C042" at 2.38M customers).
            sql: `SELECT ${CANDIDATE_COLUMNS} FROM customers c WHERE lower(c.${col}) LIKE lower($1) || '%'
              ORDER BY lower(c.${col}) USING ~<~ LIMIT $2`,
            param: escapeLike(text),
          },
    );
  }
  if ([...text].length < MIN_SUBSTRING_LENGTH) return statements;
  // A later word of the name (" q" inside it; the first word is the prefix tier), then the text
  // anywhere. FTS5 phrases and pg_trgm LIKE patterns both take the text literally (escaped).
  const fts = `SELECT ${CANDIDATE_COLUMNS} FROM customer_search f CROSS JOIN customers c
    WHERE customer_search MATCH $1 AND c.id = f.rowid LIMIT $2`;
  const trigram = `SELECT ${CANDIDATE_COLUMNS} FROM customers c WHERE ${PG_SEARCH_EXPRESSION} LIKE $1 LIMIT $2`;
  const lowered = escapeLike(text.toLowerCase());
  // No later name word holds a digit or an "@": such texts (ids, emails) skip that tier.
  if (!/[\d@]/.test(text)) {
    statements.push(
      sqlite
        ? { sql: fts, param: `name : ${ftsPhrase(` ${text}`)}` }
        : { sql: trigram, param: `% ${lowered}%` },
    );
  }
  statements.push(sqlite ? { sql: fts, param: ftsPhrase(text) } : { sql: trigram, param: `%${lowered}%` });
  return statements;
}

/** The customer reads of a SQLite or PostgreSQL database. */
export function relationalCustomerReads(db: Database): CustomerReads {
  return {
    async page(query) {
      const { sql, params, offThread } = customerPageSql(db.provider, query);
      const rows = offThread
        ? await queryOffThread<ListedRow>(db, sql, params)
        : await db.reads.query<ListedRow>(sql, params);
      const counted = query.conditions.search && !query.after;
      return {
        rows: rows.map((row) => ({
          customer: pickCustomer(row),
          score: pickScore(row),
          sortValue: typeof row.sortValue === "bigint" ? Number(row.sortValue) : row.sortValue,
        })),
        total: counted ? Number(rows[0]?.total ?? 0) : null,
      };
    },

    async count(runId: number, codes: readonly number[], conditions: CustomerConditions) {
      const params: unknown[] = [runId];
      const where = conditions.sql;
      const list = sqlIntegers(codes, "code index");
      const [row] = await queryOffThread<{ n: number }>(
        db,
        // Customers in table order, each condition tested once, scores read by key for the matches
        // only: the same plan as a search page (searchPage), three to five times quicker than
        // walking the run's scores and reading every customer by key.
        `SELECT count(*) AS "n" FROM customers c CROSS JOIN customer_scores s
       WHERE s.run_id = $1 AND s.customer_id = c.id AND s.code IN (${list.join(", ")})${where}`,
        params,
      );
      return Number(row?.n ?? 0);
    },

    async byExternalIds(unique, runId) {
      const found = new Map<string, CustomerWithScore>();
      const rows = await db.reads.query<JoinedRow>(
        `SELECT ${CUSTOMER_COLUMNS}, ${SCORE_COLUMNS}
       FROM customers c LEFT JOIN customer_scores s ON s.run_id = $1 AND s.customer_id = c.id
       WHERE c.external_id IN (${placeholders(unique.length, 2)})`,
        [runId ?? -1, ...unique],
      );
      for (const row of rows) found.set(row.externalId, pickJoined(row));
      return found;
    },

    async byEmail(email, runId) {
      const [row] = await db.reads.query<JoinedRow>(
        `SELECT ${CUSTOMER_COLUMNS}, ${SCORE_COLUMNS}
       FROM customers c LEFT JOIN customer_scores s ON s.run_id = $1 AND s.customer_id = c.id
       WHERE lower(c.email) = lower($2)
       ORDER BY c.id DESC LIMIT 1`,
        [runId ?? -1, email],
      );
      return row ? pickJoined(row) : null;
    },

    async historyPage(customerId, profileId, after, limit): Promise<HistoryRow[]> {
      const params: unknown[] = [customerId, profileId];
      let keyset = "";
      if (after) {
        params.push(timeParam(db.provider, after[0]), after[1]);
        keyset = ` AND (r.as_of < $3 OR (r.as_of = $3 AND r.id < $4))`;
      }
      params.push(limit);
      const rows = await db.reads.query<
        ScoreRow & {
          asOf: unknown;
          bins: number;
          timeZone: string;
          mappingVersionId: number | null;
          currency: string | null;
        }
      >(
        `SELECT ${SCORE_COLUMNS}, r.as_of AS "asOf", r.bins AS "bins", r.time_zone AS "timeZone",
         r.mapping_version_id AS "mappingVersionId", r.currency AS "currency"
       FROM scoring_runs r JOIN customer_scores s ON s.run_id = r.id AND s.customer_id = $1
       WHERE r.profile_id = $2 AND r.status = 'complete'${keyset}
       ORDER BY r.as_of DESC, r.id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map((row) => ({
        ...pickScore(row),
        asOf: toMs(row.asOf),
        bins: row.bins,
        timeZone: row.timeZone,
        mappingVersionId: row.mappingVersionId === null ? null : Number(row.mappingVersionId),
        currency: row.currency,
      }));
    },

    async scoresInRun(runId, customerIds) {
      const rows = await db.reads.query<ScoreRow>(
        `SELECT ${SCORE_COLUMNS} FROM customer_scores s WHERE s.run_id = $1 AND s.customer_id IN (${placeholders(customerIds.length, 2)})`,
        [runId, ...customerIds],
      );
      return rows.map(pickScore);
    },

    async scoreHistory(customerIds): Promise<ScoreInRun[]> {
      const rows = await db.reads.query<
        ScoreRow & {
          asOf: number;
          bins: number;
          currency: string | null;
          timeZone: string;
          profileId: number;
        }
      >(
        `SELECT ${SCORE_COLUMNS}, r.as_of AS "asOf", r.bins AS "bins", r.currency AS "currency", r.time_zone AS "timeZone", r.profile_id AS "profileId"
       FROM customer_scores s JOIN scoring_runs r ON r.id = s.run_id
       WHERE r.status = 'complete' AND s.customer_id IN (${placeholders(customerIds.length, 1)})
       ORDER BY r.id DESC`,
        customerIds,
      );
      return rows.map((row) => ({
        ...pickScore(row),
        asOf: toMs(row.asOf),
        bins: row.bins,
        currency: row.currency,
        timeZone: row.timeZone,
        profileId: Number(row.profileId),
      }));
    },

    async firstTransactions(customerIds, limit) {
      const rows = await db.reads.query<TransactionRow>(
        `SELECT * FROM (
         SELECT ${TRANSACTION_COLUMNS},
           ROW_NUMBER() OVER (PARTITION BY t.customer_id ORDER BY t.occurred_at DESC, t.id DESC) AS rn
         FROM transactions t WHERE t.customer_id IN (${placeholders(customerIds.length, 2)})
       ) AS x WHERE rn <= $1 ORDER BY "customerId", "occurredAt" DESC, "id" DESC`,
        [limit, ...customerIds],
      );
      return rows.map(pickTransaction);
    },

    async transactionsAfter(customerId, after, limit) {
      const rows = await db.reads.query<TransactionRow>(
        `SELECT ${TRANSACTION_COLUMNS} FROM transactions t
       WHERE t.customer_id = $1 AND (t.occurred_at < $2 OR (t.occurred_at = $2 AND t.id < $3))
       ORDER BY t.occurred_at DESC, t.id DESC LIMIT $4`,
        [customerId, timeParam(db.provider, after[0]), after[1], limit],
      );
      return rows.map(pickTransaction);
    },

    async countTransactions(customerIds) {
      const counts = new Map<number, number>();
      const rows = await db.reads.query<{ customerId: number; n: number }>(
        `SELECT customer_id AS "customerId", count(*) AS "n" FROM transactions
       WHERE customer_id IN (${placeholders(customerIds.length, 1)}) GROUP BY customer_id`,
        customerIds,
      );
      for (const row of rows) counts.set(row.customerId, Number(row.n));
      return counts;
    },

    searchTiers(text): SearchTier[] {
      return tierStatements(db.provider, text).map(
        ({ sql, param }) =>
          (limit: number) =>
            db.reads.query<SearchCandidate>(sql, [param, limit]),
      );
    },
  };
}
