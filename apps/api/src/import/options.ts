import { ImportError } from "./types";

/**
 * The `--map field=Column` values of the command line (repeatable) as a map. The column is
 * everything after the first `=`, so column names may contain `=`; surrounding quotes are the
 * shell's business. Throws ImportError BAD_OPTION naming each value without `=`.
 */
export function parseColumnMap(values: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  const problems = [];
  for (const value of values) {
    const eq = value.indexOf("=");
    const field = value.slice(0, eq).trim();
    const column = value.slice(eq + 1).trim();
    if (eq === -1 || field === "" || column === "") {
      problems.push({
        code: "BAD_OPTION" as const,
        message: `column map "${value}" is not field=Column, e.g. customer_id=Customer Name`,
      });
    } else map[field] = column;
  }
  if (problems.length > 0) throw new ImportError(problems);
  return map;
}

/**
 * A `--date-format` value as formats: several may be given at once separated by a comma
 * without a space (`M/d/yyyy,M-d-yyyy`); a comma followed by a space belongs to the format
 * (`MMM d, yyyy`).
 */
export function splitDateFormats(value: string): string[] {
  return value
    .split(/,(?! )/)
    .map((f) => f.trim())
    .filter((f) => f !== "");
}
