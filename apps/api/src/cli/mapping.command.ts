import { readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { formatMappingReport } from "@rfm/core";
import { type Command, InvalidArgumentError, Option } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import {
  exportMappingFile,
  importMappingFile,
  MAX_MAPPING_FILE_BYTES,
  type MappingFileTextFormat,
} from "../modules/mapping/mapping-file";
import { resolveProfile } from "../modules/profile/profile.repository";
import { positiveInteger } from "./options";

interface ExportOptions {
  format?: MappingFileTextFormat;
  version?: number;
  draft?: boolean;
  out?: string;
}

interface ImportOptions {
  format: MappingFileTextFormat | "auto";
  publish?: boolean;
  note?: string;
}

/** Who the audit log names for a change made from this terminal. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

/** The format a file name asks for (`.yaml`/`.yml`), when no --format is given. */
function formatOfName(name: string | undefined): MappingFileTextFormat {
  return name !== undefined && /\.ya?ml$/i.test(name) ? "yaml" : "json";
}

export function registerMappingCommand(program: Command): void {
  const mapping = program
    .command("mapping")
    .description("Export the segment mapping to a file, or import one (JSON or YAML; see docs/mapping.md).");

  mapping
    .command("export")
    .description("Write the published mapping (or a version, or the draft) as a mapping file.")
    .addOption(
      new Option(
        "--format <format>",
        "file format (default: yaml for a .yaml/.yml --out, else json)",
      ).choices(["json", "yaml"]),
    )
    .addOption(
      new Option("--version <n>", "a published version (default: the current one)").argParser(
        positiveInteger,
      ),
    )
    .addOption(new Option("--draft", "the shared draft instead").conflicts("version"))
    .option("--out <file>", "file to write (default: standard output)")
    .option("--profile <key>", "scoring profile (default: the default profile)")
    .action(async (options: ExportOptions & { profile?: string }) => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const format = options.format ?? formatOfName(options.out);
        const profile = await resolveProfile(db, options.profile);
        const { record, text } = await exportMappingFile(db, {
          format,
          profileId: profile.id,
          ...(options.version === undefined ? {} : { version: options.version }),
          ...(options.draft ? { draft: true } : {}),
        });
        if (options.out === undefined) {
          process.stdout.write(text);
        } else {
          writeFileSync(options.out, text);
          const what = record.version === null ? "the draft" : `mapping version ${record.version}`;
          process.stdout.write(
            `Wrote ${what} (${record.segments.length} segments, ${record.bins} bins) to ${options.out} as ${format}\n`,
          );
        }
      } finally {
        await db.close();
      }
    });

  mapping
    .command("import")
    .description(
      "Read a mapping file into the shared draft (replacing its segments), or publish it; prints which codes each rule got and which earlier rules took.",
    )
    .argument("<file>", "the mapping file")
    .addOption(
      new Option("--format <format>", "file format (auto: JSON when it starts with {, else YAML)")
        .choices(["auto", "json", "yaml"])
        .default("auto"),
    )
    .option("--publish", "publish it as the next version")
    .option("--note <text>", "what changed and why (kept in the audit log and the version)")
    .option("--profile <key>", "scoring profile whose draft receives it (default: the default profile)")
    .action(async (file: string, options: ImportOptions & { profile?: string }) => {
      let text: string;
      try {
        const buffer = readFileSync(file);
        if (buffer.length > MAX_MAPPING_FILE_BYTES) {
          throw new InvalidArgumentError(
            `${file} has ${buffer.length} bytes; a mapping file has at most ${MAX_MAPPING_FILE_BYTES}.`,
          );
        }
        text = buffer.toString("utf8");
      } catch (error) {
        if (error instanceof InvalidArgumentError) throw error;
        throw new InvalidArgumentError(`cannot read ${file}: ${(error as Error).message}`);
      }
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const profile = await resolveProfile(db, options.profile);
        const result = await importMappingFile(db, cliActor(), {
          profileId: profile.id,
          text,
          format: options.format,
          publish: options.publish === true,
          note: options.note ?? null,
        });
        process.stdout.write(`${formatMappingReport(result.report)}\n\n`);
        const { record } = result;
        process.stdout.write(
          result.published
            ? `Published ${file} as mapping version ${record.version} (${record.segments.length} segments, ${record.bins} bins).\n`
            : `Imported ${file} into the draft (${record.segments.length} segments, ${record.bins} bins); ` +
                "review it in the admin and publish it, or run again with --publish.\n",
        );
      } finally {
        await db.close();
      }
    });
}
