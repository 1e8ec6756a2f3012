/**
 * Mapping files as text: export a mapping version (or the draft) as JSON or YAML, and import a
 * file into the shared draft, optionally publishing it. The document and its rule-list forms
 * are rfm-core's (`parseMappingDocument`, `mappingToDocument`); this module reads and writes
 * the text (the `yaml` package: YAML 1.2, of which JSON is a subset) and goes through the
 * mapping service, so an import is audited and published under the same rules as the admin's
 * edits.
 */
import {
  type MappingFileImport,
  type MappingFileReport,
  mappingToDocument,
  parseMappingDocument,
  RfmError,
} from "@rfm/core";
import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from "yaml";
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import { getCurrentRun } from "../scoring/scoring.service";
import { ensurePublishedMapping } from "./mapping.repository";
import {
  definitionOf,
  findActiveVersion,
  findDraft,
  findPublishedVersion,
  type MappingVersionRecord,
  publishDraft,
  replaceDraft,
} from "./mapping.service";

export type MappingFileTextFormat = "json" | "yaml";
export const MAPPING_FILE_TEXT_FORMATS: readonly MappingFileTextFormat[] = ["json", "yaml"];

/** A mapping file is a few kilobytes; a megabyte is a mistake (or an attack). */
export const MAX_MAPPING_FILE_BYTES = 1_000_000;

/** The text of a mapping version's file: pretty JSON, or YAML with block lists. */
export function renderMappingFile(record: MappingVersionRecord, format: MappingFileTextFormat): string {
  const doc = mappingToDocument(definitionOf(record), { mappingVersion: record.version });
  if (format === "json") return `${JSON.stringify(doc, null, 2)}\n`;
  // Codes are quoted so YAML readers keep them as text; lines stay unwrapped for diffs.
  return stringifyYaml(doc, { defaultStringType: "PLAIN", lineWidth: 0 });
}

/** Which mapping to export: a published version, the draft, or (neither) the published one. */
export async function exportMappingFile(
  db: Database,
  options: { format: MappingFileTextFormat; version?: number | null; draft?: boolean; profileId?: number },
): Promise<{ record: MappingVersionRecord; text: string }> {
  const profileId = options.profileId ?? DEFAULT_PROFILE_ID;
  // A fresh database publishes the default preset as version 1 on first use, as every read does.
  await ensurePublishedMapping(db, profileId);
  let record: MappingVersionRecord | null;
  if (options.draft) {
    record = await findDraft(db, profileId);
    if (!record) throw new AppError("NOT_FOUND", "there is no draft to export", { field: "draft" });
  } else if (options.version !== undefined && options.version !== null) {
    record = await findPublishedVersion(db, options.version, profileId);
    if (!record) {
      throw new AppError("NOT_FOUND", `no published mapping version ${options.version}`, {
        field: "version",
      });
    }
  } else {
    record = await findActiveVersion(db, profileId);
  }
  return { record, text: renderMappingFile(record, options.format) };
}

function fileError(
  message: string,
  path: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): AppError {
  return new AppError("INVALID_MAPPING_FILE", message, {
    field: path,
    details: { path, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Reads a file's text: `json`, `yaml`, or `auto` (JSON when it starts with `{`, YAML
 * otherwise). Errors are INVALID_MAPPING_FILE (400) naming the path in the document, or the
 * line and column of a syntax error.
 */
export function readMappingFile(
  text: string,
  format: MappingFileTextFormat | "auto" = "auto",
): MappingFileImport {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_MAPPING_FILE_BYTES) {
    throw fileError(
      `the file has ${bytes} bytes; a mapping file has at most ${MAX_MAPPING_FILE_BYTES}`,
      "text",
    );
  }
  const json = format === "json" || (format === "auto" && text.trimStart().startsWith("{"));
  let doc: unknown;
  try {
    doc = json ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : "the text";
      throw fileError(
        `the YAML is not valid at ${where}: ${error.message.split("\n")[0]}`,
        "text",
        {},
        error,
      );
    }
    if (error instanceof SyntaxError) {
      throw fileError(`the JSON is not valid: ${error.message}`, "text", {}, error);
    }
    throw error;
  }
  try {
    return parseMappingDocument(doc);
  } catch (error) {
    if (error instanceof RfmError) {
      const { field, ...details } = error.details;
      throw fileError(
        error.message,
        typeof field === "string" && field !== "" ? field : "text",
        details,
        error,
      );
    }
    throw error;
  }
}

export interface MappingFileImportResult {
  /** The draft the file became, or the version it was published as. */
  readonly record: MappingVersionRecord;
  readonly published: boolean;
  readonly report: MappingFileReport;
}

/**
 * Imports a file into the shared draft (replacing its segments), then publishes it when asked.
 * Publishing refuses (MAPPING_BINS_MISMATCH, nothing written) a file for other bins than the
 * current run, since every page would then fail until a run with those bins.
 */
export async function importMappingFile(
  db: Database,
  actor: string,
  input: {
    text: string;
    format?: MappingFileTextFormat | "auto";
    publish?: boolean;
    note?: string | null;
    /** The scoring profile whose draft receives the file (default: the default profile). */
    profileId?: number;
  },
): Promise<MappingFileImportResult> {
  const profileId = input.profileId ?? DEFAULT_PROFILE_ID;
  const imported = readMappingFile(input.text, input.format ?? "auto");
  const { definition, report } = imported;
  const active = await findActiveVersion(db, profileId);
  if (input.publish) {
    const run = await getCurrentRun(db, profileId);
    if (run?.histogram && run.bins !== definition.bins) {
      throw new AppError(
        "MAPPING_BINS_MISMATCH",
        `the file is for ${definition.bins} bins but the current run (${run.id}) has ${run.bins}: ` +
          `import it without publishing, or score with --bins ${definition.bins} first`,
        { field: "bins" },
      );
    }
  }
  const source = {
    form: report.form,
    note: input.note ?? null,
    othersSegment: report.othersSegment,
    shadowed: report.entries.reduce((n, e) => n + e.shadowed.length, 0),
  };
  const draft = await replaceDraft(db, actor, definition, source, profileId);
  if (!input.publish) return { record: draft, published: false, report };
  const published = await publishDraft(db, actor, active.version ?? 0, input.note ?? null, profileId);
  return { record: published, published: true, report };
}
