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
import { insertTransactionsIgnoringDuplicates, upsertCustomers } from "../../db/bulk";
import type { Database, Prisma } from "../../db/client";
import { Random } from "../../demo/random";

/** The scoring instant of the fixtures: 2024-07-01 00:00 UTC, scoring "as of 30 June". */
export const AS_OF = Date.UTC(2024, 6, 1);

export interface TestOrder {
  readonly customer: string;
  readonly order: string;
  /** Epoch ms. */
  readonly at: number;
  readonly cents: number;
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

/** Stores the customers and orders; returns external id -> internal id. */
export async function seedStore(db: Database, store: TestStore): Promise<Map<string, number>> {
  const ids = await upsertCustomers(db, {
    externalId: store.customers.map((c) => c.id),
    name: store.customers.map((c) => c.name ?? null),
    email: store.customers.map((c) => c.email ?? null),
    province: store.customers.map((c) => c.province ?? null),
    region: store.customers.map((c) => c.region ?? null),
    city: store.customers.map((c) => c.city ?? null),
  });
  if (store.orders.length > 0) {
    await insertTransactionsIgnoringDuplicates(db, {
      orderId: store.orders.map((o) => o.order),
      customerId: store.orders.map((o) => ids.get(o.customer)!),
      occurredAt: store.orders.map((o) => o.at),
      amountCents: store.orders.map((o) => o.cents),
    });
  }
  return ids;
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

/** A run's stored scores by external customer id. */
export async function storedScores(db: Database, runId: number): Promise<Map<string, StoredScore>> {
  const rows = await db.raw.query<StoredScore>(
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
