-- Hand-written (Prisma cannot express an index on an expression): serves customerByEmail,
-- which compares lower(email) = lower($1) on both engines. Idempotent.
CREATE INDEX IF NOT EXISTS "customers_lower_email_idx" ON "customers" (lower("email"));
