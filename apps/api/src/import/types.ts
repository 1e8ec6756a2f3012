import { AppError } from "../app-error";
import { type ImportHint, withHint } from "./hints";

/** What an import file holds: one row per transaction, or one row per customer. */
export type ImportKind = "transactions" | "customers";

/** Text encodings a file may be in. */
export const ENCODINGS = ["utf-8", "latin1", "macintosh"] as const;
/**
 * `utf-8` (the default; a byte order mark is dropped; a value with bytes that are not UTF-8 makes
 * its row a BAD_ENCODING reject),
 * `latin1` (read as Windows-1252, its superset: the WHATWG meaning of the label and what
 * "Latin-1" files from Excel actually contain, e.g. `™` as 0x99) or `macintosh` (Mac OS Roman,
 * the encoding of old Mac exports with CR line endings).
 */
export type Encoding = (typeof ENCODINGS)[number];

export interface ParseOptions {
  /** `csv` (default) or `jsonl` (one JSON object per line; its keys are the file's column names). */
  readonly format?: "csv" | "jsonl";
  /**
   * Our field -> the file's column name (`--map field=Column`, repeatable). Header matching is
   * case-insensitive and ignores surrounding spaces. `order_id: "@auto"` derives order ids from
   * the row's content (see {@link AUTO_ORDER_ID}).
   */
  readonly columns?: Readonly<Record<string, string>>;
  /**
   * date-fns `parse` tokens (`M/d/yyyy`, `yyyyMMdd`, `dd/MM/yyyy HH:mm`). ISO 8601 is always
   * accepted. With several formats a value is accepted when every format that reads it reads the
   * same instant; otherwise the row is rejected as ambiguous, never guessed.
   */
  readonly dateFormats?: readonly string[];
  readonly encoding?: Encoding;
  /**
   * One character (default `,`; also `;`, `|`, a tab, written `\t` or `tab`), or `whitespace`:
   * fields separated by runs of spaces and tabs, leading and trailing ones ignored. Quotes
   * (RFC 4180) apply to single-character delimiters, not to `whitespace`.
   */
  readonly delimiter?: string;
  /** Rows per batch (default 5000). A batch is also closed when it holds this many rejects. */
  readonly batchSize?: number;
  /**
   * The longest record, in characters, before it is given up on (default 1 MiB). Bounds memory
   * when a quote is never closed: the line where it opened is rejected and parsing goes on.
   */
  readonly maxRecordChars?: number;
  /**
   * Amounts with more than two decimals (other than trailing zeros: `10.500` is 10.50) are
   * BAD_AMOUNT rejects unless this names how to round them to cents: `half-even` (banker's:
   * 10.005 -> 10.00, 10.015 -> 10.02) or `half-up` (half away from zero: 10.005 -> 10.01,
   * -10.005 -> -10.01). Rounding is done on the decimal text, exactly.
   */
  readonly roundAmounts?: AmountRounding;
  /** "Now", epoch ms, for the future-date bound (default: the time parsing starts). */
  readonly now?: number;
  /** Dates later than `now` plus this many days are DATE_OUT_OF_RANGE rejects (default 1). */
  readonly futureToleranceDays?: number;
  /** Dates before this `YYYY-MM-DD` day (in `timeZone`) are DATE_OUT_OF_RANGE rejects (default 1900-01-01). */
  readonly minDate?: string;
  /**
   * The store's time zone (IANA name, default `UTC`): a date without an offset (`2014-12-30`,
   * `2014-12-30 23:30`) is that local day or time there; one with `Z` or an offset is that instant.
   */
  readonly timeZone?: string;
}

/** How `roundAmounts` rounds to cents. */
export const AMOUNT_ROUNDINGS = ["half-even", "half-up"] as const;
export type AmountRounding = (typeof AMOUNT_ROUNDINGS)[number];

/**
 * The longest id (order_id, customer_id) a file may give, in characters (UTF-16 code units):
 * the same on SQLite and PostgreSQL, well inside PostgreSQL's btree limit of about 2.7 KB per
 * index entry (256 characters are at most 1 KB of UTF-8).
 */
export const MAX_ID_CHARS = 256;
/** The longest text value (name, email, channel, province, region, city), in characters. */
export const MAX_TEXT_CHARS = 1000;
/** Default of {@link ParseOptions.futureToleranceDays}. */
export const DEFAULT_FUTURE_TOLERANCE_DAYS = 1;
/** Default of {@link ParseOptions.minDate}. */
export const DEFAULT_MIN_DATE = "1900-01-01";

/** `--map order_id=@auto`: see `docs/import.md`, "Files without an order id". */
export const AUTO_ORDER_ID = "@auto";

export type RejectCode =
  | "MISSING_FIELD"
  | "BAD_DATE"
  | "AMBIGUOUS_DATE"
  | "BAD_AMOUNT"
  | "BAD_VALUE"
  | "COLUMN_COUNT"
  | "BAD_QUOTES"
  | "BAD_JSON"
  | "BAD_ENCODING"
  /** A NUL or other control character in an id, or one other than tab or a line break in text. */
  | "BAD_TEXT"
  /** An id longer than {@link MAX_ID_CHARS} or a text longer than {@link MAX_TEXT_CHARS}. */
  | "TOO_LONG"
  /** A date after now plus the tolerance, or before the floor. */
  | "DATE_OUT_OF_RANGE"
  /** A currency that is not an ISO 4217 code. */
  | "UNKNOWN_CURRENCY"
  /** A line of an order in another currency than the order's first line (same batch). */
  | "CURRENCY_CONFLICT"
  /** Found when writing, not by the parser: the order id is stored for another customer. */
  | "ORDER_CUSTOMER_CONFLICT";

/** A row that was not accepted. Rejects never stop the stream. */
export interface Reject {
  /** 1-based physical line of the row's first line in the file (the header is line 1). */
  readonly line: number;
  /** The file's column name (as spelled in its header), or null when the row as a whole is wrong. */
  readonly column: string | null;
  readonly code: RejectCode;
  /**
   * A sentence naming the value, e.g. `date "03/04/2011" is ambiguous: ...`. It says what is wrong,
   * never which flag or choice would help: that is {@link hint}, worded by each surface (hints.ts).
   */
  readonly reason: string;
  /** The option that would make such a row acceptable, and the values to suggest. */
  readonly hint?: ImportHint;
  /** The row as it is in the file (decoded, line ending removed), cut at 2,000 characters. */
  readonly raw: string;
}

interface BatchProgress {
  /** Rows accepted in this batch: the length of every column array. */
  readonly size: number;
  /** Source line of each accepted row (same order as the columns). */
  readonly line: Uint32Array;
  readonly rejects: readonly Reject[];
  /** Data rows read so far in the file, accepted or rejected (header and blank lines excluded). */
  readonly rowsRead: number;
  /** Input bytes consumed so far (for a progress bar against the file size). */
  readonly bytesRead: number;
}

/** Transactions, column by column. Strings are trimmed; an empty optional value is null. */
export interface TransactionBatch extends BatchProgress {
  readonly orderId: string[];
  readonly customerId: string[];
  /** Epoch milliseconds. A date or time without an offset is read as UTC. */
  readonly occurredAt: Float64Array;
  readonly amount: Float64Array;
  readonly channel: (string | null)[];
  readonly province: (string | null)[];
  readonly region: (string | null)[];
  readonly city: (string | null)[];
  /** Customer fields carried along so an unknown customer can be created with them. */
  readonly name: (string | null)[];
  readonly email: (string | null)[];
  /** ISO 4217 code, upper-case; null: none given (the store's currency). */
  readonly currency: (string | null)[];
}

export interface CustomerBatch extends BatchProgress {
  readonly customerId: string[];
  readonly name: (string | null)[];
  readonly email: (string | null)[];
  readonly province: (string | null)[];
  readonly region: (string | null)[];
  readonly city: (string | null)[];
  /** Epoch milliseconds, NaN where the file gives none. */
  readonly createdAt: Float64Array;
  /** As given, or split from `name` when the file has no first/last columns (import/names.ts). */
  readonly firstName: (string | null)[];
  readonly lastName: (string | null)[];
  readonly phone: (string | null)[];
  /** True (opted in), false (opted out), null (not given). */
  readonly marketingConsent: (boolean | null)[];
}

export type ImportErrorCode =
  | "BAD_OPTION"
  | "UNKNOWN_FIELD"
  | "UNKNOWN_COLUMN"
  | "MISSING_COLUMN"
  | "DUPLICATE_COLUMN"
  | "EMPTY_FILE"
  | "BAD_HEADER"
  | "LINE_TOO_LONG"
  | "BINARY_FILE";

export interface ImportProblem {
  readonly code: ImportErrorCode;
  /** What is wrong, naming no flag or choice (see {@link hint}). */
  readonly message: string;
  /** The option that would fix it, and the values to suggest (worded by each surface, hints.ts). */
  readonly hint?: ImportHint;
}

/**
 * A problem with the file as a whole or with the options, found before any row is read: an
 * `AppError` whose `details.problems` lists every problem found at once; `code` is the first
 * one's. LINE_TOO_LONG is found where it occurs (a file without line breaks, e.g. a binary or
 * UTF-16 file). A subclass only for its constructor from problems and its typed `problems`: it
 * is translated like any AppError (the HTTP route says which request part, `field`, was at fault).
 */
export class ImportError extends AppError {
  override readonly code: ImportErrorCode;
  readonly problems: readonly ImportProblem[];

  constructor(problems: readonly ImportProblem[], options: { readonly field?: string } = {}) {
    // The message and `details` are what HTTP clients see: each problem worded for the web, its
    // hint also given as data. The CLI words `problems` itself (hints.ts).
    const worded = problems.map((p) => ({ ...p, message: withHint(p.message, p.hint, "web") }));
    super(problems[0]?.code ?? "BAD_OPTION", worded.map((p) => p.message).join("\n"), {
      ...options,
      details: { problems: worded },
    });
    this.code = problems[0]?.code ?? "BAD_OPTION";
    this.problems = problems;
  }

  static of(code: ImportErrorCode, message: string, hint?: ImportHint): ImportError {
    return new ImportError([{ code, message, ...(hint ? { hint } : {}) }]);
  }

  /** The same problems, blamed on a part of the request (`query`, `body`). */
  at(field: string): ImportError {
    return new ImportError(this.problems, { field });
  }
}
