-- AlterTable
ALTER TABLE "scoring_runs" ADD COLUMN "mapping_version_id" INTEGER;

