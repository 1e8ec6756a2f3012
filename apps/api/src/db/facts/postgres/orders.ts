/**
 * Orders on PostgreSQL. A batch's orders are COPied straight into `transactions`, looked up first
 * only where they may be stored (see writeOrders); the stored ones are returned as skipped. If a
 * concurrent import stored one of them after the lookup (the COPY meets a unique violation), the
 * batch falls back, from a savepoint, to the path that tolerates it: COPY into a
 * temporary staging table, then one INSERT ... SELECT ... ON CONFLICT (order_id) DO NOTHING
 * RETURNING order_id that also lists the staged orders it did not insert. Folds: one
 * UPDATE ... FROM unnest(...) per round of distinct orders.
 */
import type pg from "pg";
import { INT32_MAX, INT32_MIN } from "../columns";
import {
  foldRefused,
  ORDER_COLUMNS,
  type OrderEngine,
  type OrderFold,
  type OrderGroupColumns,
  type OrderWriteResult,
  type StoredOrder,
} from "../orders";
import { type BinaryRows, copyBinaryRows } from "./copy";

/** The orders of a transaction open on `client`. */
export function postgresOrders(client: pg.PoolClient, hint: OrderWriteHint): OrderEngine {
  return {
    write: (groups, length) => writeOrders(client, hint, groups, length),
    read: (orderIds) => readOrders(client, orderIds),
    fold: (folds) => foldOrders(client, folds),
    recordCurrencies: (codes) => recordCurrencies(client, codes),
  };
}

/** The staging table lives as long as the connection and is emptied at each commit. */
const ORDER_STAGE = "rfm_order_stage";

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = "23505";

/**
 * How the last batch went, kept across the transactions of one engine: whether the orders of a
 * batch are looked up before they are COPied (see writeOrders).
 */
export interface OrderWriteHint {
  lookUpFirst: boolean;
}

/**
 * COPied straight into `transactions`, looked up only where needed: the lookup of a batch's
 * 20,000 order ids (an index probe and a join each) cost 0.5 of 4.9 server CPU-seconds of a
 * 417,000-row first load, and finds nothing on a first load. So only the groups known to continue
 * an order of an earlier batch (firstLine > 1) are looked up, and the rest COPied from a
 * savepoint; the unique index on order_id is the check. If it refuses (an order stored before:
 * a re-import, a resumed import, a concurrent one), the COPY is rolled back and the batch takes
 * the full path: every order looked up, the stored ones skipped, the rest COPied (a refusal
 * comes at the first stored order, so it costs little). While lookups find stored orders (a
 * re-import), the next batches look up first; once one finds none, they try the COPY again.
 */
async function writeOrders(
  client: pg.PoolClient,
  hint: OrderWriteHint,
  groups: OrderGroupColumns,
  length: number,
): Promise<OrderWriteResult> {
  const { orderId, firstLine } = groups;
  if (!hint.lookUpFirst) {
    const continued: number[] = [];
    for (let g = 0; g < length; g++) if (firstLine[g]! > 1) continued.push(g);
    const stored =
      continued.length > 0
        ? await readOrders(
            client,
            continued.map((g) => orderId[g]!),
          )
        : null;
    const skipped = new Map<number, StoredOrder>();
    const fresh: number[] = [];
    for (let g = 0; g < length; g++) {
      const order = firstLine[g]! > 1 ? stored!.get(orderId[g]!) : undefined;
      if (order) skipped.set(g, order);
      else fresh.push(g);
    }
    if (await copyOrders(client, groups, fresh)) return { created: fresh.length, skipped };
  }
  const stored = await readOrders(client, orderId.slice(0, length));
  hint.lookUpFirst = stored.size > 0;
  const skipped = new Map<number, StoredOrder>();
  const fresh: number[] = [];
  for (let g = 0; g < length; g++) {
    const order = stored.get(orderId[g]!);
    if (order) skipped.set(g, order);
    else fresh.push(g);
  }
  if (await copyOrders(client, groups, fresh)) return { created: fresh.length, skipped };
  // Another import stored some of these orders since they were looked up.
  return writeOrdersStaged(client, groups, length);
}

/**
 * COPies groups `fresh` into `transactions` from a savepoint; false, rolled back, if one of their
 * orders is stored already (a unique violation).
 */
async function copyOrders(
  client: pg.PoolClient,
  groups: OrderGroupColumns,
  fresh: readonly number[],
): Promise<boolean> {
  if (fresh.length === 0) return true;
  const { orderId, customerId, occurredAt, amountCents, lastLine } = groups;
  await client.query("SAVEPOINT rfm_orders_copy");
  try {
    await copyBinaryRows(client, "transactions", ORDER_COLUMNS, fresh.length, (rows, k) => {
      const g = fresh[k]!;
      rows.row(ORDER_COLUMNS.length);
      rows.text(orderId[g]);
      rows.int4(customerId[g]!);
      rows.timestamp(occurredAt[g]!);
      rows.int4(amountCents[g]!);
      rows.int4(lastLine[g]!);
      writeOptional(rows, groups, g);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    await client.query("ROLLBACK TO SAVEPOINT rfm_orders_copy");
    return false;
  }
  await client.query("RELEASE SAVEPOINT rfm_orders_copy");
  return true;
}

/** The optional text columns of group `g`, in ORDER_COLUMNS' order (NULL when absent). */
function writeOptional(rows: BinaryRows, groups: OrderGroupColumns, g: number): void {
  rows.text(groups.channel?.[g]);
  rows.text(groups.province?.[g]);
  rows.text(groups.region?.[g]);
  rows.text(groups.city?.[g]);
  rows.text(groups.currency?.[g]);
}

/** The path that tolerates orders stored concurrently (see the module's comment). */
async function writeOrdersStaged(
  client: pg.PoolClient,
  groups: OrderGroupColumns,
  length: number,
): Promise<OrderWriteResult> {
  const { orderId, customerId, occurredAt, amountCents, firstLine, lastLine } = groups;
  await client.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${ORDER_STAGE} (
       grp integer NOT NULL, order_id text NOT NULL, customer_id integer, occurred_at timestamp(3),
       amount_cents integer, first_line integer, last_line integer,
       channel text, province text, region text, city text, currency text
     ) ON COMMIT DELETE ROWS`,
  );
  await client.query(`DELETE FROM ${ORDER_STAGE}`);
  const staged = [
    "grp",
    "order_id",
    "customer_id",
    "occurred_at",
    "amount_cents",
    "first_line",
    "last_line",
    "channel",
    "province",
    "region",
    "city",
    "currency",
  ];
  await copyBinaryRows(client, ORDER_STAGE, staged, length, (rows, g) => {
    rows.row(staged.length);
    rows.int4(g);
    rows.text(orderId[g]);
    rows.int4(customerId[g]!);
    rows.timestamp(occurredAt[g]!);
    rows.int4(amountCents[g]!);
    rows.int4(firstLine[g]!);
    rows.int4(lastLine[g]!);
    writeOptional(rows, groups, g);
  });
  // One statement: new orders are inserted and the others listed (skipped), to be decided line by
  // line and folded in by `fold` (set-based), as on SQLite. Not ON CONFLICT DO UPDATE:
  // it locks (writes) every stored row it meets even when its WHERE says no, it could only fold
  // one-line groups (`excluded` cannot carry a group's first line number), and it measured no
  // faster.
  const { rows } = await client.query<{ created: number; skipped: number[] }>(
    `WITH written AS (
       INSERT INTO transactions (${ORDER_COLUMNS.join(", ")})
       SELECT order_id, customer_id, occurred_at, amount_cents, last_line, channel, province, region, city, currency
       FROM ${ORDER_STAGE}
       ON CONFLICT (order_id) DO NOTHING
       RETURNING order_id
     )
     SELECT (SELECT count(*) FROM written)::int AS created,
            (SELECT coalesce(array_agg(s.grp), '{}') FROM ${ORDER_STAGE} s
             WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.order_id = s.order_id)) AS skipped`,
  );
  const result = rows[0]!;
  const skipped = new Map<number, StoredOrder>();
  if (result.skipped.length > 0) {
    const stored = await readOrders(
      client,
      result.skipped.map((g) => orderId[g]!),
    );
    for (const g of result.skipped) {
      const order = stored.get(orderId[g]!);
      if (!order) throw new Error(`orders.write: order ${orderId[g]} was skipped but is not stored`);
      skipped.set(g, order);
    }
  }
  return { created: result.created, skipped };
}

/**
 * Missing codes only: read first (no lock), insert what is missing. Two imports adding the same
 * new code at once: the second waits for the first's commit at its INSERT, then does nothing.
 */
async function recordCurrencies(client: pg.PoolClient, codes: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ code: string }>(
    "SELECT code FROM transaction_currencies WHERE code = ANY($1::text[])",
    [codes],
  );
  const known = new Set(rows.map((row) => row.code));
  const missing = codes.filter((code) => !known.has(code));
  if (missing.length === 0) return;
  await client.query(
    "INSERT INTO transaction_currencies (code) SELECT unnest($1::text[]) ON CONFLICT (code) DO NOTHING",
    [missing],
  );
}

async function readOrders(
  client: pg.PoolClient,
  orderIds: readonly string[],
): Promise<Map<string, StoredOrder>> {
  // Not locked: `fold` checks that each order still has the line count read here. The customers'
  // external ids are read once per customer, not joined to every order (a re-import's orders are
  // many per customer).
  const { rows } = await client.query<
    Omit<StoredOrder, "customerExternalId"> & { customerExternalId?: string }
  >(
    `SELECT order_id AS "orderId", customer_id AS "customerId", line_count AS "lineCount",
            amount_cents AS "amountCents", currency AS "currency"
     FROM transactions WHERE order_id = ANY($1::text[])`,
    [orderIds],
  );
  const out = new Map<string, StoredOrder>();
  if (rows.length === 0) return out;
  const customers = await client.query<{ id: number; external_id: string }>(
    "SELECT id, external_id FROM customers WHERE id = ANY($1::int[])",
    [[...new Set(rows.map((row) => row.customerId))]],
  );
  const externalIds = new Map(customers.rows.map((row) => [row.id, row.external_id]));
  for (const row of rows) {
    row.customerExternalId = externalIds.get(row.customerId);
    // As a join would: an order whose customer is gone (nothing deletes customers) is not read.
    if (row.customerExternalId !== undefined) out.set(row.orderId, row as StoredOrder);
  }
  return out;
}

async function foldOrders(client: pg.PoolClient, folds: readonly OrderFold[]): Promise<void> {
  // One UPDATE per round of distinct orders (a statement updates a row once).
  const rounds: OrderFold[][] = [];
  const seen = new Map<string, number>();
  for (const fold of folds) {
    const round = seen.get(fold.orderId) ?? 0;
    seen.set(fold.orderId, round + 1);
    if (round === rounds.length) rounds.push([]);
    rounds[round]!.push(fold);
  }
  for (const round of rounds) {
    const { rows } = await client.query<{ order_id: string }>(
      `UPDATE transactions t SET amount_cents = t.amount_cents + f.add_cents,
         occurred_at = least(t.occurred_at, f.occurred_at), line_count = f.line_count
       FROM unnest($1::text[], $2::int[], $3::timestamp[], $4::int[], $5::int[])
         AS f (order_id, add_cents, occurred_at, line_count, expected)
       WHERE t.order_id = f.order_id AND t.line_count = f.expected
         AND t.amount_cents::bigint + f.add_cents BETWEEN ${INT32_MIN} AND ${INT32_MAX}
       RETURNING t.order_id`,
      [
        round.map((f) => f.orderId),
        round.map((f) => f.addCents),
        round.map((f) => new Date(f.occurredAt).toISOString()),
        round.map((f) => f.lineCount),
        round.map((f) => f.expectedLineCount),
      ],
    );
    if (rows.length !== round.length) {
      const done = new Set(rows.map((row) => row.order_id));
      throw foldRefused(round.find((f) => !done.has(f.orderId))!);
    }
  }
}
