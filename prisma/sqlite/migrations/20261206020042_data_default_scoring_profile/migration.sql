-- The default scoring profile (id 1, key `default`): the behaviour before profiles existed.
-- Every existing run and mapping version belongs to it (the columns' default is 1). Its bins
-- are those of the published mapping, so its runs and mapping keep agreeing.
INSERT INTO "scoring_profiles" ("id", "key", "name", "settings", "is_default", "created_at", "updated_at")
SELECT 1, 'default', 'All channels', json_object(
    'bins', COALESCE((SELECT "bins" FROM "mapping_versions" WHERE "status" = 'published' ORDER BY "version" DESC LIMIT 1), 4),
    'windowDays', NULL,
    'channels', NULL,
    'monetaryBasis', 'total',
    'methods', json_object('recency', json_object('kind', 'quantile'), 'frequency', json_object('kind', 'quantile'), 'monetary', json_object('kind', 'quantile')),
    'clv', 'model',
    'currency', NULL
  ), 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000
WHERE NOT EXISTS (SELECT 1 FROM "scoring_profiles" WHERE "id" = 1);

UPDATE "scoring_runs" SET "profile_id" = 1;
UPDATE "mapping_versions" SET "profile_id" = 1;
