/**
 * Transactions that another writer can refuse, retried until they pass or it is clear they will
 * not, and then refused as CONFLICT: never an internal error.
 *
 * What the databases refuse, as Prisma's driver adapters surface it (each provoked in
 * write-retry.int.test.ts; the code may be on the error, on `meta.driverAdapterError.cause`,
 * or further down `cause`):
 * - a write conflict: PostgreSQL's serialization failure (SQLSTATE 40001: Prisma's `P2034`,
 *   kind `TransactionWriteConflict`) and deadlock (40P01: no Prisma code, kind `postgres`
 *   with `code: "40P01"`); SQLite's `SQLITE_BUSY_SNAPSHOT`. Retried a bounded number of times,
 *   with jitter, since the loser's re-run sees the winner's commit;
 * - a unique violation (`P2002`, 23505, `SQLITE_CONSTRAINT_UNIQUE`): a concurrent writer took
 *   the number or row first; the re-run reads it and decides again;
 * - the database is busy: another process holds SQLite's write lock longer than the busy
 *   timeout (`SQLITE_BUSY`: `P1008` "Operation has timed out"), or the transaction could not
 *   start within `maxWait` (`P2028`). Retried until `WRITE_WAIT_MS` has passed since the first
 *   attempt: long enough for the longest write batch of an import or a scoring run.
 */
import { AppError } from "../app-error";
import type { Database, PrismaTx } from "./client";

export type WriteFailure = "conflict" | "unique" | "busy";

/**
 * How long a write waits, in all, for another writer (another process's import batch or score
 * write, measured at up to 7 s for 2.38M customers' scores; docs/storage.md) before CONFLICT.
 */
export const WRITE_WAIT_MS = 60_000;
/** Attempts at a transaction refused for a write conflict or a unique violation. */
export const CONFLICT_ATTEMPTS = 8;
/** How long a started transaction may run (Prisma's default of 5 s is short for a busy machine). */
const TRANSACTION_TIMEOUT_MS = 15_000;

const CONFLICT_CODES = new Set([
  "P2034",
  "40001",
  "40P01",
  "TransactionWriteConflict",
  "SQLITE_BUSY_SNAPSHOT",
]);
const UNIQUE_CODES = new Set([
  "P2002",
  "23505",
  "UniqueConstraintViolation",
  "SQLITE_CONSTRAINT_UNIQUE",
  "SQLITE_CONSTRAINT_PRIMARYKEY",
]);
const BUSY_CODES = new Set(["P1008", "P2028", "SocketTimeout", "SQLITE_BUSY", "SQLITE_LOCKED"]);

/** Every code-like string on the error and what it wraps (`cause`, `meta.driverAdapterError`). */
function codesOf(error: unknown, depth = 0, into: Set<string> = new Set()): Set<string> {
  if (depth > 6 || error === null || typeof error !== "object") return into;
  const e = error as Record<string, unknown>;
  for (const key of ["code", "originalCode", "kind"]) {
    if (typeof e[key] === "string") into.add(e[key]);
  }
  codesOf(e.cause, depth + 1, into);
  const meta = e.meta as Record<string, unknown> | undefined;
  if (meta && typeof meta === "object") codesOf(meta.driverAdapterError, depth + 1, into);
  return into;
}

/** What kind of refusal by a concurrent writer `error` is, or null if it is something else. */
export function classifyWriteFailure(error: unknown): WriteFailure | null {
  if (error instanceof AppError) return null;
  const codes = codesOf(error);
  const has = (set: ReadonlySet<string>) => [...codes].some((code) => set.has(code));
  // A conflict first: P2028 also wraps a transaction that failed on commit.
  if (has(CONFLICT_CODES)) return "conflict";
  if (has(UNIQUE_CODES)) return "unique";
  if (has(BUSY_CODES)) return "busy";
  const message = String((error as { message?: unknown } | null)?.message ?? "");
  if (/could not serialize|deadlock detected/i.test(message)) return "conflict";
  if (/database is locked|SQLITE_BUSY/i.test(message)) return "busy";
  return null;
}

/**
 * The pause before attempt `attempt + 1`: exponential from 10 ms, capped at 500 ms, with full
 * jitter (a random share of it), so racers that collided do not collide again in step.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(500, 10 * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface WriteRetryOptions {
  /** What is being written, for the refusal's message ("the mapping draft"). */
  readonly what: string;
  /**
   * Transactions of this process with the same key run one after another. For writers of one
   * row (the mapping draft): on PostgreSQL, 300 at once conflicted so often that 8 attempts
   * left a quarter refused; queued, they only conflict with other processes.
   */
  readonly queue?: string;
  readonly attempts?: number;
  readonly waitMs?: number;
}

/**
 * Runs `fn` in a serializable transaction, again while a concurrent writer refuses it (see
 * above), else throws AppError CONFLICT saying what to do. Any other error, and every AppError
 * `fn` throws, passes through unchanged.
 */
export function withWriteRetry<T>(
  db: Database,
  options: WriteRetryOptions,
  fn: (tx: PrismaTx) => Promise<T>,
): Promise<T> {
  if (options.queue === undefined) return retrying(db, options, fn);
  const queues = queuesOf.get(db) ?? new Map<string, Promise<unknown>>();
  queuesOf.set(db, queues);
  const previous = queues.get(options.queue) ?? Promise.resolve();
  const result = previous.then(
    () => retrying(db, options, fn),
    () => retrying(db, options, fn),
  );
  const settled = result.catch(() => undefined);
  queues.set(options.queue, settled);
  // The last in line leaves an empty queue behind it.
  void settled.then(() => {
    if (queues.get(options.queue!) === settled) queues.delete(options.queue!);
  });
  return result;
}

const queuesOf = new WeakMap<Database, Map<string, Promise<unknown>>>();

async function retrying<T>(
  db: Database,
  options: WriteRetryOptions,
  fn: (tx: PrismaTx) => Promise<T>,
): Promise<T> {
  const attempts = options.attempts ?? CONFLICT_ATTEMPTS;
  const waitMs = options.waitMs ?? WRITE_WAIT_MS;
  const started = Date.now();
  // Conflicts are counted apart from busy waits: a long wait must not use up the attempts.
  let conflicts = 0;
  for (;;) {
    try {
      return await db.prisma.$transaction(fn, {
        isolationLevel: "Serializable",
        timeout: TRANSACTION_TIMEOUT_MS,
        // The wait for this process's other transactions (Prisma's SQLite connection runs one
        // at a time) and, on SQLite, for another process's write lock (client.ts).
        maxWait: waitMs,
      });
    } catch (error) {
      const failure = classifyWriteFailure(error);
      if (failure === null) throw error;
      const waited = Date.now() - started;
      if (failure !== "busy") conflicts++;
      const again = failure === "busy" ? waited < waitMs : conflicts < attempts;
      if (!again) throw refusal(options.what, failure, conflicts, waited, error);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(Math.max(conflicts, 1))));
    }
  }
}

/**
 * A write that timed out waiting for the database outside `withWriteRetry` (an autocommit write
 * past SQLite's busy timeout: "Operation has timed out"), as the CONFLICT it is; null for any
 * other error. errors.ts applies it, so no surface shows such a wait as an internal error.
 */
export function asBusyConflict(error: unknown): AppError | null {
  if (classifyWriteFailure(error) !== "busy") return null;
  return new AppError(
    "CONFLICT",
    "the database is busy with another writer (an import or a scoring run, perhaps in another process); try again",
    { details: { reason: "busy" }, cause: error },
  );
}

function refusal(what: string, failure: WriteFailure, attempts: number, waited: number, cause: unknown) {
  const message =
    failure === "busy"
      ? `the database is busy with another writer (an import or a scoring run, perhaps in another process) and ${what} could not be saved within ${Math.round(waited / 1000)} s; try again`
      : `${what} was changed by someone else at the same time, ${attempts} times in a row; reload and try again`;
  return new AppError("CONFLICT", message, {
    details: { reason: failure, attempts, waitedMs: waited },
    cause,
  });
}
