-- Segment identities for mappings written before identities existed (hand-written, idempotent:
-- it touches only mapping_segments rows without an identity, so a second run changes nothing).
--
-- One identity per (profile, segment name) across all of the profile's versions, drafts
-- included: the same name (trimmed, ignoring case) in successive versions is the same segment.
-- A segment renamed before this migration cannot be told from a new one, so its old and new
-- names start separate identities (docs/api.md says so). The key is the slug of the name as
-- rfm-core's `segmentKey` makes it for Latin letters (accents dropped, ß -> ss, apostrophes
-- dropped, every other run of characters outside a-z and 0-9 one dash, at most 64 characters,
-- `segment` when nothing is left); names of one profile with the same slug get -2, -3, ... in
-- the order they first appeared. Identity ids follow that order too.

CREATE TEMPORARY TABLE "_segment_identity_backfill" ON COMMIT DROP AS
WITH "names" AS (
  SELECT DISTINCT ON (v."profile_id", lower(trim(s."name")))
         v."profile_id" AS "profile_id", lower(trim(s."name")) AS "lname",
         s."version_id"::bigint * 100000 + s."position" AS "first_seen", trim(s."name") AS "name"
  FROM "mapping_segments" s JOIN "mapping_versions" v ON v."id" = s."version_id"
  WHERE s."segment_id" IS NULL
  ORDER BY v."profile_id", lower(trim(s."name")), s."version_id", s."position"
),
"slugs" AS (
  SELECT "profile_id", "lname", "first_seen",
         COALESCE(NULLIF(rtrim(left(trim(BOTH '-' FROM regexp_replace(
           regexp_replace(lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("name", 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'Ç', 'c'), 'ç', 'c'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'Ñ', 'n'), 'ñ', 'n'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ø', 'o'), 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ø', 'o'), 'Ù', 'u'), 'Ú', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'Ý', 'y'), 'ý', 'y'), 'ÿ', 'y'), 'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe')), '[''’‘`´]', '', 'g'),
           '[^a-z0-9]+', '-', 'g')), 64), '-'), ''), 'segment') AS "slug"
  FROM "names"
),
"ranked" AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY "profile_id", "slug" ORDER BY "first_seen") AS "rn" FROM "slugs"
)
SELECT "profile_id", "lname", "first_seen",
       CASE WHEN "rn" = 1 THEN "slug"
            ELSE rtrim(left("slug", 64 - length('-' || "rn")), '-') || '-' || "rn" END AS "key"
FROM "ranked";

INSERT INTO "segments" ("profile_id", "key", "created_at")
SELECT b."profile_id", b."key", CURRENT_TIMESTAMP
FROM "_segment_identity_backfill" b
WHERE NOT EXISTS (SELECT 1 FROM "segments" x WHERE x."profile_id" = b."profile_id" AND x."key" = b."key")
ORDER BY b."profile_id", b."first_seen";

UPDATE "mapping_segments" s SET "segment_id" = x."id"
FROM "mapping_versions" v, "_segment_identity_backfill" b, "segments" x
WHERE v."id" = s."version_id"
  AND b."profile_id" = v."profile_id" AND b."lname" = lower(trim(s."name"))
  AND x."profile_id" = b."profile_id" AND x."key" = b."key"
  AND s."segment_id" IS NULL;

DROP TABLE "_segment_identity_backfill";
