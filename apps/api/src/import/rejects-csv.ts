import { csvCell } from "../csv";
import { type Surface, withHint } from "./hints";
import type { Reject } from "./types";

/** The header line of a rejects file (RFC 4180: CRLF line endings). */
export const REJECTS_CSV_HEADER = "line,column,code,reason,raw\r\n";

/**
 * Rejects as lines of a rejects file (`line,column,code,reason,raw`, without the header), to
 * append batch by batch after {@link REJECTS_CSV_HEADER}. The file writes users' own text back
 * out (the raw row, the column name, values quoted in the reason) for them to open in a
 * spreadsheet, so those cells are written as exports write text (csv.ts): quoted by RFC 4180,
 * and a cell a spreadsheet would run as a formula gets a leading `'`. Otherwise the raw row
 * is kept exactly. The reason carries its hint worded for `surface` (the CLI's flags, or the
 * admin's choices for the file the HTTP route serves).
 */
export function formatRejectsCsv(rejects: readonly Reject[], surface: Surface): string {
  let out = "";
  for (const r of rejects) {
    const reason = withHint(r.reason, r.hint, surface);
    out += `${r.line},${csvCell(r.column)},${r.code},${csvCell(reason)},${csvCell(r.raw)}\r\n`;
  }
  return out;
}
