/**
 * Customers on SQLite: new ones by multi-row INSERTs that skip stored ids, then the stored ones
 * read by id and updated where the merge changes them.
 */
import {
  CUSTOMER_COLUMN,
  CUSTOMER_FIELDS,
  type CustomerEngine,
  type CustomerMerge,
  type CustomerRecord,
  type CustomerValues,
  type CustomerWriteResult,
  changedFields,
  knownMask,
} from "../customers";
import { SQLITE_ROWS_PER_INSERT, type SqliteTx } from "./connection";

/** The customers of a transaction open on the connection. */
export function sqliteCustomers(tx: SqliteTx): CustomerEngine {
  return { write: async (customers, merge) => writeCustomers(tx, customers, merge) };
}

function writeCustomers(
  { db, prepare }: SqliteTx,
  customers: Map<string, CustomerValues>,
  merge: CustomerMerge,
): CustomerWriteResult {
  const externalIds = [...customers.keys()];
  const out = new Map<string, CustomerRecord>();
  // New customers first: multi-row inserts (binding values is what costs; imported_at is one
  // literal per call) that skip stored ids and return the new rows' ids.
  const fields = CUSTOMER_FIELDS.filter((field) =>
    externalIds.some((id) => customers.get(id)![field] !== null),
  );
  const width = 1 + fields.length;
  const sql = (rows: number) =>
    `INSERT INTO customers (external_id, ${fields.map((f) => `${CUSTOMER_COLUMN[f]}, `).join("")}imported_at)
     VALUES ${new Array(rows).fill(`(${new Array(width).fill("?").join(", ")}, ${Date.now()})`).join(", ")}
     ON CONFLICT (external_id) DO NOTHING
     RETURNING id, external_id`;
  const full =
    externalIds.length >= SQLITE_ROWS_PER_INSERT ? db.prepare(sql(SQLITE_ROWS_PER_INSERT)).raw() : null;
  for (let start = 0; start < externalIds.length; start += SQLITE_ROWS_PER_INSERT) {
    const part = externalIds.slice(start, start + SQLITE_ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const id of part) {
      const values = customers.get(id)!;
      params.push(id);
      for (const field of fields) params.push(values[field]);
    }
    const statement =
      full && part.length === SQLITE_ROWS_PER_INSERT ? full : db.prepare(sql(part.length)).raw();
    for (const [id, externalId] of statement.all(params) as [number, string][]) {
      out.set(externalId, { id, known: knownMask(customers.get(externalId)!) });
    }
  }
  const created = out.size;
  // Then the stored ones: merge the details given.
  let updated = 0;
  if (created < externalIds.length) {
    const stored = prepare(
      `SELECT j.value AS externalId, c.id, c.name, c.email, c.province, c.region, c.city, c.created_at AS createdAt,
         c.first_name AS firstName, c.last_name AS lastName, c.phone, c.marketing_consent AS marketingConsent
       FROM json_each(?) j JOIN customers c ON c.external_id = j.value`,
    ).all(JSON.stringify(externalIds.filter((id) => !out.has(id)))) as (CustomerValues & {
      externalId: string;
      id: number;
    })[];
    for (const row of stored) {
      const values = customers.get(row.externalId)!;
      const changed = changedFields(row, values, merge);
      if (changed.length > 0) {
        prepare(
          `UPDATE customers SET ${changed.map((field) => `${CUSTOMER_COLUMN[field]} = ?`).join(", ")} WHERE id = ?`,
        ).run(...changed.map((field) => values[field]), row.id);
        for (const field of changed) row[field] = values[field];
        updated++;
      }
      out.set(row.externalId, { id: row.id, known: knownMask(row) });
    }
  }
  return { customers: out, created, updated };
}
