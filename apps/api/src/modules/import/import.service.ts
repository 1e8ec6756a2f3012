/**
 * Imports a stream of transactions or customers into the database: the parser's batches, each
 * written in one database transaction (all of a batch or none of it), with the `import_log` row's
 * counts committed in the same transaction. No file system here: the input is any async iterable
 * of bytes (a file stream for the CLI, a request body for the HTTP route).
 */

import {
  type BulkTransaction,
  bulkTransaction,
  type CustomerColumns,
  type CustomerRecord,
  foldOrderLines,
  type OrderFold,
  type OrderGroupColumns,
  readOrders,
  relaxCheckpoints,
  type StoredOrder,
  writeCustomers,
  writeOrders,
} from "../../db/bulk";
import type { Database } from "../../db/client";
import { restoreTransactionIndexes, suspendTransactionIndexes } from "../../db/indexes";
import { refreshStatistics } from "../../db/raw";
import {
  type CustomerBatch,
  type ImportInput,
  type ImportKind,
  type ParseOptions,
  parseCustomers,
  type Reject,
  type TransactionBatch,
} from "../../import";
import { CustomerCache } from "./customer-cache";
import { finishImportLog, type ImportCounts, recordImportProgress, startImportLog } from "./import-log";
import { decideLines, type GroupLine, type OrderGroups } from "./order-lines";
import { type PreparedBatch, prepareTransactions } from "./prepare";
import { prepareInWorker } from "./prepare-in-worker";

/** Rows per batch when the caller does not say: large enough that per-batch costs vanish. */
export const DEFAULT_IMPORT_BATCH_SIZE = 20_000;
/** Rejects kept in the summary; all of them go to `onRejects`. */
export const DEFAULT_KEEP_REJECTS = 100;
/** Below this many estimated rows the secondary index is maintained row by row. */
const SUSPEND_INDEXES_MIN_ROWS = 1_000_000;
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
   * The input's size in bytes, when known. A transactions import estimated at a million rows or
   * more, and more than the table holds, suspends the transactions' secondary index and
   * rebuilds it at the end (docs/storage.md).
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
export class ImportFailedError extends Error {
  override readonly name = "ImportFailedError";
  readonly code = "IMPORT_FAILED";

  constructor(
    readonly importId: number,
    readonly committed: ImportCounts,
    override readonly cause: unknown,
  ) {
    super(
      `import ${importId} stopped after ${committed.rowsRead} rows were committed: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
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

/** What a batch added, committed together with its log update. */
interface BatchOutcome {
  rowsRead: number;
  bytesRead: number;
  inserted: number;
  alreadyPresent: number;
  rejects: Reject[];
  ordersCreated: number;
  customersCreated: number;
  customersUpdated: number;
}

interface Runner<B> {
  readonly kind: ImportKind;
  readonly batches: AsyncIterator<B>;
  /** Called once with the first batch, before anything is written for it. */
  prepare?(first: B): Promise<void>;
  write(batch: B, importId: number, before: Totals): Promise<BatchOutcome>;
  cleanup?(): Promise<void>;
  readonly indexesSuspended: () => boolean;
}

/**
 * Imports transactions: each row is a line of an order (most files: the whole order). New
 * customers are created with the row's details; stored ones only get details they lack.
 */
export function importTransactions(options: ImportOptions): Promise<ImportSummary> {
  const { db } = options;
  const batchSize = options.parse?.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  const prepare = { parse: { ...options.parse, batchSize } };
  const parallel = options.parallel ?? (options.expectedBytes ?? 0) >= PARALLEL_MIN_BYTES;
  const batches = (
    parallel ? prepareInWorker(options.input, prepare) : prepareTransactions(options.input, prepare)
  )[Symbol.asyncIterator]();
  const cache = new CustomerCache();
  const customerColumn = options.parse?.columns?.customer_id ?? "customer_id";
  let suspended = false;
  return run(options, {
    kind: "transactions",
    batches,
    async prepare({ batch: first }) {
      if (options.expectedBytes === undefined || first.rowsRead === 0) return;
      const estimated = options.expectedBytes / Math.max(1, first.bytesRead / first.rowsRead);
      if (estimated < SUSPEND_INDEXES_MIN_ROWS || groupedByCustomer(first)) return;
      const [{ stored }] = (await db.raw.query<{ stored: number | null }>(
        "SELECT max(id) AS stored FROM transactions",
      )) as [{ stored: number | null }];
      if (estimated > (stored ?? 0)) {
        await suspendTransactionIndexes(db.raw);
        suspended = true;
      }
    },
    write: (prepared, importId, before) =>
      writeTransactionBatch(db, prepared, importId, before, { cache, customerColumn }),
    async cleanup() {
      if (suspended) await restoreTransactionIndexes(db.raw);
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

/** Imports customers: new ones are created, stored ones get the details given (nulls erase nothing). */
export function importCustomers(options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.parse?.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  const batches = parseCustomers(options.input, { ...options.parse, batchSize })[Symbol.asyncIterator]();
  return run(options, {
    kind: "customers",
    batches,
    write: (batch, importId, before) => writeCustomerBatch(options.db, batch, importId, before),
    indexesSuspended: () => false,
  });
}

async function run<B>(options: ImportOptions, runner: Runner<B>): Promise<ImportSummary> {
  const { db } = options;
  const started = performance.now();
  const keep = options.keepRejects ?? DEFAULT_KEEP_REJECTS;
  // The header and options are checked on the first batch: a problem there throws before
  // anything, the log row included, is written.
  let next = await runner.batches.next();
  let importId: number;
  try {
    importId = await startImportLog(db, runner.kind, options.source);
  } catch (error) {
    await runner.batches.return?.(undefined);
    throw error;
  }
  const totals = new Totals();
  const restoreCheckpoints = relaxCheckpoints(db);
  try {
    if (!next.done && runner.prepare) await runner.prepare(next.value);
    while (!next.done) {
      const batch = next.value;
      // Parse the next batch while this one is written (PostgreSQL works in its own process).
      const pending = runner.batches.next();
      pending.catch(() => undefined);
      const outcome = await runner.write(batch, importId, totals);
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
      await refreshStatistics(db, ["customers", "transactions"]).catch(() => undefined);
  } catch (error) {
    // Stop reading (and the parsing thread, if any) before reporting.
    await runner.batches.return?.(undefined).catch(() => undefined);
    await runner.cleanup?.().catch(() => undefined);
    await finishImportLog(db, importId, "failed", totals.counts(), errorText(error)).catch(() => undefined);
    throw new ImportFailedError(importId, totals.counts(), error);
  } finally {
    restoreCheckpoints();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    importId,
    kind: runner.kind,
    source: options.source,
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

const byLine = (a: Reject, b: Reject) => a.line - b.line;

/**
 * The last step inside a batch's transaction `tx`: records in the log row the import's totals
 * with this batch's counts added (committed with the batch's rows); returns the batch's outcome.
 */
async function finishBatch(
  tx: BulkTransaction,
  importId: number,
  before: Totals,
  batch: { readonly rowsRead: number; readonly bytesRead: number },
  counts: Omit<BatchOutcome, "rowsRead" | "bytesRead">,
): Promise<BatchOutcome> {
  await recordImportProgress(tx, importId, {
    rowsRead: batch.rowsRead,
    inserted: before.inserted + counts.inserted,
    alreadyPresent: before.alreadyPresent + counts.alreadyPresent,
    rejected: before.rejected + counts.rejects.length,
  });
  return { rowsRead: batch.rowsRead, bytesRead: batch.bytesRead, ...counts };
}

// ---------------------------------------------------------------------------------------------
// Transactions

const PROFILE = ["name", "email", "province", "region", "city"] as const;

/**
 * Internal customer ids of the groups' customers (a group's customer is its first line's), from
 * the cache where it knows them with every detail the line brings; the others are collected for
 * one `writeCustomers` call.
 */
function customersOfGroups(batch: TransactionBatch, groups: OrderGroups, cache: CustomerCache) {
  const ids = new Int32Array(groups.count);
  const profile = PROFILE.filter((field) => batch[field].some((value) => value !== null));
  const missing: CustomerColumns & { externalId: string[] } = {
    externalId: [],
    ...Object.fromEntries(profile.map((field) => [field, [] as (string | null)[]])),
  };
  const pending: number[] = [];
  let lastId = "";
  let last: CustomerRecord | undefined;
  for (let g = 0; g < groups.count; g++) {
    const row = groups.firstRow[g]!;
    const externalId = batch.customerId[row]!;
    let given = 0;
    for (const field of profile) if (batch[field][row] !== null) given |= 1 << PROFILE.indexOf(field);
    const known = externalId === lastId ? last : cache.get(externalId);
    if (known !== undefined && (given & ~known.known) === 0) {
      ids[g] = known.id;
      lastId = externalId;
      last = known;
      continue;
    }
    pending.push(g);
    missing.externalId.push(externalId);
    for (const field of profile) (missing[field] as (string | null)[]).push(batch[field][row] ?? null);
  }
  return { ids, missing, pending };
}

/** The primary groups (all but other customers' lines of an order) as columns for `writeOrders`. */
function primaryColumns(batch: TransactionBatch, groups: OrderGroups, ids: Int32Array) {
  const index: number[] = [];
  for (let g = 0; g < groups.count; g++) if (groups.secondary[g] === 0) index.push(g);
  const all = index.length === groups.count;
  const pick = <T extends Float64Array | Uint32Array | Int32Array>(column: T): T | number[] =>
    all ? column : index.map((g) => column[g]!);
  const text = (column: readonly (string | null)[]) => {
    if (!column.some((value) => value !== null)) return undefined;
    return index.map((g) => column[groups.firstRow[g]!] ?? null);
  };
  const columns: OrderGroupColumns = {
    orderId: index.map((g) => batch.orderId[groups.firstRow[g]!]!),
    customerId: pick(ids),
    occurredAt: pick(groups.occurredAt),
    amountCents: pick(groups.amountCents),
    firstLine: pick(groups.firstLine),
    lastLine: pick(groups.lastLine),
    channel: text(batch.channel),
    province: text(batch.province),
    region: text(batch.region),
    city: text(batch.city),
  };
  return { index, columns };
}

async function writeTransactionBatch(
  db: Database,
  { batch, groups }: PreparedBatch,
  importId: number,
  before: Totals,
  { cache, customerColumn }: { cache: CustomerCache; customerColumn: string },
): Promise<BatchOutcome> {
  const rejects = [...batch.rejects, ...groups.rejects];
  const { ids, missing, pending } = customersOfGroups(batch, groups, cache);
  let inserted = 0;
  let alreadyPresent = 0;

  return bulkTransaction(db, async (tx) => {
    let customersCreated = 0;
    let customersUpdated = 0;
    if (pending.length > 0) {
      const written = await writeCustomers(tx, missing, "fill");
      customersCreated = written.created;
      customersUpdated = written.updated;
      for (let p = 0; p < pending.length; p++) {
        const customer = written.customers.get(missing.externalId[p]!)!;
        ids[pending[p]!] = customer.id;
        cache.set(missing.externalId[p]!, customer);
      }
    }

    const { index, columns } = primaryColumns(batch, groups, ids);
    const result = await writeOrders(tx, columns);
    // Groups to decide line by line: skipped ones (their order was stored), and other
    // customers' lines of an order (secondary groups).
    const slow = new Map<number, StoredOrder | null>();
    const unknown: string[] = [];
    for (const [i, stored] of result.skipped) {
      const g = index[i]!;
      if (stored.customerId === ids[g] && stored.lineCount >= groups.lastLine[g]!) {
        // Every line is stored already (a re-import): nothing to decide.
        alreadyPresent += groups.lines[g]!;
      } else {
        slow.set(g, stored);
      }
    }
    for (let g = 0; g < groups.count; g++) {
      if (groups.secondary[g] === 1) {
        slow.set(g, null);
        unknown.push(batch.orderId[groups.firstRow[g]!]!);
      }
    }
    for (let i = 0; i < index.length; i++) if (!result.skipped.has(i)) inserted += groups.lines[index[i]!]!;
    if (slow.size > 0) {
      const decided = await decideGroups(tx, { batch, groups, ids, slow, unknown, customerColumn });
      inserted += decided.inserted;
      alreadyPresent += decided.alreadyPresent;
      rejects.push(...decided.rejects);
    }

    rejects.sort(byLine);
    return finishBatch(tx, importId, before, batch, {
      inserted,
      alreadyPresent,
      rejects,
      ordersCreated: result.created,
      customersCreated,
      customersUpdated,
    });
  });
}

/**
 * Decides the groups `writeOrders` did not write, line by line against what is stored
 * ({@link decideLines}), in file order, and folds the new lines in.
 */
async function decideGroups(
  tx: BulkTransaction,
  input: {
    batch: TransactionBatch;
    groups: OrderGroups;
    ids: Int32Array;
    /** Group -> what is stored for its order, or null to read (secondary groups). */
    slow: Map<number, StoredOrder | null>;
    /** Order ids to read. */
    unknown: string[];
    customerColumn: string;
  },
): Promise<{ inserted: number; alreadyPresent: number; rejects: Reject[] }> {
  const { batch, groups, ids, slow } = input;
  const stored = new Map<string, StoredOrder>();
  for (const order of slow.values()) if (order) stored.set(order.orderId, order);
  for (const [orderId, order] of await readOrders(tx, input.unknown)) {
    if (!stored.has(orderId)) stored.set(orderId, order);
  }
  const lines = new Map<number, GroupLine[]>();
  for (const g of slow.keys()) lines.set(g, []);
  for (let row = 0; row < batch.size; row++) {
    lines.get(groups.groupOf[row]!)?.push({
      row,
      line: groups.lineNo[row]!,
      cents: groups.cents[row]!,
      occurredAt: batch.occurredAt[row]!,
    });
  }
  let inserted = 0;
  let alreadyPresent = 0;
  const rejects: Reject[] = [];
  const folds: OrderFold[] = [];
  for (const g of [...slow.keys()].sort((a, b) => a - b)) {
    const orderId = batch.orderId[groups.firstRow[g]!]!;
    const order = stored.get(orderId);
    if (!order) throw new Error(`order ${JSON.stringify(orderId)} should be stored by now`);
    const decision = decideLines(lines.get(g)!, ids[g]!, batch.customerId[groups.firstRow[g]!]!, order);
    alreadyPresent += decision.present.length;
    inserted += decision.fold.length;
    for (const r of decision.rejected) {
      rejects.push({
        line: batch.line[r.line.row]!,
        column: r.code === "ORDER_CUSTOMER_CONFLICT" ? input.customerColumn : null,
        code: r.code,
        reason: r.reason,
        raw: "",
      });
    }
    if (decision.fold.length > 0) {
      folds.push({
        orderId,
        addCents: decision.after.amountCents - order.amountCents,
        occurredAt: Math.min(...decision.fold.map((line) => line.occurredAt)),
        lineCount: decision.after.lineCount,
        expectedLineCount: order.lineCount,
      });
      stored.set(orderId, decision.after);
    }
  }
  await foldOrderLines(tx, folds);
  return { inserted, alreadyPresent, rejects };
}

// ---------------------------------------------------------------------------------------------
// Customers

async function writeCustomerBatch(
  db: Database,
  batch: CustomerBatch,
  importId: number,
  before: Totals,
): Promise<BatchOutcome> {
  const rejects = [...batch.rejects].sort(byLine);
  return bulkTransaction(db, async (tx) => {
    const written = await writeCustomers(
      tx,
      {
        externalId: batch.customerId,
        name: batch.name,
        email: batch.email,
        province: batch.province,
        region: batch.region,
        city: batch.city,
        createdAt: Array.from(batch.createdAt, (ms) => (Number.isNaN(ms) ? null : ms)),
      },
      "update",
    );
    return finishBatch(tx, importId, before, batch, {
      inserted: written.created,
      alreadyPresent: batch.size - written.created,
      rejects,
      ordersCreated: 0,
      customersCreated: written.created,
      customersUpdated: written.updated,
    });
  });
}
