import { once } from "node:events";
import { createWriteStream, rmSync } from "node:fs";
import { finished } from "node:stream/promises";
import { type Command, Option } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { parseSince } from "../http/changes.route";
import { type ChangeExportFormat, exportSegmentChanges } from "../modules/membership/changes.service";
import { resolveProfile } from "../modules/profile/profile.repository";

interface ChangesOptions {
  segment: string;
  since?: string;
  format: ChangeExportFormat;
  profile?: string;
  out?: string;
}

export function registerChangesCommand(program: Command): void {
  program
    .command("changes")
    .description(
      "Write who entered and who left a segment (by key), oldest first, as recorded after each current run and publish.",
    )
    .requiredOption("--segment <key>", "the segment's key (such as champions)")
    .option("--since <when>", "only changes at or after a day (2024-07-01, store time zone) or ISO instant")
    .addOption(new Option("--format <format>", "output format").choices(["csv", "jsonl"]).default("csv"))
    .option("--profile <key>", "scoring profile (default: the default profile; rfm profile list)")
    .option("--out <file>", "file to write (default: standard output)")
    .action(async (options: ChangesOptions) => {
      const since = options.since === undefined ? undefined : parseSince(options.since);
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const profile = await resolveProfile(db, options.profile);
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        if (options.out) await once(out, "open");
        let written: number;
        try {
          written = await exportSegmentChanges({
            db,
            profileId: profile.id,
            key: options.segment,
            format: options.format,
            ...(since === undefined ? {} : { since }),
            write: async (chunk) => {
              if (!out.write(chunk)) await once(out, "drain");
            },
          });
        } catch (error) {
          if (options.out) {
            // No half-written file left behind.
            (out as ReturnType<typeof createWriteStream>).destroy();
            rmSync(options.out, { force: true });
          }
          throw error;
        }
        if (options.out) {
          out.end();
          await finished(out);
          process.stderr.write(
            `Wrote ${written.toLocaleString("en")} changes of "${options.segment}" to ${options.out}\n`,
          );
        }
      } finally {
        await db.close();
      }
    });
}
