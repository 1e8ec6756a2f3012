/**
 * Writing one parsed batch of an import, in one transaction of the facts store: its customers,
 * its orders (order lines decided against what is stored and folded in), and the import log's
 * counts, committed together.
 */
import type {
  CustomerColumns,
  CustomerRecord,
  FactsStore,
  FactsTransaction,
  OrderFold,
  OrderGroupColumns,
  StoredOrder,
} from "../../db/facts";
import type { CustomerBatch, Reject, TransactionBatch } from "../../import";
import type { CustomerCache } from "./customer-cache";
import { type ImportCounts, recordImportProgress } from "./import-log";
import { storeRejects } from "./import-rejects";
import { decideLines, type GroupLine, type OrderGroups } from "./order-lines";
import type { PreparedBatch } from "./prepare";

/** What a batch added, committed together with its log update. */
export interface BatchOutcome {
  rowsRead: number;
  bytesRead: number;
  inserted: number;
  alreadyPresent: number;
  rejects: Reject[];
  ordersCreated: number;
  customersCreated: number;
  customersUpdated: number;
}

const byLine = (a: Reject, b: Reject) => a.line - b.line;

/** The import a batch belongs to, and its totals before the batch. */
export interface BatchLog {
  readonly importId: number;
  readonly before: ImportCounts;
  /** Keep the batch's rejects in `import_rejects` (imports over HTTP), up to the cap. */
  readonly storeRejects: boolean;
}

/**
 * The last step inside a batch's transaction `tx`: records in the log row the import's totals
 * with this batch's counts added, and its rejects when asked (committed with the batch's rows);
 * returns the batch's outcome.
 */
async function finishBatch(
  tx: FactsTransaction,
  { importId, before, storeRejects: store }: BatchLog,
  batch: { readonly rowsRead: number; readonly bytesRead: number },
  counts: Omit<BatchOutcome, "rowsRead" | "bytesRead">,
): Promise<BatchOutcome> {
  if (store) await storeRejects(tx.raw, importId, counts.rejects, before.rejected);
  await recordImportProgress(tx.raw, importId, {
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
 * one `customers.write` call.
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

/** The primary groups (all but other customers' lines of an order) as columns for `orders.write`. */
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
    currency: text(batch.currency),
  };
  return { index, columns };
}

export async function writeTransactionBatch(
  facts: FactsStore,
  { batch, groups }: PreparedBatch,
  log: BatchLog,
  {
    cache,
    customerColumn,
    currencyColumn = "currency",
  }: { cache: CustomerCache; customerColumn: string; currencyColumn?: string },
): Promise<BatchOutcome> {
  const rejects = [...batch.rejects, ...groups.rejects];
  const { ids, missing, pending } = customersOfGroups(batch, groups, cache);
  let inserted = 0;
  let alreadyPresent = 0;

  return facts.transaction(async (tx) => {
    let customersCreated = 0;
    let customersUpdated = 0;
    if (pending.length > 0) {
      const written = await tx.customers.write(missing, "fill");
      customersCreated = written.created;
      customersUpdated = written.updated;
      for (let p = 0; p < pending.length; p++) {
        const customer = written.customers.get(missing.externalId[p]!)!;
        ids[pending[p]!] = customer.id;
        cache.set(missing.externalId[p]!, customer);
      }
    }

    const { index, columns } = primaryColumns(batch, groups, ids);
    const result = await tx.orders.write(columns);
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
      const decided = await decideGroups(tx, {
        batch,
        groups,
        ids,
        slow,
        unknown,
        customerColumn,
        currencyColumn,
      });
      inserted += decided.inserted;
      alreadyPresent += decided.alreadyPresent;
      rejects.push(...decided.rejects);
    }

    rejects.sort(byLine);
    return finishBatch(tx, log, batch, {
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
 * Decides the groups `orders.write` did not write, line by line against what is stored
 * ({@link decideLines}), in file order, and folds the new lines in.
 */
async function decideGroups(
  tx: FactsTransaction,
  input: {
    batch: TransactionBatch;
    groups: OrderGroups;
    ids: Int32Array;
    /** Group -> what is stored for its order, or null to read (secondary groups). */
    slow: Map<number, StoredOrder | null>;
    /** Order ids to read. */
    unknown: string[];
    customerColumn: string;
    currencyColumn: string;
  },
): Promise<{ inserted: number; alreadyPresent: number; rejects: Reject[] }> {
  const { batch, groups, ids, slow } = input;
  const stored = new Map<string, StoredOrder>();
  for (const order of slow.values()) if (order) stored.set(order.orderId, order);
  for (const [orderId, order] of await tx.orders.read(input.unknown)) {
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
      currency: batch.currency[row] ?? null,
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
        column:
          r.code === "ORDER_CUSTOMER_CONFLICT"
            ? input.customerColumn
            : r.code === "CURRENCY_CONFLICT"
              ? input.currencyColumn
              : null,
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
  await tx.orders.fold(folds);
  return { inserted, alreadyPresent, rejects };
}

// ---------------------------------------------------------------------------------------------
// Customers

export async function writeCustomerBatch(
  facts: FactsStore,
  batch: CustomerBatch,
  log: BatchLog,
): Promise<BatchOutcome> {
  const rejects = [...batch.rejects].sort(byLine);
  return facts.transaction(async (tx) => {
    const written = await tx.customers.write(
      {
        externalId: batch.customerId,
        name: batch.name,
        email: batch.email,
        province: batch.province,
        region: batch.region,
        city: batch.city,
        createdAt: Array.from(batch.createdAt, (ms) => (Number.isNaN(ms) ? null : ms)),
        firstName: batch.firstName,
        lastName: batch.lastName,
        phone: batch.phone,
        marketingConsent: batch.marketingConsent,
      },
      "update",
    );
    return finishBatch(tx, log, batch, {
      inserted: written.created,
      alreadyPresent: batch.size - written.created,
      rejects,
      ordersCreated: 0,
      customersCreated: written.created,
      customersUpdated: written.updated,
    });
  });
}
