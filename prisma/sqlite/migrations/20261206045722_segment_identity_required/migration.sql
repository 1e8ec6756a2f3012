-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_mapping_segments" (
    "version_id" INTEGER NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "action" TEXT,
    "color" TEXT,
    "codes" JSONB NOT NULL,
    "rules" JSONB,

    PRIMARY KEY ("version_id", "position"),
    CONSTRAINT "mapping_segments_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "mapping_versions" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "mapping_segments_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_mapping_segments" ("action", "codes", "color", "description", "name", "position", "rules", "segment_id", "version_id") SELECT "action", "codes", "color", "description", "name", "position", "rules", "segment_id", "version_id" FROM "mapping_segments";
DROP TABLE "mapping_segments";
ALTER TABLE "new_mapping_segments" RENAME TO "mapping_segments";
CREATE UNIQUE INDEX "mapping_segments_version_id_name_key" ON "mapping_segments"("version_id", "name");
CREATE UNIQUE INDEX "mapping_segments_segment_id_version_id_key" ON "mapping_segments"("segment_id", "version_id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

