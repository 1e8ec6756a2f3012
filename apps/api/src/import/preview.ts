/**
 * The first rows of a file as the importer would take them, before importing it: what the
 * admin's Import page shows while a person chooses the columns, the date format, the encoding
 * and the delimiter (`POST /imports/preview`). Everything here is the importer's own code run on
 * the start of the file (its parser, column matching and date reading), so the preview cannot
 * disagree with the import; only "auto" choices are this module's: the encoding and delimiter
 * are guessed from the sample, and date formats are suggested from its values.
 */
import { constants, gunzipSync } from "node:zlib";
import { decoderFor } from "./bytes";
import { ABSENT, AUTO, DATE_FIELD, FIELD_DESCRIPTIONS, FIELDS, matchColumns, REQUIRED } from "./columns";
import { suggestDateFormats } from "./dates";
import type { ImportHint } from "./hints";
import { parseCustomers, parseTransactions } from "./parse";
import { RecordReader } from "./records";
import {
  AUTO_ORDER_ID,
  type Encoding,
  ImportError,
  type ImportKind,
  type ImportProblem,
  type ParseOptions,
  type RejectCode,
} from "./types";

/** Rows shown, at most. */
export const PREVIEW_ROWS = 20;
/** Values of the date column looked at to suggest a date format. */
const DATE_SAMPLE = 500;
/** The delimiters "auto" chooses from. */
const DELIMITERS = [",", ";", "\t", "|"] as const;

export interface PreviewOptions
  extends Omit<ParseOptions, "encoding" | "delimiter" | "format" | "batchSize"> {
  readonly kind: ImportKind;
  /** Undefined: JSON lines when the first character is `{`, else CSV. */
  readonly format?: "csv" | "jsonl";
  /** `auto` (default): UTF-8 if the sample is valid UTF-8, else Latin-1 or Mac Roman, whichever reads more letters. */
  readonly encoding?: Encoding | "auto";
  /** `auto` (default): the one of `,` `;` tab `|` that cuts the first lines into the most, equal, columns. */
  readonly delimiter?: string;
  /** The sample is the start of a longer file: what follows its last line break is dropped. */
  readonly partial?: boolean;
}

export interface PreviewField {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** The file's column the importer takes it from (its own name matching, or the map), `@auto`, or null. */
  readonly column: string | null;
}

export interface PreviewRow {
  /** 1-based physical line in the file. */
  readonly line: number;
  /** Per field the importer would store: the parsed value (dates as ISO instants); null when rejected. */
  readonly values: Readonly<Record<string, string | number | boolean | null>> | null;
  /** Why the row would be rejected, or null. */
  readonly reject: {
    readonly column: string | null;
    readonly code: RejectCode;
    readonly reason: string;
    readonly hint?: ImportHint;
  } | null;
  readonly raw: string | null;
}

export interface ImportPreview {
  readonly kind: ImportKind;
  readonly format: "csv" | "jsonl";
  readonly encoding: Encoding;
  /** One character, or null for JSON lines. */
  readonly delimiter: string | null;
  readonly header: readonly string[];
  readonly fields: readonly PreviewField[];
  /** What stops the file from being imported as chosen (no column for a required field...). */
  readonly problems: readonly ImportProblem[];
  readonly rows: readonly PreviewRow[];
  /** The field holding dates and the formats that read its values, best first (empty: ISO 8601 or none). */
  readonly dates: {
    readonly field: string;
    readonly column: string | null;
    readonly suggested: readonly string[];
  };
}

/** The sample's bytes: gunzipped if gzip (as much as the sample holds), cut after its last line break if partial. */
function sampleBytes(bytes: Uint8Array, partial: boolean): Uint8Array {
  let data = bytes;
  let cut = partial;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    data = gunzipSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
    cut = true;
  }
  if (!cut) return data;
  for (let i = data.length - 1; i >= 0; i--) {
    if (data[i] === 0x0a || data[i] === 0x0d) return data.subarray(0, i + 1);
  }
  return data;
}

/**
 * What the non-ASCII bytes of Western European text mostly are, in the right encoding: its
 * common accented letters and the typographic marks spreadsheets write (2 each), its common
 * capitals (1). Latin-1's and Mac Roman's readings of one byte are rarely both in here.
 */
const LIKELY = new Map<string, number>([
  ...[..."éèàùüöäçñíóáúêâîôëïß’‘“”–—…™®©°€£"].map((c) => [c, 2] as const),
  ...[..."ÉÈÀÜÖÄÇÑÍÓÁÚ"].map((c) => [c, 1] as const),
]);

/**
 * The encoding of a sample: UTF-8 when it decodes as such, else Latin-1 (Windows-1252) or Mac
 * Roman, whichever reads its non-ASCII bytes as more likely characters ({@link LIKELY}:
 * `Montr\xE9al` is `Montréal` in Latin-1 and `MontrÈal` in Mac Roman; `Franz\x9Asisch` is
 * `Französisch` in Mac Roman and `Franzšisch` in Latin-1; `\x99` is `™` in Latin-1 and `ô` in Mac
 * Roman); a tie, Latin-1. A heuristic on the start of the file: the page shows the choice and
 * lets it be changed.
 */
export function detectEncoding(bytes: Uint8Array): Encoding {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "utf-8";
  } catch {
    // not UTF-8
  }
  const counts = new Map<number, number>();
  for (const b of bytes) if (b >= 0x80) counts.set(b, (counts.get(b) ?? 0) + 1);
  const score = (encoding: Encoding) => {
    const decoder = decoderFor(encoding);
    let n = 0;
    for (const [byte, count] of counts) {
      const ch = decoder.decode(new Uint8Array([byte]));
      n += count * (LIKELY.get(ch) ?? 0);
    }
    return n;
  };
  return score("macintosh") > score("latin1") ? "macintosh" : "latin1";
}

/** The delimiter that cuts the first lines into the most columns, the same number on each line. */
export function detectDelimiter(text: string): string {
  let best: { delimiter: string; score: number } = { delimiter: ",", score: 0 };
  for (const delimiter of DELIMITERS) {
    const reader = new RecordReader({ delimiter });
    reader.feed(text);
    reader.end();
    const counts: number[] = [];
    while (counts.length < PREVIEW_ROWS + 1 && reader.next())
      if (!reader.isBlank()) counts.push(reader.count);
    const width = counts[0] ?? 0;
    if (width < 2) continue;
    const agreeing = counts.filter((c) => c === width).length / counts.length;
    const score = agreeing * 1000 + width;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** The header and the first values of one column, read with the importer's record reader. */
function headerAndColumn(
  text: string,
  format: "csv" | "jsonl",
  delimiter: string,
  column: (header: readonly string[]) => number,
): { header: string[]; values: string[] } {
  if (format === "jsonl") {
    let header: string[] = [];
    let key: string | null = null;
    const values: string[] = [];
    for (const line of text.split(/\r\n|\r|\n/)) {
      if (values.length >= DATE_SAMPLE) break;
      let object: unknown;
      try {
        object = JSON.parse(line);
      } catch {
        continue;
      }
      if (object === null || typeof object !== "object" || Array.isArray(object)) continue;
      const record = object as Record<string, unknown>;
      if (header.length === 0) {
        header = Object.keys(record);
        const i = column(header);
        key = i >= 0 ? (header[i] as string) : null;
      }
      const value = key === null ? undefined : record[key];
      if (typeof value === "string" || typeof value === "number") values.push(String(value));
    }
    return { header, values };
  }
  const reader = new RecordReader({ delimiter });
  reader.feed(text);
  reader.end();
  let header: string[] | null = null;
  let index = -1;
  const values: string[] = [];
  while (values.length < DATE_SAMPLE && reader.next()) {
    if (reader.isBlank() || reader.quoteError !== null) continue;
    if (header === null) {
      header = reader.fields.slice(0, reader.count);
      index = column(header);
      continue;
    }
    if (index >= 0 && index < reader.count) values.push(reader.fields[index] as string);
  }
  return { header: header ?? [], values };
}

const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * One accepted row of a batch as values per field: the batch's column named like the field
 * (`occurred_at` -> `occurredAt`); numbers in a field ending `_at` are instants (NaN: none).
 */
function rowValues(
  batch: Record<string, unknown>,
  fields: readonly string[],
  i: number,
): Record<string, string | number | boolean | null> {
  const values: Record<string, string | number | boolean | null> = {};
  for (const field of fields) {
    const column = batch[camel(field)] as ArrayLike<unknown> | undefined;
    const v = column?.[i];
    if (typeof v === "number") {
      values[field] = Number.isNaN(v) ? null : field.endsWith("_at") ? new Date(v).toISOString() : v;
    } else if (typeof v === "string" || typeof v === "boolean") values[field] = v;
    else values[field] = null;
  }
  return values;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * The preview of a file from its first bytes (`sample`; the admin sends 64 KB). Problems of the
 * options (a bad date format) and of the header come back in `problems`, with no rows; a bad row
 * is a row with its reject, as the import would report it.
 */
export async function previewImport(sample: Uint8Array, options: PreviewOptions): Promise<ImportPreview> {
  const { kind } = options;
  const bytes = sampleBytes(sample, options.partial ?? false);
  const encoding =
    options.encoding === undefined || options.encoding === "auto" ? detectEncoding(bytes) : options.encoding;
  let text: string;
  try {
    text = decoderFor(encoding).decode(bytes);
  } catch {
    throw ImportError.of("BAD_OPTION", `encoding "${encoding}" is not utf-8, latin1 or macintosh`);
  }
  const format = options.format ?? (text.trimStart().startsWith("{") ? "jsonl" : "csv");
  const delimiter =
    format === "jsonl"
      ? null
      : options.delimiter === undefined || options.delimiter === "auto"
        ? detectDelimiter(text)
        : options.delimiter;

  const fields: readonly string[] = FIELDS[kind];
  const dateField = DATE_FIELD[kind];
  let matched: ReturnType<typeof matchColumns> | null = null;
  const { header, values: dateValues } = headerAndColumn(text, format, delimiter ?? ",", (h) => {
    matched = matchColumns(
      kind,
      h,
      options.columns ?? {},
      format === "jsonl" ? "the first JSON object" : "the header",
    );
    return matched.index[fields.indexOf(dateField)] ?? ABSENT;
  });
  const columns = matched as ReturnType<typeof matchColumns> | null;
  const fieldList: PreviewField[] = fields.map((name, f) => {
    const index = columns?.index[f] ?? ABSENT;
    return {
      name,
      required: REQUIRED[kind].includes(name),
      description: FIELD_DESCRIPTIONS[name] ?? "",
      column: index === AUTO ? AUTO_ORDER_ID : index >= 0 ? (columns?.name[f] ?? null) : null,
    };
  });
  const dateColumn = fieldList.find((f) => f.name === dateField)?.column ?? null;
  const dates = { field: dateField, column: dateColumn, suggested: suggestDateFormats(dateValues) };
  const base = { kind, format, encoding, delimiter, header, fields: fieldList, dates };

  const problems: ImportProblem[] = [...(columns?.problems ?? [])];
  if (header.length === 0) {
    problems.push({ code: "EMPTY_FILE", message: "the file is empty: it has no header line" });
  }
  if (problems.length > 0) return { ...base, problems, rows: [] };

  const parseOptions: ParseOptions = {
    ...options,
    format,
    encoding,
    ...(delimiter === null ? {} : { delimiter }),
    batchSize: 1_000,
  };
  const rows: PreviewRow[] = [];
  try {
    const batches =
      kind === "transactions"
        ? parseTransactions(once(bytes), parseOptions)
        : parseCustomers(once(bytes), parseOptions);
    for await (const batch of batches) {
      for (let i = 0; i < batch.size; i++) {
        rows.push({
          line: batch.line[i] as number,
          values: rowValues(batch as unknown as Record<string, unknown>, fields, i),
          reject: null,
          raw: null,
        });
      }
      for (const r of batch.rejects) {
        rows.push({
          line: r.line,
          values: null,
          reject: { column: r.column, code: r.code, reason: r.reason, ...(r.hint ? { hint: r.hint } : {}) },
          raw: r.raw,
        });
      }
      if (rows.length >= PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { ...base, problems: error.problems, rows: [] };
  }
  rows.sort((a, b) => a.line - b.line);
  return { ...base, problems: [], rows: rows.slice(0, PREVIEW_ROWS) };
}
