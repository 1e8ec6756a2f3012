/**
 * Secondary indexes that a large import may suspend and rebuild.
 *
 * Keeping `transactions (customer_id, occurred_at, amount_cents)` up to date row by row made
 * inserts 2.6 times slower on SQLite (customers arrive in random order), while building it
 * afterwards from sorted data takes under a second per million rows (docs/storage.md). So an
 * import much larger than the table may drop it first and rebuild it at the end. If the import
 * dies in between, `openDatabase()` rebuilds it on the next start, and `rfm db status` reports
 * it missing until then (`rfm db migrate` rebuilds it too): the index can be missing for a
 * while, never for good, and never unnoticed.
 *
 * The statements must create exactly what the migration does (a test compares them), so that
 * a rebuilt index is indistinguishable from the migrated one.
 */
import type { Provider } from "./connection";
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

/**
 * The suspendable indexes the database lacks: left missing by an import that was killed (or is
 * still running, since a large one suspends them on purpose). None while the transactions
 * table does not exist yet (migrations pending).
 */
export async function missingTransactionIndexes(raw: RawSql, provider: Provider): Promise<string[]> {
  const [table] = await raw.query<{ present: unknown }>(
    provider === "sqlite"
      ? "SELECT count(*) AS present FROM sqlite_master WHERE type = 'table' AND name = 'transactions'"
      : "SELECT count(*) AS present FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'transactions'",
  );
  if (Number(table?.present ?? 0) === 0) return [];
  const present = new Set(
    (
      await raw.query<{ name: string }>(
        provider === "sqlite"
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions'"
          : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'transactions'",
      )
    ).map((row) => row.name),
  );
  return TRANSACTION_INDEXES.filter((index) => !present.has(index.name)).map((index) => index.name);
}

/** Rebuilds the suspendable indexes the database lacks; returns their names. */
export async function repairTransactionIndexes(raw: RawSql, provider: Provider): Promise<string[]> {
  const missing = await missingTransactionIndexes(raw, provider);
  for (const index of TRANSACTION_INDEXES) {
    if (missing.includes(index.name)) await raw.execute(index.create);
  }
  return missing;
}
