/**
 * Secondary indexes that a large import may suspend and rebuild.
 *
 * Keeping `transactions (customer_id, occurred_at, amount_cents)` up to date row by row made
 * inserts 2.6 times slower on SQLite (customers arrive in random order), while building it
 * afterwards from sorted data takes under a second per million rows (docs/storage.md). The
 * customers' search and sort indexes are the same story, worse on PostgreSQL: a new customer
 * costs an entry in each of seven B-trees and about 30 trigram entries of a GIN index, all at
 * random places, where one build afterwards sorts each once. So an import much larger than the
 * tables may drop them first and rebuild them at the end. If the import dies in between,
 * `openDatabase()` rebuilds them on the next start, and `rfm db status` reports them missing
 * until then (`rfm db migrate` rebuilds them too): an index can be missing for a while, never
 * for good, and never unnoticed.
 *
 * The statements must create exactly what the migrations do (a test compares them), so that
 * a rebuilt index is indistinguishable from the migrated one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../env";
import type { Provider } from "./connection";
import type { RawSql } from "./raw";

export interface SuspendableIndex {
  readonly name: string;
  readonly table: "transactions" | "customers";
  /** The migration's statement (IF NOT EXISTS added where the migration lacks it). */
  readonly create: string;
  /** A constraint rather than an index (dropped with ALTER TABLE, listed in pg_constraint). */
  readonly constraint?: true;
}

/**
 * PostgreSQL checks the transactions' foreign key with a trigger per row (a lookup and a row lock
 * of the customer): 400,000 orders by INSERT ... SELECT into a copy of the table took 10-14 s
 * with it, 5.6 s without (a machine at load 15: ratios, not times); COPY of 417,380 orders into
 * a table beside 50,000 customers, 3.9 server CPU-seconds with it, 1.7 without, while re-adding
 * it to the 417,380 rows took 0.11. Re-adding it after the load checks every row at once (one
 * anti-join). So imports too small for the indexes' rebuild suspend it alone (`keysOnly`). Nothing in
 * the application deletes customers; should a row lose its customer in between anyway, the
 * restore deletes it first, as the constraint's ON DELETE CASCADE would have.
 */
const TRANSACTION_CUSTOMER_KEY: SuspendableIndex = {
  name: "transactions_customer_id_fkey",
  table: "transactions",
  constraint: true,
  create:
    'ALTER TABLE "transactions" ADD CONSTRAINT "transactions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE',
};

/** Valid on SQLite and PostgreSQL alike. */
export const TRANSACTION_INDEXES: readonly SuspendableIndex[] = [
  {
    name: "transactions_customer_id_occurred_at_amount_cents_idx",
    table: "transactions",
    create:
      'CREATE INDEX IF NOT EXISTS "transactions_customer_id_occurred_at_amount_cents_idx" ON "transactions"("customer_id", "occurred_at", "amount_cents")',
  },
];

const customerIndex = (name: string, create: string): SuspendableIndex => ({
  name,
  table: "customers",
  create,
});

/** The same on both engines (Prisma's `@@index`, and the CLV sort's companion by name). */
const CUSTOMER_COMMON_INDEXES: readonly SuspendableIndex[] = [
  customerIndex(
    "customers_name_sort_idx",
    `CREATE INDEX IF NOT EXISTS "customers_name_sort_idx" ON "customers" ((COALESCE("name", '')), "id")`,
  ),
  customerIndex(
    "customers_province_idx",
    'CREATE INDEX IF NOT EXISTS "customers_province_idx" ON "customers"("province")',
  ),
  customerIndex(
    "customers_region_idx",
    'CREATE INDEX IF NOT EXISTS "customers_region_idx" ON "customers"("region")',
  ),
  customerIndex(
    "customers_city_idx",
    'CREATE INDEX IF NOT EXISTS "customers_city_idx" ON "customers"("city")',
  ),
];

/** The migration that creates the customers' search indexes. */
const CUSTOMER_SEARCH_MIGRATION = join(
  REPO_ROOT,
  "prisma/postgresql/migrations/20261206075525_customer_search/migration.sql",
);

/**
 * The migration's DO block that creates the trigram index (it finds the schema pg_trgm lives
 * in), read from the migration file so that the two cannot differ.
 */
function trigramIndexBlock(): string {
  const block = /^DO \$\$\n[\s\S]*?"customers_search_trgm_idx"[\s\S]*?\n\$\$/m.exec(
    readFileSync(CUSTOMER_SEARCH_MIGRATION, "utf8"),
  );
  if (!block)
    throw new Error(`${CUSTOMER_SEARCH_MIGRATION} has no DO block creating customers_search_trgm_idx`);
  return block[0];
}

/**
 * The customers' search indexes (migration customer_search). On PostgreSQL the trigram index is
 * created by the migration's DO block.
 */
const CUSTOMER_INDEXES: Readonly<Record<Provider, readonly SuspendableIndex[]>> = {
  sqlite: [
    customerIndex(
      "customers_lower_external_id_idx",
      'CREATE INDEX IF NOT EXISTS "customers_lower_external_id_idx" ON "customers" (lower("external_id"))',
    ),
    customerIndex(
      "customers_lower_name_idx",
      'CREATE INDEX IF NOT EXISTS "customers_lower_name_idx" ON "customers" (lower("name"))',
    ),
    customerIndex(
      "customers_lower_email_idx",
      'CREATE INDEX IF NOT EXISTS "customers_lower_email_idx" ON "customers" (lower("email"))',
    ),
    ...CUSTOMER_COMMON_INDEXES,
  ],
  postgresql: [
    customerIndex(
      "customers_lower_external_id_idx",
      'CREATE INDEX IF NOT EXISTS "customers_lower_external_id_idx" ON "customers" (lower("external_id") text_pattern_ops)',
    ),
    customerIndex(
      "customers_lower_name_idx",
      'CREATE INDEX IF NOT EXISTS "customers_lower_name_idx" ON "customers" (lower("name") text_pattern_ops)',
    ),
    customerIndex(
      "customers_lower_email_idx",
      'CREATE INDEX IF NOT EXISTS "customers_lower_email_idx" ON "customers" (lower("email") text_pattern_ops)',
    ),
    customerIndex("customers_search_trgm_idx", trigramIndexBlock()),
    ...CUSTOMER_COMMON_INDEXES,
    TRANSACTION_CUSTOMER_KEY,
  ],
};

/** Every index an import may suspend on `provider`: the transactions' and the customers'. */
export function importIndexes(provider: Provider): readonly SuspendableIndex[] {
  return [...TRANSACTION_INDEXES, ...CUSTOMER_INDEXES[provider]];
}

/**
 * Drops the import's suspendable indexes before a large import; with `keepOrderIndex`, all but
 * the transactions' index by customer (a file grouped by customer extends it at its end); with
 * `keysOnly`, only the constraints (PostgreSQL's foreign key of orders to customers).
 */
export async function suspendImportIndexes(
  raw: RawSql,
  provider: Provider,
  {
    keepOrderIndex = false,
    keysOnly = false,
  }: { readonly keepOrderIndex?: boolean; readonly keysOnly?: boolean } = {},
): Promise<void> {
  for (const index of importIndexes(provider)) {
    if (keepOrderIndex && TRANSACTION_INDEXES.includes(index)) continue;
    if (keysOnly && !index.constraint) continue;
    await raw.execute(
      index.constraint
        ? `ALTER TABLE "${index.table}" DROP CONSTRAINT IF EXISTS "${index.name}"`
        : `DROP INDEX IF EXISTS "${index.name}"`,
    );
  }
}

/**
 * Recreates any suspended index; a no-op (a catalogue lookup each) when they all exist. On
 * PostgreSQL in one transaction with more sort memory than the server's default (64 MB), which
 * a GIN build uses to collect its entries: building 2.38M customers' trigram index in one piece
 * instead of several merges.
 */
export async function restoreImportIndexes(raw: RawSql, provider: Provider): Promise<void> {
  const missing = await missingImportIndexes(raw, provider);
  if (missing.length === 0) return;
  await raw.transaction(async (tx) => {
    if (provider === "postgresql") await tx.execute("SET LOCAL maintenance_work_mem = '256MB'");
    for (const index of importIndexes(provider)) {
      if (!missing.includes(index.name)) continue;
      if (index === TRANSACTION_CUSTOMER_KEY) await addCustomerKey(tx);
      else await tx.execute(index.create);
    }
  });
}

/** The foreign key back, the orders without a customer (none, normally) deleted if it fails. */
async function addCustomerKey(tx: RawSql): Promise<void> {
  await tx.execute("SAVEPOINT rfm_customer_key");
  try {
    await tx.execute(TRANSACTION_CUSTOMER_KEY.create);
  } catch (error) {
    // 23503: foreign_key_violation.
    if ((error as { code?: unknown }).code !== "23503") throw error;
    await tx.execute("ROLLBACK TO SAVEPOINT rfm_customer_key");
    await tx.execute(
      'DELETE FROM "transactions" t WHERE NOT EXISTS (SELECT 1 FROM "customers" c WHERE c."id" = t."customer_id")',
    );
    await tx.execute(TRANSACTION_CUSTOMER_KEY.create);
  }
  await tx.execute("RELEASE SAVEPOINT rfm_customer_key");
}

/**
 * The suspendable indexes the database lacks: left missing by an import that was killed (or is
 * still running, since a large one suspends them on purpose). None while the tables do not
 * exist yet (migrations pending).
 */
export async function missingImportIndexes(raw: RawSql, provider: Provider): Promise<string[]> {
  const [table] = await raw.query<{ present: unknown }>(
    provider === "sqlite"
      ? "SELECT count(*) AS present FROM sqlite_master WHERE type = 'table' AND name IN ('transactions', 'customers')"
      : "SELECT count(*) AS present FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('transactions', 'customers')",
  );
  if (Number(table?.present ?? 0) < 2) return [];
  const present = new Set(
    (
      await raw.query<{ name: string }>(
        provider === "sqlite"
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('transactions', 'customers')"
          : `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('transactions', 'customers')
             UNION ALL
             SELECT c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE n.nspname = current_schema() AND c.contype = 'f'`,
      )
    ).map((row) => row.name),
  );
  return importIndexes(provider)
    .filter((index) => !present.has(index.name))
    .map((index) => index.name);
}

/** Rebuilds the suspendable indexes the database lacks; returns their names. */
export async function repairImportIndexes(raw: RawSql, provider: Provider): Promise<string[]> {
  const missing = await missingImportIndexes(raw, provider);
  if (missing.length > 0) await restoreImportIndexes(raw, provider);
  return missing;
}
