-- AlterTable
ALTER TABLE "transactions" ADD COLUMN "currency" TEXT;

-- CreateTable
CREATE TABLE "exchange_rates" (
    "date" DATETIME NOT NULL,
    "currency" TEXT NOT NULL,
    "base" TEXT NOT NULL,
    "rate" REAL NOT NULL,

    PRIMARY KEY ("currency", "base", "date")
);

-- CreateTable
CREATE TABLE "transaction_currencies" (
    "code" TEXT NOT NULL PRIMARY KEY
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_scoring_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "as_of" DATETIME NOT NULL,
    "window_from" DATETIME,
    "window_to" DATETIME,
    "bins" INTEGER NOT NULL,
    "method" JSONB NOT NULL,
    "thresholds" JSONB,
    "monetary_basis" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "customers_scored" INTEGER,
    "warnings" JSONB,
    "histogram" JSONB,
    "clv" JSONB,
    "transactions_read" INTEGER,
    "customers_without_purchases" INTEGER,
    "started_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" DATETIME,
    "duration_ms" INTEGER,
    "error" TEXT,
    "currency" TEXT,
    "currency_converted" BOOLEAN NOT NULL DEFAULT false,
    "left_out" JSONB
);
INSERT INTO "new_scoring_runs" ("as_of", "bins", "clv", "customers_scored", "customers_without_purchases", "duration_ms", "error", "finished_at", "histogram", "id", "method", "monetary_basis", "started_at", "status", "thresholds", "transactions_read", "warnings", "window_from", "window_to") SELECT "as_of", "bins", "clv", "customers_scored", "customers_without_purchases", "duration_ms", "error", "finished_at", "histogram", "id", "method", "monetary_basis", "started_at", "status", "thresholds", "transactions_read", "warnings", "window_from", "window_to" FROM "scoring_runs";
DROP TABLE "scoring_runs";
ALTER TABLE "new_scoring_runs" RENAME TO "scoring_runs";
CREATE INDEX "scoring_runs_status_finished_at_idx" ON "scoring_runs"("status", "finished_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

