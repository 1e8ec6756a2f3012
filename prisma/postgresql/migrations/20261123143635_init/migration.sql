-- CreateTable
CREATE TABLE "customers" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "province" TEXT,
    "region" TEXT,
    "city" TEXT,
    "created_at" TIMESTAMP(3),
    "imported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions" (
    "id" SERIAL NOT NULL,
    "order_id" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "line_count" INTEGER NOT NULL DEFAULT 1,
    "channel" TEXT,
    "province" TEXT,
    "region" TEXT,
    "city" TEXT,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scoring_runs" (
    "id" SERIAL NOT NULL,
    "as_of" TIMESTAMP(3) NOT NULL,
    "window_from" TIMESTAMP(3),
    "window_to" TIMESTAMP(3),
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
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "duration_ms" INTEGER,
    "error" TEXT,

    CONSTRAINT "scoring_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_scores" (
    "run_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "recency_days" INTEGER NOT NULL,
    "frequency" INTEGER NOT NULL,
    "monetary_cents" BIGINT NOT NULL,
    "r" INTEGER NOT NULL,
    "f" INTEGER NOT NULL,
    "m" INTEGER NOT NULL,
    "code" INTEGER NOT NULL,
    "clv" DOUBLE PRECISION,

    CONSTRAINT "customer_scores_pkey" PRIMARY KEY ("run_id","customer_id")
);

-- CreateTable
CREATE TABLE "mapping_versions" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "author" TEXT NOT NULL,
    "note" TEXT,
    "bins" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMP(3),

    CONSTRAINT "mapping_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mapping_segments" (
    "version_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "action" TEXT,
    "color" TEXT,
    "codes" JSONB NOT NULL,
    "rules" JSONB,

    CONSTRAINT "mapping_segments_pkey" PRIMARY KEY ("version_id","position")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "export_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "token_id" INTEGER,
    "segment" TEXT NOT NULL,
    "mapping_version" INTEGER NOT NULL,
    "run_id" INTEGER NOT NULL,
    "format" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,

    CONSTRAINT "export_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_log" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "present" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,

    CONSTRAINT "import_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers"("external_id");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_order_id_key" ON "transactions"("order_id");

-- CreateIndex
CREATE INDEX "transactions_customer_id_occurred_at_amount_cents_idx" ON "transactions"("customer_id", "occurred_at", "amount_cents");

-- CreateIndex
CREATE INDEX "scoring_runs_status_finished_at_idx" ON "scoring_runs"("status", "finished_at");

-- CreateIndex
CREATE INDEX "customer_scores_run_id_code_idx" ON "customer_scores"("run_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "mapping_versions_version_key" ON "mapping_versions"("version");

-- CreateIndex
CREATE INDEX "mapping_versions_status_published_at_idx" ON "mapping_versions"("status", "published_at");

-- CreateIndex
CREATE UNIQUE INDEX "mapping_segments_version_id_name_key" ON "mapping_segments"("version_id", "name");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "export_log_at_idx" ON "export_log"("at");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens"("hash");

-- CreateIndex
CREATE INDEX "import_log_started_at_idx" ON "import_log"("started_at");

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mapping_segments" ADD CONSTRAINT "mapping_segments_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "mapping_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_log" ADD CONSTRAINT "export_log_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

