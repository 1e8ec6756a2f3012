/**
 * The reads behind customer lists and the customer 360: a run's customers in keyset pages and
 * their count, lookups by the store's id and by email, a customer's scores (in one run, in every
 * run, a profile's history page), orders (newest first, after a cursor, counted) and the
 * candidates of a text search. One implementation per engine: SQLite and PostgreSQL share the
 * SQL of relational-customer-reads.ts, ClickHouse has clickhouse/customer-reads.ts. Ranking a
 * search's candidates (modules/customer/customer-search.repository.ts) and everything above
 * these reads are engine-free.
 */

/** A sort value of a page or a cursor (spend, CLV, recency, frequency: numbers; id, name: text). */
export type SortValue = string | number | null;

export type OrderField = "ID" | "NAME" | "RECENCY" | "FREQUENCY" | "MONETARY" | "CLV";
export type Direction = "ASC" | "DESC";

/**
 * The conditions beyond the codes, compiled once from the audience definition
 * (modules/audience/audience.compile.ts): the page, its count and the export read the same text.
 */
export interface CustomerConditions {
  /**
   * ` AND ...`, literals inlined; "" for none. SQLite/PostgreSQL: over `s` (customer_scores) and
   * `c` (customers). ClickHouse: over the unqualified columns of `customer_scores`, customer
   * fields as `customer_id IN (SELECT id FROM customers_local FINAL WHERE ...)`.
   */
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
  readonly after?: readonly [SortValue, number] | null;
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
  readonly sortValue: SortValue;
}

export interface CustomerPageRows {
  /** Up to `first + 1` rows (one more tells that a next page exists). */
  readonly rows: ListedCustomer[];
  /** Every match, when the page's own read counted them (a search's first page); else null. */
  readonly total: number | null;
}

/** A customer with its score in one run (null: not scored in it, or no run). */
export interface CustomerWithScore {
  readonly customer: CustomerRow;
  readonly score: ScoreRow | null;
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

/** A customer's score in a complete run, with that run's facts (`scoreHistory`). */
export interface ScoreInRun extends ScoreRow {
  readonly asOf: number;
  readonly bins: number;
  readonly currency: string | null;
  readonly timeZone: string;
  readonly profileId: number;
}

export interface TransactionRow {
  /**
   * The order's position among the customer's orders of the same instant (the cursor's second
   * key): the row id on SQLite/PostgreSQL; on ClickHouse, which has no row ids, a number derived
   * from the order id (clickhouse/customer-reads.ts).
   */
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

/** A customer found by a search, with what matched (its internal id; the caller reads its score). */
export interface SearchCandidate {
  readonly id: number;
  readonly externalId: string;
  readonly name: string | null;
  readonly email: string | null;
}

/**
 * One tier of a search (exact, prefix, later name word, substring: customer-search.repository.ts),
 * reading at most `limit` candidates. A candidate may match only a weaker tier, or (where an
 * engine folds case differently from JavaScript) none: the ranking decides from the values.
 */
export type SearchTier = (limit: number) => Promise<SearchCandidate[]>;

/** Texts at least this long (in characters) are also searched as substrings (trigram indexes need 3). */
export const MIN_SUBSTRING_LENGTH = 3;

/** What an engine implements; `customerReads` (below) puts the engine-free guards in front. */
export interface CustomerReads {
  /** One page of a run's customers with the codes and conditions (`codes` not empty). */
  page(query: CustomerPageQuery): Promise<CustomerPageRows>;
  /** Customers with the codes and conditions, counted (`codes` not empty). */
  count(runId: number, codes: readonly number[], conditions: CustomerConditions): Promise<number>;
  /** Customers by the store's ids, each with its score in `runId`; unknown ids absent. */
  byExternalIds(
    externalIds: readonly string[],
    runId: number | null,
  ): Promise<Map<string, CustomerWithScore>>;
  /**
   * The customer with an email, compared case-insensitively; when several share it, the most
   * recently imported one (the highest internal id).
   */
  byEmail(email: string, runId: number | null): Promise<CustomerWithScore | null>;
  /**
   * A page of a customer's scores in a profile's complete runs, newest as-of first (ties: the
   * later run first), from the keyset position `after` ([as-of ms, run id]); `limit` rows.
   */
  historyPage(
    customerId: number,
    profileId: number,
    after: readonly [number, number] | null,
    limit: number,
  ): Promise<HistoryRow[]>;
  /** Scores of some customers in one run. */
  scoresInRun(runId: number, customerIds: readonly number[]): Promise<ScoreRow[]>;
  /** Scores of some customers in every complete run, newest run first. */
  scoreHistory(customerIds: readonly number[]): Promise<ScoreInRun[]>;
  /** The newest `limit` orders of each customer, by customer, newest first. */
  firstTransactions(customerIds: readonly number[], limit: number): Promise<TransactionRow[]>;
  /** A page of one customer's orders after a keyset position (occurredAt, id), newest first. */
  transactionsAfter(
    customerId: number,
    after: readonly [number, number],
    limit: number,
  ): Promise<TransactionRow[]>;
  /** Orders per customer (customers without any absent). */
  countTransactions(customerIds: readonly number[]): Promise<Map<number, number>>;
  /** The tiers of a search for `text` (normalised, not empty), best first. */
  searchTiers(text: string): readonly SearchTier[];
}

/** The store's reads over an engine's: empty inputs answered without a query. */
export function customerReads(engine: CustomerReads): CustomerReads {
  return {
    page: (query) =>
      query.codes.length === 0 ? Promise.resolve({ rows: [], total: 0 }) : engine.page(query),
    count: (runId, codes, conditions) =>
      codes.length === 0 ? Promise.resolve(0) : engine.count(runId, codes, conditions),
    byExternalIds: (externalIds, runId) => {
      const unique = [...new Set(externalIds)];
      return unique.length === 0 ? Promise.resolve(new Map()) : engine.byExternalIds(unique, runId);
    },
    byEmail: (email, runId) => engine.byEmail(email, runId),
    historyPage: (customerId, profileId, after, limit) =>
      engine.historyPage(customerId, profileId, after, limit),
    scoresInRun: (runId, ids) => (ids.length === 0 ? Promise.resolve([]) : engine.scoresInRun(runId, ids)),
    scoreHistory: (ids) => (ids.length === 0 ? Promise.resolve([]) : engine.scoreHistory(ids)),
    firstTransactions: (ids, limit) =>
      ids.length === 0 ? Promise.resolve([]) : engine.firstTransactions(ids, limit),
    transactionsAfter: (id, after, limit) => engine.transactionsAfter(id, after, limit),
    countTransactions: (ids) =>
      ids.length === 0 ? Promise.resolve(new Map()) : engine.countTransactions(ids),
    searchTiers: (text) => engine.searchTiers(text),
  };
}

export function toMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Number(value);
}
