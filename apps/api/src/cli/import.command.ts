import { once } from "node:events";
import { createReadStream, createWriteStream, readFileSync, statSync, type WriteStream } from "node:fs";
import { resolve } from "node:path";
import cliProgress from "cli-progress";
import { type Command, InvalidArgumentError, Option } from "commander";
import { AppError } from "../app-error";
import { openDatabase } from "../db/client";
import { env } from "../env";
import {
  AMOUNT_ROUNDINGS,
  type AmountRounding,
  formatFromPath,
  formatRejectsCsv,
  ImportError,
  type ImportKind,
  type ParseOptions,
  parseColumnMap,
  REJECTS_CSV_HEADER,
  type Reject,
  splitDateFormats,
  withHint,
} from "../import";
import {
  ImportFailedError,
  type ImportSummary,
  importCustomers,
  importTransactions,
} from "../modules/import/import.service";
import { failInterruptedImports } from "../modules/import/import-lock";
import { type ImportLogEntry, recentImports } from "../modules/import/import-log";
import { importRates } from "../modules/rates/rates.service";
import { describeDatabase } from "./db.command";
import { isoDate, positiveInteger } from "./options";

interface ImportCommandOptions {
  map: string[];
  dateFormat: string[];
  encoding?: string;
  delimiter?: string;
  format?: "csv" | "jsonl";
  batchSize?: number;
  rejects?: string;
  roundAmounts?: AmountRounding;
  futureToleranceDays?: number;
  minDate?: string;
}

function days(value: string): number {
  const n = Number(value);
  if (!(value.trim() !== "" && Number.isFinite(n) && n >= 0)) {
    throw new InvalidArgumentError(`"${value}" is not a number of days of 0 or more.`);
  }
  return n;
}

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const collect = (value: string, previous: string[]): string[] => [...previous, value];
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;

export function registerImportCommand(program: Command): void {
  const command = program
    .command("import")
    .description("Import transactions or customers from a CSV or JSON-lines file (docs/import.md).");
  const descriptions: Record<ImportKind, string> = {
    transactions:
      "Import orders (or order lines): new customers are created; re-importing a file adds nothing twice.",
    customers: "Import customers: new ones are created, stored ones get the details given.",
  };
  for (const kind of ["transactions", "customers"] as const) {
    command
      .command(`${kind} <file>`)
      .description(descriptions[kind])
      .option("--map <field=Column>", "the file's column for one of our fields (repeatable)", collect, [])
      .option(
        "--date-format <formats>",
        "date-fns format(s) of the dates, e.g. M/d/yyyy (repeatable; or comma-separated)",
        collect,
        [],
      )
      .option("--encoding <name>", "utf-8 (default), latin1 or macintosh")
      .option("--delimiter <char>", 'field separator: "," (default), ";", "|", tab or whitespace')
      .addOption(
        new Option("--format <format>", "csv or jsonl (default: from the file name)").choices([
          "csv",
          "jsonl",
        ]),
      )
      .option("--batch-size <n>", "rows per batch; each batch is stored whole or not at all", positiveInteger)
      .option("--rejects <path>", "where to write rejected rows (default: <file>.rejects.csv)")
      .addOption(
        new Option(
          "--round-amounts <rule>",
          "round amounts of more than two decimals to cents by this rule (default: reject them)",
        ).choices(AMOUNT_ROUNDINGS),
      )
      .option(
        "--future-tolerance-days <n>",
        "dates later than now plus this many days are rejected (default: IMPORT_FUTURE_TOLERANCE_DAYS, 1)",
        days,
      )
      .option(
        "--min-date <YYYY-MM-DD>",
        "dates before this day are rejected (default: IMPORT_MIN_DATE, 1900-01-01)",
        isoDate,
      )
      .action((file: string, options: ImportCommandOptions) => runImport(kind, file, options));
  }
  command
    .command("rates <file>")
    .description(
      "Import exchange rates: a CSV of date,currency,rate[,base] (rate: units of the base per unit of currency); all rows or none (docs/import.md).",
    )
    .option("--base <code>", "the base currency of rows without a base column (default: STORE_CURRENCY)")
    .action(async (file: string, options: { base?: string }) => {
      let text: string;
      try {
        text = readFileSync(resolve(file), "utf8");
      } catch {
        process.stderr.write(`rfm import rates: ${file}: no such file\n`);
        process.exitCode = 1;
        return;
      }
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const summary = await importRates(db, text, options.base === undefined ? {} : { base: options.base });
        process.stdout.write(
          `Imported ${integer.format(summary.rows)} rates (base ${summary.bases.join(", ")}): ` +
            `${integer.format(summary.inserted)} new, ${integer.format(summary.replaced)} replaced.\n`,
        );
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        process.stderr.write(`rfm import rates: ${error.code}: ${error.message}\n`);
        process.exitCode = 1;
      } finally {
        await db.close();
      }
    });
  command
    .command("log")
    .description("Recent imports: when, what, how they ended and their counts.")
    .option("--limit <n>", "how many", positiveInteger, 10)
    .action(async (options: { limit: number }) => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        // A `running` entry whose process is gone is shown as what it is: interrupted.
        await failInterruptedImports(db);
        const entries = await recentImports(db, { limit: options.limit });
        if (entries.length === 0) process.stdout.write("No imports yet.\n");
        for (const entry of entries) process.stdout.write(`${describeEntry(entry)}\n`);
      } finally {
        await db.close();
      }
    });
}

function describeEntry(entry: ImportLogEntry): string {
  const counts =
    `${integer.format(entry.rowsRead)} read, ${integer.format(entry.inserted)} inserted, ` +
    `${integer.format(entry.alreadyPresent)} already present, ${integer.format(entry.rejected)} rejected`;
  const status = entry.status === "failed" ? `failed (${entry.error ?? "no reason recorded"})` : entry.status;
  return `#${entry.id} ${when(entry.startedAt)} ${entry.kind} ${entry.file}: ${status}; ${counts}`;
}

function parseOptions(file: string, options: ImportCommandOptions): ParseOptions {
  return {
    columns: parseColumnMap(options.map),
    dateFormats: options.dateFormat.flatMap(splitDateFormats),
    encoding: options.encoding as ParseOptions["encoding"],
    delimiter: options.delimiter,
    format: options.format ?? formatFromPath(file),
    batchSize: options.batchSize,
    roundAmounts: options.roundAmounts,
    futureToleranceDays: options.futureToleranceDays,
    minDate: options.minDate,
  };
}

/** Writes rejects to a CSV file created at the first reject. */
class RejectsFile {
  private stream: WriteStream | null = null;
  rows = 0;

  constructor(readonly path: string) {}

  async write(rejects: readonly Reject[]): Promise<void> {
    if (this.stream === null) {
      this.stream = createWriteStream(this.path);
      this.stream.on("error", () => undefined);
      await this.put(REJECTS_CSV_HEADER);
    }
    this.rows += rejects.length;
    await this.put(formatRejectsCsv(rejects, "cli"));
  }

  private async put(text: string): Promise<void> {
    const stream = this.stream!;
    if (!stream.write(text))
      await Promise.race([once(stream, "drain"), once(stream, "error").then(([e]) => Promise.reject(e))]);
  }

  async close(): Promise<void> {
    if (this.stream === null) return;
    const stream = this.stream;
    this.stream = null;
    stream.end();
    await once(stream, "finish");
  }
}

async function runImport(kind: ImportKind, file: string, options: ImportCommandOptions): Promise<void> {
  const path = resolve(file);
  const out = process.stdout;
  const fail = (message: string) => {
    process.stderr.write(`rfm import: ${message}\n`);
    process.exitCode = 1;
  };
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return fail(`${file} is not a file`);
    size = stat.size;
  } catch {
    return fail(`${file}: no such file`);
  }
  let parse: ParseOptions;
  try {
    parse = parseOptions(path, options);
  } catch (error) {
    if (error instanceof ImportError) return fail(describeImportError(error));
    throw error;
  }

  const db = await openDatabase(env.DATABASE_URL);
  const rejects = new RejectsFile(resolve(options.rejects ?? `${path}.rejects.csv`));
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: " {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}",
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  try {
    out.write(`Importing ${kind} from ${path} into ${describeDatabase(db.url)}\n`);
    await failInterruptedImports(db);
    const [previous] = await recentImports(db, { kind, file: path, limit: 1 });
    if (previous && previous.status !== "complete") {
      const state =
        previous.status === "failed"
          ? `failed (${previous.error ?? "no reason recorded"})`
          : "is running now, in another process";
      out.write(
        `Note: the previous import of this file, #${previous.id} started ${when(previous.startedAt)}, ${state}; ` +
          `${integer.format(previous.rowsRead)} rows of it were committed. This run adds what is missing.\n`,
      );
    }
    const started = performance.now();
    bar?.start(size, 0, { rows: "0", rate: "-" });
    const run = kind === "transactions" ? importTransactions : importCustomers;
    const summary = await run({
      db,
      input: createReadStream(path, { highWaterMark: 1 << 20 }),
      parse,
      source: path,
      expectedBytes: size,
      onRejects: (batch) => rejects.write(batch),
      onProgress: (progress) => {
        const seconds = (performance.now() - started) / 1000;
        bar?.update(progress.bytesRead, {
          rows: integer.format(progress.rowsRead),
          rate: integer.format(seconds > 0 ? progress.rowsRead / seconds : 0),
        });
      },
    });
    bar?.stop();
    await rejects.close();
    printSummary(summary, rejects);
  } catch (error) {
    bar?.stop();
    await rejects.close().catch(() => undefined);
    if (error instanceof ImportError) return fail(describeImportError(error));
    if (error instanceof ImportFailedError) {
      const cause =
        error.cause instanceof ImportError ? describeImportError(error.cause) : errorText(error.cause);
      return fail(
        `import #${error.importId} stopped: ${cause}\n` +
          `${integer.format(error.committed.rowsRead)} rows were committed before it stopped ` +
          `(${integer.format(error.committed.inserted)} inserted); run the same command again to finish.` +
          (rejects.rows > 0 ? `\nRejects so far: ${rejects.path}` : ""),
      );
    }
    throw error;
  } finally {
    await db.close();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An ImportError's problems, one per line, each after its code (docs/import.md lists them, and
 * scripts can match them), e.g. `BINARY_FILE: the file is not text: ...`.
 */
function describeImportError(error: ImportError): string {
  const problems = error.problems.map((p) => `${p.code}: ${withHint(p.message, p.hint, "cli")}`);
  if (problems.length === 1) return problems[0]!;
  return `the file cannot be imported as given:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

function printSummary(summary: ImportSummary, rejects: RejectsFile): void {
  const rows: [string, string][] = [
    ["read", `${integer.format(summary.rowsRead)} rows`],
    ["inserted", integer.format(summary.inserted)],
    ["already present", integer.format(summary.alreadyPresent)],
    ["rejected", integer.format(summary.rejected)],
  ];
  if (summary.amountsRounded !== null) {
    rows.push(["amounts rounded", `${summary.amountsRounded}, to cents (more than two decimals)`]);
  }
  if (summary.kind === "transactions") {
    rows.push(["orders created", integer.format(summary.ordersCreated)]);
    rows.push(["customers created", integer.format(summary.customersCreated)]);
  } else {
    rows.push(["customers updated", integer.format(summary.customersUpdated)]);
  }
  rows.push(["time", `${summary.seconds.toFixed(2)} s (${integer.format(summary.rowsPerSecond)} rows/s)`]);
  const width = Math.max(...rows.map(([label]) => label.length));
  let text = `Import #${summary.importId} complete:\n`;
  for (const [label, value] of rows) text += `  ${label.padEnd(width)}  ${value}\n`;
  if (rejects.rows > 0) {
    text += `Rejected rows are in ${rejects.path}\n`;
    for (const r of summary.rejects.slice(0, 5)) {
      text += `  line ${r.line}${r.column ? `, ${r.column}` : ""}: ${r.code}: ${withHint(r.reason, r.hint, "cli")}\n`;
    }
    if (summary.rejected > 5) text += `  ... and ${integer.format(summary.rejected - 5)} more\n`;
  }
  process.stdout.write(text);
}
