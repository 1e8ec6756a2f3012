/**
 * Audience exports: the customers of an audience (a segment of the published mapping plus
 * filters, or a saved audience, compiled by `compileAudience` exactly as the customer page and
 * its count are), streamed as CSV or JSON lines to any writer, in constant memory, and logged in
 * `export_log` with the audience. Used by `rfm export` and by the HTTP export routes.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { type CompiledAudience, compileAudience, shareOfRun } from "../audience/audience.compile";
import { type AudienceFilter, normaliseFilter } from "../audience/audience.filter";
import { findSavedAudience } from "../audience/saved-audience.repository";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { getCurrentRun } from "../scoring/scoring.repository";
import { checkBins } from "../segment/segment.service";
import { EXPORT_COLUMNS, type ExportColumn, type ExportFormat, rowFormatter } from "./export.format";

export { EXPORT_COLUMNS, type ExportColumn, type ExportFormat };

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
  /** Columns in order (default: all of `EXPORT_COLUMNS`). */
  readonly columns?: readonly string[];
  readonly write: ExportSink;
  /** The API token that asked for it, for the log (the CLI has none). */
  readonly tokenId?: number | null;
  /** Rows read and written per batch (default 10,000). */
  readonly batchSize?: number;
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
  readonly columns: readonly ExportColumn[];
  /** The `export_log` row. */
  readonly logId: number;
}

export function parseExportColumns(columns: readonly string[] | undefined): ExportColumn[] {
  if (columns === undefined) return [...EXPORT_COLUMNS];
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
      token: { select: { name: true } },
    },
  });
  return rows.map(({ token, ...row }) => ({ ...row, tokenName: token?.name ?? null }));
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

export async function exportAudience(options: ExportAudienceOptions): Promise<ExportResult> {
  const { db } = options;
  if (options.format !== "csv" && options.format !== "jsonl") {
    throw new AppError("INVALID_FORMAT", `format must be csv or jsonl, got ${String(options.format)}`, {
      field: "format",
    });
  }
  const columns = parseExportColumns(options.columns);
  const { audience, saved } = await resolveExportAudience(db, options);
  const { run, mapping } = audience;
  const segmentName = audience.segment?.name ?? "";
  // The segment column: an audience without a segment condition may span segments; each row
  // gets its code's segment, through one formatter per segment (they differ in that cell only).
  const segmentOf = mapping.compiled.segmentOfCode;
  const formatters = mapping.compiled.segments.map((segment) =>
    rowFormatter(options.format, columns, { bins: run.bins, segment: segment.name }),
  );
  const formatter = audience.segment ? formatters[audience.segment.index]! : null;
  const header = (formatter ?? formatters[0]!).header;
  const write = sinkWriter(options.write);
  if (header !== "") await write(header);
  let rows = 0;
  for await (const batch of factsStoreOf(db).audiences.read({
    runId: run.id,
    codes: audience.codes,
    conditions: audience.sql,
    share: shareOfRun(audience),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  })) {
    let chunk = "";
    if (formatter) for (const row of batch) chunk += formatter.format(row);
    else for (const row of batch) chunk += formatters[segmentOf[row.code] ?? 0]!.format(row);
    rows += batch.length;
    await write(chunk);
  }
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
    columns,
    logId: log.id,
  };
}

/** The old name of `exportAudience` (a segment's audience), kept until the callers move. */
export const exportSegment = exportAudience;
/** The old name of `ExportAudienceOptions`. */
export type ExportSegmentOptions = ExportAudienceOptions;
