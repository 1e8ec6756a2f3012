-- AlterTable
ALTER TABLE "export_log" ADD COLUMN "audience" TEXT;

-- CreateTable
CREATE TABLE "saved_audiences" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "profile_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "saved_audience_versions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "audience_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "filter" JSONB NOT NULL,
    "note" TEXT,
    "saved_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "saved_by" TEXT NOT NULL,
    CONSTRAINT "saved_audience_versions_audience_id_fkey" FOREIGN KEY ("audience_id") REFERENCES "saved_audiences" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "saved_audiences_profile_id_name_key_key" ON "saved_audiences"("profile_id", "name_key");

-- CreateIndex
CREATE UNIQUE INDEX "saved_audience_versions_audience_id_version_key" ON "saved_audience_versions"("audience_id", "version");

-- CreateIndex
CREATE INDEX "customers_province_idx" ON "customers"("province");

-- CreateIndex
CREATE INDEX "customers_region_idx" ON "customers"("region");

-- CreateIndex
CREATE INDEX "customers_city_idx" ON "customers"("city");

