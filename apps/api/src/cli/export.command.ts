import { once } from "node:events";
import { createWriteStream, rmSync, type WriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { type Command, Option } from "commander";
import { AppError } from "../app-error";
import { openDatabase } from "../db/client";
import { env } from "../env";
import {
  type AudienceParam,
  type AudienceParams,
  filterFromParams,
} from "../modules/audience/audience.params";
import { EXPORT_PURPOSES } from "../modules/export/consent";
import { DEFAULT_EXPORT_COLUMNS } from "../modules/export/export.format";
import { EXPORT_COLUMNS, type ExportFormat, exportAudience } from "../modules/export/export.service";
import { EXPORT_PRESETS } from "../modules/export/presets";
import { resolveProfile } from "../modules/profile/profile.repository";

/** The audience options: each a parameter of audience.params.ts, as `--kebab-case`. */
const FILTER_OPTIONS: readonly { param: AudienceParam; flag: string; help: string }[] = [
  { param: "codes", flag: "--codes <list>", help: "RFM codes, comma-separated (444,443)" },
  { param: "r", flag: "--r <range>", help: "recency score range: 4-5, 4-, -2 or 4" },
  { param: "f", flag: "--f <range>", help: "frequency score range" },
  { param: "m", flag: "--m <range>", help: "monetary score range" },
  { param: "province", flag: "--province <name>", help: "province, any letter case; ON also finds Ontario" },
  { param: "region", flag: "--region <name>", help: "region, any letter case" },
  { param: "city", flag: "--city <name>", help: "city, any letter case" },
  {
    param: "channel",
    flag: "--channel <name>",
    help: "customers with at least one stored order in this channel",
  },
  { param: "search", flag: "--search <text>", help: "part of the customer id, name or email" },
  { param: "recencyDays", flag: "--recency-days <range>", help: "days since the last purchase: 0-30" },
  { param: "spendMin", flag: "--spend-min <amount>", help: "net spend in the run at least this (120.50)" },
  { param: "spendMax", flag: "--spend-max <amount>", help: "net spend in the run at most this" },
  { param: "clvMin", flag: "--clv-min <amount>", help: "predicted lifetime value at least this" },
  { param: "clvMax", flag: "--clv-max <amount>", help: "predicted lifetime value at most this" },
  {
    param: "enteredSince",
    flag: "--entered-since <day>",
    help: "in the segment since this store day (YYYY-MM-DD) or later",
  },
  { param: "run", flag: "--run <number>", help: "a complete run of the profile (default: the current run)" },
  {
    param: "movedFrom",
    flag: "--moved-from <segment>",
    help: "customers who were in this segment in --moved-from-run",
  },
  { param: "movedFromRun", flag: "--moved-from-run <number>", help: "the earlier run of --moved-from" },
];

/** The option's flag as commander names its value (`--recency-days` -> `recencyDays`). */
const flagName = (param: AudienceParam) =>
  FILTER_OPTIONS.find((o) => o.param === param)?.flag.split(" ")[0] ?? `--${param}`;

/** A filter field in a message (`filter.spend.min`) as the option that gave it (`--spend-min`). */
export function optionsInMessage(text: string): string {
  return text
    .replace(/filter\.(spend|clv)\.(min|max)/g, "--$1-$2")
    .replace(/filter\.(spend|clv)\b/g, "--$1-min/--$1-max")
    .replace(/filter\.movedFrom\.run/g, "--moved-from-run")
    .replace(/filter\.movedFrom(\.segment)?/g, "--moved-from")
    .replace(/filter\.recencyDays(\.(min|max))?/g, "--recency-days")
    .replace(/filter\.enteredSince/g, "--entered-since")
    .replace(/filter\.([a-zA-Z]+)(\.(min|max))?/g, "--$1");
}

type ExportOptions = {
  profile?: string;
  segment?: string;
  audience?: string;
  format: ExportFormat;
  out?: string;
  columns?: string;
  preset: string;
  purpose: string;
  excel?: boolean;
} & AudienceParams;

export function registerExportCommand(program: Command): void {
  const command = program
    .command("export")
    .description(
      "Write an audience (a segment and filters, or a saved audience; a profile's current run and published mapping) to a file: the customers the admin's Audiences page counts for the same filters; campaign files hold only customers with marketing consent.",
    )
    .option("--segment <key-or-name>", "segment key or name, as in the mapping")
    .option("--audience <name>", "a saved audience's name (its definition is the audience; no other filter)")
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
    .option("--excel", "start the CSV file with a UTF-8 byte order mark, for Excel (CSV only)");
  for (const option of FILTER_OPTIONS) command.option(option.flag, option.help);
  command.action(async (options: ExportOptions) => {
    const started = performance.now();
    // Checked before the file is opened: a bad range names its option (--r), nothing is written.
    const filter = filterFromParams(options, flagName);
    if (options.segment === undefined && options.audience === undefined && Object.keys(filter).length === 0) {
      throw new AppError(
        "BAD_USER_INPUT",
        "give --segment, --audience or at least one filter (--province, --r, ...): exporting every customer takes a filter",
        { field: "--segment" },
      );
    }
    const db = await openDatabase(env.DATABASE_URL);
    try {
      const profile = await resolveProfile(db, options.profile);
      // The file is opened once its name is known (the default names it after the export).
      let path = options.out;
      let out: WriteStream | null = null;
      let result: Awaited<ReturnType<typeof exportAudience>>;
      try {
        result = await exportAudience({
          db,
          profileId: profile.id,
          segment: options.segment ?? null,
          audience: options.audience ?? null,
          filter,
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
        if (error instanceof AppError && error.field?.startsWith("filter.")) {
          throw new AppError(error.code, optionsInMessage(error.message), {
            field: optionsInMessage(error.field),
            details: error.details,
          });
        }
        throw error;
      }
      const file = out as WriteStream;
      file.end();
      await finished(file);
      const seconds = (performance.now() - started) / 1000;
      const label =
        result.savedAudience !== null
          ? `saved audience "${result.savedAudience}" (${result.audience.replace(/^saved audience "[^"]*": /, "")})`
          : Object.keys(filter).every((key) => key === "segment")
            ? `"${result.segment}"`
            : `${result.segment ? `"${result.segment}" ` : ""}(${result.audience})`;
      process.stdout.write(
        `Wrote ${result.rows.toLocaleString("en")} rows of ${label} (run ${result.runId}, ` +
          `mapping version ${result.mappingVersion}) to ${path} as ${result.format} in ${seconds.toFixed(2)} s; ` +
          `preset ${result.preset}, purpose ${result.purpose}${result.summary === "" ? "" : `; ${result.summary}`}\n`,
      );
    } finally {
      await db.close();
    }
  });
}
