/**
 * Small hand-made stores for the scoring, segment and export integration tests, and the
 * expected results computed by rfm-core from the same orders.
 */
import {
  type Bins,
  compileMapping,
  DAY_MS,
  type MappingDefinition,
  type MonetaryBasis,
  type ScoringResult,
  scoreCustomers,
} from "@rfm/core";
import { createAggregator } from "@rfm/core/reference";
import type { Database, Prisma } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { Random } from "../../demo/random";
import { importCustomers, importTransactions } from "../import/import.service";

/** The scoring instant of the fixtures: 2024-07-01 00:00 UTC, scoring "as of 30 June". */
export const AS_OF = Date.UTC(2024, 6, 1);

export interface TestOrder {
  readonly customer: string;
  readonly order: string;
  /** Epoch ms. */
  readonly at: number;
  readonly cents: number;
  /** The order's channel as stored (any letter case); none when absent. */
  readonly channel?: string;
}

export interface TestCustomer {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
  readonly province?: string;
  readonly region?: string;
  readonly city?: string;
}

export interface TestStore {
  readonly customers: readonly TestCustomer[];
  readonly orders: readonly TestOrder[];
}

/**
 * About 90 customers and 300 orders from 2024-01-01 to 2024-07-31: refunds (about one order in
 * eight), zero-value orders, orders after the as-of date, customers with only refunds or no
 * order at all, and repeated amounts and days so that ties occur.
 */
export function handMadeStore(seed = 7): TestStore {
  const rng = new Random(seed);
  const customers: TestCustomer[] = [];
  const orders: TestOrder[] = [];
  const start = Date.UTC(2024, 0, 1);
  let seq = 0;
  for (let c = 0; c < 90; c++) {
    const id = `C${String(c).padStart(3, "0")}`;
    customers.push({
      id,
      name: `Customer ${c}`,
      email: `c${c}@example.ca`,
      province: c % 3 === 0 ? "Ontario" : "Quebec",
      region: c % 3 === 0 ? "Ontario" : "Quebec",
      city: c % 2 === 0 ? "Toronto" : "Montreal",
    });
    if (c % 15 === 14) continue; // no order at all
    const onlyRefunds = c % 23 === 22;
    const count = onlyRefunds ? 2 : 1 + rng.int(c % 4 === 0 ? 9 : 4);
    for (let k = 0; k < count; k++) {
      // Days on a coarse grid (ties), times within the day.
      const day = 7 * rng.int(31);
      const at = start + day * DAY_MS + rng.int(DAY_MS);
      const roll = rng.next();
      const cents = onlyRefunds
        ? -(500 + rng.int(5000))
        : roll < 0.12
          ? -(100 + rng.int(4000))
          : roll < 0.15
            ? 0
            : 500 * (1 + rng.int(40)); // multiples of $5: equal spends tie
      orders.push({ customer: id, order: `O${++seq}`, at, cents });
    }
  }
  return { customers, orders };
}

/** Text as an input stream (one chunk: these stores are small). */
async function* input(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/** JSON lines with the same keys on every line (the parser takes its columns from the first). */
function jsonLines(rows: readonly Record<string, string | null>[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
}

/** Integer cents as an exact decimal amount (`-1234` -> `-12.34`), read back as the same cents. */
function amount(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const DETAILS = ["name", "email", "province", "region", "city"] as const;

/**
 * Stores the customers and orders through the real importer (a customers file, then a
 * transactions file, as JSON lines): customers get ids in list order, orders their exact times
 * (ISO with milliseconds) and cents. Returns external id -> internal id.
 *
 * The importer trims values, as it should; a detail with surrounding white space (a leading tab
 * that exports must neutralise, as another tool writing the table could store it) is then set
 * as given, by the facts store's own writer (which does not trim).
 */
export async function seedStore(db: Database, store: TestStore): Promise<Map<string, number>> {
  const rejected = (summary: { rejects: readonly { line: number; reason: string }[] }) => {
    if (summary.rejects.length > 0) throw new Error(`seedStore: rejected ${JSON.stringify(summary.rejects)}`);
  };
  if (store.customers.length > 0) {
    rejected(
      await importCustomers({
        db,
        source: "test-customers.jsonl",
        parse: { format: "jsonl" },
        input: input(
          jsonLines(
            store.customers.map((c) => ({
              customer_id: c.id,
              ...Object.fromEntries(DETAILS.map((field) => [field, c[field] ?? null])),
            })),
          ),
        ),
      }),
    );
  }
  if (store.orders.length > 0) {
    // A channel column only when some order has one: the lines must all have the same keys.
    const channels = store.orders.some((o) => o.channel !== undefined);
    rejected(
      await importTransactions({
        db,
        source: "test-orders.jsonl",
        parse: { format: "jsonl" },
        input: input(
          jsonLines(
            store.orders.map((o) => ({
              order_id: o.order,
              customer_id: o.customer,
              occurred_at: new Date(o.at).toISOString(),
              amount: amount(o.cents),
              ...(channels ? { channel: o.channel ?? null } : {}),
            })),
          ),
        ),
      }),
    );
  }
  for (const c of store.customers) {
    for (const field of DETAILS) {
      const value = c[field];
      if (value !== undefined && value !== value.trim()) {
        // Through the facts store, which stores text as given: the customers are on ClickHouse there.
        await factsStoreOf(db).customers.write({ externalId: [c.id], [field]: [value] }, "update");
      }
    }
  }
  // The ids as the store holds them: in the app database, or in the cluster's `customer_keys`.
  const rows = db.analytics
    ? await db.analytics.query<{ id: number; externalId: string }>(
        "SELECT DISTINCT id, external_id AS externalId FROM customer_keys",
      )
    : await db.raw.query<{ id: number; externalId: string }>(
        'SELECT id, external_id AS "externalId" FROM customers',
      );
  return new Map(rows.map((row) => [row.externalId, Number(row.id)]));
}

export interface ExpectedScore {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetary: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly code: number;
}

/** What rfm-core gives for the same orders: its own aggregator (whole orders), then its scoring. */
export function expectedScores(
  store: TestStore,
  options: {
    asOf: number;
    window?: { from?: number; to?: number };
    bins?: Bins;
    monetaryBasis?: MonetaryBasis;
  },
): {
  byCustomer: Map<string, ExpectedScore>;
  scoring: ScoringResult;
  firstPurchase: Float64Array;
  lastPurchase: Float64Array;
  monetary: Float64Array;
  frequency: Float64Array;
  orders: number;
  customersWithoutPurchases: number;
} {
  const aggregator = createAggregator({
    asOf: options.asOf,
    ...(options.window ? { window: options.window } : {}),
    rows: "orders",
  });
  aggregator.add({
    customerId: store.orders.map((o) => o.customer),
    orderId: store.orders.map((o) => o.order),
    occurredAt: store.orders.map((o) => o.at),
    amount: store.orders.map((o) => o.cents / 100),
  });
  const { aggregates, stats } = aggregator.finish();
  const scoring = scoreCustomers({
    ...aggregates,
    bins: options.bins ?? 4,
    monetaryBasis: options.monetaryBasis ?? "total",
  });
  const byCustomer = new Map<string, ExpectedScore>();
  aggregates.customerIds.forEach((id, i) => {
    byCustomer.set(id, {
      recencyDays: aggregates.recencyDays[i]!,
      frequency: aggregates.frequency[i]!,
      monetary: aggregates.monetary[i]!,
      r: scoring.r[i]!,
      f: scoring.f[i]!,
      m: scoring.m[i]!,
      code: scoring.code[i]!,
    });
  });
  return {
    byCustomer,
    scoring,
    firstPurchase: aggregates.firstPurchase,
    lastPurchase: aggregates.lastPurchase,
    monetary: aggregates.monetary,
    frequency: aggregates.frequency,
    orders: stats.orders,
    customersWithoutPurchases: stats.customersWithoutPurchases,
  };
}

export interface StoredScore extends ExpectedScore {
  readonly externalId: string;
  readonly customerId: number;
  readonly monetaryCents: number;
  readonly clv: number | null;
}

/**
 * A run's stored scores by external customer id (on ClickHouse, read with the test's own
 * ClickHouse SQL; the local table in the JOIN is named with its database, as the query is sent
 * on to the shards, where the session's database is not this one).
 */
export async function storedScores(db: Database, runId: number): Promise<Map<string, StoredScore>> {
  const rows = db.analytics
    ? (
        await db.analytics.query<Record<string, string | number | null>>(
          `SELECT c.external_id AS externalId, customer_id AS customerId, recency_days AS recencyDays, frequency,
             toFloat64(monetary_cents) AS monetaryCents, r, f, m, code, clv
           FROM customer_scores ANY INNER JOIN (SELECT id, external_id FROM ${db.analytics.database}.customers_local FINAL) AS c ON c.id = customer_id
           WHERE run_id = ${Math.trunc(runId)}`,
        )
      ).map(
        (row): StoredScore => ({
          externalId: String(row.externalId),
          customerId: Number(row.customerId),
          recencyDays: Number(row.recencyDays),
          frequency: Number(row.frequency),
          monetaryCents: Number(row.monetaryCents),
          monetary: Number(row.monetaryCents) / 100,
          r: Number(row.r),
          f: Number(row.f),
          m: Number(row.m),
          code: Number(row.code),
          clv: row.clv === null ? null : Number(row.clv),
        }),
      )
    : await db.raw.query<StoredScore>(
        `SELECT c.external_id AS "externalId", s.customer_id AS "customerId", s.recency_days AS "recencyDays",
       s.frequency AS "frequency", s.monetary_cents AS "monetaryCents", s.r AS "r", s.f AS "f", s.m AS "m",
       s.code AS "code", s.clv AS "clv"
     FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1`,
        [runId],
      );
  return new Map(rows.map((row) => [row.externalId, { ...row, monetary: row.monetaryCents / 100 }]));
}

/**
 * Publishes a mapping version directly in the tables (what the mapping API will do), later
 * than any before it; returns its version number.
 */
export async function publishMapping(db: Database, definition: MappingDefinition): Promise<number> {
  const compiled = compileMapping(definition);
  const last = await db.prisma.mappingVersion.findFirst({
    orderBy: { version: "desc" },
    select: { version: true },
  });
  const latest = await db.prisma.mappingVersion.findFirst({
    where: { status: "published" },
    orderBy: { publishedAt: "desc" },
    select: { publishedAt: true },
  });
  const version = (last?.version ?? 0) + 1;
  const publishedAt = new Date(Math.max(Date.now(), (latest?.publishedAt?.getTime() ?? 0) + 1000));
  await db.prisma.mappingVersion.create({
    data: {
      version,
      status: "published",
      author: "test",
      note: "test mapping",
      bins: definition.bins,
      publishedAt,
      segments: {
        create: definition.segments.map((segment, position) => ({
          position,
          name: segment.name,
          // The default profile's identity of the segment's key (modules/segment/identity.ts).
          segment: {
            connectOrCreate: {
              where: { profileId_key: { profileId: 1, key: compiled.segments[position]!.key } },
              create: { profileId: 1, key: compiled.segments[position]!.key },
            },
          },
          description: segment.description,
          action: segment.action,
          color: segment.color,
          codes: [...compiled.segments[position]!.codes],
          ...(segment.rules ? { rules: segment.rules as unknown as Prisma.InputJsonValue } : {}),
        })),
      },
    },
  });
  return version;
}
