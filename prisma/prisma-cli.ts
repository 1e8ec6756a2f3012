/**
 * Runs the Prisma CLI in the mode that works without Prisma's native engines (docs/storage.md):
 * each provider has a prisma.config.ts selecting the JavaScript engine and a driver adapter.
 * The CLI still looks for native engine files before some commands; pointing the documented
 * custom-engine variables at an existing file skips that look-up (nothing executes the file in
 * this mode), and CHECKPOINT_DISABLE stops its update check from calling out to the network.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { childEnv } from "../apps/api/src/env";
import { PRISMA_DIR, type Provider } from "./build-schemas";

const require = createRequire(import.meta.url);
const PRISMA_CLI = require.resolve("prisma/build/index.js");

export function configPath(provider: Provider): string {
  return join(PRISMA_DIR, provider, "prisma.config.ts");
}

/**
 * Runs `prisma <args> --config prisma/<provider>/prisma.config.ts` and returns its stdout.
 * `databaseUrl` is the database the config's adapter opens (some commands connect even when
 * they only compare schema files). Throws with the CLI's output on a non-zero exit.
 */
export function runPrisma(provider: Provider, args: readonly string[], databaseUrl: string): string {
  const result = spawnSync(process.execPath, [PRISMA_CLI, ...args, "--config", configPath(provider)], {
    encoding: "utf8",
    env: childEnv({
      DATABASE_URL: databaseUrl,
      PRISMA_QUERY_ENGINE_LIBRARY: PRISMA_CLI,
      PRISMA_SCHEMA_ENGINE_BINARY: PRISMA_CLI,
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    }),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `prisma ${args.join(" ")} (${provider}) failed with exit code ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}
