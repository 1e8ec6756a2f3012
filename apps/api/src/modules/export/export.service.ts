/**
 * Audience exports: the current run's customers of one segment (the codes the published
 * mapping gives it), streamed as CSV or JSON lines to any writer, in constant memory, and
 * logged in `export_log`. Used by `rfm export` and by the HTTP export route.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { indexOfCode } from "@rfm/core";
import type { CountryCode } from "libphonenumber-js/max";
import { AppError } from "../../app-error";
import { lastDayBefore } from "../../days";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { audienceSql } from "../../db/facts/audiences";
import { env } from "../../env";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { checkBins, requireCurrentRun } from "../segment/segment.service";
import { type ExportPurpose, type LeftOut, leftOutSummary, NOTHING_LEFT_OUT, parsePurpose } from "./consent";
import {
  DEFAULT_EXPORT_COLUMNS,
  EXPORT_COLUMNS,
  type ExportColumn,
  type ExportFormat,
  type FileColumn,
  rowFormatter,
} from "./export.format";
import { exportFileName } from "./file-name";
import { type ExportPreset, identifierCheck, parsePreset, presetDefinition } from "./presets";

export { EXPORT_COLUMNS, type ExportColumn, type ExportFormat };

/** What Excel needs to read a CSV file as UTF-8 (without it, `é` shows as `Ã©`). */
export const UTF8_BOM = "\uFEFF";

/** Where the file goes: a Node writable (back-pressure respected; not ended here) or an async sink. */
export type ExportSink = Writable | ((chunk: string) => Promise<void> | void);

export interface ExportSegmentOptions {
  readonly db: Database;
  /** The scoring profile whose current run and mapping are exported (default: the default profile). */
  readonly profileId?: number;
  /** Segment name, as in the mapping (compared trimmed and case-insensitively). */
  readonly segment: string;
  readonly format: ExportFormat;
  /** Columns in order (default: all of `EXPORT_COLUMNS`). */
  readonly columns?: readonly string[];
  readonly write: ExportSink;
  /** The API token that asked for it, for the log (the CLI has none). */
  readonly tokenId?: number | null;
  /** Rows read and written per batch (default 10,000). */
  readonly batchSize?: number;
  /** Column preset (default `ALL`; presets.ts). `columns` may be given only with `ALL`. */
  readonly preset?: string | null;
  /** `CAMPAIGN` (default: consented customers only) or `ANALYSIS` (everyone); consent.ts. */
  readonly purpose?: string | null;
  /** Start a CSV file with a UTF-8 byte order mark, for Excel (CSV only). */
  readonly excel?: boolean;
  /** Country of phones without a country code (default `STORE_COUNTRY`). */
  readonly country?: CountryCode;
  /** Called once, before the first byte is written, with the file's name. */
  readonly onReady?: (info: { readonly fileName: string }) => void;
}

export interface ExportResult {
  readonly rows: number;
  /** The segment's name as the mapping spells it. */
  readonly segment: string;
  readonly runId: number;
  readonly mappingVersion: number;
  readonly format: ExportFormat;
  readonly columns: readonly FileColumn[];
  /** The `export_log` row. */
  readonly logId: number;
  readonly preset: ExportPreset;
  readonly purpose: ExportPurpose;
  readonly excel: boolean;
  /** `champions-2026-12-06.csv` (file-name.ts). */
  readonly fileName: string;
  /** Customers of the audience not in the file, by reason. */
  readonly leftOut: LeftOut;
  /** What was left out and why, in words ("" when nothing was). */
  readonly summary: string;
}

/** The checked export options: preset, columns, purpose, Excel (the same for the route, the CLI and createExport). */
export interface ExportShape {
  readonly preset: ExportPreset;
  readonly purpose: ExportPurpose;
  readonly excel: boolean;
  /** The file's columns. */
  readonly columns: readonly FileColumn[];
  /** Header names where they differ from column names. */
  readonly headers: Readonly<Partial<Record<FileColumn, string>>>;
}

export function exportShape(options: {
  readonly format: ExportFormat;
  readonly preset?: string | null | undefined;
  readonly purpose?: string | null | undefined;
  readonly excel?: boolean | null | undefined;
  readonly columns?: readonly string[] | null | undefined;
}): ExportShape {
  const preset = parsePreset(options.preset);
  const purpose = parsePurpose(options.purpose);
  const excel = options.excel === true;
  if (excel && options.format !== "csv") {
    throw new AppError(
      "BAD_USER_INPUT",
      "the Excel option applies to CSV files only (a byte order mark for Excel); JSON lines are always plain UTF-8",
      { field: "excel" },
    );
  }
  if (preset !== "ALL" && options.columns !== undefined && options.columns !== null) {
    throw new AppError(
      "BAD_USER_INPUT",
      `the ${preset} preset has its own columns; give columns only with the ALL preset`,
      { field: "columns" },
    );
  }
  const definition = presetDefinition(preset, parseExportColumns(options.columns ?? undefined));
  return { preset, purpose, excel, columns: definition.columns, headers: definition.headers ?? {} };
}

export function parseExportColumns(columns: readonly string[] | undefined): ExportColumn[] {
  if (columns === undefined) return [...DEFAULT_EXPORT_COLUMNS];
  const names = columns.map((c) => c.trim()).filter((c) => c !== "");
  const unknown = names.filter((c) => !(EXPORT_COLUMNS as readonly string[]).includes(c));
  const repeated = names.filter((c, i) => names.indexOf(c) !== i);
  if (names.length === 0 || unknown.length > 0 || repeated.length > 0) {
    const problem =
      names.length === 0
        ? "no columns given"
        : unknown.length > 0
          ? `unknown column${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}`
          : `column${repeated.length === 1 ? "" : "s"} ${repeated.join(", ")} given twice`;
    throw new AppError("UNKNOWN_COLUMN", `${problem}; available: ${EXPORT_COLUMNS.join(", ")}`, {
      field: "columns",
      details: { unknown, repeated, available: EXPORT_COLUMNS },
    });
  }
  return names as ExportColumn[];
}

/** One logged export as the API lists it. */
export interface ExportLogEntry {
  readonly id: number;
  readonly at: Date;
  /** The token that asked for it; null from the command line. */
  readonly tokenName: string | null;
  readonly segment: string;
  readonly mappingVersion: number;
  readonly runId: number;
  readonly format: string;
  readonly rows: number;
  readonly preset: string;
  readonly purpose: string;
  readonly leftOutNoConsent: number;
  readonly leftOutNoIdentifier: number;
}

/** How many exports the log holds. */
export function countExports(db: Database): Promise<number> {
  return db.prisma.exportLog.count();
}

/** The latest `first` exports, newest first (only those logged before entry `beforeId` when given). */
export async function listExports(db: Database, first: number, beforeId?: number): Promise<ExportLogEntry[]> {
  const rows = await db.prisma.exportLog.findMany({
    ...(beforeId === undefined ? {} : { where: { id: { lt: beforeId } } }),
    orderBy: { id: "desc" },
    take: first,
    select: {
      id: true,
      at: true,
      segment: true,
      mappingVersion: true,
      runId: true,
      format: true,
      rows: true,
      preset: true,
      purpose: true,
      leftOutNoConsent: true,
      leftOutNoIdentifier: true,
      token: { select: { name: true } },
    },
  });
  return rows.map(({ token, ...row }) => ({ ...row, tokenName: token?.name ?? null }));
}

/**
 * The audience's customers by recorded consent (1, 0, null), counted in the database: what a
 * campaign export will leave out, known before the file is written (createExport's ticket).
 */
export async function countConsent(
  db: Database,
  runId: number,
  codes: readonly number[],
): Promise<{ consented: number; optedOut: number; notRecorded: number }> {
  const rows = await db.reads.query<{ consent: number | null; n: number }>(
    `SELECT a."marketingConsent" AS consent, count(*) AS n FROM (${audienceSql(runId, codes, true)}) a
     GROUP BY a."marketingConsent"`,
  );
  const of = (consent: number | null) => Number(rows.find((r) => r.consent === consent)?.n ?? 0);
  return { consented: of(1), optedOut: of(0), notRecorded: of(null) };
}

function sinkWriter(sink: ExportSink): (chunk: string) => Promise<void> {
  if (typeof sink === "function") return async (chunk) => sink(chunk);
  return async (chunk) => {
    if (!sink.write(chunk)) await once(sink, "drain");
  };
}

export async function exportSegment(options: ExportSegmentOptions): Promise<ExportResult> {
  const { db } = options;
  if (options.format !== "csv" && options.format !== "jsonl") {
    throw new AppError("INVALID_FORMAT", `format must be csv or jsonl, got ${String(options.format)}`, {
      field: "format",
    });
  }
  const shape = exportShape(options);
  const mapping = await getPublishedMapping(db, options.profileId);
  const run = await requireCurrentRun(db, options.profileId, mapping.compiled.bins);
  checkBins(run, mapping);
  const wanted = options.segment.trim().toLowerCase();
  const segment = mapping.compiled.segments.find((s) => s.name.toLowerCase() === wanted);
  if (!segment) {
    const names = mapping.compiled.segments.map((s) => s.name);
    throw new AppError(
      "SEGMENT_NOT_FOUND",
      `unknown segment "${options.segment}"; the segments of mapping version ${mapping.version} are: ${names.join(", ")}`,
      { field: "segment", details: { segment: options.segment, segments: names } },
    );
  }
  const formatter = rowFormatter(
    options.format,
    shape.columns,
    { bins: run.bins, segment: segment.name, segmentKey: segment.key },
    shape.headers,
  );
  const definition = presetDefinition(shape.preset, DEFAULT_EXPORT_COLUMNS);
  const identifiers = identifierCheck(definition, options.country ?? env.STORE_COUNTRY);
  const fileName = exportFileName({
    segmentKey: segment.key,
    preset: shape.preset,
    asOfDay: lastDayBefore(run.asOf, run.timeZone),
    format: options.format,
  });
  options.onReady?.({ fileName });
  const write = sinkWriter(options.write);
  const first = `${shape.excel ? UTF8_BOM : ""}${formatter.header}`;
  if (first !== "") await write(first);
  let rows = 0;
  let optedOut = 0;
  let consentNotRecorded = 0;
  let noIdentifier = 0;
  const campaign = shape.purpose === "CAMPAIGN";
  const codes = segment.codes.map((code) => indexOfCode(code, run.bins));
  const histogram = run.histogram!;
  const total = histogram.customers.reduce((sum, n) => sum + n, 0);
  const inSegment = codes.reduce((sum, code) => sum + (histogram.customers[code] ?? 0), 0);
  for await (const batch of factsStoreOf(db).audiences.read({
    runId: run.id,
    codes,
    share: total > 0 ? inSegment / total : 1,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  })) {
    let chunk = "";
    for (const row of batch) {
      if (campaign && row.marketingConsent !== 1) {
        if (row.marketingConsent === 0) optedOut++;
        else consentNotRecorded++;
        continue;
      }
      const hashes = identifiers.check(row);
      if (hashes === null) {
        noIdentifier++;
        continue;
      }
      chunk += formatter.format(row, hashes);
      rows++;
    }
    if (chunk !== "") await write(chunk);
  }
  const leftOut: LeftOut =
    campaign || noIdentifier > 0 ? { optedOut, consentNotRecorded, noIdentifier } : NOTHING_LEFT_OUT;
  const log = await db.prisma.exportLog.create({
    data: {
      at: new Date(),
      tokenId: options.tokenId ?? null,
      segment: segment.name,
      mappingVersion: mapping.version,
      runId: run.id,
      format: options.format,
      rows,
      preset: shape.preset,
      purpose: shape.purpose,
      leftOutNoConsent: optedOut + consentNotRecorded,
      leftOutNoIdentifier: noIdentifier,
    },
    select: { id: true },
  });
  return {
    rows,
    segment: segment.name,
    runId: run.id,
    mappingVersion: mapping.version,
    format: options.format,
    columns: shape.columns,
    logId: log.id,
    preset: shape.preset,
    purpose: shape.purpose,
    excel: shape.excel,
    fileName,
    leftOut,
    summary: leftOutSummary(leftOut),
  };
}
