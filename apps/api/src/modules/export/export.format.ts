/**
 * Audience files: CSV (RFC 4180) and JSON lines, one customer per row.
 *
 * CSV text cells go through `csvCell` (csv.ts, shared with the importer's rejects file): quoted
 * by RFC 4180 (a comma, a double quote, CR or LF, or white space at either end; quotes
 * doubled), and text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, tab or CR, OWASP's list) is prefixed with `'`, so `=HYPERLINK(...)` in a customer's name
 * stays text. Only text columns are neutralised: numbers are written as numbers, a negative
 * net spend stays `-12.30`. JSON lines need no neutralisation: values keep their JSON types. Money is
 * written to the cent: net spend exactly (it is stored in cents), CLV (a model's float)
 * rounded half away from zero, the same figure in both formats.
 */
import { type Bins, codeOfIndex } from "@rfm/core";
import { csvCell } from "../../csv";
import type { AudienceRow } from "../../db/facts";
import { splitName } from "../../import/names";

export const EXPORT_COLUMNS = [
  "customer_id",
  "name",
  "email",
  "province",
  "region",
  "city",
  "recency_days",
  "frequency",
  "monetary",
  "r",
  "f",
  "m",
  "code",
  "segment",
  "clv",
  // Since issue 10, after the original columns (a reader by position keeps working); not in the
  // default (`ALL`) file, chosen by name or by a preset (presets.ts).
  "first_name",
  "last_name",
  "phone",
  "marketing_consent",
  "segment_key",
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The default file's columns (preset `ALL`): those an export had before presets, in order. */
export const DEFAULT_EXPORT_COLUMNS: readonly ExportColumn[] = EXPORT_COLUMNS.slice(0, 15);

/** Columns only the ad presets write: identifiers normalised and hashed (hashing.ts). */
export type HashedColumn = "email_sha256" | "phone_sha256";
export type FileColumn = ExportColumn | HashedColumn;

/** Hashed identifiers of the row being written (ad presets), set per row by the caller. */
export interface RowHashes {
  readonly email_sha256: string | null;
  readonly phone_sha256: string | null;
}
const NO_HASHES: RowHashes = { email_sha256: null, phone_sha256: null };
export type ExportFormat = "csv" | "jsonl";

type Value = string | number | boolean | null;

/** Cents as an exact decimal number of currency units (`-1230` is -12.3). */
export function centsToUnits(cents: number): number {
  return cents / 100;
}

/** Cents as exact decimal text with two places: `-1230` is `-12.30`. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100);
  const rest = abs - units * 100;
  return `${sign}${units}.${rest < 10 ? "0" : ""}${rest}`;
}

/** CLV (a float) in whole cents, half away from zero: the same figure in CSV and JSON lines. */
function clvCents(clv: number): number {
  return Math.sign(clv) * Math.round(Math.abs(clv) * 100);
}

/** A column's typed value (JSON lines) and its CSV text (formatting numbers as exact decimals). */
interface ColumnFormat {
  readonly value: (row: AudienceRow) => Value;
  readonly csv: (row: AudienceRow) => string;
}

/** What every row of a file shares. */
export interface FormatContext {
  readonly bins: Bins;
  readonly segment: string;
  readonly segmentKey: string;
}

function columnFormats(context: FormatContext, hashes: () => RowHashes): Record<FileColumn, ColumnFormat> {
  const text = (get: (row: AudienceRow) => string | null): ColumnFormat => ({
    value: get,
    csv: (row) => csvCell(get(row)),
  });
  const integer = (get: (row: AudienceRow) => number): ColumnFormat => ({
    value: get,
    csv: (row) => String(get(row)),
  });
  const segmentCell = csvCell(context.segment);
  const segmentKeyCell = csvCell(context.segmentKey);
  // First and last names as stored; for a customer without them (created from a transactions
  // file) split from the full name by the importer's rule (import/names.ts).
  let namesOf: AudienceRow | null = null;
  let names: [string | null, string | null] = [null, null];
  const nameParts = (row: AudienceRow): [string | null, string | null] => {
    if (row !== namesOf) {
      namesOf = row;
      names =
        row.firstName === null && row.lastName === null ? splitName(row.name) : [row.firstName, row.lastName];
    }
    return names;
  };
  const consent = (row: AudienceRow): boolean | null =>
    row.marketingConsent === null ? null : row.marketingConsent === 1;
  const codes = new Map<number, string>();
  const code = (index: number): string => {
    let text = codes.get(index);
    if (text === undefined) {
      text = codeOfIndex(index, context.bins);
      codes.set(index, text);
    }
    return text;
  };
  return {
    customer_id: text((row) => row.externalId),
    name: text((row) => row.name),
    email: text((row) => row.email),
    province: text((row) => row.province),
    region: text((row) => row.region),
    city: text((row) => row.city),
    recency_days: integer((row) => row.recencyDays),
    frequency: integer((row) => row.frequency),
    monetary: {
      value: (row) => centsToUnits(row.monetaryCents),
      csv: (row) => formatCents(row.monetaryCents),
    },
    r: integer((row) => row.r),
    f: integer((row) => row.f),
    m: integer((row) => row.m),
    code: { value: (row) => code(row.code), csv: (row) => code(row.code) },
    segment: { value: () => context.segment, csv: () => segmentCell },
    clv: {
      value: (row) => (row.clv === null ? null : clvCents(row.clv) / 100),
      csv: (row) => (row.clv === null ? "" : formatCents(clvCents(row.clv))),
    },
    first_name: text((row) => nameParts(row)[0]),
    last_name: text((row) => nameParts(row)[1]),
    phone: text((row) => row.phone),
    marketing_consent: {
      value: consent,
      csv: (row) => {
        const given = consent(row);
        return given === null ? "" : String(given);
      },
    },
    segment_key: { value: () => context.segmentKey, csv: () => segmentKeyCell },
    // Lower-case hex: nothing to quote or neutralise.
    email_sha256: { value: () => hashes().email_sha256, csv: () => hashes().email_sha256 ?? "" },
    phone_sha256: { value: () => hashes().phone_sha256, csv: () => hashes().phone_sha256 ?? "" },
  };
}

export interface RowFormatter {
  /** The first line (CSV header), or "" (JSON lines). */
  readonly header: string;
  /** One line; `hashes` are the row's hashed identifiers when the file has hashed columns. */
  format(row: AudienceRow, hashes?: RowHashes): string;
}

/**
 * `headers` renames columns in the file (CSV header, JSON keys): the ad platforms' own names for
 * the hashed identifiers (`Email`, `Phone`).
 */
export function rowFormatter(
  format: ExportFormat,
  columns: readonly FileColumn[],
  context: FormatContext,
  headers: Readonly<Partial<Record<FileColumn, string>>> = {},
): RowFormatter {
  let current = NO_HASHES;
  const formats = columnFormats(context, () => current);
  const selected = columns.map((column) => formats[column]);
  const names = columns.map((column) => headers[column] ?? column);
  if (format === "jsonl") {
    return {
      header: "",
      format(row, hashes = NO_HASHES) {
        current = hashes;
        const out: Record<string, Value> = {};
        for (let i = 0; i < names.length; i++) out[names[i]!] = selected[i]!.value(row);
        return `${JSON.stringify(out)}\n`;
      },
    };
  }
  const cells = selected.map((f) => f.csv);
  return {
    header: `${names.join(",")}\r\n`,
    format(row, hashes = NO_HASHES) {
      current = hashes;
      let line = cells[0]!(row);
      for (let i = 1; i < cells.length; i++) line += `,${cells[i]!(row)}`;
      return `${line}\r\n`;
    },
  };
}
