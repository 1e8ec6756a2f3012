-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "first_name" TEXT,
ADD COLUMN     "last_name" TEXT,
ADD COLUMN     "marketing_consent" BOOLEAN,
ADD COLUMN     "phone" TEXT;

-- AlterTable
ALTER TABLE "export_log" ADD COLUMN     "left_out_no_consent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "left_out_no_identifier" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "preset" TEXT NOT NULL DEFAULT 'ALL',
ADD COLUMN     "purpose" TEXT NOT NULL DEFAULT 'ANALYSIS';

