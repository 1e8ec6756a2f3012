import { storeCalendar } from "../../days";
import { RfmError } from "../../errors";
import type { AggregateStats } from "./aggregate";
import { collectPurchasers, resolveWindow } from "./common";

/**
 * Whole orders keyed by a dense integer customer index (a database id, say) instead of a
 * string: the fast path for scoring straight from storage, where order lines are already
 * folded into orders and customers already have integer keys. No hashing, no strings.
 */
export interface IndexedOrderBatch {
  /** Customer index per order, 0 <= index < customerCapacity. */
  readonly customer: ArrayLike<number>;
  /** Epoch milliseconds. */
  readonly occurredAt: ArrayLike<number>;
  /** Order value in minor units (cents); <= 0 is not a purchase but still counts for monetary. */
  readonly amountMinor: ArrayLike<number>;
}

export interface IndexedAggregateOptions {
  /** As in `createAggregator`: rows at or after it are ignored; recency counts days to the day before it. */
  readonly asOf: number;
  /** As in `createAggregator`: the zone whose days recency counts (default `UTC`). */
  readonly timeZone?: string;
  readonly window?: { readonly from?: number; readonly to?: number };
  /** One more than the largest customer index that can occur. */
  readonly customerCapacity: number;
  /** Decimal places of the currency (2 by default), to turn minor units back into currency units. */
  readonly minorUnits?: number;
}

export interface IndexedAggregates {
  readonly length: number;
  /** The customer index of each aggregated customer, ascending. */
  readonly customerIndex: Uint32Array;
  readonly recencyDays: Float64Array;
  readonly frequency: Float64Array;
  readonly monetary: Float64Array;
  readonly firstPurchase: Float64Array;
  readonly lastPurchase: Float64Array;
}

export interface IndexedAggregator {
  add(batch: IndexedOrderBatch): void;
  finish(): {
    aggregates: IndexedAggregates;
    stats: Omit<AggregateStats, "rowsWithConflictingCustomer" | "conflicts">;
  };
}

/**
 * The same rules as `createAggregator` in `orders` mode (every row a whole order; value > 0
 * is a purchase; refunds reduce spend; customers without a purchase are left out), over
 * typed arrays indexed by customer: memory is 5 × 8 bytes per customer slot, whatever the
 * number of orders.
 */
export function createIndexedAggregator(options: IndexedAggregateOptions): IndexedAggregator {
  const { asOf, customerCapacity } = options;
  const { from, to } = resolveWindow(options);
  // An unknown zone is refused here, before any row is read.
  const calendar = storeCalendar(options.timeZone);
  if (!Number.isInteger(customerCapacity) || customerCapacity < 0) {
    throw new RfmError("INVALID_OPTIONS", "customerCapacity must be a non-negative integer", {
      customerCapacity,
    });
  }
  const scale = 10 ** (options.minorUnits ?? 2);
  const cents = new Float64Array(customerCapacity);
  const purchases = new Float64Array(customerCapacity);
  const first = new Float64Array(customerCapacity).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(customerCapacity).fill(Number.NEGATIVE_INFINITY);
  const seen = new Uint8Array(customerCapacity);
  const stats = {
    rows: 0,
    rowsOutsideWindow: 0,
    orders: 0,
    nonPurchaseOrders: 0,
    customersWithoutPurchases: 0,
  };

  function add(batch: IndexedOrderBatch): void {
    const n = batch.customer.length;
    if (batch.occurredAt.length !== n || batch.amountMinor.length !== n) {
      throw new RfmError("LENGTH_MISMATCH", "every column of a batch must have the same length");
    }
    stats.rows += n;
    for (let i = 0; i < n; i++) {
      const t = batch.occurredAt[i]!;
      if (!(t >= from && t < to)) {
        stats.rowsOutsideWindow++;
        continue;
      }
      const c = batch.customer[i]!;
      if (!(c >= 0 && c < customerCapacity) || !Number.isInteger(c)) {
        throw new RfmError("INVALID_OPTIONS", `customer index ${c} is outside 0..${customerCapacity - 1}`, {
          index: c,
        });
      }
      const value = batch.amountMinor[i]!;
      stats.orders++;
      seen[c] = 1;
      cents[c]! += value;
      if (value > 0) {
        purchases[c]! += 1;
        if (t < first[c]!) first[c] = t;
        if (t > last[c]!) last[c] = t;
      } else {
        stats.nonPurchaseOrders++;
      }
    }
  }

  function finish() {
    let seenCount = 0;
    for (let c = 0; c < customerCapacity; c++) seenCount += seen[c]!;
    const { slots, ...columns } = collectPurchasers(
      { minor: cents, purchases, first, last },
      { asOf, scale, timeZone: calendar.timeZone },
    );
    return {
      aggregates: { length: slots.length, customerIndex: slots, ...columns },
      stats: { ...stats, customersWithoutPurchases: seenCount - slots.length },
    };
  }

  return { add, finish };
}
