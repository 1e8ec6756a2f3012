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
import { copyText, fromCopyText } from "../text-format";
import type { ClickHouse } from "./connection";
import {
  allShards,
  byShard,
  insertRetried,
  insertTextRetried,
  lookUpKeys,
  nextVersion,
  selectWithKeys,
  TsvRows,
} from "./keys";

export function clickhouseOrders(ch: ClickHouse): OrderEngine {
  // Currencies known to be in `transaction_currencies`: codes are only ever added.
  const recorded = new Set<string>();
  return {
    write: (groups, length) => writeOrders(ch, groups, length),
    read: async (orderIds) => {
      return readStoredOrders(ch, await findOrders(ch, orderIds));
    },
    fold: (folds) => foldOrders(ch, folds),
    async recordCurrencies(codes) {
      if (codes.every((code) => recorded.has(code))) return;
      const rows = await ch.queryShard<{ code: string }>(
        0,
        "SELECT DISTINCT code FROM transaction_currencies_local",
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
  occurred_at: number;
  amount_cents: number;
  line_count: number;
  channel: string | null;
  currency: string | null;
  province: string | null;
  region: string | null;
  city: string | null;
}

/** The columns of a transactions row, in the order of the TabSeparated lines written and read. */
const ROW_COLUMNS = [
  "customer_id",
  "order_id",
  "occurred_at",
  "amount_cents",
  "line_count",
  "channel",
  "currency",
  "province",
  "region",
  "city",
  "version",
] as const;

/** A transactions row's fields but its version (ROW_COLUMNS), written to `rows`. */
function rowFields(rows: TsvRows, row: Omit<OrderRow, "customer_external_id">): TsvRows {
  return rows
    .field(row.customer_id)
    .field(row.order_id)
    .field(row.occurred_at)
    .field(row.amount_cents)
    .field(row.line_count)
    .field(row.channel)
    .field(row.currency)
    .field(row.province)
    .field(row.region)
    .field(row.city);
}

/** The stored orders among `orderIds`: order id -> customer id (`order_keys`, every shard). */
async function findOrders(ch: ClickHouse, orderIds: readonly string[]): Promise<Map<string, number>> {
  const keys = await lookUpKeys(
    ch,
    "order_keys_local",
    "order_id",
    "SELECT order_id, customer_id FROM order_keys_local WHERE order_id IN keys",
    orderIds,
    2,
  );
  return new Map(keys.map(([orderId, customerId]) => [fromCopyText(orderId!)!, Number(customerId)]));
}

/**
 * The latest version of these orders' rows, each on its shard, as `build` makes them from the
 * row's `columns` (the first two `customer_id, order_id`, the last `version`) and the customer's
 * external id. Read without FINAL (which merges on one thread, the slowest part of a re-import on
 * 18.16): every version of the orders comes back and the highest is kept here, what FINAL and
 * `argMax` keep.
 */
async function readLatest<T>(
  ch: ClickHouse,
  found: Map<string, number>,
  columns: readonly string[],
  build: (fields: readonly string[], orderId: string, customerId: number, externalId: string) => T,
): Promise<Map<string, T>> {
  const pairs = [...found];
  const out = new Map<string, T>();
  const versions = new Map<string, number>();
  const last = columns.length - 1;
  await Promise.all(
    byShard(ch, pairs.length, (i) => pairs[i]![1]).map(async (part, shard) => {
      if (part.length === 0) return;
      const [orders, customers] = await Promise.all([
        selectWithKeys(
          ch,
          shard,
          `SELECT ${columns.join(", ")} FROM transactions_local WHERE (customer_id, order_id) IN keys`,
          "customer_id UInt32, order_id String",
          part.map((i) => `${pairs[i]![1]}\t${copyText(pairs[i]![0])}`),
          columns.length,
        ),
        // external_id is the same in every version of a customer: any row will do.
        selectWithKeys(
          ch,
          shard,
          "SELECT id, any(external_id) AS external_id FROM customers_local WHERE id IN keys GROUP BY id",
          "id UInt32",
          [...new Set(part.map((i) => pairs[i]![1]))].map(String),
          2,
        ),
      ]);
      const externalId = new Map(customers.map(([id, external]) => [Number(id), fromCopyText(external!)!]));
      for (const f of orders) {
        const orderId = fromCopyText(f[1]!)!;
        const version = Number(f[last]);
        if ((versions.get(orderId) ?? -1) >= version) continue;
        versions.set(orderId, version);
        const customerId = Number(f[0]);
        out.set(orderId, build(f, orderId, customerId, externalId.get(customerId) ?? ""));
      }
    }),
  );
  return out;
}

/** What is stored of these orders (the importer's decisions need no more than this). */
function readStoredOrders(ch: ClickHouse, found: Map<string, number>): Promise<Map<string, StoredOrder>> {
  return readLatest(
    ch,
    found,
    ["customer_id", "order_id", "line_count", "amount_cents", "currency", "version"],
    (f, orderId, customerId, customerExternalId) => ({
      orderId,
      customerId,
      customerExternalId,
      lineCount: Number(f[2]),
      amountCents: Number(f[3]),
      currency: fromCopyText(f[4]!),
    }),
  );
}

/** These orders' whole rows, for folding lines into them. */
function readStoredRows(ch: ClickHouse, found: Map<string, number>): Promise<Map<string, OrderRow>> {
  return readLatest(ch, found, ROW_COLUMNS, (f, orderId, customerId, externalId) => ({
    order_id: orderId,
    customer_id: customerId,
    customer_external_id: externalId,
    occurred_at: Number(f[2]),
    amount_cents: Number(f[3]),
    line_count: Number(f[4]),
    channel: fromCopyText(f[5]!),
    currency: fromCopyText(f[6]!),
    province: fromCopyText(f[7]!),
    region: fromCopyText(f[8]!),
    city: fromCopyText(f[9]!),
  }));
}

/** Throws, before anything is written, if a customer id of the write is not stored. */
async function checkCustomers(ch: ClickHouse, customerId: ArrayLike<number>, length: number): Promise<void> {
  const ids = [...new Set(Array.from({ length }, (_, g) => customerId[g]!))];
  const found = await Promise.all(
    byShard(ch, ids.length, (i) => ids[i]!).map((part, shard) =>
      selectWithKeys(
        ch,
        shard,
        "SELECT DISTINCT id FROM customers_local WHERE id IN keys",
        "id UInt32",
        part.map((i) => String(ids[i])),
        1,
      ),
    ),
  );
  const stored = new Set(found.flat().map(([id]) => Number(id)));
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
    const stored = await readStoredOrders(ch, found);
    for (let g = 0; g < length; g++) {
      const row = stored.get(orderId[g]!);
      if (row) skipped.set(g, row);
      else if (found.has(orderId[g]!)) {
        throw new Error(`orders.write: order ${JSON.stringify(orderId[g])} has a key but no row`);
      }
    }
  }
  const text = (column: TextColumn | undefined, g: number) => column?.[g] ?? null;
  const version = nextVersion();
  const orderRows = Array.from({ length: ch.shardCount }, () => new TsvRows());
  const keyRows = Array.from({ length: ch.shardCount }, () => new TsvRows());
  for (let g = 0; g < length; g++) {
    if (found.has(orderId[g]!)) continue;
    const shard = ch.shardOf(customerId[g]!);
    orderRows[shard]!.field(customerId[g]!)
      .field(orderId[g]!)
      .field(occurredAt[g]!)
      .field(amountCents[g]!)
      .field(lastLine[g]!)
      .field(text(groups.channel, g))
      .field(text(groups.currency, g))
      .field(text(groups.province, g))
      .field(text(groups.region, g))
      .field(text(groups.city, g))
      .field(version)
      .end();
    keyRows[shard]!.field(orderId[g]!).field(customerId[g]!).end();
  }
  await allShards(
    orderRows.map(async (part, shard) => {
      // Rows first, keys after: a key means the order is stored (top of this file).
      await insertTextRetried(ch, shard, "transactions_local", ROW_COLUMNS, part);
      await insertTextRetried(ch, shard, "order_keys_local", ["order_id", "customer_id"], keyRows[shard]!);
    }),
  );
  const created = orderRows.reduce((sum, part) => sum + part.rows, 0);
  return { created, skipped };
}

async function foldOrders(ch: ClickHouse, folds: readonly OrderFold[]): Promise<void> {
  const stored = await readStoredRows(ch, await findOrders(ch, [...new Set(folds.map((f) => f.orderId))]));
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
        occurredAt: row.occurred_at,
        amountCents: row.amount_cents,
        lineCount: row.line_count,
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
  const version = nextVersion();
  const orderRows = Array.from({ length: ch.shardCount }, () => new TsvRows());
  for (const { row, occurredAt, amountCents, lineCount } of after.values()) {
    rowFields(orderRows[ch.shardOf(row.customer_id)]!, {
      ...row,
      occurred_at: occurredAt,
      amount_cents: amountCents,
      line_count: lineCount,
    })
      .field(version)
      .end();
  }
  await allShards(
    orderRows.map((part, shard) => insertTextRetried(ch, shard, "transactions_local", ROW_COLUMNS, part)),
  );
}
