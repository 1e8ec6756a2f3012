import type { Reject } from "./types";

/** The header line of a rejects file (RFC 4180: CRLF line endings). */
export const REJECTS_CSV_HEADER = "line,column,code,reason,raw\r\n";

/** A CSV field, quoted when it holds a quote, comma, line break or surrounding spaces (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Rejects as lines of a rejects file (`line,column,code,reason,raw`, without the header), to
 * append batch by batch after {@link REJECTS_CSV_HEADER}. The raw row is kept exactly, quoted.
 */
export function formatRejectsCsv(rejects: readonly Reject[]): string {
  let out = "";
  for (const r of rejects) {
    out += `${r.line},${csvField(r.column ?? "")},${r.code},${csvField(r.reason)},${csvField(r.raw)}\r\n`;
  }
  return out;
}
