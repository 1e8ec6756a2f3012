import { once } from "node:events";
import { createWriteStream, rmSync, type WriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { type Command, Option } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { EXPORT_PURPOSES } from "../modules/export/consent";
import { DEFAULT_EXPORT_COLUMNS } from "../modules/export/export.format";
import { EXPORT_COLUMNS, type ExportFormat, exportSegment } from "../modules/export/export.service";
import { EXPORT_PRESETS } from "../modules/export/presets";
import { resolveProfile } from "../modules/profile/profile.repository";

interface ExportOptions {
  profile?: string;
  segment: string;
  format: ExportFormat;
  out?: string;
  columns?: string;
  preset: string;
  purpose: string;
  excel?: boolean;
}

export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description(
      "Write the audience of a segment (a profile's current run and published mapping) to a file; campaign files hold only customers with marketing consent.",
    )
    .requiredOption("--segment <name>", "segment name, as in the mapping")
    .option("--profile <key>", "scoring profile (default: the default profile; rfm profile list)")
    .addOption(new Option("--format <format>", "file format").choices(["csv", "jsonl"]).default("csv"))
    .option("--out <file>", "file to write (default: the export's name, e.g. champions-2026-12-06.csv, here)")
    .option(
      "--columns <list>",
      `comma-separated columns, with --preset ALL (default: ${DEFAULT_EXPORT_COLUMNS.join(",")}; also: ${EXPORT_COLUMNS.filter((c) => !DEFAULT_EXPORT_COLUMNS.includes(c)).join(",")})`,
    )
    .addOption(
      new Option("--preset <preset>", "column preset (docs/api.md, Export presets)")
        .choices([...EXPORT_PRESETS])
        .default("ALL"),
    )
    .addOption(
      new Option(
        "--purpose <purpose>",
        "CAMPAIGN: only customers with marketing consent recorded as given; ANALYSIS: everyone",
      )
        .choices([...EXPORT_PURPOSES])
        .default("CAMPAIGN"),
    )
    .option("--excel", "start the CSV file with a UTF-8 byte order mark, for Excel (CSV only)")
    .action(async (options: ExportOptions) => {
      const started = performance.now();
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const profile = await resolveProfile(db, options.profile);
        // The file is opened once its name is known (the default names it after the export).
        let path = options.out;
        let out: WriteStream | null = null;
        let result: Awaited<ReturnType<typeof exportSegment>>;
        try {
          result = await exportSegment({
            db,
            profileId: profile.id,
            segment: options.segment,
            format: options.format,
            ...(options.columns === undefined ? {} : { columns: options.columns.split(",") }),
            preset: options.preset,
            purpose: options.purpose,
            excel: options.excel === true,
            onReady: ({ fileName }) => {
              path ??= fileName;
            },
            write: async (chunk) => {
              if (out === null) {
                out = createWriteStream(path!);
                await once(out, "open");
              }
              if (!out.write(chunk)) await once(out, "drain");
            },
          });
          if (out === null) {
            // An empty JSON lines file still exists afterwards.
            out = createWriteStream(path!);
            await once(out, "open");
          }
        } catch (error) {
          // No half-written audience left behind.
          const opened = out as WriteStream | null;
          if (opened !== null) {
            opened.destroy();
            rmSync(path!, { force: true });
          }
          throw error;
        }
        const file = out as WriteStream;
        file.end();
        await finished(file);
        const seconds = (performance.now() - started) / 1000;
        const summary = result.summary === "" ? "" : `; ${result.summary}`;
        process.stdout.write(
          `Wrote ${result.rows.toLocaleString("en")} rows of "${result.segment}" (run ${result.runId}, ` +
            `mapping version ${result.mappingVersion}) to ${path} as ${result.format} in ${seconds.toFixed(2)} s; ` +
            `preset ${result.preset}, purpose ${result.purpose}${summary}\n`,
        );
      } finally {
        await db.close();
      }
    });
}
