-- AlterTable
ALTER TABLE "mapping_segments" ADD COLUMN     "segment_id" INTEGER;

-- CreateTable
CREATE TABLE "segments" (
    "id" SERIAL NOT NULL,
    "profile_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "segments_profile_id_key_key" ON "segments"("profile_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "mapping_segments_segment_id_version_id_key" ON "mapping_segments"("segment_id", "version_id");

-- AddForeignKey
ALTER TABLE "mapping_segments" ADD CONSTRAINT "mapping_segments_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

