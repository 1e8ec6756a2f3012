/**
 * Secondary indexes that a large import may suspend and rebuild.
 *
 * Keeping `transactions (customer_id, occurred_at, amount_cents)` up to date row by row made
 * inserts 2.6 times slower on SQLite (customers arrive in random order), while building it
 * afterwards from sorted data takes under a second per million rows (docs/storage.md). So an
 * import much larger than the table may drop it first and rebuild it at the end. If the import
 * dies in between, `openDatabase()` rebuilds it on the next start: the index can be missing
 * for a while, never for good.
 *
 * The statements must create exactly what the migration does (a test compares them), so that
 * a rebuilt index is indistinguishable from the migrated one.
 */
import type { RawSql } from "./raw";

export interface SuspendableIndex {
  readonly name: string;
  /** Valid on SQLite and PostgreSQL alike. */
  readonly create: string;
}

export const TRANSACTION_INDEXES: readonly SuspendableIndex[] = [
  {
    name: "transactions_customer_id_occurred_at_amount_cents_idx",
    create:
      'CREATE INDEX IF NOT EXISTS "transactions_customer_id_occurred_at_amount_cents_idx" ON "transactions"("customer_id", "occurred_at", "amount_cents")',
  },
];

/** Drops the transactions' secondary indexes before a large import. */
export async function suspendTransactionIndexes(raw: RawSql): Promise<void> {
  for (const index of TRANSACTION_INDEXES) await raw.execute(`DROP INDEX IF EXISTS "${index.name}"`);
}

/** Recreates any suspended index; a no-op when they all exist. */
export async function restoreTransactionIndexes(raw: RawSql): Promise<void> {
  for (const index of TRANSACTION_INDEXES) await raw.execute(index.create);
}
