/**
 * Orders in the facts store: the importer's path. A `transactions` row is one order; files of
 * order lines (several lines per order id) are folded into it line by line, so that re-importing
 * a file, or re-running an import that was killed, never counts a line twice (docs/import.md,
 * "Orders and order lines"). Validation lives here once; the engines store
 * (sqlite/orders.ts, postgres/orders.ts).
 */
import {
  type Column,
  checkIntegers,
  checkLengths,
  checkTexts,
  checkTimes,
  INT32_MAX,
  INT32_MIN,
  type Scope,
  type TextColumn,
} from "./columns";

/**
 * Groups of order lines to write, one entry per order (and customer) of a batch, column by column.
 * A group holds lines `firstLine..lastLine` of its order as numbered by the importer (the k-th
 * line of an order id in a file is its line k); amount and time are the group's sum and earliest.
 */
export interface OrderGroupColumns {
  readonly orderId: readonly string[];
  /** Internal customer ids. */
  readonly customerId: Column;
  /** Earliest time of the group's lines, epoch ms. */
  readonly occurredAt: Column;
  /** Sum of the group's lines in cents, within ±2,147,483,647. */
  readonly amountCents: Column;
  /** Line number (1-based) of the group's first and last line within its order. */
  readonly firstLine: Column;
  readonly lastLine: Column;
  readonly channel?: TextColumn;
  readonly province?: TextColumn;
  readonly region?: TextColumn;
  readonly city?: TextColumn;
  /** ISO 4217 codes, upper-case (the importer checks them); null: the store's currency. */
  readonly currency?: TextColumn;
}

/** What is stored for an order. */
export interface StoredOrder {
  readonly orderId: string;
  readonly customerId: number;
  /** The customer's external id, for messages. */
  readonly customerExternalId: string;
  readonly lineCount: number;
  readonly amountCents: number;
  /** ISO 4217; null: the store's currency. */
  readonly currency: string | null;
}

export interface OrderWriteResult {
  /** Groups stored as new orders. */
  readonly created: number;
  /**
   * Groups whose order was stored already, by group index, with what is stored: the caller decides
   * line by line what to add ({@link OrderFacts.fold}).
   */
  readonly skipped: Map<number, StoredOrder>;
}

/** Lines to add to a stored order, as decided from what {@link OrderFacts.read} or `skipped` said. */
export interface OrderFold {
  readonly orderId: string;
  /** Cents to add (the sum of the lines folded in). */
  readonly addCents: number;
  /** Earliest time of the lines folded in, epoch ms: the order keeps the earlier of this and its own. */
  readonly occurredAt: number;
  /** The order's line count afterwards. */
  readonly lineCount: number;
  /** The line count the decision was made on: the fold fails if the order no longer has it. */
  readonly expectedLineCount: number;
}

export interface OrderFacts {
  /**
   * Writes a batch's order groups: a group whose order is not stored becomes a new order
   * (`line_count` = its last line); a group whose order is stored is left untouched and returned
   * in `skipped` with what is stored, for the caller to decide line by line ({@link fold}).
   * Order ids must be distinct within a call (the importer sums the lines of an order within a
   * batch first). A customer id that does not exist fails the whole call.
   */
  write(groups: OrderGroupColumns): Promise<OrderWriteResult>;
  /** What is stored for these order ids (those not stored are absent from the map). */
  read(orderIds: readonly string[]): Promise<Map<string, StoredOrder>>;
  /**
   * Folds lines into stored orders, one order after the other (the same order may appear twice).
   * Throws, failing the transaction, if an order's line count is not the expected one any more
   * (a concurrent import of the same orders) or its total would leave the 32-bit range.
   */
  fold(folds: readonly OrderFold[]): Promise<void>;
}

/** What an engine implements, on validated input that is not empty. */
export interface OrderEngine {
  write(groups: OrderGroupColumns, length: number): Promise<OrderWriteResult>;
  read(orderIds: readonly string[]): Promise<Map<string, StoredOrder>>;
  /** Throws {@link foldRefused} for the first fold whose order did not take it. */
  fold(folds: readonly OrderFold[]): Promise<void>;
  /**
   * Adds these currency codes (`''`: none given) to `transaction_currencies` where missing.
   * Called with each write's currencies, in its transaction.
   */
  recordCurrencies(codes: readonly string[]): Promise<void>;
}

/** The table's columns an order is written to, in the engines' order. */
export const ORDER_COLUMNS = [
  "order_id",
  "customer_id",
  "occurred_at",
  "amount_cents",
  "line_count",
  "channel",
  "province",
  "region",
  "city",
  "currency",
] as const;
export const ORDER_OPTIONAL = ["channel", "province", "region", "city", "currency"] as const;

/** Validation in front of an engine's orders. */
export function orderFacts(scope: Scope<OrderEngine>): OrderFacts {
  return {
    async write(groups) {
      const length = validateOrderGroups(groups);
      if (length === 0) return { created: 0, skipped: new Map() };
      const currencies = currenciesOf(groups.currency, length);
      return scope(async (engine) => {
        const result = await engine.write(groups, length);
        await engine.recordCurrencies(currencies);
        return result;
      });
    },
    async read(orderIds) {
      if (orderIds.length === 0) return new Map();
      return scope((engine) => engine.read(orderIds));
    },
    async fold(folds) {
      if (folds.length === 0) return;
      validateFolds(folds);
      await scope((engine) => engine.fold(folds));
    },
  };
}

function validateOrderGroups(groups: OrderGroupColumns): number {
  const what = "orders.write";
  const length = groups.orderId.length;
  checkLengths(what, length, {
    customerId: groups.customerId,
    occurredAt: groups.occurredAt,
    amountCents: groups.amountCents,
    firstLine: groups.firstLine,
    lastLine: groups.lastLine,
    channel: groups.channel,
    province: groups.province,
    region: groups.region,
    city: groups.city,
    currency: groups.currency,
  });
  checkTexts(what, "orderId", groups.orderId, true);
  checkIntegers(what, "customerId", groups.customerId, 1, INT32_MAX);
  checkIntegers(what, "amountCents", groups.amountCents, INT32_MIN, INT32_MAX);
  checkIntegers(what, "firstLine", groups.firstLine, 1, INT32_MAX);
  checkIntegers(what, "lastLine", groups.lastLine, 1, INT32_MAX);
  for (let i = 0; i < length; i++) {
    if (groups.lastLine[i]! < groups.firstLine[i]!) {
      throw new RangeError(
        `${what}: row ${i}: lastLine ${groups.lastLine[i]} < firstLine ${groups.firstLine[i]}`,
      );
    }
  }
  checkTimes(what, "occurredAt", groups.occurredAt);
  for (let i = 0; i < length; i++) {
    if (groups.occurredAt[i] === null || groups.occurredAt[i] === undefined) {
      throw new RangeError(`${what}: row ${i}: occurredAt is required`);
    }
  }
  for (const name of ORDER_OPTIONAL) checkTexts(what, name, groups[name], false);
  if (groups.currency) {
    for (let i = 0; i < length; i++) {
      const code = groups.currency[i];
      if (code != null && !/^[A-Z]{3}$/.test(code)) {
        throw new RangeError(
          `${what}: row ${i}: currency ${JSON.stringify(code)} is not an upper-case ISO 4217 code`,
        );
      }
    }
  }
  return length;
}

/** The distinct currencies of a write, `''` standing for "none given" (the store's currency). */
function currenciesOf(currency: TextColumn | undefined, length: number): string[] {
  if (!currency) return [""];
  const codes = new Set<string>();
  for (let i = 0; i < length; i++) codes.add(currency[i] ?? "");
  return [...codes];
}

function validateFolds(folds: readonly OrderFold[]): void {
  for (const [i, fold] of folds.entries()) {
    checkIntegers("orders.fold", `row ${i}: addCents`, [fold.addCents], INT32_MIN, INT32_MAX);
    checkIntegers(
      "orders.fold",
      `row ${i}: lineCount`,
      [fold.lineCount, fold.expectedLineCount],
      1,
      INT32_MAX,
    );
    checkTimes("orders.fold", `row ${i}: occurredAt`, [fold.occurredAt]);
  }
}

/** The error of a fold that its order did not take (it fails the transaction). */
export function foldRefused(fold: OrderFold): Error {
  return new Error(
    `order ${JSON.stringify(fold.orderId)} changed during the import (expected ${fold.expectedLineCount} stored lines), or its total left the 32-bit range; run the import again`,
  );
}
