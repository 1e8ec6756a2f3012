-- Hand-written (Prisma cannot express indexes on expressions): the customer lists sorted by
-- CLV and by name (customer.repository.ts), as the (run_id, code, monetary_cents, customer_id)
-- index serves the default order by spend. Before them, a page of the Champions at 2.38M
-- customers sorted every Champion: 2.5 s by CLV, over 5 s by name.
--
-- By CLV: each code's customers in COALESCE(clv, -1) order, read ~50 entries per code.
CREATE INDEX IF NOT EXISTS "customer_scores_run_id_code_clv_idx" ON "customer_scores" ("run_id", "code", (COALESCE("clv", -1)), "customer_id");
-- By name: customers walked in COALESCE(name, '') order, each probed for its score in the run
-- (primary key), for codes holding enough customers that a page comes quickly; smaller codes
-- are sorted (customerPageSql).
CREATE INDEX IF NOT EXISTS "customers_name_sort_idx" ON "customers" ((COALESCE("name", '')), "id");
