-- CreateTable
CREATE TABLE "scoring_schedules" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "profile_id" INTEGER NOT NULL,
    "cron" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_run_at" DATETIME,
    "last_run_at" DATETIME,
    "last_run_id" INTEGER,
    "last_status" TEXT,
    "last_error" TEXT,
    "claimed_by" TEXT,
    "claimed_until" DATETIME,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "scoring_schedules_profile_id_key" ON "scoring_schedules"("profile_id");

-- CreateIndex
CREATE INDEX "scoring_schedules_enabled_next_run_at_idx" ON "scoring_schedules"("enabled", "next_run_at");

