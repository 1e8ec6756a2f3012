-- Hand-written (Prisma cannot express these): the indexes behind searchCustomers and the
-- audience search (docs/storage.md, "Finding a customer").
--
-- Exact and prefix matches: lower() expression indexes, read as ranges
-- (lower(x) >= lower(q) AND lower(x) < lower(q) || char(1114111)); the email one exists already
-- (customers_lower_email_idx). SQLite's lower() folds ASCII letters only, as LIKE does.
CREATE INDEX IF NOT EXISTS "customers_lower_external_id_idx" ON "customers" (lower("external_id"));
CREATE INDEX IF NOT EXISTS "customers_lower_name_idx" ON "customers" (lower("name"));

-- Substring matches (3 characters or more): an FTS5 trigram index over the three columns,
-- external content (the text stays in customers only), kept in step by the triggers below on
-- every write path (the importer, the API, plain SQL). case_sensitive 0 (the default) folds case.
CREATE VIRTUAL TABLE IF NOT EXISTS "customer_search" USING fts5(
  external_id, name, email,
  content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER IF NOT EXISTS "customers_search_insert" AFTER INSERT ON "customers" BEGIN
  INSERT INTO "customer_search" (rowid, external_id, name, email)
  VALUES (new."id", new."external_id", new."name", new."email");
END;

CREATE TRIGGER IF NOT EXISTS "customers_search_delete" AFTER DELETE ON "customers" BEGIN
  INSERT INTO "customer_search" ("customer_search", rowid, external_id, name, email)
  VALUES ('delete', old."id", old."external_id", old."name", old."email");
END;

CREATE TRIGGER IF NOT EXISTS "customers_search_update" AFTER UPDATE OF "external_id", "name", "email" ON "customers" BEGIN
  INSERT INTO "customer_search" ("customer_search", rowid, external_id, name, email)
  VALUES ('delete', old."id", old."external_id", old."name", old."email");
  INSERT INTO "customer_search" (rowid, external_id, name, email)
  VALUES (new."id", new."external_id", new."name", new."email");
END;

-- Existing stores: index the customers already there.
INSERT INTO "customer_search" ("customer_search") VALUES ('rebuild');
