/**
 * Prisma CLI configuration for the PostgreSQL schema: the JavaScript schema engine over a
 * driver adapter, no native engine. It serves `prisma generate` and `prisma migrate diff`;
 * `prisma migrate deploy` does not work on PostgreSQL in this mode (docs/storage.md), so
 * migrations are applied by `rfm db migrate`.
 *
 * The database is the application's (`DATABASE_URL`, read by apps/api/src/env.ts).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { parseDatabaseUrl } from "../../apps/api/src/db/connection";
import { env } from "../../apps/api/src/env";

const target = parseDatabaseUrl(env.DATABASE_URL);

export default defineConfig({
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => {
    if (target.provider !== "postgresql") throw new Error("DATABASE_URL is not a postgres:// URL");
    // `?schema=` is Prisma's convention, not the driver's: pass it to the adapter.
    return new PrismaPg(
      { connectionString: target.connectionString, options: `-c search_path=${target.schema}` },
      { schema: target.schema },
    );
  },
});
