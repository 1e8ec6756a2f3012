/**
 * Opaque keyset cursors: the sort value and the id of the last row, base64url JSON. A cursor
 * that does not decode to the expected shape is bad input, not a server error.
 */
import { AppError } from "../../app-error";

export type CursorValue = string | number | null;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string, length: number, field = "after"): CursorValue[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every(
        (v) => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v)),
      )
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_USER_INPUT", `"${cursor.slice(0, 40)}" is not a cursor of this list`, { field });
}
