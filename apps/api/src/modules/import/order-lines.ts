/**
 * Order lines: how the rows of a transactions file become orders.
 *
 * A `transactions` row is one order. Files such as Superstore's list one line per product, the
 * lines of an order sharing its order id (not always next to each other). The rule
 * (docs/import.md, "Orders and order lines"): within one import, the k-th occurrence of an order
 * id in the file is line k of that order. Line k is added to the stored order only if
 * k > its stored `line_count`; otherwise it is already present. So re-importing a file changes
 * nothing, re-running a killed import finishes it exactly, and overlapping exports of one row per
 * order add each order once.
 *
 * Everything here is pure: the database side is the facts store's `orders.write`/`orders.fold`
 * (db/facts/orders.ts).
 */

import type { StoredOrder } from "../../db/facts";
import type { Reject, TransactionBatch } from "../../import";

/** Cents range of `transactions.amount_cents` (32-bit). */
export const CENTS_MIN = -2_147_483_648;
export const CENTS_MAX = 2_147_483_647;

/** An order may have at most this many lines in one file (line numbers share a number with the batch). */
const LINE_LIMIT = 2 ** 21;

/**
 * A string that does not keep the text it was cut from alive. V8 makes a substring of 13 or more
 * characters a view of its parent (here: a whole decoded chunk of the file), so a key kept for
 * the length of an import would keep its chunk too (measured: 136 instead of 62 bytes per key
 * for 16-character ids in 80-character lines).
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * A string -> number map for the length of one import that forgets old keys: the `remember` most
 * recently used distinct keys are always held, at most 2 × `remember` (two generations: when the
 * current one has `remember` keys it becomes the previous one, and the previous one is dropped;
 * a key found in the previous generation moves to the current one).
 *
 * Why bounded: a JavaScript Map holds at most 2^24 (16.7 million) entries, so the order ids of a
 * 20-million-row file could not be held at all, and each costs 60-140 bytes (measured).
 */
export class RecentKeys {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(private readonly remember: number) {}

  get(key: string): number | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }

  set(key: string, value: number): void {
    if (this.current.has(key)) {
      this.current.set(key, value);
      return;
    }
    if (this.current.size >= this.remember) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(detached(key), value);
  }

  /** Keys held. */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/**
 * Counts the occurrences of each order id in one import: the k-th occurrence is line k. Memory is
 * bounded as in {@link RecentKeys}: the ids of the most recent `remember` distinct orders are always
 * known. An id last seen further back starts again at line 1, so lines of one order more than
 * `remember` distinct orders apart in a file count as already present (the stored order has that
 * line number already).
 */
export class OrderLineCounter {
  // RecentKeys' two generations, inlined: this runs for every row of a file.
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  /** After {@link next}: whether the previous occurrence of the id was in the same batch. */
  repeatInBatch = false;

  constructor(private readonly remember = 2_000_000) {}

  /** The line number of this occurrence of `orderId`, in batch number `batch` (increasing). */
  next(orderId: string, batch: number): number {
    let packed = this.current.get(orderId);
    const held = packed !== undefined;
    if (!held && this.previous.size > 0) packed = this.previous.get(orderId);
    let line = 1;
    this.repeatInBatch = false;
    if (packed !== undefined) {
      line = (packed % LINE_LIMIT) + 1;
      if (line >= LINE_LIMIT) {
        throw new RangeError(
          `order ${JSON.stringify(orderId)} has more than ${LINE_LIMIT - 1} lines in this file`,
        );
      }
      this.repeatInBatch = Math.floor(packed / LINE_LIMIT) === batch;
    }
    if (held) {
      this.current.set(orderId, batch * LINE_LIMIT + line);
    } else {
      if (this.current.size >= this.remember) {
        this.previous = this.current;
        this.current = new Map();
      }
      this.current.set(detached(orderId), batch * LINE_LIMIT + line);
    }
    return line;
  }

  /** Ids held. */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/**
 * A batch's rows grouped by order: one group per (order id, customer) of the batch, holding the
 * sum of its lines, the earliest time and its first and last line numbers. A group is `secondary`
 * when an earlier group of the batch has the same order id for another customer: those lines are
 * sorted out after the primary groups are written (they are rejected unless the order turns out
 * to be that customer's).
 */
export interface OrderGroups {
  readonly count: number;
  /** Row (index in the batch) of each group's first line. */
  readonly firstRow: Int32Array;
  readonly amountCents: Float64Array;
  readonly occurredAt: Float64Array;
  readonly firstLine: Uint32Array;
  readonly lastLine: Uint32Array;
  readonly lines: Uint32Array;
  readonly secondary: Uint8Array;
  /** Per row: its group, or -1 when the row was rejected here. */
  readonly groupOf: Int32Array;
  /** Per row: its line number within its order. */
  readonly lineNo: Uint32Array;
  /** Per row: its amount in cents. */
  readonly cents: Int32Array;
  /** Rows rejected here (BAD_AMOUNT: out of the 32-bit cents range, alone or summed). */
  readonly rejects: Reject[];
}

export interface GroupOptions {
  readonly counter: OrderLineCounter;
  /** Increasing number of the batch in the import. */
  readonly batchNo: number;
  /** The file's name for the amount column, for rejects. */
  readonly amountColumn: string;
  /** The file's name for the currency column, for rejects (default `currency`). */
  readonly currencyColumn?: string;
}

const formatCents = (cents: number) =>
  (cents / 100).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Numbers the lines of a batch (k-th occurrence of an order id in the import: line k), converts
 * amounts to cents (`Math.round(amount * 100)`), and groups lines of the same order and customer.
 */
export function groupOrderLines(batch: TransactionBatch, options: GroupOptions): OrderGroups {
  const { counter, batchNo } = options;
  const n = batch.size;
  const groupOf = new Int32Array(n);
  const lineNo = new Uint32Array(n);
  const cents = new Int32Array(n);
  const firstRow = new Int32Array(n);
  const amountCents = new Float64Array(n);
  const occurredAt = new Float64Array(n);
  const firstLine = new Uint32Array(n);
  const lastLine = new Uint32Array(n);
  const lines = new Uint32Array(n);
  const secondary = new Uint8Array(n);
  const rejects: Reject[] = [];
  const { orderId, customerId, amount, occurredAt: at, line } = batch;
  // Groups by order id (primary) and by order id + customer (secondary), built only once an id
  // repeats within the batch: files of one row per order never pay for it.
  let byOrder: Map<string, number> | null = null;
  let byOrderCustomer: Map<string, number> | null = null;
  let count = 0;

  const reject = (row: number, reason: string) => {
    groupOf[row] = -1;
    rejects.push({ line: line[row]!, column: options.amountColumn, code: "BAD_AMOUNT", reason, raw: "" });
  };

  for (let row = 0; row < n; row++) {
    const value = Math.round(amount[row]! * 100);
    if (!(value >= CENTS_MIN && value <= CENTS_MAX)) {
      reject(row, `amount ${amount[row]} is out of range: an order is at most ±${formatCents(CENTS_MAX)}`);
      continue;
    }
    const id = orderId[row]!;
    const k = counter.next(id, batchNo);
    lineNo[row] = k;
    cents[row] = value;
    let g = -1;
    if (counter.repeatInBatch) {
      if (byOrder === null) {
        byOrder = new Map();
        for (let h = 0; h < count; h++) if (secondary[h] === 0) byOrder.set(orderId[firstRow[h]!]!, h);
      }
      g = byOrder.get(id) ?? -1;
      if (g >= 0 && customerId[firstRow[g]!] !== customerId[row]) {
        byOrderCustomer ??= new Map();
        const key = `${id}\u0000${customerId[row]}`;
        g = byOrderCustomer.get(key) ?? -1;
        if (g < 0) {
          g = count++;
          secondary[g] = 1;
          byOrderCustomer.set(key, g);
          startGroup(g, row, k, value);
          groupOf[row] = g;
          continue;
        }
      }
    }
    if (g < 0) {
      g = count++;
      byOrder?.set(id, g);
      startGroup(g, row, k, value);
    } else {
      const currency = batch.currency[row] ?? null;
      const orderCurrency = batch.currency[firstRow[g]!] ?? null;
      if (currency !== orderCurrency) {
        groupOf[row] = -1;
        rejects.push({
          line: line[row]!,
          column: options.currencyColumn ?? "currency",
          code: "CURRENCY_CONFLICT",
          reason: `order ${JSON.stringify(id)} is in ${orderCurrency ?? "the store's currency"} (its first line); this line is in ${currency ?? "the store's currency"}: an order's lines share one currency`,
          raw: "",
        });
        continue;
      }
      const sum = amountCents[g]! + value;
      if (!(sum >= CENTS_MIN && sum <= CENTS_MAX)) {
        reject(
          row,
          `the lines of order ${JSON.stringify(id)} add up to more than ±${formatCents(CENTS_MAX)}`,
        );
        continue;
      }
      amountCents[g] = sum;
      if (at[row]! < occurredAt[g]!) occurredAt[g] = at[row]!;
      lastLine[g] = k;
      lines[g]!++;
    }
    groupOf[row] = g;
  }

  function startGroup(g: number, row: number, k: number, value: number): void {
    firstRow[g] = row;
    amountCents[g] = value;
    occurredAt[g] = at[row]!;
    firstLine[g] = k;
    lastLine[g] = k;
    lines[g] = 1;
  }

  return {
    count,
    firstRow: firstRow.subarray(0, count),
    amountCents: amountCents.subarray(0, count),
    occurredAt: occurredAt.subarray(0, count),
    firstLine: firstLine.subarray(0, count),
    lastLine: lastLine.subarray(0, count),
    lines: lines.subarray(0, count),
    secondary: secondary.subarray(0, count),
    groupOf,
    lineNo,
    cents,
    rejects,
  };
}

/** One line of a group that has to be decided against what is stored. */
export interface GroupLine {
  readonly row: number;
  readonly line: number;
  readonly cents: number;
  readonly occurredAt: number;
  /** The line's currency (null: none given). */
  readonly currency: string | null;
}

/** What happens to the lines of a group given what is stored for its order. */
export interface LineDecision {
  /** Lines to add (line number above the stored line count), in file order. */
  readonly fold: readonly GroupLine[];
  /** Lines the order already has. */
  readonly present: readonly GroupLine[];
  /** Lines refused, each with its reason. */
  readonly rejected: readonly {
    line: GroupLine;
    code: "ORDER_CUSTOMER_CONFLICT" | "BAD_AMOUNT" | "CURRENCY_CONFLICT";
    reason: string;
  }[];
  /** The order's state after the fold (the same object when nothing is folded). */
  readonly after: StoredOrder;
}

/**
 * Decides the lines of one group of `customerExternalId` against the stored order: all rejected
 * if the order belongs to another customer (ORDER_CUSTOMER_CONFLICT, naming both); otherwise a
 * line is folded in if its number is above the stored line count and already present if not.
 * Folded lines that would take the order's total out of the 32-bit range are rejected instead.
 */
export function decideLines(
  lines: readonly GroupLine[],
  customerId: number,
  customerExternalId: string,
  stored: StoredOrder,
): LineDecision {
  if (stored.customerId !== customerId) {
    const reason =
      `order ${JSON.stringify(stored.orderId)} belongs to customer ${JSON.stringify(stored.customerExternalId)}; ` +
      `this line names customer ${JSON.stringify(customerExternalId)}`;
    return {
      fold: [],
      present: [],
      rejected: lines.map((line) => ({ line, code: "ORDER_CUSTOMER_CONFLICT" as const, reason })),
      after: stored,
    };
  }
  const fold: GroupLine[] = [];
  const present: GroupLine[] = [];
  const rejected: LineDecision["rejected"][number][] = [];
  let total = stored.amountCents;
  let lineCount = stored.lineCount;
  for (const line of lines) {
    if (line.line <= stored.lineCount) {
      present.push(line);
      continue;
    }
    if (line.currency !== stored.currency) {
      rejected.push({
        line,
        code: "CURRENCY_CONFLICT",
        reason: `order ${JSON.stringify(stored.orderId)} is stored in ${stored.currency ?? "the store's currency"}; this line is in ${line.currency ?? "the store's currency"}: an order's lines share one currency`,
      });
      continue;
    }
    const sum = total + line.cents;
    if (!(sum >= CENTS_MIN && sum <= CENTS_MAX)) {
      rejected.push({
        line,
        code: "BAD_AMOUNT",
        reason: `order ${JSON.stringify(stored.orderId)} would total more than ±${formatCents(CENTS_MAX)}`,
      });
      continue;
    }
    total = sum;
    lineCount = Math.max(lineCount, line.line);
    fold.push(line);
  }
  const after = fold.length === 0 ? stored : { ...stored, amountCents: total, lineCount };
  return { fold, present, rejected, after };
}
