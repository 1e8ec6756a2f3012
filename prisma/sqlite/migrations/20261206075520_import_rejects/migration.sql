-- CreateTable
CREATE TABLE "import_rejects" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "import_id" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "column" TEXT,
    "code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "hint_option" TEXT,
    "hint_values" TEXT,
    "raw" TEXT NOT NULL,
    CONSTRAINT "import_rejects_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "import_log" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "import_rejects_import_id_line_idx" ON "import_rejects"("import_id", "line");

