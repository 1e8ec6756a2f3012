-- Orders stored before currencies existed have none (the store's currency): record that, so a
-- run knows which currencies the data hold without scanning the orders (docs/scoring.md).
INSERT INTO "transaction_currencies" ("code")
SELECT '' WHERE EXISTS (SELECT 1 FROM "transactions");
