-- Hand-written (Prisma cannot express these): the indexes behind searchCustomers and the
-- audience search (docs/storage.md, "Finding a customer").
--
-- Exact and prefix matches: lower() expression indexes with text_pattern_ops, so
-- `lower(x) LIKE 'prefix%'` is an index range whatever the database's collation (the default
-- operator class serves LIKE only under the C collation). text_pattern_ops serves `=` as well,
-- so the email index is redefined with it and still serves customerByEmail.
CREATE INDEX IF NOT EXISTS "customers_lower_external_id_idx" ON "customers" (lower("external_id") text_pattern_ops);
CREATE INDEX IF NOT EXISTS "customers_lower_name_idx" ON "customers" (lower("name") text_pattern_ops);
DROP INDEX IF EXISTS "customers_lower_email_idx";
CREATE INDEX "customers_lower_email_idx" ON "customers" (lower("email") text_pattern_ops);

-- Substring matches (3 characters or more): one pg_trgm GIN index over the three columns joined
-- by a unit separator (chr(31), never in a search: it is stripped from queries), which pg_trgm
-- reads as a word break. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner
-- may create it. It is created once per database, in "public" when that schema exists (never
-- in the migrated schema: dropping that schema would drop the extension and every other
-- schema's trigram index with it); where it already exists, its schema is used.
DO $$
DECLARE
  trgm_schema text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
      CREATE EXTENSION pg_trgm WITH SCHEMA public;
    ELSE
      CREATE EXTENSION pg_trgm;
    END IF;
  END IF;
  SELECT n.nspname INTO trgm_schema
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname = 'pg_trgm';
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS "customers_search_trgm_idx" ON "customers" USING gin '
    '((lower("external_id" || chr(31) || coalesce("name", '''') || chr(31) || coalesce("email", ''''))) %I.gin_trgm_ops)',
    trgm_schema
  );
END
$$;
