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
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportFormat = "csv" | "jsonl";

type Value = string | number | null;

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

function columnFormats(context: { bins: Bins; segment: string }): Record<ExportColumn, ColumnFormat> {
  const text = (get: (row: AudienceRow) => string | null): ColumnFormat => ({
    value: get,
    csv: (row) => csvCell(get(row)),
  });
  const integer = (get: (row: AudienceRow) => number): ColumnFormat => ({
    value: get,
    csv: (row) => String(get(row)),
  });
  const segmentCell = csvCell(context.segment);
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
  };
}

export interface RowFormatter {
  /** The first line (CSV header), or "" (JSON lines). */
  readonly header: string;
  format(row: AudienceRow): string;
}

export function rowFormatter(
  format: ExportFormat,
  columns: readonly ExportColumn[],
  context: { bins: Bins; segment: string },
): RowFormatter {
  const formats = columnFormats(context);
  const selected = columns.map((column) => formats[column]);
  if (format === "jsonl") {
    return {
      header: "",
      format(row) {
        const out: Record<string, Value> = {};
        for (let i = 0; i < columns.length; i++) out[columns[i]!] = selected[i]!.value(row);
        return `${JSON.stringify(out)}\n`;
      },
    };
  }
  const cells = selected.map((f) => f.csv);
  return {
    header: `${columns.join(",")}\r\n`,
    format(row) {
      let line = cells[0]!(row);
      for (let i = 1; i < cells.length; i++) line += `,${cells[i]!(row)}`;
      return `${line}\r\n`;
    },
  };
}
