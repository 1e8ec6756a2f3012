/**
 * Literals inlined into the SQL sent to ClickHouse. Queries over HTTP take no parameters on 18.16
 * (`{p:Type}` came later), so every value reaches the SQL as a literal, through one of these:
 * text escaped, integers checked, nothing else.
 */
import { sqlIntegers } from "../../raw";

/**
 * A ClickHouse string literal: backslash and single quote escaped with a backslash (`\\`, `\'`),
 * the only characters special inside one and the quoting 18.16 and current releases read alike.
 */
export function chString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** An integer literal, checked (a non-negative integer, else a RangeError naming `what`). */
export function chInt(value: number, what: string): string {
  return String(sqlIntegers([value], what)[0]);
}

/** A list of checked integer literals, comma-separated (for `IN (...)`). */
export function chInts(values: readonly number[], what: string): string {
  return sqlIntegers(values, what).join(", ");
}
