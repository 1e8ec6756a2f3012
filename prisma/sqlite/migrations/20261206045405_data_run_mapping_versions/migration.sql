-- Hand-written data migration (idempotent: fills only runs that have no version yet).
-- Each complete run records the mapping version that was published for its profile when it
-- completed (scoring_runs.mapping_version_id, set at completion from now on): segmentHistory
-- names a run's segments from it. Runs from before the column get the version published at
-- their finished_at: the profile's latest version published at or before it; a run finished
-- before its profile's first publish (the preset is published on first use) gets that first
-- version, which is the one that first labelled it.
UPDATE "scoring_runs" SET "mapping_version_id" = COALESCE(
  (SELECT m."id" FROM "mapping_versions" m
    WHERE m."profile_id" = "scoring_runs"."profile_id" AND m."status" = 'published'
      AND m."published_at" <= "scoring_runs"."finished_at"
    ORDER BY m."version" DESC LIMIT 1),
  (SELECT m."id" FROM "mapping_versions" m
    WHERE m."profile_id" = "scoring_runs"."profile_id" AND m."status" = 'published'
    ORDER BY m."version" ASC LIMIT 1))
WHERE "status" = 'complete' AND "mapping_version_id" IS NULL;
