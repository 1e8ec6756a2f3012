import type { Command } from "commander";
import { parseDatabaseUrl } from "../db/connection";
import { parseClickHouseUrl } from "../db/facts/clickhouse/connection";
import { type MigrationState, migrate, migrationStatus, missingIndexes } from "../db/migrate";
import { env } from "../env";

/**
 * The database a command works on, for people: provider and location, never a password; with
 * an `ANALYTICS_URL` (the default: the environment's), also the ClickHouse cluster the facts are on.
 */
export function describeDatabase(
  url: string,
  analyticsUrl: string | null = env.ANALYTICS_URL ?? null,
): string {
  const target = parseDatabaseUrl(url);
  const app =
    target.provider === "sqlite"
      ? `SQLite ${target.path}`
      : (() => {
          const parsed = new URL(target.connectionString);
          return `PostgreSQL ${parsed.host}${parsed.pathname} (schema ${target.schema})`;
        })();
  return analyticsUrl ? `${app}, facts on ${describeClickHouseUrl(analyticsUrl)}` : app;
}

/** A ClickHouse URL for people: servers, database and cluster, never a password. */
export function describeClickHouseUrl(url: string): string {
  const target = parseClickHouseUrl(url);
  return `ClickHouse ${target.shards.join(", ")} database ${target.database} (cluster ${target.cluster})`;
}

const STATE_LABEL: Record<MigrationState, string> = {
  applied: "applied",
  pending: "pending",
  modified: "CHANGED after it was applied",
  failed: "FAILED (resolve it)",
  unknown: "applied, not in this checkout",
};

export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("Database schema: apply and inspect migrations.");

  db.command("migrate")
    .description(
      "Apply pending migrations to DATABASE_URL and rebuild indexes a killed import left missing (also done automatically on first use).",
    )
    .action(async () => {
      const url = env.DATABASE_URL;
      const started = performance.now();
      const result = await migrate(url);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (result.applied.length === 0) {
        process.stdout.write(
          `${describeDatabase(url, null)}: up to date (${result.alreadyApplied} migrations applied).\n`,
        );
      } else {
        process.stdout.write(`${describeDatabase(url, null)}: applied in ${seconds} s\n`);
        for (const name of result.applied) process.stdout.write(`  ${name}\n`);
      }
      for (const name of result.rebuiltIndexes) {
        process.stdout.write(`Rebuilt index ${name}, which an import had suspended and not restored.\n`);
      }
    });

  db.command("status")
    .description(
      "List migrations and whether each is applied (exit code 1 if any is not), and indexes a killed import left missing.",
    )
    .action(async () => {
      const url = env.DATABASE_URL;
      const statuses = await migrationStatus(url);
      process.stdout.write(`${describeDatabase(url)}\n`);
      for (const status of statuses) {
        const when = status.finishedAt === null ? "" : `  ${new Date(status.finishedAt).toISOString()}`;
        process.stdout.write(`  ${status.name}  ${STATE_LABEL[status.state]}${when}\n`);
      }
      const behind = statuses.filter((s) => s.state === "pending").length;
      const broken = statuses.filter((s) => s.state === "modified" || s.state === "failed").length;
      if (broken > 0) {
        process.stdout.write(`${broken} migration(s) need attention before anything else is applied.\n`);
        process.exitCode = 1;
      } else if (behind > 0) {
        process.stdout.write(`${behind} pending: run \`rfm db migrate\`.\n`);
        process.exitCode = 1;
      } else {
        process.stdout.write("Database schema is up to date.\n");
      }
      // Informational, not a failure (the exit code stays): the database works without it, only
      // slower, the next start rebuilds it, and an import still running suspends it on purpose.
      for (const name of await missingIndexes(url)) {
        process.stdout.write(
          `Index ${name} is missing (an import was killed before restoring it, or is still running); run \`rfm db migrate\` to rebuild it.\n`,
        );
      }
    });
}
