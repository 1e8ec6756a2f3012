-- The default scoring profile (id 1, key `default`): the behaviour before profiles existed.
-- Every existing run and mapping version belongs to it (the columns' default is 1). Its bins
-- are those of the published mapping, so its runs and mapping keep agreeing.
INSERT INTO "scoring_profiles" ("id", "key", "name", "settings", "is_default", "created_at", "updated_at")
SELECT 1, 'default', 'All channels', jsonb_build_object(
    'bins', COALESCE((SELECT "bins" FROM "mapping_versions" WHERE "status" = 'published' ORDER BY "version" DESC LIMIT 1), 4),
    'windowDays', NULL,
    'channels', NULL,
    'monetaryBasis', 'total',
    'methods', jsonb_build_object('recency', jsonb_build_object('kind', 'quantile'), 'frequency', jsonb_build_object('kind', 'quantile'), 'monetary', jsonb_build_object('kind', 'quantile')),
    'clv', 'model',
    'currency', NULL
  ), true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
WHERE NOT EXISTS (SELECT 1 FROM "scoring_profiles" WHERE "id" = 1);
-- The id was given: move the sequence past it.
SELECT setval(pg_get_serial_sequence('"scoring_profiles"', 'id'), GREATEST((SELECT max("id") FROM "scoring_profiles"), 1));

UPDATE "scoring_runs" SET "profile_id" = 1;
UPDATE "mapping_versions" SET "profile_id" = 1;
