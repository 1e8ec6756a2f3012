/**
 * Orders on ClickHouse.
 *
 * IDEMPOTENCY: how a re-imported file adds nothing and a killed import re-run gives exact totals,
 * with no transactions and no unique constraint. Both mechanisms, each covering what the other
 * cannot:
 *
 * 1. A per-batch anti-join before inserting: the batch's order ids are looked up in `order_keys`
 *    (order id -> customer, ordered by order id) on every shard; orders found are not written
 *    but returned as skipped with what is stored, exactly as the SQLite and PostgreSQL engines
 *    do, so the importer decides line by line (re-imported lines count as already present,
 *    other customers' lines are rejected). This is what keeps counts exact: a ReplacingMergeTree
 *    alone would silently replace a stored order by a re-imported one and could not say
 *    "already present", nor refuse an order id stored under another customer.
 * 2. ReplacingMergeTree(version) ordered by (customer_id, order_id), for what a killed write
 *    leaves: a shard's transactions rows are inserted first and its keys after them, so a key
 *    always means the order is stored; an import killed between the two (or between two shards)
 *    re-runs, finds no key, and writes the same orders again: same key, higher version, and
 *    readers (FINAL / argMax by version, schema.ts TRANSACTIONS) see each order once.
 *
 * Folds (lines of a stored order arriving in a later batch) write a new version of the order's
 * row with the summed amount and line count; the line numbering the importer checks against
 * (`line_count`) makes a folded line count as present on a re-run, so a fold killed half-way is
 * completed, not doubled, by the re-run. A fold is checked for every order first (stored line
 * count as expected, total within 32 bits) and nothing is written if one fails.
 *
 * Unknown customers fail the whole write before anything is written (one look-up of the batch's
 * customer ids in `customers_local`, ordered by id), as a foreign key would on the other engines.
 */
import { INT32_MAX, INT32_MIN, type TextColumn } from "../columns";
import {
  foldRefused,
  type OrderEngine,
  type OrderFold,
  type OrderGroupColumns,
  type OrderWriteResult,
  type StoredOrder,
} from "../orders";
import type { ClickHouse } from "./connection";
import {
  allShards,
  byShard,
  insertRetried,
  nextVersion,
  retried,
  selectWithKeys,
  selectWithKeysOnEachShard,
  tsvField,
} from "./keys";

export function clickhouseOrders(ch: ClickHouse): OrderEngine {
  // Currencies known to be in `transaction_currencies`: codes are only ever added.
  const recorded = new Set<string>();
  return {
    write: (groups, length) => writeOrders(ch, groups, length),
    read: async (orderIds) => {
      const rows = await readStored(ch, await findOrders(ch, orderIds));
      return new Map([...rows].map(([orderId, row]) => [orderId, storedOrder(row)]));
    },
    fold: (folds) => foldOrders(ch, folds),
    async recordCurrencies(codes) {
      if (codes.every((code) => recorded.has(code))) return;
      const rows = await retried(() =>
        ch.queryShard<{ code: string }>(0, "SELECT DISTINCT code FROM transaction_currencies_local"),
      );
      for (const { code } of rows) recorded.add(code);
      const missing = codes.filter((code) => !recorded.has(code));
      await insertRetried(
        ch,
        0,
        "transaction_currencies_local",
        missing.map((code) => ({ code })),
      );
      for (const code of missing) recorded.add(code);
    },
  };
}

/** A stored order's row, as read for skipping and folding. */
interface OrderRow {
  order_id: string;
  customer_id: number;
  customer_external_id: string;
  occurred_at: string;
  amount_cents: number;
  line_count: number;
  channel: string | null;
  currency: string | null;
  province: string | null;
  region: string | null;
  city: string | null;
}

const ROW_COLUMNS = [
  "order_id",
  "customer_id",
  "occurred_at",
  "amount_cents",
  "line_count",
  "channel",
  "currency",
  "province",
  "region",
  "city",
] as const;

function storedOrder(row: OrderRow): StoredOrder {
  return {
    orderId: row.order_id,
    customerId: Number(row.customer_id),
    customerExternalId: row.customer_external_id,
    lineCount: Number(row.line_count),
    amountCents: Number(row.amount_cents),
    currency: row.currency,
  };
}

/** The stored orders among `orderIds`: order id -> customer id (`order_keys`, every shard). */
async function findOrders(ch: ClickHouse, orderIds: readonly string[]): Promise<Map<string, number>> {
  const keys = await selectWithKeysOnEachShard<{ order_id: string; customer_id: number }>(
    ch,
    "SELECT order_id, customer_id FROM order_keys_local WHERE order_id IN keys",
    "order_id String",
    orderIds.map(tsvField),
  );
  return new Map(keys.map((key) => [key.order_id, Number(key.customer_id)]));
}

/** The latest version of these orders' rows, with their customer's external id, each on its shard. */
async function readStored(ch: ClickHouse, found: Map<string, number>): Promise<Map<string, OrderRow>> {
  const pairs = [...found];
  const parts = await Promise.all(
    byShard(ch, pairs.length, (i) => pairs[i]![1]).map(async (part, shard) => {
      if (part.length === 0) return [];
      const [orders, customers] = await Promise.all([
        selectWithKeys<Omit<OrderRow, "customer_external_id">>(
          ch,
          shard,
          `SELECT ${ROW_COLUMNS.join(", ")} FROM transactions_local FINAL WHERE (customer_id, order_id) IN keys`,
          "customer_id UInt32, order_id String",
          part.map((i) => `${pairs[i]![1]}\t${tsvField(pairs[i]![0])}`),
        ),
        // external_id is the same in every version of a customer: any row will do.
        selectWithKeys<{ id: number; external_id: string }>(
          ch,
          shard,
          "SELECT id, any(external_id) AS external_id FROM customers_local WHERE id IN keys GROUP BY id",
          "id UInt32",
          [...new Set(part.map((i) => pairs[i]![1]))].map(String),
        ),
      ]);
      const externalId = new Map(customers.map((c) => [Number(c.id), c.external_id]));
      return orders.map((row) => ({
        ...row,
        customer_external_id: externalId.get(Number(row.customer_id)) ?? "",
      }));
    }),
  );
  return new Map(parts.flat().map((row) => [row.order_id, row]));
}

/** Throws, before anything is written, if a customer id of the write is not stored. */
async function checkCustomers(ch: ClickHouse, customerId: ArrayLike<number>, length: number): Promise<void> {
  const ids = [...new Set(Array.from({ length }, (_, g) => customerId[g]!))];
  const found = await Promise.all(
    byShard(ch, ids.length, (i) => ids[i]!).map((part, shard) =>
      selectWithKeys<{ id: number }>(
        ch,
        shard,
        "SELECT DISTINCT id FROM customers_local WHERE id IN keys",
        "id UInt32",
        part.map((i) => String(ids[i])),
      ),
    ),
  );
  const stored = new Set(found.flat().map((row) => Number(row.id)));
  const missing = ids.find((id) => !stored.has(id));
  if (missing !== undefined) throw new Error(`orders.write: customer ${missing} is not stored`);
}

async function writeOrders(
  ch: ClickHouse,
  groups: OrderGroupColumns,
  length: number,
): Promise<OrderWriteResult> {
  const { orderId, customerId, occurredAt, amountCents, lastLine } = groups;
  const [found] = await Promise.all([
    findOrders(ch, orderId.slice(0, length)),
    checkCustomers(ch, customerId, length),
  ]);
  const skipped = new Map<number, StoredOrder>();
  if (found.size > 0) {
    const stored = await readStored(ch, found);
    for (let g = 0; g < length; g++) {
      const row = stored.get(orderId[g]!);
      if (row) skipped.set(g, storedOrder(row));
      else if (found.has(orderId[g]!)) {
        throw new Error(`orders.write: order ${JSON.stringify(orderId[g])} has a key but no row`);
      }
    }
  }
  const fresh: number[] = [];
  for (let g = 0; g < length; g++) if (!found.has(orderId[g]!)) fresh.push(g);
  const text = (column: TextColumn | undefined, g: number) => column?.[g] ?? null;
  const version = nextVersion();
  await allShards(
    byShard(ch, fresh.length, (i) => customerId[fresh[i]!]!).map(async (part, shard) => {
      if (part.length === 0) return;
      // Rows first, keys after: a key means the order is stored (top of this file).
      await insertRetried(
        ch,
        shard,
        "transactions_local",
        part.map((i) => {
          const g = fresh[i]!;
          return {
            customer_id: customerId[g],
            order_id: orderId[g],
            occurred_at: occurredAt[g],
            amount_cents: amountCents[g],
            line_count: lastLine[g],
            channel: text(groups.channel, g),
            currency: text(groups.currency, g),
            province: text(groups.province, g),
            region: text(groups.region, g),
            city: text(groups.city, g),
            version,
          };
        }),
      );
      await insertRetried(
        ch,
        shard,
        "order_keys_local",
        part.map((i) => ({ order_id: orderId[fresh[i]!], customer_id: customerId[fresh[i]!] })),
      );
    }),
  );
  return { created: fresh.length, skipped };
}

async function foldOrders(ch: ClickHouse, folds: readonly OrderFold[]): Promise<void> {
  const stored = await readStored(ch, await findOrders(ch, [...new Set(folds.map((f) => f.orderId))]));
  // Every fold is checked, in order, before anything is written.
  const after = new Map<
    string,
    { row: OrderRow; occurredAt: number; amountCents: number; lineCount: number }
  >();
  for (const fold of folds) {
    let order = after.get(fold.orderId);
    if (!order) {
      const row = stored.get(fold.orderId);
      if (!row) throw foldRefused(fold);
      order = {
        row,
        occurredAt: Number(row.occurred_at),
        amountCents: Number(row.amount_cents),
        lineCount: Number(row.line_count),
      };
    }
    const total = order.amountCents + fold.addCents;
    if (order.lineCount !== fold.expectedLineCount || total < INT32_MIN || total > INT32_MAX) {
      throw foldRefused(fold);
    }
    after.set(fold.orderId, {
      row: order.row,
      occurredAt: Math.min(order.occurredAt, fold.occurredAt),
      amountCents: total,
      lineCount: fold.lineCount,
    });
  }
  const orders = [...after.values()];
  const version = nextVersion();
  await allShards(
    byShard(ch, orders.length, (i) => Number(orders[i]!.row.customer_id)).map((part, shard) =>
      insertRetried(
        ch,
        shard,
        "transactions_local",
        part.map((i) => {
          const { row, occurredAt, amountCents, lineCount } = orders[i]!;
          const { customer_external_id: _, ...columns } = row;
          return {
            ...columns,
            occurred_at: occurredAt,
            amount_cents: amountCents,
            line_count: lineCount,
            version,
          };
        }),
      ),
    ),
  );
}
