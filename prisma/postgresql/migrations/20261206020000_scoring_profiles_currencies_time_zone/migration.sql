-- DropIndex
DROP INDEX "scoring_runs_status_finished_at_idx";

-- DropIndex
DROP INDEX "mapping_versions_version_key";

-- DropIndex
DROP INDEX "mapping_versions_status_published_at_idx";

-- AlterTable
ALTER TABLE "transactions" ADD COLUMN     "currency" TEXT;

-- AlterTable
ALTER TABLE "scoring_runs" ADD COLUMN     "currency" TEXT,
ADD COLUMN     "currency_converted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "left_out" JSONB,
ADD COLUMN     "profile_id" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "mapping_versions" ADD COLUMN     "profile_id" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "scoring_profiles" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scoring_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exchange_rates" (
    "date" TIMESTAMP(3) NOT NULL,
    "currency" TEXT NOT NULL,
    "base" TEXT NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "exchange_rates_pkey" PRIMARY KEY ("currency","base","date")
);

-- CreateTable
CREATE TABLE "transaction_currencies" (
    "code" TEXT NOT NULL,

    CONSTRAINT "transaction_currencies_pkey" PRIMARY KEY ("code")
);

-- CreateIndex
CREATE UNIQUE INDEX "scoring_profiles_key_key" ON "scoring_profiles"("key");

-- CreateIndex
CREATE UNIQUE INDEX "scoring_profiles_name_key" ON "scoring_profiles"("name");

-- CreateIndex
CREATE INDEX "scoring_runs_profile_id_status_finished_at_idx" ON "scoring_runs"("profile_id", "status", "finished_at");

-- CreateIndex
CREATE INDEX "mapping_versions_profile_id_status_published_at_idx" ON "mapping_versions"("profile_id", "status", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "mapping_versions_profile_id_version_key" ON "mapping_versions"("profile_id", "version");

