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
   * The audience's other conditions, ` AND ...` over `s` (customer_scores) and `c` (customers)
   * with literals inlined, exactly as `compileAudience` (modules/audience) wrote them for the
   * customer page and its count; "" or omitted for none.
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

export interface AudienceFacts {
  /** The audience in batches of `batchSize` rows, in customer-id order. */
  read(query: AudienceQuery): AsyncGenerator<AudienceRow[]>;
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
