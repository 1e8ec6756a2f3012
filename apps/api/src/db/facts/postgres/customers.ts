/**
 * Customers on PostgreSQL: one INSERT ... ON CONFLICT DO UPDATE ... WHERE <something changes>
 * over unnest() arrays, RETURNING (xmax = 0) to tell inserted from updated rows; the stored
 * customers it left unchanged are then read by external id.
 */
import type pg from "pg";
import {
  CUSTOMER_COLUMN,
  CUSTOMER_FIELDS,
  type CustomerEngine,
  type CustomerField,
  type CustomerMerge,
  type CustomerRecord,
  type CustomerValues,
  type CustomerWriteResult,
  TEXT_FIELDS,
} from "../customers";

/** The customers of a transaction open on `client`. */
export function postgresCustomers(client: pg.PoolClient): CustomerEngine {
  return { write: (customers, merge) => writeCustomers(client, customers, merge) };
}

/** An integer with bit i set when CUSTOMER_FIELDS[i] is stored (not NULL) in row `alias`. */
const KNOWN_SQL = (alias: string) =>
  CUSTOMER_FIELDS.map(
    (field, f) => `(CASE WHEN ${alias}.${CUSTOMER_COLUMN[field]} IS NULL THEN 0 ELSE ${1 << f} END)`,
  ).join(" + ");

async function writeCustomers(
  client: pg.PoolClient,
  customers: Map<string, CustomerValues>,
  merge: CustomerMerge,
): Promise<CustomerWriteResult> {
  const externalIds = [...customers.keys()];
  const column = (field: CustomerField) => [...customers.values()].map((values) => values[field]);
  const createdAt = column("createdAt").map((ms) =>
    ms === null ? null : new Date(ms as number).toISOString(),
  );
  // Consent is 1/0 in the merged values (CUSTOMER_FIELDS), a boolean in the table.
  const consent = column("marketingConsent").map((v) => (v === null ? null : v === 1));
  const columns = [...TEXT_FIELDS.map((f) => CUSTOMER_COLUMN[f]), "created_at", "marketing_consent"];
  const assignments = columns.map((f) =>
    merge === "fill" ? `${f} = coalesce(c.${f}, excluded.${f})` : `${f} = coalesce(excluded.${f}, c.${f})`,
  );
  const changed = columns.map((f) =>
    merge === "fill"
      ? `(c.${f} IS NULL AND excluded.${f} IS NOT NULL)`
      : `(excluded.${f} IS NOT NULL AND excluded.${f} IS DISTINCT FROM c.${f})`,
  );
  // Writers of customers take turns, until their transaction ends: two imports meeting the same
  // new customers in different orders each waited for a row the other held (a deadlock, and one
  // import failed). Sorting the rows would avoid that too, but would give new customers their
  // ids in another order than SQLite's (first seen in the file). One import alone never waits.
  await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.rfm_customers'))");
  // New and changed customers come back from RETURNING (xmax = 0: inserted), the others (stored
  // and unchanged) from a second statement below, which probes the unique index by external id.
  // Not in the same statement (UNION ALL customers JOIN input WHERE NOT EXISTS written): the
  // planner hashed the whole customers table for it at every batch, even a batch of only new
  // customers (26 ms per batch at 50,000 customers, 6 of 25 server CPU-seconds of a 2.1M-row
  // import of 250,000 customers: the import grew quadratic with the store).
  const result = await client.query<{
    id: number;
    external_id: string;
    created: boolean;
    known: number;
  }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], ${TEXT_FIELDS.map((_, i) => `$${i + 2}::text[]`).join(", ")},
           $${TEXT_FIELDS.length + 2}::timestamp[], $${TEXT_FIELDS.length + 3}::boolean[])
         AS i (external_id, ${columns.join(", ")})
     )
     INSERT INTO customers AS c (external_id, ${columns.join(", ")}, imported_at)
     SELECT external_id, ${columns.join(", ")}, now() AT TIME ZONE 'UTC' FROM input
     ON CONFLICT (external_id) DO UPDATE SET ${assignments.join(", ")}
     WHERE ${changed.join(" OR ")}
     RETURNING c.id, c.external_id, (c.xmax = 0) AS created, ${KNOWN_SQL("c")} AS known`,
    [externalIds, ...TEXT_FIELDS.map(column), createdAt, consent],
  );
  const out = new Map<string, CustomerRecord>();
  let created = 0;
  let updated = 0;
  for (const row of result.rows) {
    out.set(row.external_id, { id: row.id, known: row.known });
    if (row.created) created++;
    else updated++;
  }
  if (out.size < externalIds.length) {
    // Stored customers that nothing changed (ON CONFLICT skipped them), read by a new statement:
    // it also sees one inserted by a concurrent transaction after the INSERT's snapshot.
    const missing = externalIds.filter((id) => !out.has(id));
    const again = await client.query<{ id: number; external_id: string; known: number }>(
      `SELECT c.id, c.external_id, ${KNOWN_SQL("c")} AS known FROM customers c WHERE c.external_id = ANY($1::text[])`,
      [missing],
    );
    for (const row of again.rows) out.set(row.external_id, { id: row.id, known: row.known });
  }
  return { customers: out, created, updated };
}
