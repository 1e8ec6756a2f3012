-- DropIndex
DROP INDEX "customer_scores_run_id_code_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_mapping_versions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER,
    "based_on" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "author" TEXT NOT NULL,
    "note" TEXT,
    "bins" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" DATETIME
);
INSERT INTO "new_mapping_versions" ("author", "bins", "created_at", "id", "note", "published_at", "status", "version") SELECT "author", "bins", "created_at", "id", "note", "published_at", "status", "version" FROM "mapping_versions";
DROP TABLE "mapping_versions";
ALTER TABLE "new_mapping_versions" RENAME TO "mapping_versions";
CREATE UNIQUE INDEX "mapping_versions_version_key" ON "mapping_versions"("version");
CREATE INDEX "mapping_versions_status_published_at_idx" ON "mapping_versions"("status", "published_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "customer_scores_run_id_code_monetary_cents_customer_id_idx" ON "customer_scores"("run_id", "code", "monetary_cents", "customer_id");

