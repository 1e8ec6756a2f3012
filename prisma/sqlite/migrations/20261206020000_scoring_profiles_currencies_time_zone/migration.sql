-- AlterTable
ALTER TABLE "transactions" ADD COLUMN "currency" TEXT;

-- CreateTable
CREATE TABLE "scoring_profiles" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "exchange_rates" (
    "date" DATETIME NOT NULL,
    "currency" TEXT NOT NULL,
    "base" TEXT NOT NULL,
    "rate" REAL NOT NULL,

    PRIMARY KEY ("currency", "base", "date")
);

-- CreateTable
CREATE TABLE "transaction_currencies" (
    "code" TEXT NOT NULL PRIMARY KEY
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_scoring_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "profile_id" INTEGER NOT NULL DEFAULT 1,
    "as_of" DATETIME NOT NULL,
    "window_from" DATETIME,
    "window_to" DATETIME,
    "bins" INTEGER NOT NULL,
    "method" JSONB NOT NULL,
    "thresholds" JSONB,
    "monetary_basis" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "customers_scored" INTEGER,
    "warnings" JSONB,
    "histogram" JSONB,
    "clv" JSONB,
    "transactions_read" INTEGER,
    "customers_without_purchases" INTEGER,
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME,
    "duration_ms" INTEGER,
    "error" TEXT,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "currency" TEXT,
    "currency_converted" BOOLEAN NOT NULL DEFAULT false,
    "left_out" JSONB
);
INSERT INTO "new_scoring_runs" ("as_of", "bins", "clv", "customers_scored", "customers_without_purchases", "duration_ms", "error", "finished_at", "histogram", "id", "method", "monetary_basis", "started_at", "status", "thresholds", "transactions_read", "warnings", "window_from", "window_to") SELECT "as_of", "bins", "clv", "customers_scored", "customers_without_purchases", "duration_ms", "error", "finished_at", "histogram", "id", "method", "monetary_basis", "started_at", "status", "thresholds", "transactions_read", "warnings", "window_from", "window_to" FROM "scoring_runs";
DROP TABLE "scoring_runs";
ALTER TABLE "new_scoring_runs" RENAME TO "scoring_runs";
CREATE INDEX "scoring_runs_profile_id_status_finished_at_idx" ON "scoring_runs"("profile_id", "status", "finished_at");
CREATE TABLE "new_mapping_versions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "profile_id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER,
    "based_on" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "author" TEXT NOT NULL,
    "note" TEXT,
    "bins" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" DATETIME
);
INSERT INTO "new_mapping_versions" ("author", "based_on", "bins", "created_at", "id", "note", "published_at", "status", "version") SELECT "author", "based_on", "bins", "created_at", "id", "note", "published_at", "status", "version" FROM "mapping_versions";
DROP TABLE "mapping_versions";
ALTER TABLE "new_mapping_versions" RENAME TO "mapping_versions";
CREATE INDEX "mapping_versions_profile_id_status_published_at_idx" ON "mapping_versions"("profile_id", "status", "published_at");
CREATE UNIQUE INDEX "mapping_versions_profile_id_version_key" ON "mapping_versions"("profile_id", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "scoring_profiles_key_key" ON "scoring_profiles"("key");

-- CreateIndex
CREATE UNIQUE INDEX "scoring_profiles_name_key" ON "scoring_profiles"("name");

