/**
 * Audiences in the facts store: a run's customers of some codes (a segment's audience) in
 * customer-id order, in batches, in constant memory, from one consistent snapshot: a cursor on a
 * connection of its own (PostgreSQL: `COPY ... TO STDOUT` in a read-only transaction; SQLite: a
 * read-only connection stepping one statement), so a long export neither holds the shared
 * connection nor sees a half-written state.
 *
 * The plan walks the `(run_id, customer_id)` primary key in order and filters codes (the code
 * test is written `+code` so that the planner does not pick the code index, which needs a
 * sort of the whole segment before the first row): no sort, no temporary storage, the first
 * rows at once. Conditions beyond the codes (areas, channel, ranges, movement) filter while
 * walking, so a filtered audience streams as its segment does. For a segment under 5% of the run, reading its codes through the index and
 * sorting is cheaper than walking every customer of the run, and is used instead.
 */
import type { Database } from "../client";
import { queryOffThread } from "../offload";
import { sqlIntegers } from "../raw";

export interface AudienceRow {
  /** Internal id. */
  readonly id: number;
  /** The store's customer id. */
  readonly externalId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly province: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetaryCents: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  /** Dense code index. */
  readonly code: number;
  readonly clv: number | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** As imported (any format). */
  readonly phone: string | null;
  /** 1 opted in, 0 opted out, null not recorded (an integer from both engines). */
  readonly marketingConsent: number | null;
}

export interface AudienceQuery {
  readonly runId: number;
  /** Dense code indexes. */
  readonly codes: readonly number[];
  /**
   * The audience's other conditions, ` AND ...` with literals inlined, exactly as
   * `compileAudience` (modules/audience) wrote them for the customer page and its count, in the
   * engine's dialect (SQLite, PostgreSQL: over `s` (customer_scores) and `c` (customers);
   * ClickHouse: over unqualified customer_scores columns); "" or omitted for none.
   */
  readonly conditions?: string;
  /** Rows per batch (default 10,000). */
  readonly batchSize?: number;
  /**
   * The share of the run's customers these codes hold (from the run's histogram), if known.
   * Below `CODE_INDEX_SHARE`, SQLite reads the codes through their index and sorts them
   * instead of walking the whole run: a 6,500-customer segment of 2.38M took 2.5 s by the
   * walk and 0.8 s by the index; at 8% of the run the two cost the same.
   */
  readonly share?: number;
}

export const CODE_INDEX_SHARE = 0.05;

/** An audience's customers by recorded marketing consent. */
export interface ConsentCounts {
  readonly consented: number;
  readonly optedOut: number;
  readonly notRecorded: number;
}

/** The customers' columns whose stored values the audience pickers list. */
export type AreaColumn = "province" | "region" | "city";

/** A stored value of an area column and how many customers hold it. */
export interface AreaValue {
  readonly value: string;
  readonly customers: number;
}

export interface AudienceFacts {
  /** The audience in batches of `batchSize` rows, in customer-id order. */
  read(query: AudienceQuery): AsyncGenerator<AudienceRow[]>;
  /** The audience's customers by recorded consent (1, 0, null), counted where the facts are. */
  countConsent(query: AudienceQuery): Promise<ConsentCounts>;
  /**
   * The stored values of an area column (as imported, not normalised) with their customers,
   * in the engine's byte order of the values, at most `limit`; customers without one are not
   * listed.
   */
  areaValues(column: AreaColumn, limit: number): Promise<AreaValue[]>;
}

/** Rows per batch when the query does not say. */
export const DEFAULT_AUDIENCE_BATCH = 10_000;

/** Whether to read the codes through their index and sort (a small segment) rather than walk the run. */
export function byCodeIndex(query: AudienceQuery): boolean {
  return (query.share ?? 1) < CODE_INDEX_SHARE;
}

/**
 * The audience's SELECT (both SQL engines), run ids and codes checked and inlined, with the
 * compiled conditions (`AudienceQuery.conditions`) appended as they are.
 */
export function audienceSql(
  runId: number,
  codes: readonly number[],
  byCodeIndex = false,
  conditions = "",
): string {
  sqlIntegers([runId, ...codes], "audience run id or code");
  // Integers checked above, inlined: a cursor takes the statement as text on PostgreSQL.
  return `SELECT s.customer_id AS "id", c.external_id AS "externalId", c.name AS "name", c.email AS "email",
      c.province AS "province", c.region AS "region", c.city AS "city", s.recency_days AS "recencyDays",
      s.frequency AS "frequency", s.monetary_cents AS "monetaryCents", s.r AS "r", s.f AS "f", s.m AS "m",
      s.code AS "code", s.clv AS "clv", c.first_name AS "firstName", c.last_name AS "lastName",
      c.phone AS "phone",
      CASE WHEN c.marketing_consent THEN 1 WHEN NOT c.marketing_consent THEN 0 END AS "marketingConsent"
    FROM customer_scores s JOIN customers c ON c.id = s.customer_id
    WHERE s.run_id = ${runId} AND ${byCodeIndex ? "" : "+"}s.code IN (${codes.length > 0 ? codes.join(", ") : "NULL"})${conditions}
    ORDER BY s.customer_id`;
}

/** Consent counts from `(consent, n)` rows, n as a number or a 64-bit integer's string or bigint. */
export function consentCounts(rows: readonly { consent: number | null; n: unknown }[]): ConsentCounts {
  const of = (consent: number | null) =>
    Number(rows.find((r) => (r.consent === null ? null : Number(r.consent)) === consent)?.n ?? 0);
  return { consented: of(1), optedOut: of(0), notRecorded: of(null) };
}

const AREA_COLUMNS: readonly AreaColumn[] = ["province", "region", "city"];

/** The column checked against the known ones: it is inlined as an identifier. */
export function areaColumn(column: AreaColumn): AreaColumn {
  if (!AREA_COLUMNS.includes(column)) throw new Error(`not an area column: ${String(column)}`);
  return column;
}

/** `countConsent` on both SQL engines: the audience's SELECT grouped, on the read connection. */
export async function relationalCountConsent(db: Database, query: AudienceQuery): Promise<ConsentCounts> {
  const inner = audienceSql(query.runId, query.codes, true, query.conditions);
  const rows = await db.reads.query<{ consent: number | null; n: number }>(
    `SELECT a."marketingConsent" AS consent, count(*) AS n FROM (${inner}) a
     GROUP BY a."marketingConsent"`,
  );
  return consentCounts(rows);
}

/**
 * `areaValues` on both SQL engines: one pass over the column's index (customers_<column>_idx),
 * grouped in index order, never the table. Off the server's thread: 2.38M index entries take a
 * few hundred ms on SQLite.
 */
export async function relationalAreaValues(
  db: Database,
  column: AreaColumn,
  limit: number,
): Promise<AreaValue[]> {
  const c = areaColumn(column);
  sqlIntegers([limit], "limit");
  const rows = await queryOffThread<{ value: string; n: number | bigint }>(
    db,
    `SELECT ${c} AS "value", count(*) AS "n" FROM customers WHERE ${c} IS NOT NULL
     GROUP BY ${c} ORDER BY ${c} LIMIT ${limit}`,
    [],
  );
  return rows.map((row) => ({ value: row.value, customers: Number(row.n) }));
}
