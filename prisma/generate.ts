/**
 * `npm run db:generate`: renders the per-provider schemas from models.prisma, then generates
 * both Prisma clients into apps/api/src/db/generated/<provider> (build output, not committed).
 * No database is opened: generation only reads the schema files.
 */
import { buildSchemas, PROVIDERS } from "./build-schemas";
import { runPrisma } from "./prisma-cli";

const started = performance.now();
buildSchemas();
for (const provider of PROVIDERS) {
  // The adapter is never connected by `generate`; any URL of the right kind will do.
  const url = provider === "sqlite" ? "file::memory:" : "postgres://localhost/unused";
  runPrisma(provider, ["generate", "--no-hints"], url);
}
process.stdout.write(
  `generated Prisma clients (${PROVIDERS.join(", ")}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
