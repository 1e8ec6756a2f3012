-- CreateTable
CREATE TABLE "scoring_schedules" (
    "id" SERIAL NOT NULL,
    "profile_id" INTEGER NOT NULL,
    "cron" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_run_at" TIMESTAMP(3),
    "last_run_at" TIMESTAMP(3),
    "last_run_id" INTEGER,
    "last_status" TEXT,
    "last_error" TEXT,
    "claimed_by" TEXT,
    "claimed_until" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scoring_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "scoring_schedules_profile_id_key" ON "scoring_schedules"("profile_id");

-- CreateIndex
CREATE INDEX "scoring_schedules_enabled_next_run_at_idx" ON "scoring_schedules"("enabled", "next_run_at");

