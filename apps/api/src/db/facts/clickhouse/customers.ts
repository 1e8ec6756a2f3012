/**
 * Customers on ClickHouse. No auto-increment and no unique constraint: the writer assigns ids and
 * checks for stored customers itself.
 *
 * - Stored or not: the batch's external ids are looked up in `customer_keys` (ordered by external
 *   id) on every shard; the stored ones' details are read from `customers_local FINAL` on their
 *   shard.
 * - New ids: `max(id) + 1, ...` in first-seen order (as SQLite gives them), max read from
 *   `customer_keys` at every write that creates customers: a count kept in this process would be
 *   wrong as soon as another process (the CLI, then the server) had imported. One writer at a
 *   time: imports hold the import lock (modules/import/import-lock.ts), and nothing else creates
 *   customers. Within a process, writes take turns: every write runs in one of the store's
 *   transactions (the store's own writes are each one), which take turns on the app database's
 *   named mutex (index.ts); two processes writing at once outside the import lock would give two
 *   customers one id.
 * - Order of writes: on each shard its new customers' keys first, then their rows, each in one
 *   insert (the shards at once). A key without a customers row (a write killed in between) is
 *   completed by the next write of that customer, which counts it as created; so a re-run of a
 *   killed import ends with exact rows.
 * - Changes: a new row version (`version`), never an UPDATE; unchanged customers are not
 *   rewritten. Readers take the latest version (schema.ts, CUSTOMERS).
 */

import {
  CUSTOMER_COLUMN,
  CUSTOMER_FIELDS,
  type CustomerEngine,
  type CustomerMerge,
  type CustomerRecord,
  type CustomerValues,
  type CustomerWriteResult,
  changedFields,
  knownMask,
} from "../customers";
import { fromCopyText } from "../text-format";
import type { ClickHouse } from "./connection";
import {
  allShards,
  byShard,
  insertTextRetried,
  lookUpKeys,
  nextVersion,
  selectWithKeys,
  TsvRows,
} from "./keys";

/**
 * The writer runs only inside the store's transactions (index.ts), which take turns in the
 * process: two concurrent writes of the same new customers would each give them an id.
 */
export function clickhouseCustomers(ch: ClickHouse): CustomerEngine {
  return { write: (customers, merge) => writeCustomers(ch, customers, merge) };
}

/** The columns of a customers row as written, in the order of the TabSeparated lines. */
const ROW_COLUMNS = [
  "id",
  "external_id",
  ...CUSTOMER_FIELDS.map((field) => CUSTOMER_COLUMN[field]),
  "imported_at",
  "version",
];

/**
 * A stored row's details as the merge rules compare them, from its TabSeparated fields (`id`,
 * the fields in CUSTOMER_FIELDS order, `imported_at`).
 */
function valuesOf(row: readonly string[]): CustomerValues {
  const values = {} as CustomerValues;
  CUSTOMER_FIELDS.forEach((field, i) => {
    const value = fromCopyText(row[i + 1]!);
    values[field] =
      value === null ? null : field === "createdAt" || field === "marketingConsent" ? Number(value) : value;
  });
  return values;
}

async function writeCustomers(
  ch: ClickHouse,
  customers: Map<string, CustomerValues>,
  merge: CustomerMerge,
): Promise<CustomerWriteResult> {
  const externalIds = [...customers.keys()];
  // The largest id is read alongside the lookups (one round trip less); only used if some
  // customers are new. Nothing else writes meanwhile (the top of this file).
  const [keys, max] = await Promise.all([
    lookUpKeys(
      ch,
      "customer_keys_local",
      "external_id",
      "SELECT external_id, id FROM customer_keys_local WHERE external_id IN keys",
      externalIds,
      2,
    ),
    Promise.all(
      Array.from({ length: ch.shardCount }, (_, shard) =>
        ch.queryShard<{ m: number }>(shard, "SELECT max(id) AS m FROM customer_keys_local"),
      ),
    ),
  ]);
  const idOf = new Map<string, number>();
  for (const [externalId, id] of keys) idOf.set(fromCopyText(externalId!)!, Number(id));

  const known = [...idOf.values()];
  const shards = byShard(ch, known.length, (i) => known[i]!);
  const storedRows = await Promise.all(
    shards.map((part, shard) =>
      selectWithKeys(
        ch,
        shard,
        `SELECT id, ${CUSTOMER_FIELDS.map((f) => CUSTOMER_COLUMN[f]).join(", ")}, imported_at
         FROM customers_local FINAL WHERE id IN keys`,
        "id UInt32",
        part.map((i) => String(known[i])),
        CUSTOMER_FIELDS.length + 2,
      ),
    ),
  );
  const stored = new Map<number, { values: CustomerValues; importedAt: number }>();
  for (const row of storedRows.flat()) {
    stored.set(Number(row[0]), {
      values: valuesOf(row),
      importedAt: Number(row[CUSTOMER_FIELDS.length + 1]),
    });
  }
  let nextId = Math.max(0, ...max.map((rows) => Number(rows[0]?.m ?? 0))) + 1;

  const out = new Map<string, CustomerRecord>();
  const newKeys: { externalId: string; id: number }[] = [];
  const rows: { id: number; externalId: string; values: CustomerValues; importedAt: number }[] = [];
  const now = Date.now();
  let created = 0;
  let updated = 0;
  for (const externalId of externalIds) {
    const values = customers.get(externalId)!;
    let id = idOf.get(externalId);
    const before = id === undefined ? undefined : stored.get(id);
    if (id === undefined) {
      id = nextId++;
      newKeys.push({ externalId, id });
    }
    if (!before) {
      rows.push({ id, externalId, values, importedAt: now });
      out.set(externalId, { id, known: knownMask(values) });
      created++;
      continue;
    }
    const changed = changedFields(before.values, values, merge);
    if (changed.length > 0) {
      const merged = { ...before.values };
      for (const field of changed) merged[field] = values[field];
      rows.push({ id, externalId, values: merged, importedAt: before.importedAt });
      out.set(externalId, { id, known: knownMask(merged) });
      updated++;
    } else {
      out.set(externalId, { id, known: knownMask(before.values) });
    }
  }

  // Keys first, then the rows (see the top of this file): on each shard, its customers' keys
  // then their rows, the shards at once.
  const version = nextVersion();
  const keyRows = Array.from({ length: ch.shardCount }, () => new TsvRows());
  for (const { externalId, id } of newKeys) keyRows[ch.shardOf(id)]!.field(externalId).field(id).end();
  const customerRows = Array.from({ length: ch.shardCount }, () => new TsvRows());
  for (const { id, externalId, values, importedAt } of rows) {
    const line = customerRows[ch.shardOf(id)]!.field(id).field(externalId);
    for (const field of CUSTOMER_FIELDS) line.field(values[field]);
    line.field(importedAt).field(version).end();
  }
  await allShards(
    customerRows.map(async (part, shard) => {
      await insertTextRetried(ch, shard, "customer_keys_local", ["external_id", "id"], keyRows[shard]!);
      await insertTextRetried(ch, shard, "customers_local", ROW_COLUMNS, part);
    }),
  );
  return { customers: out, created, updated };
}
