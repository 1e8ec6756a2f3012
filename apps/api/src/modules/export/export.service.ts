/**
 * Audience exports: the customers of an audience (a segment of the published mapping plus
 * filters, or a saved audience, compiled by `compileAudience` exactly as the customer page and
 * its count are), streamed as CSV or JSON lines to any writer, in constant memory, in a column
 * preset (presets.ts), for a purpose (consent.ts: campaign files hold consented customers only),
 * and logged in `export_log` with the audience and who was left out. Used by `rfm export` and
 * by the HTTP export routes.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { CountryCode } from "libphonenumber-js/max";
import { AppError } from "../../app-error";
import { lastDayBefore } from "../../days";
import type { Database } from "../../db/client";
import { type AudienceQuery, factsStoreOf } from "../../db/facts";
import type { ConsentCounts } from "../../db/facts/audiences";
import { env } from "../../env";
import { type CompiledAudience, compileAudience, shareOfRun } from "../audience/audience.compile";
import { type AudienceFilter, normaliseFilter, summariseFilter } from "../audience/audience.filter";
import { findSavedAudience } from "../audience/saved-audience.repository";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { getCurrentRun } from "../scoring/scoring.repository";
import { checkBins } from "../segment/segment.service";
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

export interface ExportAudienceOptions {
  readonly db: Database;
  /** The scoring profile whose current run and mapping are exported (default: the default profile). */
  readonly profileId?: number;
  /**
   * The segment: its key, or its name as in the mapping (compared trimmed and
   * case-insensitively). Overrides `filter.segment` when both are given.
   */
  readonly segment?: string | null;
  /** The audience's filters (`CustomerFilter`'s fields); with `segment`, that segment's customers only. */
  readonly filter?: AudienceFilter | null;
  /**
   * A saved audience's name: its stored filter is the audience (`segment` and `filter` then
   * narrow nothing; giving them too is refused).
   */
  readonly audience?: string | null;
  /** How a filter's fields are named in messages: `filter` (`filter.r.min`, the default), `query` on the route. */
  readonly fieldPrefix?: string;
  readonly format: ExportFormat;
  /** Columns in order (default: `DEFAULT_EXPORT_COLUMNS`). */
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
  /** The segment's name as the mapping spells it; "" for an audience of no one segment. */
  readonly segment: string;
  /** The audience's filter, summarised (`segment champions, province ON`), as logged. */
  readonly audience: string;
  /** The saved audience's name, when one was exported. */
  readonly savedAudience: string | null;
  readonly runId: number;
  readonly mappingVersion: number;
  readonly format: ExportFormat;
  readonly columns: readonly FileColumn[];
  /** The `export_log` row. */
  readonly logId: number;
  readonly preset: ExportPreset;
  readonly purpose: ExportPurpose;
  readonly excel: boolean;
  /** `champions-province-on-2026-12-06.csv` (file-name.ts). */
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
  readonly audience: string | null;
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
      audience: true,
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
 * The audience's customers by recorded consent (1, 0, null), counted in the facts store: what a
 * campaign export will leave out, known before the file is written (createExport's ticket).
 */
export function countConsent(db: Database, audience: CompiledAudience): Promise<ConsentCounts> {
  return factsStoreOf(db).audiences.countConsent(audienceQuery(audience));
}

/** What the facts store reads for an audience (its export, its consent counts). */
function audienceQuery(audience: CompiledAudience, batchSize?: number): AudienceQuery {
  return {
    runId: audience.run.id,
    codes: audience.codes,
    conditions: audience.sql,
    share: shareOfRun(audience),
    ...(batchSize === undefined ? {} : { batchSize }),
  };
}

function sinkWriter(sink: ExportSink): (chunk: string) => Promise<void> {
  if (typeof sink === "function") return async (chunk) => sink(chunk);
  return async (chunk) => {
    if (!sink.write(chunk)) await once(sink, "drain");
  };
}

/**
 * The audience an export reads: a saved audience by name, else the segment and filter given.
 * Shared by the export itself and `createExport` (which counts it): the same compile, the same
 * rows. NO_SCORING_RUN before the first complete run.
 */
export async function resolveExportAudience(
  db: Database,
  options: Pick<ExportAudienceOptions, "profileId" | "segment" | "filter" | "audience" | "fieldPrefix">,
): Promise<{ audience: CompiledAudience; saved: string | null }> {
  const mapping = await getPublishedMapping(db, options.profileId);
  let filter: AudienceFilter = normaliseFilter(options.filter);
  let saved: string | null = null;
  if (options.audience != null) {
    if (options.segment != null || Object.keys(filter).length > 0) {
      throw new AppError(
        "BAD_USER_INPUT",
        "give a saved audience or a segment and filters, not both: the saved audience is the whole definition",
        { field: "audience" },
      );
    }
    const found = await findSavedAudience(db, mapping.profileId, options.audience, "audience");
    filter = found.filter;
    saved = found.name;
  } else if (options.segment != null) {
    const wanted = options.segment.trim();
    const segment =
      mapping.compiled.segments.find((s) => s.key === wanted) ??
      mapping.compiled.segments.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!segment) {
      const names = mapping.compiled.segments.map((s) => s.name);
      throw new AppError(
        "SEGMENT_NOT_FOUND",
        `unknown segment "${options.segment}"; the segments of mapping version ${mapping.version} are: ${names.join(", ")}`,
        { field: "segment", details: { segment: options.segment, segments: names } },
      );
    }
    filter = { ...filter, segment: segment.key };
  }
  const current = await getCurrentRun(db, mapping.profileId, mapping.compiled.bins);
  const audience = await compileAudience(
    db,
    { run: current?.histogram ? current : null, mapping },
    filter,
    saved === null ? (options.fieldPrefix ?? "filter") : "audience",
  );
  if (!audience) throw new AppError("NO_SCORING_RUN", "no complete scoring run yet: run `rfm score` first");
  checkBins(audience.run, mapping);
  return { audience, saved };
}

/**
 * The file's name: the segment's key (`customers` for an audience of no one segment), what
 * narrows it (a saved audience's name, else the filters other than the segment: "province ON"),
 * the preset and the run's as-of day (file-name.ts). The download and `createExport` both use it.
 */
export function audienceFileName(
  audience: CompiledAudience,
  saved: string | null,
  preset: ExportPreset,
  format: ExportFormat,
): string {
  const { segment: _segment, ...narrowing } = audience.filter;
  const narrowed = summariseFilter(narrowing);
  return exportFileName({
    segmentKey: audience.segment?.key ?? "customers",
    audience: saved ?? (narrowed === "everyone" ? "" : narrowed),
    preset,
    asOfDay: lastDayBefore(audience.run.asOf, audience.run.timeZone),
    format,
  });
}

export async function exportAudience(options: ExportAudienceOptions): Promise<ExportResult> {
  const { db } = options;
  if (options.format !== "csv" && options.format !== "jsonl") {
    throw new AppError("INVALID_FORMAT", `format must be csv or jsonl, got ${String(options.format)}`, {
      field: "format",
    });
  }
  const shape = exportShape(options);
  const { audience, saved } = await resolveExportAudience(db, options);
  const { run, mapping } = audience;
  const segmentName = audience.segment?.name ?? "";
  // The segment columns: an audience without a segment condition may span segments; each row
  // gets its code's segment, through one formatter per segment (they differ in those cells only).
  const segmentOf = mapping.compiled.segmentOfCode;
  const formatters = mapping.compiled.segments.map((segment) =>
    rowFormatter(
      options.format,
      shape.columns,
      { bins: run.bins, segment: segment.name, segmentKey: segment.key },
      shape.headers,
    ),
  );
  const formatter = audience.segment ? formatters[audience.segment.index]! : null;
  const header = (formatter ?? formatters[0]!).header;
  const definition = presetDefinition(shape.preset, DEFAULT_EXPORT_COLUMNS);
  const identifiers = identifierCheck(definition, options.country ?? env.STORE_COUNTRY);
  const fileName = audienceFileName(audience, saved, shape.preset, options.format);
  options.onReady?.({ fileName });
  const write = sinkWriter(options.write);
  const first = `${shape.excel ? UTF8_BOM : ""}${header}`;
  if (first !== "") await write(first);
  let rows = 0;
  let optedOut = 0;
  let consentNotRecorded = 0;
  let noIdentifier = 0;
  const campaign = shape.purpose === "CAMPAIGN";
  for await (const batch of factsStoreOf(db).audiences.read(audienceQuery(audience, options.batchSize))) {
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
      chunk += (formatter ?? formatters[segmentOf[row.code] ?? 0]!).format(row, hashes);
      rows++;
    }
    if (chunk !== "") await write(chunk);
  }
  const leftOut: LeftOut =
    campaign || noIdentifier > 0 ? { optedOut, consentNotRecorded, noIdentifier } : NOTHING_LEFT_OUT;
  const summary = saved === null ? audience.summary : `saved audience "${saved}": ${audience.summary}`;
  const log = await db.prisma.exportLog.create({
    data: {
      at: new Date(),
      tokenId: options.tokenId ?? null,
      segment: segmentName,
      audience: summary.slice(0, 2000),
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
    segment: segmentName,
    audience: summary,
    savedAudience: saved,
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
