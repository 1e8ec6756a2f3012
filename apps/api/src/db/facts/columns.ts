/**
 * The facts store's inputs are columns (arrays of equal length), not row objects: that is what
 * the importer's batches and rfm-core's typed arrays already are. Times are epoch milliseconds
 * (UTC); money is integer cents.
 *
 * Validation: a bad value fails the whole call before anything is written, naming the row. The
 * importer validates its rows first, so these are programmer errors (RangeError), not users'.
 */

export type Column = ArrayLike<number>;
export type TextColumn = readonly (string | null | undefined)[];

/**
 * Runs `fn` with an engine's part bound to a transaction: the caller's (inside
 * `FactsStore.transaction`), or one of its own (a call on the store itself).
 */
export type Scope<Engine> = <T>(fn: (engine: Engine) => Promise<T>) => Promise<T>;

export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
/** Largest epoch ms we accept (year 9999): beyond it PostgreSQL and ISO strings disagree. */
export const MAX_TIME_MS = 253_402_300_799_999;

export function checkLengths(
  what: string,
  length: number,
  columns: Record<string, ArrayLike<unknown> | undefined>,
): void {
  for (const [name, column] of Object.entries(columns)) {
    if (column !== undefined && column.length !== length) {
      throw new RangeError(`${what}: column ${name} has ${column.length} values, expected ${length}`);
    }
  }
}

export function checkIntegers(what: string, name: string, column: Column, min: number, max: number): void {
  for (let i = 0; i < column.length; i++) {
    const value = column[i]!;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${what}: row ${i}: ${name} ${value} is not an integer in ${min}..${max}`);
    }
  }
}

export function checkTimes(what: string, name: string, column: ArrayLike<number | null>): void {
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (value === null || value === undefined) continue;
    if (!Number.isFinite(value) || Math.abs(value) > MAX_TIME_MS) {
      throw new RangeError(`${what}: row ${i}: ${name} ${value} is not a valid time`);
    }
  }
}

export function checkTexts(
  what: string,
  name: string,
  column: TextColumn | undefined,
  required: boolean,
): void {
  if (column === undefined) return;
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (required ? typeof value !== "string" || value === "" : value != null && typeof value !== "string") {
      throw new RangeError(
        `${what}: row ${i}: ${name} must be ${required ? "a non-empty string" : "a string or null"}`,
      );
    }
  }
}
