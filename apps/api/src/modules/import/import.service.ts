/**
 * Imports a stream of transactions or customers into the database: the parser's batches, each
 * written in one database transaction (all of a batch or none of it), with the `import_log` row's
 * counts committed in the same transaction. No file system here: the input is any async iterable
 * of bytes (a file stream for the CLI, a request body for the HTTP route).
 */

import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { env } from "../../env";
import {
  type AmountRounding,
  type ImportInput,
  type ImportKind,
  type ParseOptions,
  parseCustomers,
  type Reject,
  type TransactionBatch,
} from "../../import";
import { CustomerCache } from "./customer-cache";
import { failInterruptedImports, type HeldImport, startHeldImport } from "./import-lock";
import { finishImportLog, type ImportCounts } from "./import-log";
import { pruneStoredRejects } from "./import-rejects";
import { prepareTransactions } from "./prepare";
import { prepareInWorker } from "./prepare-in-worker";
import { type BatchLog, type BatchOutcome, writeCustomerBatch, writeTransactionBatch } from "./write-batch";

/** Rows per batch when the caller does not say: large enough that per-batch costs vanish. */
export const DEFAULT_IMPORT_BATCH_SIZE = 20_000;
/**
 * The same with the facts on ClickHouse: a batch there costs round trips to every shard and a
 * new part per table and shard (merged later), so it takes larger ones (docs/clickhouse.md).
 */
export const CLICKHOUSE_IMPORT_BATCH_SIZE = 200_000;
/** Rejects kept in the summary; all of them go to `onRejects`. */
export const DEFAULT_KEEP_REJECTS = 100;
/** Below this many estimated rows the secondary index is maintained row by row. */
const SUSPEND_INDEXES_MIN_ROWS = 1_000_000;
/**
 * From this many estimated rows, and a quarter of the orders stored, the keys checked row by row
 * (PostgreSQL's foreign key: 5 server CPU-microseconds per order) are suspended and checked once
 * at the end (under 0.3 per order stored), the indexes kept (db/indexes.ts).
 */
const SUSPEND_KEYS_MIN_ROWS = 100_000;
/** From this input size on, parsing runs in a worker thread (starting one takes about half a second). */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

export interface ImportProgress extends ImportCounts {
  /** Input bytes consumed (against the file size, for a progress bar). */
  readonly bytesRead: number;
  /** Batches committed. */
  readonly batches: number;
}

export interface ImportOptions {
  readonly db: Database;
  readonly input: ImportInput;
  readonly parse?: ParseOptions;
  /** What is imported, for the log: the file's name. */
  readonly source: string;
  /** Called after each committed batch. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Receives every reject, batch by batch, in line order (the CLI writes the rejects file). */
  readonly onRejects?: (rejects: readonly Reject[]) => void | Promise<void>;
  /** How many rejects the summary keeps (default 100). */
  readonly keepRejects?: number;
  /**
   * Keep every reject (up to MAX_STORED_REJECTS, import-rejects.ts) in `import_rejects`,
   * committed with its batch, for `GET /imports/{id}/rejects.csv` (the HTTP route does; the CLI
   * writes a file).
   */
  readonly storeRejects?: boolean;
  /**
   * The input's size in bytes, when known. A transactions import estimated at a million rows or
   * more, and more than the table holds, suspends the secondary indexes of transactions and
   * customers (and on PostgreSQL the orders' foreign key) and rebuilds them at the end; on
   * PostgreSQL one of 100,000 rows or more, and more than a quarter of the orders stored,
   * suspends the foreign key alone
   * (db/indexes.ts, docs/storage.md).
   */
  readonly expectedBytes?: number;
  /**
   * Parse in a worker thread, overlapping parsing and writing (transactions). Default: when
   * `expectedBytes` is 16 MiB or more.
   */
  readonly parallel?: boolean;
}

export interface ImportSummary extends ImportCounts {
  readonly importId: number;
  readonly kind: ImportKind;
  readonly source: string;
  /** The rule amounts of more than two decimals were rounded by, or null: they were rejected. */
  readonly amountsRounded: AmountRounding | null;
  /** Transactions: new orders stored (a multi-line order counts once). */
  readonly ordersCreated: number;
  readonly customersCreated: number;
  /** Stored customers whose details were filled in (transactions) or changed (customers). */
  readonly customersUpdated: number;
  /** The first rejects (see `keepRejects`); `rejected` counts them all. */
  readonly rejects: readonly Reject[];
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly indexesSuspended: boolean;
}

/**
 * An import that stopped after it had begun writing: the batches counted in `committed` are
 * stored (and the import log says so); re-running the same import finishes the job.
 */
export class ImportFailedError extends AppError {
  override readonly code = "IMPORT_FAILED";

  constructor(
    readonly importId: number,
    readonly committed: ImportCounts,
    cause: unknown,
  ) {
    super(
      "IMPORT_FAILED",
      `import ${importId} stopped after ${committed.rowsRead} rows were committed: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { details: { importId, committed }, cause },
    );
  }
}

/** Mutable totals of one run. */
class Totals {
  rowsRead = 0;
  inserted = 0;
  alreadyPresent = 0;
  rejected = 0;
  bytesRead = 0;
  batches = 0;
  ordersCreated = 0;
  customersCreated = 0;
  customersUpdated = 0;
  readonly rejects: Reject[] = [];

  counts(): ImportCounts {
    return {
      rowsRead: this.rowsRead,
      inserted: this.inserted,
      alreadyPresent: this.alreadyPresent,
      rejected: this.rejected,
    };
  }
}

interface Runner<B> {
  readonly kind: ImportKind;
  readonly batches: AsyncIterator<B>;
  /** Called once with the first batch, before anything is written for it. */
  prepare?(first: B): Promise<void>;
  write(batch: B, log: BatchLog): Promise<BatchOutcome>;
  cleanup?(): Promise<void>;
  readonly indexesSuspended: () => boolean;
}

/**
 * Imports transactions: each row is a line of an order (most files: the whole order). New
 * customers are created with the row's details; stored ones only get details they lack.
 */
export function importTransactions(options: ImportOptions): Promise<ImportSummary> {
  const facts = factsStoreOf(options.db);
  const prepare = { parse: withImportDefaults(engineBatchSize(options)) };
  const parallel = options.parallel ?? (options.expectedBytes ?? 0) >= PARALLEL_MIN_BYTES;
  const batches = (
    parallel ? prepareInWorker(options.input, prepare) : prepareTransactions(options.input, prepare)
  )[Symbol.asyncIterator]();
  const cache = new CustomerCache();
  const customerColumn = options.parse?.columns?.customer_id ?? "customer_id";
  const currencyColumn = options.parse?.columns?.currency ?? "currency";
  let suspended = false;
  return run(options, {
    kind: "transactions",
    batches,
    async prepare({ batch: first }) {
      if (options.expectedBytes === undefined || first.rowsRead === 0) return;
      const estimated = options.expectedBytes / Math.max(1, first.bytesRead / first.rowsRead);
      if (estimated < SUSPEND_KEYS_MIN_ROWS) return;
      const stored = await facts.storedOrdersBound();
      if (estimated >= SUSPEND_INDEXES_MIN_ROWS && estimated > stored) {
        await facts.suspendOrderIndexes({ keepOrderIndex: groupedByCustomer(first) });
        suspended = true;
      } else if (facts.dialect === "postgresql" && estimated > stored / 4) {
        await facts.suspendOrderIndexes({ keysOnly: true });
        suspended = true;
      }
    },
    write: (prepared, log) =>
      writeTransactionBatch(facts, prepared, log, { cache, customerColumn, currencyColumn }),
    async cleanup() {
      if (suspended) await facts.restoreOrderIndexes();
    },
    indexesSuspended: () => suspended,
  });
}

/**
 * Whether the batch lists each customer's rows together (each customer in one run of rows), as
 * exports per customer do. New customers then get increasing ids, so their rows extend the
 * covering index `(customer_id, occurred_at, amount_cents)` at its end, which costs less than
 * rebuilding it afterwards; rows of customers in random order land all over it, which is what
 * suspending the index is for (docs/storage.md).
 */
function groupedByCustomer(batch: TransactionBatch): boolean {
  const customers = batch.customerId;
  let runs = customers.length > 0 ? 1 : 0;
  for (let i = 1; i < customers.length; i++) if (customers[i] !== customers[i - 1]) runs++;
  return runs <= 1.1 * new Set(customers).size;
}

/**
 * The parse options with this API's defaults: the batch size, the date bounds and the store's
 * zone from the environment (IMPORT_FUTURE_TOLERANCE_DAYS, IMPORT_MIN_DATE, STORE_TIME_ZONE) and "now", taken once here so a
 * whole import (and its worker thread) uses one.
 */
export function withImportDefaults(parse: ParseOptions = {}): ParseOptions {
  return {
    futureToleranceDays: env.IMPORT_FUTURE_TOLERANCE_DAYS,
    minDate: env.IMPORT_MIN_DATE,
    timeZone: env.STORE_TIME_ZONE,
    now: Date.now(),
    ...stripUndefined(parse),
    batchSize: parse.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE,
  };
}

/** The caller's parse options, with the facts engine's batch size unless the caller gave one. */
function engineBatchSize({ db, parse = {} }: ImportOptions): ParseOptions {
  if (parse.batchSize !== undefined || !db.analytics) return parse;
  return { ...parse, batchSize: CLICKHOUSE_IMPORT_BATCH_SIZE };
}

/** Options given as undefined (a CLI flag not passed) do not override the defaults. */
function stripUndefined(parse: ParseOptions): ParseOptions {
  return Object.fromEntries(Object.entries(parse).filter(([, v]) => v !== undefined)) as ParseOptions;
}

/** Imports customers: new ones are created, stored ones get the details given (nulls erase nothing). */
export function importCustomers(options: ImportOptions): Promise<ImportSummary> {
  const batches = parseCustomers(options.input, withImportDefaults(engineBatchSize(options)))[
    Symbol.asyncIterator
  ]();
  return run(options, {
    kind: "customers",
    batches,
    write: (batch, log) => writeCustomerBatch(factsStoreOf(options.db), batch, log),
    indexesSuspended: () => false,
  });
}

async function run<B>(options: ImportOptions, runner: Runner<B>): Promise<ImportSummary> {
  const { db } = options;
  const facts = factsStoreOf(db);
  const started = performance.now();
  const keep = options.keepRejects ?? DEFAULT_KEEP_REJECTS;
  // The header and options are checked on the first batch: a problem there throws before
  // anything, the log row included, is written.
  let next = await runner.batches.next();
  let held: HeldImport;
  try {
    // Imports whose process died are marked failed first, so the log never shows them running.
    await failInterruptedImports(db);
    held = await startHeldImport(db, runner.kind, options.source);
    if (options.storeRejects) await pruneStoredRejects(db);
  } catch (error) {
    await runner.batches.return?.(undefined);
    throw error;
  }
  const { importId } = held;
  const totals = new Totals();
  const restoreCheckpoints = facts.relaxCheckpoints();
  try {
    if (!next.done && runner.prepare) await runner.prepare(next.value);
    while (!next.done) {
      const batch = next.value;
      // Parse the next batch while this one is written (PostgreSQL works in its own process).
      const pending = runner.batches.next();
      pending.catch(() => undefined);
      const outcome = await runner.write(batch, {
        importId,
        before: totals.counts(),
        storeRejects: options.storeRejects ?? false,
      });
      totals.rowsRead = outcome.rowsRead;
      totals.bytesRead = outcome.bytesRead;
      totals.inserted += outcome.inserted;
      totals.alreadyPresent += outcome.alreadyPresent;
      totals.rejected += outcome.rejects.length;
      totals.ordersCreated += outcome.ordersCreated;
      totals.customersCreated += outcome.customersCreated;
      totals.customersUpdated += outcome.customersUpdated;
      totals.batches++;
      if (outcome.rejects.length > 0) {
        for (const reject of outcome.rejects) if (totals.rejects.length < keep) totals.rejects.push(reject);
        await options.onRejects?.(outcome.rejects);
      }
      options.onProgress?.({ ...totals.counts(), bytesRead: totals.bytesRead, batches: totals.batches });
      next = await pending;
    }
    await runner.cleanup?.();
    await finishImportLog(db, importId, "complete", totals.counts());
    // An optimisation only: never a reason to report a complete import as failed.
    if (totals.inserted > 0)
      await facts.refreshStatistics(["customers", "transactions"]).catch(() => undefined);
  } catch (error) {
    // Stop reading (and the parsing thread, if any) before reporting.
    await runner.batches.return?.(undefined).catch(() => undefined);
    await runner.cleanup?.().catch(() => undefined);
    await finishImportLog(db, importId, "failed", totals.counts(), errorText(error)).catch(() => undefined);
    throw new ImportFailedError(importId, totals.counts(), error);
  } finally {
    restoreCheckpoints();
    // After the log row says how it ended: a free lock on a running row means a dead import.
    await held.release();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    importId,
    kind: runner.kind,
    source: options.source,
    amountsRounded: runner.kind === "transactions" ? (options.parse?.roundAmounts ?? null) : null,
    ...totals.counts(),
    ordersCreated: totals.ordersCreated,
    customersCreated: totals.customersCreated,
    customersUpdated: totals.customersUpdated,
    rejects: totals.rejects,
    seconds,
    rowsPerSecond: seconds > 0 ? totals.rowsRead / seconds : 0,
    indexesSuspended: runner.indexesSuspended(),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
