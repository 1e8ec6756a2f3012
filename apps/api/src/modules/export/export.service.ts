/**
 * Audience exports: the current run's customers of one segment (the codes the published
 * mapping gives it), streamed as CSV or JSON lines to any writer, in constant memory, and
 * logged in `export_log`. Used by `rfm export` and by the HTTP export route.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { indexOfCode } from "@rfm/core";
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { checkBins, requireCurrentRun } from "../segment/segment.service";
import { EXPORT_COLUMNS, type ExportColumn, type ExportFormat, rowFormatter } from "./export.format";

export { EXPORT_COLUMNS, type ExportColumn, type ExportFormat };

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
}

export interface ExportResult {
  readonly rows: number;
  /** The segment's name as the mapping spells it. */
  readonly segment: string;
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

export async function exportSegment(options: ExportSegmentOptions): Promise<ExportResult> {
  const { db } = options;
  if (options.format !== "csv" && options.format !== "jsonl") {
    throw new AppError("INVALID_FORMAT", `format must be csv or jsonl, got ${String(options.format)}`, {
      field: "format",
    });
  }
  const columns = parseExportColumns(options.columns);
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
  const formatter = rowFormatter(options.format, columns, { bins: run.bins, segment: segment.name });
  const write = sinkWriter(options.write);
  if (formatter.header !== "") await write(formatter.header);
  let rows = 0;
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
    for (const row of batch) chunk += formatter.format(row);
    rows += batch.length;
    await write(chunk);
  }
  const log = await db.prisma.exportLog.create({
    data: {
      at: new Date(),
      tokenId: options.tokenId ?? null,
      segment: segment.name,
      mappingVersion: mapping.version,
      runId: run.id,
      format: options.format,
      rows,
    },
    select: { id: true },
  });
  return {
    rows,
    segment: segment.name,
    runId: run.id,
    mappingVersion: mapping.version,
    format: options.format,
    columns,
    logId: log.id,
  };
}
