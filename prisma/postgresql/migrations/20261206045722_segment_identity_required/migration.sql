-- AlterTable
ALTER TABLE "mapping_segments" ALTER COLUMN "segment_id" SET NOT NULL;

