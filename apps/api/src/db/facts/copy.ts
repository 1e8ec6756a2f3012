/**
 * Copies a store's facts out of its SQLite or PostgreSQL database into another facts engine (a
 * ClickHouse cluster: `rfm facts copy`, docs/clickhouse.md, "Moving an existing store"). The
 * source is read with its own SQL in keyset batches (by id), so memory stays one batch whatever
 * the size; the target is written through its facts store's writers (`factsStoreOf(target)`),
 * the importer's path, so the target engine's merge rules and idempotency apply: customers are
 * merged by external id (as a customers file is: `update`), an order already stored is skipped. A copy that dies half-way and is run again therefore ends with exactly the source's
 * customers and orders, whatever it had written before it died.
 *
 * Customer ids are the target's own (the target assigns them as an import does): orders and
 * scores are carried across by the customer's external id.
 */
import type { Database } from "../client";
import type { CustomerColumns } from "./customers";
import { factsStoreOf } from "./index";
import type { OrderGroupColumns } from "./orders";
import type { RunScoreColumns } from "./scores";

export interface CopyProgress {
  readonly table: "customers" | "transactions" | "customer_scores";
  /** Rows of the table read from the source so far, and in all. */
  readonly done: number;
  readonly total: number;
}

export interface FactsCopyOptions {
  /** The store whose facts are copied: its own database holds them (`analytics` null). */
  readonly source: Database;
  /** The store written, through `factsStoreOf(target)`. */
  readonly target: Database;
  /** Runs whose scores are copied too (e.g. each profile's current run); none by default. */
  readonly scoreRuns?: readonly number[];
  /** Rows per batch read and written (default 50,000). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: CopyProgress) => void;
}

export interface TableCopy {
  /** Rows read from the source. */
  readonly read: number;
  /** Rows the target stored as new. */
  readonly created: number;
  /** Rows the target held already (an earlier, interrupted copy; or data of its own). */
  readonly alreadyThere: number;
}

export interface FactsCopyResult {
  readonly customers: TableCopy;
  readonly transactions: TableCopy;
  /** Per run copied: scores read and written (a run already complete on the target is skipped). */
  readonly scores: { readonly runId: number; readonly read: number; readonly written: number }[];
  readonly seconds: number;
}

export const DEFAULT_COPY_BATCH = 50_000;

interface SourceCustomer {
  id: number;
  external_id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  marketing_consent: number | boolean | null;
  province: string | null;
  region: string | null;
  city: string | null;
  created_at: number | null;
}

interface SourceOrder {
  id: number;
  order_id: string;
  external_id: string;
  occurred_at: number;
  amount_cents: number;
  line_count: number;
  channel: string | null;
  currency: string | null;
  province: string | null;
  region: string | null;
  city: string | null;
}

interface SourceScore {
  customer_id: number;
  external_id: string;
  recency_days: number;
  frequency: number;
  monetary_cents: number;
  r: number;
  f: number;
  m: number;
  code: number;
  clv: number | null;
}

/** Copies customers, then orders, then the scores of `scoreRuns`; see the module comment. */
export async function copyFacts(options: FactsCopyOptions): Promise<FactsCopyResult> {
  const { source, target } = options;
  if (source.analytics) {
    throw new Error("the source of a facts copy must hold its facts in its own database (no ANALYTICS_URL)");
  }
  const batch = options.batchSize ?? DEFAULT_COPY_BATCH;
  if (!Number.isInteger(batch) || batch < 1)
    throw new RangeError(`batch size ${batch} is not a positive integer`);
  const facts = factsStoreOf(target);
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);

  const [{ n: customerTotal } = { n: 0 }] = await source.raw.query<{ n: number }>(
    "SELECT count(*) AS n FROM customers",
  );
  const customers = { read: 0, created: 0, alreadyThere: 0 };
  progress({ table: "customers", done: 0, total: Number(customerTotal) });
  for (let after = 0; ; ) {
    const rows = await source.raw.query<SourceCustomer>(
      `SELECT id, external_id, name, first_name, last_name, email, phone, marketing_consent,
              province, region, city, created_at
       FROM customers WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, batch],
    );
    if (rows.length === 0) break;
    after = Number(rows.at(-1)!.id);
    const columns: CustomerColumns = {
      externalId: rows.map((row) => row.external_id),
      name: rows.map((row) => row.name),
      firstName: rows.map((row) => row.first_name),
      lastName: rows.map((row) => row.last_name),
      email: rows.map((row) => row.email),
      phone: rows.map((row) => row.phone),
      // SQLite stores 1/0, PostgreSQL a boolean.
      marketingConsent: rows.map((row) =>
        row.marketing_consent === null ? null : Boolean(row.marketing_consent),
      ),
      province: rows.map((row) => row.province),
      region: rows.map((row) => row.region),
      city: rows.map((row) => row.city),
      createdAt: rows.map((row) => (row.created_at === null ? null : Number(row.created_at))),
    };
    const written = await facts.customers.write(columns, "update");
    customers.read += rows.length;
    customers.created += written.created;
    customers.alreadyThere += rows.length - written.created;
    progress({ table: "customers", done: customers.read, total: Number(customerTotal) });
  }

  /** The target's ids of these external ids (all copied above): a write that changes nothing. */
  const targetIds = async (externalIds: readonly string[]): Promise<Map<string, number>> => {
    const { customers: found } = await facts.customers.write({ externalId: externalIds }, "fill");
    return new Map([...found].map(([external, record]) => [external, record.id]));
  };

  const [{ n: orderTotal } = { n: 0 }] = await source.raw.query<{ n: number }>(
    "SELECT count(*) AS n FROM transactions",
  );
  const transactions = { read: 0, created: 0, alreadyThere: 0 };
  progress({ table: "transactions", done: 0, total: Number(orderTotal) });
  for (let after = 0; ; ) {
    const rows = await source.raw.query<SourceOrder>(
      `SELECT t.id, t.order_id, c.external_id, t.occurred_at, t.amount_cents, t.line_count,
              t.channel, t.currency, t.province, t.region, t.city
       FROM transactions t JOIN customers c ON c.id = t.customer_id
       WHERE t.id > $1 ORDER BY t.id LIMIT $2`,
      [after, batch],
    );
    if (rows.length === 0) break;
    after = Number(rows.at(-1)!.id);
    const ids = await targetIds([...new Set(rows.map((row) => row.external_id))]);
    const groups: OrderGroupColumns = {
      orderId: rows.map((row) => row.order_id),
      customerId: rows.map((row) => ids.get(row.external_id)!),
      occurredAt: rows.map((row) => Number(row.occurred_at)),
      amountCents: rows.map((row) => Number(row.amount_cents)),
      // A stored order is whole: its lines 1..line_count, written as one group.
      firstLine: rows.map(() => 1),
      lastLine: rows.map((row) => Number(row.line_count)),
      channel: rows.map((row) => row.channel),
      currency: rows.map((row) => row.currency),
      province: rows.map((row) => row.province),
      region: rows.map((row) => row.region),
      city: rows.map((row) => row.city),
    };
    const written = await facts.orders.write(groups);
    transactions.read += rows.length;
    transactions.created += written.created;
    transactions.alreadyThere += written.skipped.size;
    progress({ table: "transactions", done: transactions.read, total: Number(orderTotal) });
  }

  const scores: FactsCopyResult["scores"][number][] = [];
  for (const runId of options.scoreRuns ?? []) {
    scores.push(await copyRunScores(source, target, runId, batch, targetIds, progress));
  }
  return { customers, transactions, scores, seconds: (performance.now() - started) / 1000 };
}

/**
 * One run's scores. Score rows have no natural key a re-run could skip by, so a run is copied
 * whole: skipped when the target holds as many of its rows as the source, else (a copy that died
 * half-way through it) its rows on the target are deleted first and it is written again.
 */
async function copyRunScores(
  source: Database,
  target: Database,
  runId: number,
  batch: number,
  targetIds: (externalIds: readonly string[]) => Promise<Map<string, number>>,
  progress: (progress: CopyProgress) => void,
): Promise<FactsCopyResult["scores"][number]> {
  const ch = target.analytics;
  if (!ch) throw new Error("copying scores is implemented for a ClickHouse target only");
  const run = checkedRunId(runId);
  const [{ n } = { n: 0 }] = await source.raw.query<{ n: number }>(
    "SELECT count(*) AS n FROM customer_scores WHERE run_id = $1",
    [run],
  );
  const total = Number(n);
  const [{ n: there } = { n: "0" }] = await ch.query<{ n: string }>(
    `SELECT count() AS n FROM customer_scores WHERE run_id = ${run}`,
  );
  if (Number(there) === total) return { runId: run, read: total, written: 0 };
  if (Number(there) > 0) {
    // customer_scores is partitioned by run (clickhouse/schema.ts): dropping it is immediate.
    await ch.commandOnEachShard(`ALTER TABLE customer_scores_local DROP PARTITION ${run}`);
  }
  const facts = factsStoreOf(target);
  let read = 0;
  let written = 0;
  progress({ table: "customer_scores", done: 0, total });
  for (let after = 0; ; ) {
    const rows = await source.raw.query<SourceScore>(
      `SELECT s.customer_id, c.external_id, s.recency_days, s.frequency, s.monetary_cents,
              s.r, s.f, s.m, s.code, s.clv
       FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = $1 AND s.customer_id > $2 ORDER BY s.customer_id LIMIT $3`,
      [run, after, batch],
    );
    if (rows.length === 0) break;
    after = Number(rows.at(-1)!.customer_id);
    const ids = await targetIds(rows.map((row) => row.external_id));
    const hasClv = rows.some((row) => row.clv !== null);
    const columns: RunScoreColumns = {
      length: rows.length,
      customerId: rows.map((row) => ids.get(row.external_id)!),
      recencyDays: rows.map((row) => Number(row.recency_days)),
      frequency: rows.map((row) => Number(row.frequency)),
      monetaryCents: rows.map((row) => Number(row.monetary_cents)),
      r: rows.map((row) => Number(row.r)),
      f: rows.map((row) => Number(row.f)),
      m: rows.map((row) => Number(row.m)),
      code: rows.map((row) => Number(row.code)),
      clv: hasClv ? rows.map((row) => (row.clv === null ? Number.NaN : Number(row.clv))) : null,
    };
    written += await facts.scores.write(run, columns);
    read += rows.length;
    progress({ table: "customer_scores", done: read, total });
  }
  return { runId: run, read, written };
}

function checkedRunId(runId: number): number {
  if (!Number.isInteger(runId) || runId < 1 || runId > 2_147_483_647) {
    throw new RangeError(`run id ${runId} is not a positive integer`);
  }
  return runId;
}
