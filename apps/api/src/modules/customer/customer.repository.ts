/**
 * Customers of a run, listed in pages by keyset (never OFFSET: page 1,000 of a 2-million
 * customer segment costs what page 1 costs), and the reads behind the customer 360.
 *
 * Every score condition (segment, codes, R/F/M ranges) is turned into one set of codes, so
 * the `(run_id, code, monetary_cents, customer_id)` index serves them all. A page is read
 * code by code: one index range per code, each limited to the page size, then merged. Sorted
 * by spend that is ~50 index entries per code whatever the segment's size; other orders sort
 * within each code. Customer-field conditions (province, region, search) filter while reading.
 */
import type { Database, Provider } from "../../db/client";
import { queryOffThread } from "../../db/offload";
import { sqlIntegers, timeParam } from "../../db/raw";
import type { CursorValue } from "../common/cursor";

export type OrderField = "ID" | "NAME" | "RECENCY" | "FREQUENCY" | "MONETARY" | "CLV";
export type Direction = "ASC" | "DESC";

/** The SQL sort expression of each order field; CLV has no null (unscored CLV sorts as -1). */
const SORT_SQL: Readonly<Record<OrderField, { expr: string; needsCustomer: boolean }>> = {
  ID: { expr: "c.external_id", needsCustomer: true },
  NAME: { expr: "COALESCE(c.name, '')", needsCustomer: true },
  RECENCY: { expr: "s.recency_days", needsCustomer: false },
  FREQUENCY: { expr: "s.frequency", needsCustomer: false },
  MONETARY: { expr: "s.monetary_cents", needsCustomer: false },
  CLV: { expr: "COALESCE(s.clv, -1)", needsCustomer: false },
};

/**
 * The conditions beyond the codes, compiled once from the audience definition
 * (modules/audience/audience.compile.ts): the page, its count and the export read the same text.
 */
export interface CustomerConditions {
  /** ` AND ...` over `s` (customer_scores) and `c` (customers), literals inlined; "" for none. */
  readonly sql: string;
  /** Whether `sql` reads the customer row (areas, search). */
  readonly readsCustomer: boolean;
  /** Whether there is a text search: the page then scans customers (the search plan). */
  readonly search: boolean;
}

/** No condition beyond the codes. */
export const NO_CONDITIONS: CustomerConditions = { sql: "", readsCustomer: false, search: false };

export interface CustomerPageQuery {
  readonly runId: number;
  /** Dense code indexes the customers must have (already intersected from every score condition). */
  readonly codes: readonly number[];
  readonly conditions: CustomerConditions;
  readonly orderBy: OrderField;
  readonly direction: Direction;
  /** Rows to return; one more is read to know whether there is a next page. */
  readonly first: number;
  /** Keyset position: [sort value, internal customer id] of the last row of the previous page. */
  readonly after?: readonly [CursorValue, number] | null;
  /** Customers per code index in the run (its histogram), to choose how a name-sorted page reads each code. */
  readonly codeCounts?: ArrayLike<number>;
}

export interface CustomerRow {
  readonly id: number;
  readonly externalId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly province: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly createdAt: number | null;
}

export interface ScoreRow {
  readonly runId: number;
  readonly customerId: number;
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetaryCents: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly code: number;
  readonly clv: number | null;
}

export interface ListedCustomer {
  readonly customer: CustomerRow;
  readonly score: ScoreRow;
  /** The sort value, for the cursor. */
  readonly sortValue: CursorValue;
}

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

/**
 * One page of a run's customers with the given codes and conditions. Pages the index serves
 * (by spend, no customer condition) run on the server's connection; a page that may read the
 * whole run runs off the server's thread (queryOffThread), so it never holds other requests.
 */
export async function listCustomers(db: Database, query: CustomerPageQuery): Promise<CustomerPageRows> {
  if (query.codes.length === 0) return { rows: [], total: 0 };
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
}

export interface CustomerPageRows {
  /** Up to `first + 1` rows (one more tells that a next page exists). */
  readonly rows: ListedCustomer[];
  /** Every match, when the page's own scan counted them (a search's first page); else null. */
  readonly total: number | null;
}

type ListedRow = CustomerRow & ScoreRow & { sortValue: CursorValue; total?: number | bigint };

/** Customers with the codes and conditions, counted (used only when conditions are present: otherwise the histogram answers). */
export async function countCustomers(
  db: Database,
  runId: number,
  codes: readonly number[],
  conditions: CustomerConditions,
): Promise<number> {
  if (codes.length === 0) return 0;
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
}

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

/** The most customers one batch lookup may name (`customersByIds`). */
export const MAX_LOOKUP_IDS = 250;

/** A customer with its score in one run (null: not scored in it, or no run). */
export interface CustomerWithScore {
  readonly customer: CustomerRow;
  readonly score: ScoreRow | null;
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

/**
 * Customers by the store's ids, each with its score in `runId` (null: none), in one statement:
 * the unique index on external_id finds each, the score is read by its primary key. Unknown
 * ids are simply absent; the caller keeps the order it was asked in.
 */
export async function findCustomersByExternalIds(
  db: Database,
  externalIds: readonly string[],
  runId: number | null,
): Promise<Map<string, CustomerWithScore>> {
  const found = new Map<string, CustomerWithScore>();
  const unique = [...new Set(externalIds)];
  if (unique.length === 0) return found;
  const rows = await db.reads.query<JoinedRow>(
    `SELECT ${CUSTOMER_COLUMNS}, ${SCORE_COLUMNS}
     FROM customers c LEFT JOIN customer_scores s ON s.run_id = $1 AND s.customer_id = c.id
     WHERE c.external_id IN (${placeholders(unique.length, 2)})`,
    [runId ?? -1, ...unique],
  );
  for (const row of rows) found.set(row.externalId, pickJoined(row));
  return found;
}

/**
 * The customer with an email, compared case-insensitively (`lower(email) = lower($1)`, the
 * expression the customers_lower_email_idx index holds, so the lookup is one index probe on
 * both engines; SQLite's lower() folds ASCII letters only, PostgreSQL's every letter). When
 * several customers share the email, the most recently imported one (the highest internal id)
 * is returned.
 */
export async function findCustomerByEmail(
  db: Database,
  email: string,
  runId: number | null,
): Promise<CustomerWithScore | null> {
  const [row] = await db.reads.query<JoinedRow>(
    `SELECT ${CUSTOMER_COLUMNS}, ${SCORE_COLUMNS}
     FROM customers c LEFT JOIN customer_scores s ON s.run_id = $1 AND s.customer_id = c.id
     WHERE lower(c.email) = lower($2)
     ORDER BY c.id DESC LIMIT 1`,
    [runId ?? -1, email],
  );
  return row ? pickJoined(row) : null;
}

/** One entry of a customer's segment history: a complete run of a profile that scored the customer. */
export interface HistoryRow extends ScoreRow {
  readonly asOf: number;
  readonly bins: number;
  readonly timeZone: string;
  /** The mapping version published when the run completed (null: none recorded). */
  readonly mappingVersionId: number | null;
  /** The run's currency (null: the store's). */
  readonly currency: string | null;
}

/**
 * A page of a customer's scores in a profile's complete runs, newest as-of first (ties: the
 * later run first), from the keyset position `after` ([as-of ms, run id]); `limit` rows.
 */
export async function segmentHistoryPage(
  db: Database,
  customerId: number,
  profileId: number,
  after: readonly [number, number] | null,
  limit: number,
): Promise<HistoryRow[]> {
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
}

/** A published mapping version's segment names by code, as stored (versions never change once published). */
export interface VersionNames {
  readonly id: number;
  /** The version number people see. */
  readonly version: number;
  readonly bins: number;
  /** Segment name per RFM code (`"444"`). */
  readonly nameOfCode: ReadonlyMap<string, string>;
}

/** The segment names of some mapping versions (by row id), in one statement. */
export async function mappingVersionNames(
  db: Database,
  versionIds: readonly number[],
): Promise<Map<number, VersionNames>> {
  const found = new Map<number, VersionNames>();
  if (versionIds.length === 0) return found;
  const rows = await db.reads.query<{
    id: number;
    version: number | null;
    bins: number;
    name: string;
    codes: unknown;
  }>(
    `SELECT v.id AS "id", v.version AS "version", v.bins AS "bins", g.name AS "name", g.codes AS "codes"
     FROM mapping_versions v JOIN mapping_segments g ON g.version_id = v.id
     WHERE v.id IN (${placeholders(versionIds.length, 1)})`,
    versionIds,
  );
  for (const row of rows) {
    const id = Number(row.id);
    let entry = found.get(id);
    if (!entry) {
      entry = { id, version: Number(row.version ?? 0), bins: Number(row.bins), nameOfCode: new Map() };
      found.set(id, entry);
    }
    const codes = (typeof row.codes === "string" ? JSON.parse(row.codes) : row.codes) as string[];
    for (const code of codes) (entry.nameOfCode as Map<string, string>).set(code, row.name);
  }
  return found;
}

/** Scores of some customers in one run. */
export async function scoresInRun(
  db: Database,
  runId: number,
  customerIds: readonly number[],
): Promise<ScoreRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.reads.query<ScoreRow>(
    `SELECT ${SCORE_COLUMNS} FROM customer_scores s WHERE s.run_id = $1 AND s.customer_id IN (${placeholders(customerIds.length, 2)})`,
    [runId, ...customerIds],
  );
  return rows.map(pickScore);
}

/** Scores of some customers in every complete run, newest run first. */
export async function scoreHistory(
  db: Database,
  customerIds: readonly number[],
): Promise<
  (ScoreRow & { asOf: number; bins: number; currency: string | null; timeZone: string; profileId: number })[]
> {
  if (customerIds.length === 0) return [];
  const rows = await db.reads.query<
    ScoreRow & { asOf: number; bins: number; currency: string | null; timeZone: string; profileId: number }
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
}

export interface TransactionRow {
  readonly id: number;
  readonly customerId: number;
  readonly orderId: string;
  readonly occurredAt: number;
  readonly amountCents: number;
  readonly lineCount: number;
  readonly channel: string | null;
  readonly province: string | null;
  readonly region: string | null;
  readonly city: string | null;
  /** ISO 4217; null: the store's currency. */
  readonly currency: string | null;
}

const TRANSACTION_COLUMNS = `t.id AS "id", t.customer_id AS "customerId", t.order_id AS "orderId", t.occurred_at AS "occurredAt",
  t.amount_cents AS "amountCents", t.line_count AS "lineCount", t.channel AS "channel", t.province AS "province",
  t.region AS "region", t.city AS "city", t.currency AS "currency"`;

function toMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Number(value);
}

function pickTransaction(row: TransactionRow): TransactionRow {
  return { ...row, occurredAt: toMs(row.occurredAt), amountCents: Number(row.amountCents) };
}

/** The newest `limit` orders of each customer (one query for many customers, no cursor). */
export async function firstTransactions(
  db: Database,
  customerIds: readonly number[],
  limit: number,
): Promise<TransactionRow[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.reads.query<TransactionRow>(
    `SELECT * FROM (
       SELECT ${TRANSACTION_COLUMNS},
         ROW_NUMBER() OVER (PARTITION BY t.customer_id ORDER BY t.occurred_at DESC, t.id DESC) AS rn
       FROM transactions t WHERE t.customer_id IN (${placeholders(customerIds.length, 2)})
     ) AS x WHERE rn <= $1 ORDER BY "customerId", "occurredAt" DESC, "id" DESC`,
    [limit, ...customerIds],
  );
  return rows.map(pickTransaction);
}

/** A page of one customer's orders after a keyset position (occurredAt, id), newest first. */
export async function transactionsAfter(
  db: Database,
  customerId: number,
  after: readonly [number, number],
  limit: number,
): Promise<TransactionRow[]> {
  const rows = await db.reads.query<TransactionRow>(
    `SELECT ${TRANSACTION_COLUMNS} FROM transactions t
     WHERE t.customer_id = $1 AND (t.occurred_at < $2 OR (t.occurred_at = $2 AND t.id < $3))
     ORDER BY t.occurred_at DESC, t.id DESC LIMIT $4`,
    [customerId, timeParam(db.provider, after[0]), after[1], limit],
  );
  return rows.map(pickTransaction);
}

export async function countTransactions(
  db: Database,
  customerIds: readonly number[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (customerIds.length === 0) return counts;
  const rows = await db.reads.query<{ customerId: number; n: number }>(
    `SELECT customer_id AS "customerId", count(*) AS "n" FROM transactions
     WHERE customer_id IN (${placeholders(customerIds.length, 1)}) GROUP BY customer_id`,
    customerIds,
  );
  for (const row of rows) counts.set(row.customerId, Number(row.n));
  return counts;
}

function placeholders(count: number, from: number): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");
}
