import { once } from "node:events";
import { createWriteStream, rmSync } from "node:fs";
import { finished } from "node:stream/promises";
import { type Command, Option } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { EXPORT_COLUMNS, type ExportFormat, exportSegment } from "../modules/export/export.service";
import { resolveProfile } from "../modules/profile/profile.repository";

interface ExportOptions {
  profile?: string;
  segment: string;
  format: ExportFormat;
  out: string;
  columns?: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("Write the audience of a segment (a profile's current run and published mapping) to a file.")
    .requiredOption("--segment <name>", "segment name, as in the mapping")
    .option("--profile <key>", "scoring profile (default: the default profile; rfm profile list)")
    .addOption(new Option("--format <format>", "file format").choices(["csv", "jsonl"]).default("csv"))
    .requiredOption("--out <file>", "file to write")
    .option("--columns <list>", `comma-separated columns (default: ${EXPORT_COLUMNS.join(",")})`)
    .action(async (options: ExportOptions) => {
      const started = performance.now();
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const profile = await resolveProfile(db, options.profile);
        const out = createWriteStream(options.out);
        await once(out, "open");
        let result: Awaited<ReturnType<typeof exportSegment>>;
        try {
          result = await exportSegment({
            db,
            profileId: profile.id,
            segment: options.segment,
            format: options.format,
            ...(options.columns === undefined ? {} : { columns: options.columns.split(",") }),
            write: out,
          });
        } catch (error) {
          // No half-written audience left behind.
          out.destroy();
          rmSync(options.out, { force: true });
          throw error;
        }
        out.end();
        await finished(out);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `Wrote ${result.rows.toLocaleString("en")} rows of "${result.segment}" (run ${result.runId}, ` +
            `mapping version ${result.mappingVersion}) to ${options.out} as ${result.format} in ${seconds.toFixed(2)} s\n`,
        );
      } finally {
        await db.close();
      }
    });
}
