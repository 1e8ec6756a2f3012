-- AlterTable
ALTER TABLE "transactions" ADD COLUMN     "currency" TEXT;

-- AlterTable
ALTER TABLE "scoring_runs" ADD COLUMN     "currency" TEXT,
ADD COLUMN     "currency_converted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "left_out" JSONB;

-- CreateTable
CREATE TABLE "exchange_rates" (
    "date" TIMESTAMP(3) NOT NULL,
    "currency" TEXT NOT NULL,
    "base" TEXT NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "exchange_rates_pkey" PRIMARY KEY ("currency","base","date")
);

-- CreateTable
CREATE TABLE "transaction_currencies" (
    "code" TEXT NOT NULL,

    CONSTRAINT "transaction_currencies_pkey" PRIMARY KEY ("code")
);

