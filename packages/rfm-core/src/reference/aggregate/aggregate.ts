import { Float64Column } from "../../columns";
import { storeCalendar } from "../../days";
import { RfmError } from "../../errors";
import { collectPurchasers, resolveWindow } from "./common";

/**
 * A batch of transaction rows in columns (one entry per row, all columns the same length).
 * Columns, not row objects, so that a caller streaming millions of rows allocates little.
 */
export interface TransactionBatch {
  readonly customerId: readonly string[];
  readonly orderId: readonly string[];
  /** Epoch milliseconds. */
  readonly occurredAt: ArrayLike<number>;
  /** Currency units; negative for refunds and returns. */
  readonly amount: ArrayLike<number>;
}

export interface AggregateOptions {
  /**
   * The scoring instant (epoch ms). Rows at or after it are ignored. The as-of day is the store
   * day of the instant just before it, and recency counts calendar days from the last purchase's
   * day to it. To score "as of 31 August", pass the first instant of 1 September in the store's
   * zone: a purchase on 31 August has recency 0, one on 30 August 1.
   */
  readonly asOf: number;
  /** The store's time zone, whose days recency counts (IANA name, default `UTC`). */
  readonly timeZone?: string;
  /** Half-open window `[from, to)` in epoch ms; omitted ends are open. */
  readonly window?: { readonly from?: number; readonly to?: number };
  /** Decimal places of the currency (2 by default). Amounts are summed in these minor units so totals are exact and equal spends tie exactly. */
  readonly minorUnits?: number;
  /**
   * `order-lines` (default): several rows may share an order id (order lines, or a refund
   * line of an earlier order); their amounts are summed into the order before the order is
   * judged a purchase. `orders`: every row is a whole order (the database path, where order
   * id is unique); faster, no per-order memory.
   */
  readonly rows?: "order-lines" | "orders";
}

/** Per-customer aggregates, one entry per customer with at least one purchase in the window. */
export interface CustomerAggregates {
  readonly length: number;
  readonly customerIds: readonly string[];
  /** Calendar days (in the store's zone) from the last purchase's day to the as-of day. */
  readonly recencyDays: Float64Array;
  /** Purchases: distinct orders whose total is > 0. */
  readonly frequency: Float64Array;
  /** Net spend in the window, currency units: purchases minus refunds and negative orders. */
  readonly monetary: Float64Array;
  /** Epoch ms of the first and last purchase in the window. */
  readonly firstPurchase: Float64Array;
  readonly lastPurchase: Float64Array;
}

export interface AggregateStats {
  /** Rows fed in. */
  rows: number;
  /** Rows outside the window or at/after `asOf`, ignored. */
  rowsOutsideWindow: number;
  /** Rows skipped because their order id was already seen for another customer. */
  rowsWithConflictingCustomer: number;
  /** Distinct orders in the window. */
  orders: number;
  /** Orders whose total was <= 0: they reduce spend but are not purchases. */
  nonPurchaseOrders: number;
  /** Customers with rows in the window but no purchase (only refunds or zero orders): not scored. */
  customersWithoutPurchases: number;
  /** Up to 20 examples of order ids claimed by two customers. */
  conflicts: { orderId: string; customerId: string; otherCustomerId: string }[];
}

export interface Aggregator {
  /** Folds one batch in. Batches can be of any size; memory grows with customers (and orders, in `order-lines` mode), not with rows. */
  add(batch: TransactionBatch): void;
  /** The aggregates and what was ignored. The aggregator can keep receiving batches afterwards. */
  finish(): { aggregates: CustomerAggregates; stats: AggregateStats };
}

/**
 * Streams transactions into per-customer recency, frequency and monetary aggregates.
 *
 * Rules:
 * - a row counts when `from <= occurredAt < to` and `occurredAt < asOf`;
 * - an order's value is the sum of its rows; an order is a purchase when its value is > 0,
 *   and only purchases count for frequency, first and last purchase; every row's amount,
 *   positive or not, counts for monetary (refunds reduce spend);
 * - an order's time is the earliest time of its rows;
 * - an order id belongs to the first customer it was seen with; rows of the same order id
 *   for another customer are skipped and reported in `stats.conflicts`;
 * - customers with no purchase in the window are left out (and counted).
 */
export function createAggregator(options: AggregateOptions): Aggregator {
  const { asOf } = options;
  const { from, to } = resolveWindow(options);
  // An unknown zone is refused here, before any row is read.
  const calendar = storeCalendar(options.timeZone);
  const minorUnits = options.minorUnits ?? 2;
  if (!Number.isInteger(minorUnits) || minorUnits < 0 || minorUnits > 6) {
    throw new RfmError("INVALID_OPTIONS", "minorUnits must be an integer from 0 to 6", { minorUnits });
  }
  const scale = 10 ** minorUnits;
  const byLines = (options.rows ?? "order-lines") === "order-lines";

  const customerIndex = new Map<string, number>();
  const customerIds: string[] = [];
  const cents = new Float64Column();
  const purchases = new Float64Column();
  const first = new Float64Column();
  const last = new Float64Column();

  // order-lines mode only: per-order running totals, folded into customers at finish().
  const orderIndex = new Map<string, number>();
  const orderCustomer = new Float64Column();
  const orderCents = new Float64Column();
  const orderTime = new Float64Column();

  const stats: AggregateStats = {
    rows: 0,
    rowsOutsideWindow: 0,
    rowsWithConflictingCustomer: 0,
    orders: 0,
    nonPurchaseOrders: 0,
    customersWithoutPurchases: 0,
    conflicts: [],
  };

  function customerSlot(id: string): number {
    let c = customerIndex.get(id);
    if (c === undefined) {
      c = customerIds.length;
      customerIndex.set(id, c);
      customerIds.push(id);
      cents.push(0);
      purchases.push(0);
      first.push(Number.POSITIVE_INFINITY);
      last.push(Number.NEGATIVE_INFINITY);
    }
    return c;
  }

  function foldOrder(c: number, value: number, time: number): void {
    cents.set(c, cents.get(c) + value);
    if (value > 0) {
      purchases.set(c, purchases.get(c) + 1);
      if (time < first.get(c)) first.set(c, time);
      if (time > last.get(c)) last.set(c, time);
    } else {
      stats.nonPurchaseOrders++;
    }
  }

  function add(batch: TransactionBatch): void {
    const n = batch.customerId.length;
    if (batch.orderId.length !== n || batch.occurredAt.length !== n || batch.amount.length !== n) {
      throw new RfmError("LENGTH_MISMATCH", "every column of a batch must have the same length", {
        customerId: n,
        orderId: batch.orderId.length,
        occurredAt: batch.occurredAt.length,
        amount: batch.amount.length,
      });
    }
    stats.rows += n;
    for (let i = 0; i < n; i++) {
      const t = batch.occurredAt[i]!;
      if (!(t >= from && t < to)) {
        stats.rowsOutsideWindow++;
        continue;
      }
      const value = Math.round(batch.amount[i]! * scale);
      const c = customerSlot(batch.customerId[i]!);
      if (!byLines) {
        stats.orders++;
        foldOrder(c, value, t);
        continue;
      }
      const orderId = batch.orderId[i]!;
      const o = orderIndex.get(orderId);
      if (o === undefined) {
        orderIndex.set(orderId, orderCustomer.push(c));
        orderCents.push(value);
        orderTime.push(t);
      } else if (orderCustomer.get(o) !== c) {
        stats.rowsWithConflictingCustomer++;
        if (stats.conflicts.length < 20) {
          stats.conflicts.push({
            orderId,
            customerId: batch.customerId[i]!,
            otherCustomerId: customerIds[orderCustomer.get(o)]!,
          });
        }
      } else {
        orderCents.set(o, orderCents.get(o) + value);
        if (t < orderTime.get(o)) orderTime.set(o, t);
      }
    }
  }

  function finish(): { aggregates: CustomerAggregates; stats: AggregateStats } {
    // Fold orders into a copy of the customer columns so that finish() can be called again.
    const netCents = cents.toArray();
    const count = purchases.toArray();
    const firstAt = first.toArray();
    const lastAt = last.toArray();
    let nonPurchaseOrders = stats.nonPurchaseOrders;
    if (byLines) {
      for (let o = 0; o < orderCustomer.length; o++) {
        const c = orderCustomer.get(o);
        const value = orderCents.get(o);
        const time = orderTime.get(o);
        netCents[c]! += value;
        if (value > 0) {
          count[c]! += 1;
          if (time < firstAt[c]!) firstAt[c] = time;
          if (time > lastAt[c]!) lastAt[c] = time;
        } else {
          nonPurchaseOrders++;
        }
      }
    }
    const purchasers = collectPurchasers(
      { minor: netCents, purchases: count, first: firstAt, last: lastAt },
      { asOf, scale, timeZone: calendar.timeZone },
    );
    const { slots, ...columns } = purchasers;
    const ids: string[] = Array.from(slots, (slot) => customerIds[slot]!);
    return {
      aggregates: { length: ids.length, customerIds: ids, ...columns },
      stats: {
        ...stats,
        conflicts: [...stats.conflicts],
        orders: byLines ? orderCustomer.length : stats.orders,
        nonPurchaseOrders,
        customersWithoutPurchases: count.length - ids.length,
      },
    };
  }

  return { add, finish };
}

/** Convenience for whole, in-memory inputs: one batch, aggregated. */
export function aggregateTransactions(
  options: AggregateOptions & { readonly transactions: TransactionBatch },
): { aggregates: CustomerAggregates; stats: AggregateStats } {
  const aggregator = createAggregator(options);
  aggregator.add(options.transactions);
  return aggregator.finish();
}
