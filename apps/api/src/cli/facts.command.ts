/**
 * `rfm facts copy --to clickhouse://...`: moves an existing store's facts (customers, orders and,
 * with `--scores`, each profile's current run's scores) out of DATABASE_URL's SQLite or
 * PostgreSQL database into a ClickHouse cluster (db/facts/copy.ts; docs/clickhouse.md, "Moving
 * an existing store"). The app's state stays in DATABASE_URL; once the copy is done, setting
 * ANALYTICS_URL to the same URL makes every command and `rfm serve` read the facts there.
 *
 * Named `copy`, not `migrate`: nothing is deleted from the source (which keeps working until
 * ANALYTICS_URL is set), and `rfm db migrate` already means schema migrations. A copy stopped
 * half-way is finished by running it again: the writes are the importer's, idempotent.
 */
import { type Command, InvalidArgumentError } from "commander";
import { openDatabase } from "../db/client";
import { type CopyProgress, copyFacts, DEFAULT_COPY_BATCH, type TableCopy } from "../db/facts/copy";
import { env } from "../env";
import { listProfiles } from "../modules/profile/profile.repository";
import { getCurrentRun } from "../modules/scoring/scoring.repository";
import { describeClickHouseUrl, describeDatabase } from "./db.command";
import { positiveInteger } from "./options";

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export interface FactsCopyCommandOptions {
  readonly to: string;
  readonly scores?: boolean;
  readonly batch?: number;
}

/** The URL as printed: the password, if any, left out. */
/** The URL with its password, if any, replaced by `***` (what is printed goes to logs). */
export function withoutPassword(url: string): string {
  return url.replace(/^(clickhouses?:\/\/[^:@/]*:)[^@/]*@/, "$1***@");
}

export async function runFactsCopy(options: FactsCopyCommandOptions): Promise<void> {
  if (!/^clickhouses?:\/\//.test(options.to)) {
    throw new InvalidArgumentError(
      `--to must be a ClickHouse URL, clickhouse://host:8123[,host2:8123]/database?cluster=NAME, got "${options.to}"`,
    );
  }
  const described = describeClickHouseUrl(options.to);
  // The source: the facts in DATABASE_URL's own tables, whatever ANALYTICS_URL says.
  const source = await openDatabase(env.DATABASE_URL, { analyticsUrl: null });
  try {
    const target = await openDatabase(env.DATABASE_URL, { analyticsUrl: options.to, migrate: false });
    try {
      const scoreRuns: number[] = [];
      if (options.scores) {
        for (const profile of await listProfiles(source)) {
          const run = await getCurrentRun(source, profile.id);
          if (run) scoreRuns.push(run.id);
        }
      }
      process.stdout.write(
        `Copying the facts of ${describeDatabase(env.DATABASE_URL, null)} to ${described}` +
          (options.scores
            ? `, with the scores of ${scoreRuns.length === 0 ? "no run (none complete)" : `run${scoreRuns.length === 1 ? "" : "s"} ${scoreRuns.join(", ")}`}`
            : "") +
          "\n",
      );
      let lastLine = 0;
      const onProgress = (p: CopyProgress) => {
        const now = performance.now();
        const finished = p.done === p.total;
        if (!finished && p.done !== 0 && now - lastLine < 2000) return;
        lastLine = now;
        const share = p.total > 0 ? ` (${((p.done / p.total) * 100).toFixed(0)}%)` : "";
        process.stdout.write(
          `  ${p.table}: ${integer.format(p.done)} of ${integer.format(p.total)}${share}\n`,
        );
      };
      const result = await copyFacts({
        source,
        target,
        scoreRuns,
        batchSize: options.batch ?? DEFAULT_COPY_BATCH,
        onProgress,
      });
      const line = (name: string, t: TableCopy) =>
        `  ${name}: ${integer.format(t.read)} read, ${integer.format(t.created)} written, ${integer.format(t.alreadyThere)} already there\n`;
      process.stdout.write(`Copied in ${result.seconds.toFixed(1)} s:\n`);
      process.stdout.write(line("customers", result.customers));
      process.stdout.write(line("orders", result.transactions));
      for (const s of result.scores) {
        process.stdout.write(
          `  scores of run ${s.runId}: ${integer.format(s.read)} read, ` +
            (s.written === 0 && s.read > 0
              ? "all already there\n"
              : `${integer.format(s.written)} written\n`),
        );
      }
      process.stdout.write(
        `To read the facts there from now on: ANALYTICS_URL=${withoutPassword(options.to)}\n`,
      );
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

export function registerFactsCommand(program: Command): void {
  const facts = program
    .command("facts")
    .description("The facts store (customers, orders, scores): where it lives and moving it.");
  facts
    .command("copy")
    .description(
      "Copy DATABASE_URL's customers and orders (and with --scores the current runs' scores) into a " +
        "ClickHouse cluster, in batches; run it again to finish a copy that was stopped.",
    )
    .requiredOption("--to <url>", "the cluster: clickhouse://host:8123[,host2:8123]/database?cluster=NAME")
    .option("--scores", "also copy each profile's current run's scores (else: run `rfm score` there)")
    .option("--batch <rows>", `rows per batch (default ${DEFAULT_COPY_BATCH})`, positiveInteger)
    .action((options: FactsCopyCommandOptions) => runFactsCopy(options));
}
