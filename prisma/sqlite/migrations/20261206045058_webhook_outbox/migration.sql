-- CreateTable
CREATE TABLE "webhook_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "profile_id" INTEGER NOT NULL,
    "segment_key" TEXT,
    "data" JSONB NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "recorded_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" DATETIME
);

-- CreateIndex
CREATE INDEX "webhook_events_dispatched_at_occurred_at_idx" ON "webhook_events"("dispatched_at", "occurred_at");

