-- CreateTable
CREATE TABLE "segment_members" (
    "profile_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "segment_key" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "since_run_id" INTEGER NOT NULL,

    CONSTRAINT "segment_members_pkey" PRIMARY KEY ("profile_id","customer_id")
);

-- CreateTable
CREATE TABLE "segment_changes" (
    "id" SERIAL NOT NULL,
    "profile_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "segment_key" TEXT NOT NULL,
    "segment_name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "run_id" INTEGER NOT NULL,
    "mapping_version_id" INTEGER NOT NULL,

    CONSTRAINT "segment_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_recordings" (
    "profile_id" INTEGER NOT NULL,
    "run_id" INTEGER NOT NULL,
    "mapping_version_id" INTEGER NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "segment_recordings_pkey" PRIMARY KEY ("profile_id")
);

-- CreateTable
CREATE TABLE "membership_outbox_cursors" (
    "profile_id" INTEGER NOT NULL,
    "enqueued_through" INTEGER NOT NULL,

    CONSTRAINT "membership_outbox_cursors_pkey" PRIMARY KEY ("profile_id")
);

-- CreateIndex
CREATE INDEX "segment_members_profile_id_segment_key_idx" ON "segment_members"("profile_id", "segment_key");

-- CreateIndex
CREATE INDEX "segment_changes_profile_id_segment_key_id_idx" ON "segment_changes"("profile_id", "segment_key", "id");

-- CreateIndex
CREATE INDEX "segment_changes_profile_id_id_idx" ON "segment_changes"("profile_id", "id");

