-- AlterTable
ALTER TABLE "customers" ADD COLUMN "first_name" TEXT;
ALTER TABLE "customers" ADD COLUMN "last_name" TEXT;
ALTER TABLE "customers" ADD COLUMN "marketing_consent" BOOLEAN;
ALTER TABLE "customers" ADD COLUMN "phone" TEXT;

-- AlterTable (hand-edited from Prisma's table redefinition: SQLite adds a NOT NULL column with a
-- constant default in place, the same table as the redefinition gives)
ALTER TABLE "export_log" ADD COLUMN "preset" TEXT NOT NULL DEFAULT 'ALL';
ALTER TABLE "export_log" ADD COLUMN "purpose" TEXT NOT NULL DEFAULT 'ANALYSIS';
ALTER TABLE "export_log" ADD COLUMN "left_out_no_consent" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "export_log" ADD COLUMN "left_out_no_identifier" INTEGER NOT NULL DEFAULT 0;
