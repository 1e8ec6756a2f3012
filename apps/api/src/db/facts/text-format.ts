/**
 * The tab-separated text format that PostgreSQL's COPY (text) and ClickHouse's `TabSeparated`
 * share: fields split by tabs, rows by newlines, `\N` for null, and backslash escapes for the
 * backslash and the separators. Both engines write values with {@link copyText} and read them
 * with {@link fromCopyText}; pure functions, no driver.
 */

/** A value in the shared text format: `\N` for null, backslash escapes for the separators. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : value;
}

const COPY_ESCAPES: Readonly<Record<string, string>> = {
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/**
 * A text field of the shared format: `\N` is null, backslash escapes decoded (COPY's octal and
 * `\x` forms too; ClickHouse writes `\0` for a NUL byte, which the octal form reads).
 */
export function fromCopyText(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  return field.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g, (_, octal, hex, char: string) =>
    octal
      ? String.fromCharCode(Number.parseInt(octal, 8))
      : hex
        ? String.fromCharCode(Number.parseInt(hex, 16))
        : (COPY_ESCAPES[char] ?? char),
  );
}
