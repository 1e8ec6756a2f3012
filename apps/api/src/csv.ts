/**
 * CSV cells for the files we write and users open in a spreadsheet: audience exports and the
 * importer's rejects file (which writes users' raw rows back out). One rule for both:
 *
 * - Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR,
 *   OWASP's list) is prefixed with `'`, so `=HYPERLINK(...)` stays text. Only text goes
 *   through here: exports write number columns as numbers, so `-12.30` stays a number.
 * - Then RFC 4180: a cell holding a double quote, comma, CR or LF, or starting or ending with
 *   white space (which some readers trim), is quoted, its quotes doubled.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** RFC 4180 quoting alone, for text that is data and never opened as a sheet. */
export function quoteCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV text cell: neutralised against formula injection, then quoted if needed; null is empty. */
export function csvCell(value: string | null): string {
  if (value === null) return "";
  return quoteCsvField(FORMULA_START.test(value) ? `'${value}` : value);
}
