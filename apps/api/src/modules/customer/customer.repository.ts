/**
 * The customer reads of the API: every fact (customers, scores, orders) through the facts store
 * (`factsStoreOf(db).customerReads`, db/facts/customer-reads.ts: one implementation per engine),
 * app state (mapping versions) from the app database.
 */
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import type {
  CustomerConditions,
  CustomerPageQuery,
  CustomerPageRows,
  CustomerWithScore,
  HistoryRow,
  ScoreInRun,
  ScoreRow,
  TransactionRow,
} from "../../db/facts/customer-reads";

export type {
  CustomerConditions,
  CustomerPageQuery,
  CustomerPageRows,
  CustomerRow,
  CustomerWithScore,
  Direction,
  HistoryRow,
  ListedCustomer,
  OrderField,
  ScoreInRun,
  ScoreRow,
  TransactionRow,
} from "../../db/facts/customer-reads";
export { NO_CONDITIONS } from "../../db/facts/customer-reads";
export { customerPageSql, type PageStatement } from "../../db/facts/relational-customer-reads";

/**
 * One page of a run's customers with the given codes and conditions (keyset pages: see the
 * engines' implementations; on SQLite/PostgreSQL a page that may read the whole run runs off the
 * server's thread).
 */
export function listCustomers(db: Database, query: CustomerPageQuery): Promise<CustomerPageRows> {
  return factsStoreOf(db).customerReads.page(query);
}

/** Customers with the codes and conditions, counted (used only when conditions are present: otherwise the histogram answers). */
export function countCustomers(
  db: Database,
  runId: number,
  codes: readonly number[],
  conditions: CustomerConditions,
): Promise<number> {
  return factsStoreOf(db).customerReads.count(runId, codes, conditions);
}

/** The most customers one batch lookup may name (`customersByIds`). */
export const MAX_LOOKUP_IDS = 250;

/**
 * Customers by the store's ids, each with its score in `runId` (null: none), in one read.
 * Unknown ids are simply absent; the caller keeps the order it was asked in.
 */
export function findCustomersByExternalIds(
  db: Database,
  externalIds: readonly string[],
  runId: number | null,
): Promise<Map<string, CustomerWithScore>> {
  return factsStoreOf(db).customerReads.byExternalIds(externalIds, runId);
}

/**
 * The customer with an email, compared case-insensitively (SQLite's lower() folds ASCII letters
 * only, PostgreSQL's and ClickHouse's lowerUTF8 every letter). When several customers share the
 * email, the most recently imported one (the highest internal id) is returned.
 */
export function findCustomerByEmail(
  db: Database,
  email: string,
  runId: number | null,
): Promise<CustomerWithScore | null> {
  return factsStoreOf(db).customerReads.byEmail(email, runId);
}

/**
 * A page of a customer's scores in a profile's complete runs, newest as-of first (ties: the
 * later run first), from the keyset position `after` ([as-of ms, run id]); `limit` rows.
 */
export function segmentHistoryPage(
  db: Database,
  customerId: number,
  profileId: number,
  after: readonly [number, number] | null,
  limit: number,
): Promise<HistoryRow[]> {
  return factsStoreOf(db).customerReads.historyPage(customerId, profileId, after, limit);
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
export function scoresInRun(
  db: Database,
  runId: number,
  customerIds: readonly number[],
): Promise<ScoreRow[]> {
  return factsStoreOf(db).customerReads.scoresInRun(runId, customerIds);
}

/** Scores of some customers in every complete run, newest run first. */
export function scoreHistory(db: Database, customerIds: readonly number[]): Promise<ScoreInRun[]> {
  return factsStoreOf(db).customerReads.scoreHistory(customerIds);
}

/** The newest `limit` orders of each customer (one read for many customers, no cursor). */
export function firstTransactions(
  db: Database,
  customerIds: readonly number[],
  limit: number,
): Promise<TransactionRow[]> {
  return factsStoreOf(db).customerReads.firstTransactions(customerIds, limit);
}

/** A page of one customer's orders after a keyset position (occurredAt, id), newest first. */
export function transactionsAfter(
  db: Database,
  customerId: number,
  after: readonly [number, number],
  limit: number,
): Promise<TransactionRow[]> {
  return factsStoreOf(db).customerReads.transactionsAfter(customerId, after, limit);
}

/** Orders per customer. */
export function countTransactions(
  db: Database,
  customerIds: readonly number[],
): Promise<Map<number, number>> {
  return factsStoreOf(db).customerReads.countTransactions(customerIds);
}

function placeholders(count: number, from: number): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(", ");
}
