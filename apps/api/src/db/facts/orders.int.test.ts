import { DAY_MS } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../client";
import { TRANSACTION_INDEXES } from "../indexes";
import { FACT_ENGINES, PROVIDERS, transactionIndexNames, useTestDatabase } from "../testing";
import { factsStoreOf } from ".";
import { factCount as count, orders, T0 } from "./testing";

describe.each(FACT_ENGINES)("orders in the facts store on %s", (engine) => {
  const t = useTestDatabase(engine);
  const facts = () => factsStoreOf(t.db);

  /** Stored orders as Prisma gives them (ClickHouse: its SQL, the latest version of each row, no id). */
  async function storedOrders() {
    const ch = t.db.analytics;
    if (!ch) return t.db.prisma.transaction.findMany({ orderBy: { id: "asc" } });
    const rows = await ch.query<Record<string, string | number | null>>(
      `SELECT order_id, customer_id, occurred_at, amount_cents, line_count, channel, province, region, city, currency
       FROM transactions FINAL ORDER BY version, order_id`,
    );
    return rows.map((row) => ({
      orderId: row.order_id as string,
      customerId: Number(row.customer_id),
      occurredAt: new Date(Number(row.occurred_at)),
      amountCents: Number(row.amount_cents),
      lineCount: Number(row.line_count),
      channel: row.channel as string | null,
      province: row.province as string | null,
      region: row.region as string | null,
      city: row.city as string | null,
      currency: row.currency as string | null,
    }));
  }
  /** A customer with its orders newest first, as Prisma's `include` gives it, from ClickHouse. */
  async function clickhouseCustomer(externalId: string) {
    const [row] = await t.db.analytics!.query<Record<string, string | number | null>>(
      `SELECT id, name, province, email, created_at, imported_at FROM customers FINAL WHERE external_id = '${externalId}'`,
    );
    if (!row) throw new Error(`customer ${externalId} is not stored`);
    const transactions = (await storedOrders())
      .filter((order) => order.customerId === Number(row.id))
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
    return {
      id: Number(row.id),
      name: row.name,
      province: row.province,
      email: row.email,
      createdAt: row.created_at === null ? null : new Date(Number(row.created_at)),
      importedAt: new Date(Number(row.imported_at)),
      transactions,
    };
  }
  async function storedOrder(orderId: string) {
    const order = (await storedOrders()).find((row) => row.orderId === orderId);
    if (!order) throw new Error(`order ${orderId} is not stored`);
    return order;
  }

  async function customers(n: number): Promise<number[]> {
    const externalId = Array.from({ length: n }, (_, i) => `c${i}`);
    const { customers } = await facts().customers.write({ externalId }, "update");
    return externalId.map((id) => customers.get(id)!.id);
  }

  it("stores new orders and skips, without counting, the orders already stored, returning what is stored", async () => {
    const ids = await customers(3);
    expect(await facts().orders.write(orders(ids, 500))).toEqual({ created: 500, skipped: new Map() });

    // 250 already stored (o250..o499), 250 new (o500..o749).
    const next = await facts().orders.write(orders(ids, 500, 250));
    expect(next.created).toBe(250);
    expect([...next.skipped.keys()]).toEqual(Array.from({ length: 250 }, (_, g) => g));
    expect(next.skipped.get(0)).toEqual({
      orderId: "o250",
      customerId: ids[250 % 3],
      customerExternalId: `c${250 % 3}`,
      lineCount: 1,
      amountCents: 1250,
      currency: null,
    });
    expect(await count(t.db, "transactions")).toBe(750);

    // Writing everything again changes nothing: the stored orders stay as first written.
    const again = await facts().orders.write({ ...orders(ids, 750), amountCents: new Array(750).fill(1) });
    expect([again.created, again.skipped.size]).toEqual([0, 750]);
    const o500 = await storedOrder("o500");
    expect(o500.amountCents).toBe(1500);
  });

  it("stores each order's currency and records the currencies written (none given: '')", async () => {
    const ids = await customers(2);
    await facts().orders.write(orders(ids, 2));
    const codes = async () =>
      (t.db.analytics
        ? await t.db.analytics.query<{ code: string }>(
            "SELECT DISTINCT code FROM transaction_currencies ORDER BY code",
          )
        : await t.db.raw.query<{ code: string }>("SELECT code FROM transaction_currencies ORDER BY code")
      ).map((row) => row.code);
    expect(await codes()).toEqual([""]);
    await facts().orders.write({ ...orders(ids, 3, 2), currency: ["EUR", null, "JPY"] });
    await facts().orders.write({ ...orders(ids, 1, 5), currency: ["EUR"] });
    expect(await codes()).toEqual(["", "EUR", "JPY"]);
    const rows = await storedOrders();
    expect(rows.map((row) => [row.orderId, row.currency])).toEqual([
      ["o0", null],
      ["o1", null],
      ["o2", "EUR"],
      ["o3", null],
      ["o4", "JPY"],
      ["o5", "EUR"],
    ]);
    await expect(facts().orders.write({ ...orders(ids, 1, 9), currency: ["eur"] })).rejects.toThrow(
      /currency "eur" is not an upper-case ISO 4217 code/,
    );
  });

  it("stores nothing of a batch when one row fails in the database (unknown customer at row 321 of 400)", async () => {
    const ids = await customers(2);
    await facts().orders.write(orders(ids, 10));
    const batch = orders(ids, 400, 10);
    const customerId = Array.from(batch.customerId);
    customerId[321] = 999_999;

    await expect(facts().orders.write({ ...batch, customerId })).rejects.toThrow();

    expect(await count(t.db, "transactions")).toBe(10);
    // The connection is usable afterwards.
    expect((await facts().orders.write(batch)).created).toBe(400);
  });

  it("refuses a batch with an invalid value before writing, naming the row", async () => {
    const ids = await customers(1);
    const batch = orders(ids, 50);
    const amountCents = Array.from(batch.amountCents);
    amountCents[17] = 12.5;

    await expect(facts().orders.write({ ...batch, amountCents })).rejects.toThrow(/row 17: amountCents 12.5/);
    await expect(
      facts().orders.write({ ...batch, amountCents: [...amountCents.slice(0, 49)] }),
    ).rejects.toThrow(/amountCents has 49 values, expected 50/);
    const lastLine = Array.from(batch.lastLine);
    lastLine[3] = 0;
    await expect(facts().orders.write({ ...batch, lastLine })).rejects.toThrow(/row 3: lastLine 0/);
    expect(await count(t.db, "transactions")).toBe(0);
  });

  it("commits customers and orders of one transaction together, or neither (ClickHouse: what was written stays, and the re-run completes it)", async () => {
    await expect(
      facts().transaction(async (tx) => {
        const { customers } = await tx.customers.write({ externalId: ["new1", "new2"] }, "fill");
        await tx.orders.write(orders([customers.get("new1")!.id], 5));
        await tx.orders.write(orders([424_242], 5, 100));
      }),
    ).rejects.toThrow();
    // ClickHouse has no transactions: the writes before the failing one are stored, the
    // failing one wrote nothing (its unknown customer is found before anything is written).
    const kept = engine === "clickhouse";
    expect(await count(t.db, "customers")).toBe(kept ? 2 : 0);
    expect(await count(t.db, "transactions")).toBe(kept ? 5 : 0);

    const created = await facts().transaction(async (tx) => {
      const { customers } = await tx.customers.write({ externalId: ["new1", "new2"] }, "fill");
      const first = await tx.orders.write(orders([customers.get("new1")!.id], 5));
      // o3 and o4 are stored by now, in this same transaction.
      const second = await tx.orders.write(orders([customers.get("new2")!.id], 5, 3));
      expect([...second.skipped.values()].map((order) => order.orderId)).toEqual(["o3", "o4"]);
      return first.created + second.created;
    });
    expect(created).toBe(kept ? 3 : 8);
    expect(await count(t.db, "customers")).toBe(2);
    expect(await count(t.db, "transactions")).toBe(8);
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
    await facts().orders.write({
      ...orders(
        odd.map(() => id!),
        odd.length,
      ),
      orderId: odd,
      channel: odd,
      city: odd.map(() => null),
    });
    const stored = await storedOrders();
    // ClickHouse has no insertion order: its rows are taken in the order written.
    const rows = t.db.analytics ? odd.map((id) => stored.find((row) => row.orderId === id)!) : stored;
    expect(rows.map((row) => row.orderId)).toEqual(odd);
    expect(rows.map((row) => row.channel)).toEqual(odd);
    expect(rows.every((row) => row.city === null && row.province === null)).toBe(true);
  });

  it("reads back through Prisma exactly what the bulk path wrote", async () => {
    const { customers } = await facts().customers.write(
      {
        externalId: ["alice"],
        name: ["Alice"],
        province: ["Ontario"],
        createdAt: [Date.UTC(2020, 4, 17, 8, 30, 0, 250)],
      },
      "update",
    );
    const alice = customers.get("alice")!.id;
    await facts().orders.write({
      orderId: ["A-1", "A-2"],
      customerId: [alice, alice],
      occurredAt: [Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1999, 11, 31)],
      amountCents: [2_147_483_647, -2_147_483_648],
      firstLine: [1, 1],
      lastLine: [1, 3],
      channel: ["web", null],
      province: ["Ontario", null],
      region: ["Central", null],
      city: ["Toronto", null],
      currency: ["CAD", null],
    });

    const customer = t.db.analytics
      ? await clickhouseCustomer("alice")
      : await t.db.prisma.customer.findUniqueOrThrow({
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
    // ClickHouse's orders have no surrogate id.
    const id = t.db.analytics ? {} : { id: expect.any(Number) };
    expect(customer.transactions).toEqual([
      {
        ...id,
        orderId: "A-1",
        customerId: alice,
        occurredAt: new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)),
        amountCents: 2_147_483_647,
        lineCount: 1,
        channel: "web",
        province: "Ontario",
        region: "Central",
        city: "Toronto",
        currency: "CAD",
      },
      {
        ...id,
        orderId: "A-2",
        customerId: alice,
        occurredAt: new Date(Date.UTC(1999, 11, 31)),
        amountCents: -2_147_483_648,
        lineCount: 3,
        channel: null,
        province: null,
        region: null,
        city: null,
        currency: null,
      },
    ]);
    // Window filters through Prisma compare against what the bulk path stored.
    const inWindow = t.db.analytics
      ? Number(
          (
            await t.db.analytics.query<{ n: string }>(
              `SELECT count() AS n FROM transactions FINAL
               WHERE occurred_at >= ${Date.UTC(2024, 0, 1)} AND occurred_at < ${Date.UTC(2024, 2, 1)}`,
            )
          )[0]!.n,
        )
      : await t.db.prisma.transaction.count({
          where: { occurredAt: { gte: new Date(Date.UTC(2024, 0, 1)), lt: new Date(Date.UTC(2024, 2, 1)) } },
        });
    expect(inWindow).toBe(1);
  });

  it("folds lines into stored orders, the same order twice in one call, and keeps the earlier time", async () => {
    const ids = await customers(1);
    await facts().orders.write(orders(ids, 2));
    await facts().orders.fold([
      { orderId: "o0", addCents: 250, occurredAt: T0 - 1000, lineCount: 2, expectedLineCount: 1 },
      { orderId: "o1", addCents: -1, occurredAt: T0 + 10 * DAY_MS, lineCount: 3, expectedLineCount: 1 },
      { orderId: "o0", addCents: 5, occurredAt: T0 + 1, lineCount: 4, expectedLineCount: 2 },
    ]);
    const stored = await facts().orders.read(["o0", "o1", "missing"]);
    expect([...stored.keys()].sort()).toEqual(["o0", "o1"]);
    expect(stored.get("o0")).toMatchObject({ amountCents: 1255, lineCount: 4 });
    expect(stored.get("o1")).toMatchObject({ amountCents: 1000, lineCount: 3 });
    const o0 = await storedOrder("o0");
    expect(o0.occurredAt.getTime()).toBe(T0 - 1000);
  });

  it("refuses a fold made on a line count that changed meanwhile (a concurrent import) or leaving the 32-bit range, and rolls the batch back", async () => {
    const ids = await customers(1);
    await facts().orders.write(orders(ids, 1));
    const stale = facts().transaction(async (tx) => {
      await tx.orders.write(orders(ids, 1, 1));
      await tx.orders.fold([
        { orderId: "o0", addCents: 1, occurredAt: T0, lineCount: 3, expectedLineCount: 2 },
      ]);
    });
    await expect(stale).rejects.toThrow(/order "o0" changed during the import \(expected 2 stored lines\)/);
    // ClickHouse has no transactions: o1, written before the refused fold, stays (the fold
    // itself wrote nothing); a re-run of the batch finds it stored.
    expect(await count(t.db, "transactions")).toBe(engine === "clickhouse" ? 2 : 1);
    expect((await facts().orders.read(["o0"])).get("o0")).toMatchObject({ amountCents: 1000, lineCount: 1 });

    await expect(
      facts().orders.fold([
        { orderId: "o0", addCents: 2_147_483_647, occurredAt: T0, lineCount: 2, expectedLineCount: 1 },
      ]),
    ).rejects.toThrow(/left the 32-bit range/);
    expect((await facts().orders.read(["o0"])).get("o0")).toMatchObject({ amountCents: 1000, lineCount: 1 });
    await expect(
      facts().orders.fold([
        { orderId: "o0", addCents: 0.5, occurredAt: T0, lineCount: 2, expectedLineCount: 1 },
      ]),
    ).rejects.toThrow(/row 0: addCents 0.5/);
  });

  it("suspends the orders' secondary index for a large import; restoring, or the next open, rebuilds it", async () => {
    if (engine === "clickhouse") {
      // No secondary index to suspend: both calls do nothing, and the bound still holds.
      await facts().suspendOrderIndexes();
      await facts().orders.write(orders(await customers(3), 100));
      expect(await facts().storedOrdersBound()).toBeGreaterThanOrEqual(100);
      await facts().restoreOrderIndexes();
      expect(await count(t.db, "transactions")).toBe(100);
      return;
    }
    const indexNames = () => transactionIndexNames(t.db);
    const [name] = TRANSACTION_INDEXES.map((index) => index.name);
    expect(await indexNames()).toContain(name);

    await facts().suspendOrderIndexes();
    expect(await indexNames()).not.toContain(name);
    await facts().orders.write(orders(await customers(3), 100));
    expect(await facts().storedOrdersBound()).toBeGreaterThanOrEqual(100);

    // The import "dies" here: another process opening the database rebuilds the index.
    const other = await openDatabase(t.url);
    await other.close();
    expect(await indexNames()).toContain(name);
    await facts().restoreOrderIndexes();
    expect((await indexNames()).filter((n) => n === name)).toHaveLength(1);
  });
});

describe.each(PROVIDERS)("orders of concurrent and of large imports on %s", (provider) => {
  const t = useTestDatabase(provider);
  const facts = () => factsStoreOf(t.db);

  async function customers(n: number): Promise<number[]> {
    const externalId = Array.from({ length: n }, (_, i) => `c${i}`);
    const { customers } = await facts().customers.write({ externalId }, "update");
    return externalId.map((id) => customers.get(id)!.id);
  }

  it("an order another import stores between the lookup and the write is skipped with what it stored, not a failure", async () => {
    const ids = await customers(3);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let wrote: () => void = () => undefined;
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    // Import A writes o0..o99 and holds its transaction open; import B looks them up meanwhile
    // (not visible yet: on PostgreSQL its COPY then waits for A and meets A's orders at commit).
    const a = facts().transaction(async (tx) => {
      await tx.orders.write(orders(ids, 100));
      wrote();
      await gate;
    });
    await written;
    const b = facts().orders.write({ ...orders(ids, 100), amountCents: new Array(100).fill(7) });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release();
    await a;
    const result = await b;
    expect(result.created).toBe(0);
    expect([...result.skipped.keys()]).toEqual(Array.from({ length: 100 }, (_, g) => g));
    expect(result.skipped.get(5)).toMatchObject({ orderId: "o5", lineCount: 1, amountCents: 1005 });
    expect(await count(t.db, "transactions")).toBe(100);
    const [sum] = await t.db.raw.query<{ total: number }>(
      "SELECT sum(amount_cents) AS total FROM transactions",
    );
    expect(Number(sum!.total)).toBe(Array.from({ length: 100 }, (_, i) => 1000 + i).reduce((x, y) => x + y));
  });

  it("suspends the customers' search and sort indexes with the orders' (and on PostgreSQL the orders' foreign key); restoring rebuilds them all", async () => {
    const names = async () =>
      new Set(
        (
          await t.db.raw.query<{ name: string }>(
            provider === "sqlite"
              ? "SELECT name FROM sqlite_master WHERE type = 'index'"
              : `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()
                 UNION ALL SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                 WHERE n.nspname = current_schema()`,
          )
        ).map((row) => row.name),
      );
    const suspendable = [
      ...TRANSACTION_INDEXES.map((index) => index.name),
      "customers_lower_external_id_idx",
      "customers_lower_name_idx",
      "customers_lower_email_idx",
      "customers_name_sort_idx",
      "customers_province_idx",
      "customers_region_idx",
      "customers_city_idx",
      ...(provider === "postgresql" ? ["customers_search_trgm_idx", "transactions_customer_id_fkey"] : []),
    ];
    const before = await names();
    for (const name of suspendable) expect(before, name).toContain(name);

    await facts().suspendOrderIndexes();
    const during = await names();
    for (const name of suspendable) expect(during, name).not.toContain(name);
    // The keys that identify rows stay: they decide what is new.
    for (const name of ["customers_pkey", "customers_external_id_key", "transactions_order_id_key"]) {
      if (provider === "postgresql") expect(during).toContain(name);
    }
    const ids = await customers(3);
    await facts().orders.write(orders(ids, 10));
    if (provider === "postgresql") {
      // An order whose customer went missing meanwhile (nothing in the application deletes
      // customers): the restore deletes it, as ON DELETE CASCADE would have.
      await t.db.raw.execute(
        "INSERT INTO transactions (order_id, customer_id, occurred_at, amount_cents, line_count) VALUES ('orphan', 999999, now(), 1, 1)",
      );
    }

    await facts().restoreOrderIndexes();
    const after = await names();
    for (const name of suspendable) expect(after, name).toContain(name);
    expect(await count(t.db, "transactions")).toBe(10);
    if (provider === "postgresql") {
      await expect(
        t.db.raw.execute(
          "INSERT INTO transactions (order_id, customer_id, occurred_at, amount_cents, line_count) VALUES ('orphan', 999999, now(), 1, 1)",
        ),
      ).rejects.toThrow(/foreign key/);
    }
  });
});

describe("the orders' foreign key of a mid-sized import on postgresql", () => {
  const t = useTestDatabase("postgresql");
  const facts = () => factsStoreOf(t.db);
  const foreignKeys = async () =>
    (
      await t.db.raw.query<{ name: string }>(
        `SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND conrelid = 'transactions'::regclass`,
      )
    ).map((row) => row.name);
  const indexes = async () =>
    (
      await t.db.raw.query<{ name: string }>(
        `SELECT indexname AS name FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename IN ('transactions', 'customers') ORDER BY 1`,
      )
    ).map((row) => row.name);

  it("keysOnly drops the foreign key alone; restoring adds it back, deleting orders left without a customer", async () => {
    const externalId = ["c0", "c1", "c2"];
    const { customers } = await facts().customers.write({ externalId }, "update");
    const ids = externalId.map((id) => customers.get(id)!.id);
    const before = await indexes();
    expect(before).toContain("customers_search_trgm_idx");
    expect(await foreignKeys()).toEqual(["transactions_customer_id_fkey"]);

    await facts().suspendOrderIndexes({ keysOnly: true });
    expect(await foreignKeys()).toEqual([]);
    expect(await indexes()).toEqual(before);
    await facts().orders.write(orders(ids, 10));
    // Nothing checks the key now: an order of a customer that does not exist goes in.
    await t.db.raw.execute(
      `INSERT INTO transactions (order_id, customer_id, occurred_at, amount_cents) VALUES ('orphan', ${Math.max(...ids) + 1000}, now(), 1)`,
    );
    expect(await count(t.db, "transactions")).toBe(11);

    await facts().restoreOrderIndexes();
    expect(await foreignKeys()).toEqual(["transactions_customer_id_fkey"]);
    expect(await indexes()).toEqual(before);
    expect(await count(t.db, "transactions")).toBe(10);
    const [orphans] = await t.db.raw.query<{ n: unknown }>(
      "SELECT count(*) AS n FROM transactions WHERE order_id = 'orphan'",
    );
    expect(Number(orphans!.n)).toBe(0);
  });
});
