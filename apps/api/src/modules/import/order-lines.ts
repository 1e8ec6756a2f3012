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
 * One generation of {@link RecentKeys}: an open-addressing hash table (linear probing, at most
 * half full) over typed arrays. A key's UTF-16 units are copied into one shared array, so no
 * string is kept: a JavaScript Map of millions of strings cost about 58 bytes a key (the string
 * and the Map's entry, measured) and the garbage collector's time to trace and move them, 27 s of
 * the parsing thread's CPU in a 19.8M-row import. Here a key costs 8 bytes of slots, 4 of
 * offset, 8 of value and 2 per unit. Arrays grow by doubling, up to `capacity` keys.
 */
class KeyGeneration {
  /** Per slot: entry index + 1, or 0 when empty. */
  private slots = new Int32Array(64);
  /** Entry e's units are units[starts[e] .. starts[e + 1]). */
  private starts = new Int32Array(33);
  private units = new Uint16Array(256);
  values = new Float64Array(32);
  size = 0;

  constructor(private readonly capacity: number) {}

  /** The entry of `key` (its hash `hash`), or -1. */
  find(key: string, hash: number): number {
    const { slots, starts, units } = this;
    const mask = slots.length - 1;
    const length = key.length;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = slots[i]!;
      if (slot === 0) return -1;
      const e = slot - 1;
      const start = starts[e]!;
      if (starts[e + 1]! - start !== length) continue;
      let u = 0;
      while (u < length && units[start + u] === key.charCodeAt(u)) u++;
      if (u === length) return e;
    }
  }

  /** Adds `key`, not present (the caller found it absent), with `value`; returns its entry. */
  add(key: string, hash: number, value: number): number {
    const e = this.size;
    if (e + 1 >= this.starts.length) this.growEntries();
    if (2 * (e + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    const start = this.starts[e]!;
    const end = start + key.length;
    if (end > 2 ** 31 - 1) {
      // Offsets are int32: 2 billion units in one generation (ids of 1,000 characters and more).
      throw new RangeError(`the import's ids are too long to remember ${this.capacity} of them`);
    }
    if (end > this.units.length) this.units = grown(this.units, end);
    for (let u = 0; u < key.length; u++) this.units[start + u] = key.charCodeAt(u);
    this.starts[e + 1] = end;
    this.values[e] = value;
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = e + 1;
    this.size = e + 1;
    return e;
  }

  /** Empties the generation, keeping its arrays for the next keys. */
  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  private growEntries(): void {
    const entries = Math.min(Math.max(this.capacity, 1), 2 * (this.starts.length - 1));
    if (entries + 1 <= this.starts.length) return;
    this.starts = grown(this.starts, entries + 1);
    this.values = grown(this.values, this.starts.length - 1);
  }

  private rehash(slotCount: number): void {
    const slots = new Int32Array(slotCount);
    const mask = slotCount - 1;
    for (let e = 0; e < this.size; e++) {
      let i = hashUnits(this.units, this.starts[e]!, this.starts[e + 1]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}

/** A copy of `array` with room for at least `length` elements (doubling). */
function grown<T extends Int32Array | Uint16Array | Float64Array>(array: T, length: number): T {
  let size = Math.max(1, array.length);
  while (size < length) size *= 2;
  const copy = new (array.constructor as new (n: number) => T)(size);
  copy.set(array);
  return copy;
}

/** FNV-1a over UTF-16 units, then mixed (murmur3's finaliser) so that low bits index well. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashKey(key: string): number {
  let h = 0x811c_9dc5;
  for (let u = 0; u < key.length; u++) h = Math.imul(h ^ key.charCodeAt(u), 0x0100_0193);
  return mix(h);
}

function hashUnits(units: Uint16Array, start: number, end: number): number {
  let h = 0x811c_9dc5;
  for (let u = start; u < end; u++) h = Math.imul(h ^ units[u]!, 0x0100_0193);
  return mix(h);
}

/**
 * A string -> number map for the length of one import that forgets old keys: the `remember` most
 * recently used distinct keys are always held, at most 2 × `remember` (two generations: when the
 * current one has `remember` keys it becomes the previous one, and the previous one is dropped;
 * a key found in the previous generation moves to the current one). Values are numbers that a
 * double holds exactly.
 *
 * Why bounded: a JavaScript Map holds at most 2^24 (16.7 million) entries, so the order ids of a
 * 20-million-row file could not be held at all; and memory, see {@link KeyGeneration}.
 */
export class RecentKeys {
  private current: KeyGeneration;
  private previous: KeyGeneration;
  // The last lookup, so that a `set` after a `get` of the same key probes nothing again.
  private lastKey: string | null = null;
  private lastHash = 0;
  private lastEntry = -1;

  constructor(private readonly remember: number) {
    this.current = new KeyGeneration(remember);
    this.previous = new KeyGeneration(remember);
  }

  get(key: string): number | undefined {
    const hash = hashKey(key);
    const e = this.current.find(key, hash);
    this.lastKey = key;
    this.lastHash = hash;
    this.lastEntry = e;
    if (e >= 0) return this.current.values[e];
    if (this.previous.size === 0) return undefined;
    const p = this.previous.find(key, hash);
    return p >= 0 ? this.previous.values[p] : undefined;
  }

  set(key: string, value: number): void {
    let hash: number;
    let e: number;
    if (key === this.lastKey) {
      hash = this.lastHash;
      e = this.lastEntry;
    } else {
      hash = hashKey(key);
      e = this.current.find(key, hash);
    }
    this.lastKey = null;
    if (e >= 0) {
      this.current.values[e] = value;
      return;
    }
    if (this.current.size >= this.remember) {
      const dropped = this.previous;
      this.previous = this.current;
      dropped.clear();
      this.current = dropped;
    }
    this.current.add(key, hash, value);
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
  private readonly keys: RecentKeys;
  /** After {@link next}: whether the previous occurrence of the id was in the same batch. */
  repeatInBatch = false;

  constructor(remember = 2_000_000) {
    this.keys = new RecentKeys(remember);
  }

  /** The line number of this occurrence of `orderId`, in batch number `batch` (increasing). */
  next(orderId: string, batch: number): number {
    const packed = this.keys.get(orderId);
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
    this.keys.set(orderId, batch * LINE_LIMIT + line);
    return line;
  }

  /** Ids held. */
  get size(): number {
    return this.keys.size;
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
