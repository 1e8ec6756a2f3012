import { describe, expect, it } from "vitest";
import {
  bulkTransaction,
  insertTransactionsIgnoringDuplicates,
  type PostgresInsertMethod,
  type TransactionColumns,
  upsertCustomers,
} from "./bulk";
import { openDatabase, type Provider } from "./client";
import { restoreTransactionIndexes, suspendTransactionIndexes, TRANSACTION_INDEXES } from "./indexes";
import { insertRunScores, type RunScoreColumns } from "./scores";
import { PROVIDERS, useTestDatabase } from "./testing";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** `n` transactions o<start>..o<start+n-1> spread over the given customers. */
function transactions(customerIds: readonly number[], n: number, start = 0): TransactionColumns {
  const orderId: string[] = [];
  const customerId: number[] = [];
  const occurredAt: number[] = [];
  const amountCents: number[] = [];
  for (let i = start; i < start + n; i++) {
    orderId.push(`o${i}`);
    customerId.push(customerIds[i % customerIds.length]!);
    occurredAt.push(T0 + i * DAY + 123);
    amountCents.push(1000 + i);
  }
  return { orderId, customerId, occurredAt, amountCents };
}

interface Case {
  provider: Provider;
  method: PostgresInsertMethod | undefined;
  label: string;
}
const cases: Case[] = PROVIDERS.flatMap((provider): Case[] =>
  provider === "postgresql"
    ? (["copy", "unnest"] as const).map((method) => ({ provider, method, label: `postgresql (${method})` }))
    : [{ provider, method: undefined, label: provider }],
);

describe.each(cases)("bulk writes on $label", ({ provider, method }) => {
  const t = useTestDatabase(provider);
  const options = { postgresMethod: method };

  async function customers(n: number): Promise<number[]> {
    const externalId = Array.from({ length: n }, (_, i) => `c${i}`);
    const ids = await upsertCustomers(t.db, { externalId });
    return externalId.map((id) => ids.get(id)!);
  }

  const count = async (table: string) =>
    (await t.db.raw.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;

  it("inserts new transactions and skips, without counting, order ids already stored or repeated in the batch", async () => {
    const ids = await customers(3);
    expect(await insertTransactionsIgnoringDuplicates(t.db, transactions(ids, 500), options)).toBe(500);

    // 250 already stored (o250..o499), 250 new (o500..o749), plus o500 repeated in the batch.
    const next = transactions(ids, 500, 250);
    const batch = {
      ...next,
      orderId: [...next.orderId, "o500"],
      customerId: [...Array.from(next.customerId), ids[0]!],
      occurredAt: [...Array.from(next.occurredAt), T0],
      amountCents: [...Array.from(next.amountCents), 1],
    };
    expect(await insertTransactionsIgnoringDuplicates(t.db, batch, options)).toBe(250);
    expect(await count("transactions")).toBe(750);

    // Re-inserting everything changes nothing.
    expect(await insertTransactionsIgnoringDuplicates(t.db, transactions(ids, 750), options)).toBe(0);
    const o500 = await t.db.prisma.transaction.findUniqueOrThrow({ where: { orderId: "o500" } });
    expect(o500.amountCents).toBe(1500);
  });

  it("stores nothing of a batch when one row fails in the database (unknown customer at row 321 of 400)", async () => {
    const ids = await customers(2);
    await insertTransactionsIgnoringDuplicates(t.db, transactions(ids, 10), options);
    const batch = transactions(ids, 400, 10);
    const customerId = Array.from(batch.customerId);
    customerId[321] = 999_999;

    await expect(
      insertTransactionsIgnoringDuplicates(t.db, { ...batch, customerId }, options),
    ).rejects.toThrow();

    expect(await count("transactions")).toBe(10);
    // The connection is usable afterwards.
    expect(await insertTransactionsIgnoringDuplicates(t.db, batch, options)).toBe(400);
  });

  it("refuses a batch with an invalid value before writing, naming the row", async () => {
    const ids = await customers(1);
    const batch = transactions(ids, 50);
    const amountCents = Array.from(batch.amountCents);
    amountCents[17] = 12.5;

    await expect(
      insertTransactionsIgnoringDuplicates(t.db, { ...batch, amountCents }, options),
    ).rejects.toThrow(/row 17: amountCents 12.5/);
    await expect(
      insertTransactionsIgnoringDuplicates(
        t.db,
        { ...batch, amountCents: [...amountCents.slice(0, 49)] },
        options,
      ),
    ).rejects.toThrow(/amountCents has 49 values, expected 50/);
    expect(await count("transactions")).toBe(0);
  });

  it("commits customers and transactions of a bulkTransaction together, or neither", async () => {
    await expect(
      bulkTransaction(t.db, async (tx) => {
        const ids = await upsertCustomers(tx, { externalId: ["new1", "new2"] });
        await insertTransactionsIgnoringDuplicates(tx, transactions([ids.get("new1")!], 5), options);
        await insertTransactionsIgnoringDuplicates(tx, transactions([424_242], 5, 100), options);
      }),
    ).rejects.toThrow();
    expect(await count("customers")).toBe(0);
    expect(await count("transactions")).toBe(0);

    const inserted = await bulkTransaction(t.db, async (tx) => {
      const ids = await upsertCustomers(tx, { externalId: ["new1", "new2"] });
      const first = await insertTransactionsIgnoringDuplicates(
        tx,
        transactions([ids.get("new1")!], 5),
        options,
      );
      const second = await insertTransactionsIgnoringDuplicates(
        tx,
        transactions([ids.get("new2")!], 5, 3),
        options,
      );
      return first + second;
    });
    expect(inserted).toBe(8);
    expect(await count("customers")).toBe(2);
  });

  it("keeps text exactly, whatever characters it holds", async () => {
    const [id] = await customers(1);
    const odd = [
      "tab\there",
      "line\nbreak",
      "back\\slash \\N",
      "crlf\r\n",
      "émoji 🛒 ünïcode",
      "quote ' \" ,",
    ];
    await insertTransactionsIgnoringDuplicates(
      t.db,
      {
        orderId: odd,
        customerId: odd.map(() => id!),
        occurredAt: odd.map(() => T0),
        amountCents: odd.map(() => 1),
        channel: odd,
        city: odd.map(() => null),
      },
      options,
    );
    const rows = await t.db.prisma.transaction.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => row.orderId)).toEqual(odd);
    expect(rows.map((row) => row.channel)).toEqual(odd);
    expect(rows.every((row) => row.city === null && row.province === null)).toBe(true);
  });

  it("reads back through Prisma exactly what the bulk path wrote", async () => {
    const ids = await upsertCustomers(t.db, {
      externalId: ["alice"],
      name: ["Alice"],
      province: ["Ontario"],
      createdAt: [Date.UTC(2020, 4, 17, 8, 30, 0, 250)],
    });
    const alice = ids.get("alice")!;
    await insertTransactionsIgnoringDuplicates(
      t.db,
      {
        orderId: ["A-1", "A-2"],
        customerId: [alice, alice],
        occurredAt: [Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1999, 11, 31)],
        amountCents: [2_147_483_647, -2_147_483_648],
        channel: ["web", null],
        province: ["Ontario", null],
        region: ["Central", null],
        city: ["Toronto", null],
      },
      options,
    );

    const customer = await t.db.prisma.customer.findUniqueOrThrow({
      where: { externalId: "alice" },
      include: { transactions: { orderBy: { occurredAt: "desc" } } },
    });

    expect(customer).toMatchObject({
      id: alice,
      name: "Alice",
      province: "Ontario",
      email: null,
      createdAt: new Date(Date.UTC(2020, 4, 17, 8, 30, 0, 250)),
    });
    expect(Math.abs(customer.importedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(customer.transactions).toEqual([
      {
        id: expect.any(Number),
        orderId: "A-1",
        customerId: alice,
        occurredAt: new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)),
        amountCents: 2_147_483_647,
        lineCount: 1,
        channel: "web",
        province: "Ontario",
        region: "Central",
        city: "Toronto",
      },
      {
        id: expect.any(Number),
        orderId: "A-2",
        customerId: alice,
        occurredAt: new Date(Date.UTC(1999, 11, 31)),
        amountCents: -2_147_483_648,
        lineCount: 1,
        channel: null,
        province: null,
        region: null,
        city: null,
      },
    ]);
    // Window filters through Prisma compare against what the bulk path stored.
    const inWindow = await t.db.prisma.transaction.count({
      where: { occurredAt: { gte: new Date(Date.UTC(2024, 0, 1)), lt: new Date(Date.UTC(2024, 2, 1)) } },
    });
    expect(inWindow).toBe(1);
  });

  it("upserts customers: creates the new, returns ids of all, fills in details and never erases them", async () => {
    const first = await upsertCustomers(t.db, {
      externalId: ["a", "b", "a"],
      name: ["Ann", null, null],
      email: [null, "b@example.com", "ann@example.com"],
    });
    expect([...first.keys()].sort()).toEqual(["a", "b"]);

    const second = await upsertCustomers(t.db, {
      externalId: ["b", "c", "a"],
      name: ["Bob", "Cy", null],
      city: [null, null, "Halifax"],
    });
    expect(second.get("a")).toBe(first.get("a"));
    expect(second.get("b")).toBe(first.get("b"));

    const rows = await t.db.prisma.customer.findMany({
      orderBy: { externalId: "asc" },
      select: { externalId: true, name: true, email: true, city: true },
    });
    expect(rows).toEqual([
      { externalId: "a", name: "Ann", email: "ann@example.com", city: "Halifax" },
      { externalId: "b", name: "Bob", email: "b@example.com", city: null },
      { externalId: "c", name: "Cy", email: null, city: null },
    ]);
  });

  it("writes a run's scores, readable through Prisma, and stores none when one row fails", async () => {
    const ids = await customers(4);
    const run = await t.db.prisma.scoringRun.create({
      data: {
        asOf: new Date(T0),
        bins: 4,
        method: { recency: { kind: "quantile" } },
        monetaryBasis: "total",
      },
    });
    const scores: RunScoreColumns = {
      length: 4,
      customerId: Int32Array.from(ids),
      recencyDays: Int32Array.from([0, 10, 400, 3]),
      frequency: Int32Array.from([1, 2, 3, 40]),
      monetaryCents: Float64Array.from([100, 250_075, -500, 9_007_199_254_740]),
      r: Uint8Array.from([4, 3, 1, 4]),
      f: Uint8Array.from([1, 2, 3, 4]),
      m: Uint8Array.from([2, 3, 1, 4]),
      code: Uint16Array.from([49, 54, 8, 63]),
      clv: Float64Array.from([12.5, Number.NaN, 0, 1234.0625]),
    };

    const duplicate = { ...scores, customerId: Int32Array.from([ids[0]!, ids[1]!, ids[2]!, ids[0]!]) };
    await expect(bulkTransaction(t.db, (tx) => insertRunScores(tx, run.id, duplicate))).rejects.toThrow();
    expect(await count("customer_scores")).toBe(0);

    expect(await bulkTransaction(t.db, (tx) => insertRunScores(tx, run.id, scores))).toBe(4);

    const stored = await t.db.prisma.customerScore.findMany({
      where: { runId: run.id, code: { in: [49, 63] } },
      orderBy: { customerId: "asc" },
    });
    expect(stored).toEqual([
      {
        runId: run.id,
        customerId: ids[0],
        recencyDays: 0,
        frequency: 1,
        monetaryCents: 100n,
        r: 4,
        f: 1,
        m: 2,
        code: 49,
        clv: 12.5,
      },
      {
        runId: run.id,
        customerId: ids[3],
        recencyDays: 3,
        frequency: 40,
        monetaryCents: 9_007_199_254_740n,
        r: 4,
        f: 4,
        m: 4,
        code: 63,
        clv: 1234.0625,
      },
    ]);
    const none = await t.db.prisma.customerScore.findUniqueOrThrow({
      where: { runId_customerId: { runId: run.id, customerId: ids[1]! } },
    });
    expect(none.clv).toBeNull();
  });

  it("suspends the transactions' secondary index for a large import; restoring, or the next open, rebuilds it", async () => {
    const indexNames = async () =>
      (
        await t.db.raw.query<{ name: string }>(
          provider === "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transactions'"
            : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'transactions'",
        )
      ).map((row) => row.name);
    const [name] = TRANSACTION_INDEXES.map((index) => index.name);
    expect(await indexNames()).toContain(name);

    await suspendTransactionIndexes(t.db.raw);
    expect(await indexNames()).not.toContain(name);
    await insertTransactionsIgnoringDuplicates(t.db, transactions(await customers(3), 100), options);

    // The import "dies" here: another process opening the database rebuilds the index.
    const other = await openDatabase(t.url);
    await other.close();
    expect(await indexNames()).toContain(name);
    await restoreTransactionIndexes(t.db.raw);
    expect((await indexNames()).filter((n) => n === name)).toHaveLength(1);
  });
});
