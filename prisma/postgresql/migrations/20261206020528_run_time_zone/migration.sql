-- AlterTable
ALTER TABLE "scoring_runs" ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'UTC';

