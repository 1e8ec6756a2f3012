-- DropIndex
DROP INDEX "customer_scores_run_id_code_idx";

-- AlterTable
ALTER TABLE "mapping_versions" ADD COLUMN     "based_on" INTEGER,
ALTER COLUMN "version" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "customer_scores_run_id_code_monetary_cents_customer_id_idx" ON "customer_scores"("run_id", "code", "monetary_cents", "customer_id");

