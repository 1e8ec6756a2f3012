import { MAX_ID_CHARS, MAX_TEXT_CHARS } from "./types";

/** `id`: order and customer ids; `text`: names, emails, places, channels. */
export type TextLimits = "id" | "text";

/**
 * The index of the first control character `value` may not hold, or -1. Ids may hold none of C0
 * and DEL; free text none but tab and the line breaks a quoted CSV field may carry (kept as
 * `\n`). NUL is always refused: PostgreSQL's text cannot hold it.
 */
function forbiddenControl(value: string, limits: TextLimits): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f) continue;
    if (limits === "text" && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    return i;
  }
  return -1;
}

export interface TextProblem {
  readonly code: "BAD_TEXT" | "TOO_LONG";
  readonly reason: string;
}

const NAMES: Record<number, string> = {
  0: "NUL",
  9: "tab",
  10: "line feed",
  13: "carriage return",
  127: "DEL",
};

/** `U+0000 (NUL)`: a control character by its code point, and its name when it has a common one. */
function describeControl(c: number): string {
  const name = NAMES[c];
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}${name ? ` (${name})` : ""}`;
}

/**
 * Why `value` (a field's text as in the file, before trimming) may not be stored as field
 * `field`, or null when it may. Checked: control characters (ids: none; text: none but tab,
 * LF and CR), then the length of the trimmed value (ids {@link MAX_ID_CHARS}, text
 * {@link MAX_TEXT_CHARS} characters, counted as UTF-16 code units).
 */
export function textProblem(value: string, limits: TextLimits, field: string): TextProblem | null {
  const trimmed = value.trim();
  const at = forbiddenControl(trimmed, limits);
  if (at >= 0) {
    return {
      code: "BAD_TEXT",
      reason: `${field} holds the control character ${describeControl(trimmed.charCodeAt(at))} at character ${at + 1}${
        limits === "id" ? ": ids may hold no control characters" : ""
      }`,
    };
  }
  const max = limits === "id" ? MAX_ID_CHARS : MAX_TEXT_CHARS;
  if (trimmed.length > max) {
    return {
      code: "TOO_LONG",
      reason: `${field} is ${trimmed.length.toLocaleString("en")} characters long; the most ${
        limits === "id" ? "an id" : "a text value"
      } may have is ${max.toLocaleString("en")}`,
    };
  }
  return null;
}
