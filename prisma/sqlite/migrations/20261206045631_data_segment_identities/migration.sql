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

CREATE TABLE IF NOT EXISTS "_segment_identity_backfill" (
  "profile_id" INTEGER NOT NULL,
  "lname" TEXT NOT NULL,
  "first_seen" INTEGER NOT NULL,
  "slug" TEXT NOT NULL,
  "key" TEXT
);
DELETE FROM "_segment_identity_backfill";

-- Each (profile, name) without an identity, the spelling of its first appearance, folded.
INSERT INTO "_segment_identity_backfill" ("profile_id", "lname", "first_seen", "slug")
WITH RECURSIVE
  "names" AS (
    -- SQLite: the bare column "name" comes from the row holding MIN(...).
    SELECT v."profile_id" AS "profile_id", lower(trim(s."name")) AS "lname",
           MIN(s."version_id" * 100000 + s."position") AS "first_seen", trim(s."name") AS "name"
    FROM "mapping_segments" s JOIN "mapping_versions" v ON v."id" = s."version_id"
    WHERE s."segment_id" IS NULL
    GROUP BY v."profile_id", lower(trim(s."name"))
  ),
  "folded" AS (
    SELECT "profile_id", "lname", "first_seen", lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace("name", 'À', 'a'), 'Á', 'a'), 'Â', 'a'), 'Ã', 'a'), 'Ä', 'a'), 'Å', 'a'), 'à', 'a'), 'á', 'a'), 'â', 'a'), 'ã', 'a'), 'ä', 'a'), 'å', 'a'), 'Ç', 'c'), 'ç', 'c'), 'È', 'e'), 'É', 'e'), 'Ê', 'e'), 'Ë', 'e'), 'è', 'e'), 'é', 'e'), 'ê', 'e'), 'ë', 'e'), 'Ì', 'i'), 'Í', 'i'), 'Î', 'i'), 'Ï', 'i'), 'ì', 'i'), 'í', 'i'), 'î', 'i'), 'ï', 'i'), 'Ñ', 'n'), 'ñ', 'n'), 'Ò', 'o'), 'Ó', 'o'), 'Ô', 'o'), 'Õ', 'o'), 'Ö', 'o'), 'Ø', 'o'), 'ò', 'o'), 'ó', 'o'), 'ô', 'o'), 'õ', 'o'), 'ö', 'o'), 'ø', 'o'), 'Ù', 'u'), 'Ú', 'u'), 'Û', 'u'), 'Ü', 'u'), 'ù', 'u'), 'ú', 'u'), 'û', 'u'), 'ü', 'u'), 'Ý', 'y'), 'ý', 'y'), 'ÿ', 'y'), 'ß', 'ss'), 'Æ', 'ae'), 'æ', 'ae'), 'Œ', 'oe'), 'œ', 'oe')) AS "f" FROM "names"
  ),
  "walk" ("profile_id", "lname", "first_seen", "f", "i", "out") AS (
    SELECT "profile_id", "lname", "first_seen", "f", 1, '' FROM "folded"
    UNION ALL
    SELECT "profile_id", "lname", "first_seen", "f", "i" + 1,
      CASE
        WHEN substr("f", "i", 1) GLOB '[a-z0-9]' THEN "out" || substr("f", "i", 1)
        WHEN substr("f", "i", 1) IN ('''', '’', '‘', '`', '´') THEN "out"
        WHEN "out" = '' OR substr("out", -1, 1) = '-' THEN "out"
        ELSE "out" || '-'
      END
    FROM "walk" WHERE "i" <= length("f")
  )
SELECT "profile_id", "lname", "first_seen",
       COALESCE(NULLIF(rtrim(substr(rtrim("out", '-'), 1, 64), '-'), ''), 'segment')
FROM "walk" WHERE "i" = length("f") + 1;

-- Same slug in one profile: -2, -3, ... by first appearance (n = how many appeared before).
UPDATE "_segment_identity_backfill" SET "key" = (
  SELECT CASE WHEN n."before" = 0 THEN "slug"
              ELSE rtrim(substr("slug", 1, 64 - length('-' || (n."before" + 1))), '-') || '-' || (n."before" + 1) END
  FROM (
    SELECT count(*) AS "before" FROM "_segment_identity_backfill" o
    WHERE o."profile_id" = "_segment_identity_backfill"."profile_id"
      AND o."slug" = "_segment_identity_backfill"."slug"
      AND o."first_seen" < "_segment_identity_backfill"."first_seen"
  ) n
);

INSERT INTO "segments" ("profile_id", "key", "created_at")
SELECT b."profile_id", b."key", CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM "_segment_identity_backfill" b
WHERE NOT EXISTS (SELECT 1 FROM "segments" x WHERE x."profile_id" = b."profile_id" AND x."key" = b."key")
ORDER BY b."profile_id", b."first_seen";

UPDATE "mapping_segments" SET "segment_id" = (
  SELECT x."id"
  FROM "mapping_versions" v
  JOIN "_segment_identity_backfill" b ON b."profile_id" = v."profile_id" AND b."lname" = lower(trim("mapping_segments"."name"))
  JOIN "segments" x ON x."profile_id" = b."profile_id" AND x."key" = b."key"
  WHERE v."id" = "mapping_segments"."version_id"
)
WHERE "segment_id" IS NULL;

DROP TABLE "_segment_identity_backfill";
