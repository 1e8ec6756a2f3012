import { type StoreCalendar, storeCalendar } from "../days";
import { AmountReader } from "./amount";
import { type BatchBuilder, CustomerBuilder, type RowSource, TransactionBuilder } from "./batches";
import { decodedChunks, decoderFor } from "./bytes";
import { type ResolvedColumns, resolveColumns } from "./columns";
import { DateReader, dateBounds } from "./dates";
import { RecordReader, type Splitting } from "./records";
import {
  AMOUNT_ROUNDINGS,
  type CustomerBatch,
  DEFAULT_FUTURE_TOLERANCE_DAYS,
  DEFAULT_MIN_DATE,
  type Encoding,
  ImportError,
  type ImportKind,
  type ImportProblem,
  type ParseOptions,
  type TransactionBatch,
} from "./types";

/** What the parser reads: a file or HTTP request stream, or any async iterable of chunks. */
export type ImportInput = AsyncIterable<Uint8Array | string>;

/**
 * Reads transactions from a CSV or JSON-lines byte stream, in batches of checked rows plus the
 * rows rejected since the previous batch. Streaming: it reads the input only as fast as the
 * batches are consumed and holds one chunk and one batch at a time. Problems with the header
 * or options throw an {@link ImportError} before the first batch; a bad row never stops it.
 */
export function parseTransactions(
  input: ImportInput,
  options: ParseOptions = {},
): AsyncGenerator<TransactionBatch, void, undefined> {
  return parseBatches(input, options, "transactions", (c, d, n, a) => new TransactionBuilder(c, d, n, a));
}

/** As {@link parseTransactions}, for a file of customers. */
export function parseCustomers(
  input: ImportInput,
  options: ParseOptions = {},
): AsyncGenerator<CustomerBatch, void, undefined> {
  return parseBatches(input, options, "customers", (c, d, n) => new CustomerBuilder(c, d, n));
}

/**
 * The format a file name suggests: `.jsonl`, `.ndjson` and `.jsonlines` are JSON lines, also
 * gzipped (`.jsonl.gz`), the rest CSV.
 */
export function formatFromPath(path: string): "csv" | "jsonl" {
  return /\.(jsonl|ndjson|jsonlines)(\.gz)?$/i.test(path) ? "jsonl" : "csv";
}

const ENCODING_LABELS: Record<string, Encoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  latin1: "latin1",
  "latin-1": "latin1",
  "iso-8859-1": "latin1",
  "windows-1252": "latin1",
  cp1252: "latin1",
  macintosh: "macintosh",
  mac: "macintosh",
  macroman: "macintosh",
  "mac-roman": "macintosh",
};

/** The encoding a user's `--encoding` value names, or undefined. */
export function encodingFromLabel(label: string): Encoding | undefined {
  return ENCODING_LABELS[label.trim().toLowerCase()];
}

interface Settings {
  readonly splitting: Splitting;
  /** The decoder the options name; a UTF-16 byte order mark overrides it (see bytes.ts). */
  readonly encoding: Encoding;
  readonly amounts: AmountReader;
  readonly batchSize: number;
  readonly maxRecordChars: number;
  readonly dates: DateReader;
}

function settings(options: ParseOptions): Settings {
  const problems: ImportProblem[] = [];
  const bad = (message: string) => problems.push({ code: "BAD_OPTION", message });

  const format = options.format ?? "csv";
  if (format !== "csv" && format !== "jsonl") bad(`format "${format}" is not csv or jsonl`);

  const encoding = encodingFromLabel(options.encoding ?? "utf-8");
  if (encoding === undefined) bad(`encoding "${options.encoding}" is not utf-8, latin1 or macintosh`);

  let delimiter = options.delimiter ?? ",";
  if (delimiter === "\\t" || delimiter.toLowerCase() === "tab") delimiter = "\t";
  if (delimiter.toLowerCase() === "whitespace") delimiter = "whitespace";
  else if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    bad(`delimiter ${JSON.stringify(delimiter)} is not one character (other than a quote) or "whitespace"`);
  }

  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1) bad(`batch size ${batchSize} is not a positive integer`);
  const maxRecordChars = options.maxRecordChars ?? 1 << 20;
  if (!Number.isInteger(maxRecordChars) || maxRecordChars < 1) {
    bad(`maxRecordChars ${maxRecordChars} is not a positive integer`);
  }

  const rounding = options.roundAmounts;
  if (rounding !== undefined && !AMOUNT_ROUNDINGS.includes(rounding)) {
    bad(`amount rounding "${rounding}" is not ${AMOUNT_ROUNDINGS.join(" or ")}`);
  }
  let calendar: StoreCalendar | null = null;
  try {
    calendar = storeCalendar(options.timeZone);
  } catch (error) {
    bad(error instanceof Error ? error.message : String(error));
  }
  const bounds = dateBounds(
    options.now ?? Date.now(),
    options.futureToleranceDays ?? DEFAULT_FUTURE_TOLERANCE_DAYS,
    options.minDate ?? DEFAULT_MIN_DATE,
    calendar ?? storeCalendar(),
  );
  if (typeof bounds === "string") bad(bounds);

  let dates: DateReader | null = null;
  try {
    dates = new DateReader(
      options.dateFormats ?? [],
      typeof bounds === "string" ? null : bounds,
      calendar ?? storeCalendar(),
    );
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    problems.push(...error.problems);
  }
  if (encoding !== undefined) {
    try {
      decoderFor(encoding);
    } catch {
      bad(
        `this Node.js cannot decode ${encoding} (it needs a build with full ICU, as the official ones are)`,
      );
    }
  }
  if (problems.length > 0 || dates === null || encoding === undefined) throw new ImportError(problems);

  const splitting: Splitting =
    format === "jsonl" ? "line" : delimiter === "whitespace" ? "whitespace" : { delimiter };
  return {
    splitting,
    encoding,
    amounts: new AmountReader(rounding),
    batchSize,
    maxRecordChars,
    dates,
  };
}

type MakeBuilder<B> = (
  columns: ResolvedColumns,
  dates: DateReader,
  capacity: number,
  amounts: AmountReader,
) => BatchBuilder<B>;

async function* parseBatches<B>(
  input: ImportInput,
  options: ParseOptions,
  kind: ImportKind,
  makeBuilder: MakeBuilder<B>,
): AsyncGenerator<B, void, undefined> {
  const s = settings(options);
  const parser = new Parser(kind, options, s, makeBuilder);
  const text = decodedChunks(input, s.encoding, (bytes) => {
    parser.bytesRead += bytes;
  });
  for await (const chunk of text) if (chunk.length > 0) yield* parser.feed(chunk);
  yield* parser.finish("");
}

/** The part of parsing that sees text: header, records, batches. */
class Parser<B> {
  bytesRead = 0;
  private readonly reader: RecordReader;
  private readonly jsonl: boolean;
  private readonly source: RowSource;
  private header: string[] = [];
  private builder: BatchBuilder<B> | null = null;
  private json: JsonRows | null = null;
  /** BAD_JSON lines before the first object, kept until there is a builder to hold them. */
  private readonly early: { line: number; reason: string; raw: string }[] = [];
  private rowsRead = 0;
  private emitted = 0;
  private sawReplacement = false;

  constructor(
    private readonly kind: ImportKind,
    private readonly options: ParseOptions,
    private readonly s: Settings,
    private readonly makeBuilder: MakeBuilder<B>,
  ) {
    this.reader = new RecordReader(s.splitting, s.maxRecordChars);
    this.jsonl = s.splitting === "line";
    const reader = this.reader;
    const jsonl = this.jsonl;
    this.source = {
      get line() {
        return reader.line;
      },
      raw: () => reader.raw(),
      isBlank: () => !jsonl && reader.isBlank(),
    };
  }

  *feed(text: string): Generator<B, void, undefined> {
    if (!this.sawReplacement && text.includes("\uFFFD")) {
      this.sawReplacement = true;
      if (this.builder) this.builder.checkEncoding = true;
    }
    this.reader.feed(text);
    yield* this.drain();
  }

  *finish(tail: string): Generator<B, void, undefined> {
    if (tail.length > 0) yield* this.feed(tail);
    this.reader.end();
    yield* this.drain();
    const builder = this.builder;
    if (builder === null) {
      const reason = this.early[0]?.reason;
      throw ImportError.of(
        "EMPTY_FILE",
        reason
          ? `no line of the file is a JSON object (line 1: ${reason})`
          : "the file is empty: it has no header line",
      );
    }
    if (builder.size > 0 || builder.rejectCount > 0 || this.emitted === 0) {
      yield builder.take(this.rowsRead, this.bytesRead);
    }
  }

  private *drain(): Generator<B, void, undefined> {
    const reader = this.reader;
    const source = this.source;
    const batchSize = this.s.batchSize;
    while (reader.next()) {
      let builder = this.builder;
      if (builder === null) {
        builder = this.start();
        if (builder === null || !this.jsonl) continue;
        // For JSON lines the first object is also the first row: fall through.
      } else if (this.jsonl) {
        this.rowsRead++;
        const object = parseJsonObject(reader.fields[0] as string);
        if (typeof object === "string") builder.reject(source, "BAD_JSON", null, object);
        else this.addJson(builder, object);
      } else if (reader.quoteError !== null) {
        this.rowsRead++;
        builder.reject(source, "BAD_QUOTES", null, reader.quoteError);
      } else if (reader.count !== this.header.length) {
        if (reader.isBlank()) continue;
        this.rowsRead++;
        builder.reject(
          source,
          "COLUMN_COUNT",
          null,
          `${reader.count} columns where the header has ${this.header.length}`,
        );
      } else if (builder.add(reader.fields, source)) {
        this.rowsRead++;
      }
      if (builder.size >= batchSize || builder.rejectCount >= batchSize) {
        this.emitted++;
        yield builder.take(this.rowsRead, this.bytesRead);
      }
    }
  }

  /** Reads the header from the current record; for JSON lines also takes that first object as a row. */
  private start(): BatchBuilder<B> | null {
    const reader = this.reader;
    if (this.jsonl) {
      const object = parseJsonObject(reader.fields[0] as string);
      if (typeof object === "string") {
        this.rowsRead++;
        this.early.push({ line: reader.line, reason: object, raw: reader.raw() });
        return null;
      }
      this.header = Object.keys(object);
      const columns = resolveColumns(this.kind, this.header, this.options.columns, "the first JSON object");
      const builder = this.newBuilder(columns);
      this.json = new JsonRows(this.header, columns);
      for (const r of this.early) {
        builder.reject({ line: r.line, raw: () => r.raw, isBlank: () => false }, "BAD_JSON", null, r.reason);
      }
      this.rowsRead++;
      this.addJson(builder, object);
      return builder;
    }
    if (reader.quoteError !== null) {
      throw ImportError.of(
        "BAD_HEADER",
        `the header (line ${reader.line}) is not valid CSV: ${reader.quoteError}`,
      );
    }
    if (reader.isBlank()) return null;
    this.header = reader.fields.slice(0, reader.count);
    const columns = resolveColumns(this.kind, this.header, this.options.columns);
    reader.want(
      [...columns.index].filter((i) => i >= 0),
      this.header.length,
    );
    return this.newBuilder(columns);
  }

  private newBuilder(columns: ResolvedColumns): BatchBuilder<B> {
    const builder = this.makeBuilder(columns, this.s.dates, this.s.batchSize, this.s.amounts);
    builder.checkEncoding = this.sawReplacement;
    this.builder = builder;
    return builder;
  }

  private addJson(builder: BatchBuilder<B>, object: Record<string, unknown>): void {
    const json = this.json as JsonRows;
    const fields = json.fields(object);
    if (json.problem !== null) {
      builder.reject(this.source, "BAD_VALUE", json.problem.column, json.problem.reason);
    } else {
      builder.add(fields, this.source);
    }
  }
}

/** The object on a JSON line, or why the line is not one. */
function parseJsonObject(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return `not a JSON object but ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`;
  }
  return value as Record<string, unknown>;
}

/**
 * Turns JSON objects into fields indexed like the header made of the first object's keys.
 * Keys are matched as exactly spelled first, then trimmed and case-insensitively. Numbers and
 * booleans become their text; null is an empty value; an object or array is a BAD_VALUE.
 */
class JsonRows {
  private readonly used: number[];
  problem: { column: string; reason: string } | null = null;

  constructor(
    private readonly header: readonly string[],
    columns: ResolvedColumns,
  ) {
    this.used = [...new Set([...columns.index].filter((i) => i >= 0))];
  }

  fields(object: Record<string, unknown>): (string | undefined)[] {
    this.problem = null;
    const out: (string | undefined)[] = new Array(this.header.length);
    for (const i of this.used) {
      const key = this.header[i] as string;
      let value = object[key];
      if (value === undefined) {
        const wanted = key.trim().toLowerCase();
        const match = Object.keys(object).find((k) => k.trim().toLowerCase() === wanted);
        value = match === undefined ? undefined : object[match];
      }
      if (value === undefined || value === null) continue;
      if (typeof value === "string") out[i] = value;
      else if (typeof value === "number" || typeof value === "boolean") out[i] = String(value);
      else if (this.problem === null) {
        this.problem = {
          column: key,
          reason: `"${key}" is ${Array.isArray(value) ? "an array" : "an object"}, not a text or a number`,
        };
      }
    }
    return out;
  }
}
