/**
 * Prisma CLI configuration for the SQLite schema, in the mode that works offline (docs/storage.md):
 * the JavaScript schema engine over a driver adapter, no native engine.
 *
 *   npx prisma migrate status --config prisma/sqlite/prisma.config.ts
 *
 * The database is the application's (`DATABASE_URL`, read by apps/api/src/env.ts).
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { env } from "../../apps/api/src/env";

export default defineConfig({
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () =>
    new PrismaBetterSQLite3({ url: env.DATABASE_URL }, { timestampFormat: "unixepoch-ms" }),
});
