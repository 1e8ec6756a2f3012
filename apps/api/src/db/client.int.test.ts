import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase, withTestDatabase } from "./testing";

describe.each(PROVIDERS)("the database factory on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("opens migrated: Prisma reads and writes every model's table", async () => {
    const token = await t.db.prisma.apiToken.create({
      data: { name: "ci", role: "admin", hash: "ab".repeat(32) },
    });
    const version = await t.db.prisma.mappingVersion.create({
      data: {
        version: 1,
        author: "ana",
        bins: 4,
        segments: {
          create: [
            {
              position: 0,
              name: "Champions",
              codes: ["444", "443"],
              segment: { create: { profileId: 1, key: "champions" } },
            },
          ],
        },
      },
      include: { segments: true },
    });
    await t.db.prisma.exportLog.create({
      data: { tokenId: token.id, segment: "Champions", mappingVersion: 1, runId: 1, format: "csv", rows: 2 },
    });
    await t.db.prisma.auditLog.create({
      data: { actor: "ana", action: "publish", entity: "mapping", entityId: "1", after: { version: 1 } },
    });
    await t.db.prisma.importLog.create({ data: { kind: "transactions", file: "a.csv" } });

    expect(version.segments[0]?.codes).toEqual(["444", "443"]);
    expect(version.status).toBe("draft");
    expect((await t.db.prisma.auditLog.findFirstOrThrow()).after).toEqual({ version: 1 });
    // Deleting a token keeps its exports, unlinked.
    await t.db.prisma.apiToken.delete({ where: { id: token.id } });
    expect((await t.db.prisma.exportLog.findFirstOrThrow()).tokenId).toBeNull();
  });

  it("enforces foreign keys on Prisma's connection and cascades deletes", async () => {
    await expect(
      t.db.prisma.transaction.create({
        data: { orderId: "x", customerId: 12345, occurredAt: new Date(), amountCents: 1 },
      }),
    ).rejects.toThrow();

    const customer = await t.db.prisma.customer.create({
      data: {
        externalId: "c1",
        transactions: { create: { orderId: "o1", occurredAt: new Date(), amountCents: 5 } },
      },
    });
    await t.db.prisma.customer.delete({ where: { id: customer.id } });
    expect(await t.db.prisma.transaction.count()).toBe(0);
  });

  it("runs raw SQL with $n placeholders on both dialects, numbers and epoch ms coming back alike", async () => {
    const at = Date.UTC(2024, 6, 1, 12, 0, 0, 5);
    const customer = await t.db.prisma.customer.create({
      data: { externalId: "c1", createdAt: new Date(at) },
    });
    await t.db.prisma.transaction.createMany({
      data: [1, 2, 3].map((i) => ({
        orderId: `o${i}`,
        customerId: customer.id,
        occurredAt: new Date(at),
        amountCents: i,
      })),
    });

    const rows = await t.db.raw.query<{ n: number; total: number; last: number }>(
      `SELECT count(*) AS n, sum(amount_cents) AS total, max(occurred_at) AS last
       FROM transactions WHERE customer_id = $1 AND amount_cents >= $2 AND amount_cents >= $2`,
      [customer.id, 2],
    );
    expect(rows).toEqual([{ n: 2, total: 5, last: at }]);
    expect(await t.db.raw.query("SELECT created_at FROM customers")).toEqual([{ created_at: at }]);
  });

  it("rolls back a raw transaction that throws, and commits one that returns", async () => {
    await expect(
      t.db.raw.transaction(async (tx) => {
        await tx.execute("INSERT INTO import_log (kind, file, started_at) VALUES ($1, $2, $3)", [
          "customers",
          "x.csv",
          provider === "sqlite" ? Date.now() : new Date(),
        ]);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await t.db.prisma.importLog.count()).toBe(0);

    const changed = await t.db.raw.transaction((tx) =>
      tx.execute("INSERT INTO import_log (kind, file, started_at) VALUES ($1, $2, $3)", [
        "customers",
        "y.csv",
        provider === "sqlite" ? Date.now() : new Date(),
      ]),
    );
    expect(changed).toBe(1);
    expect(await t.db.prisma.importLog.count()).toBe(1);
  });
});

describe("SQLite connection settings", () => {
  const t = useTestDatabase("sqlite");

  it("uses WAL, synchronous=NORMAL, foreign keys and a busy timeout", async () => {
    if (t.db.provider !== "sqlite") throw new Error("expected SQLite");
    const pragma = (name: string) => t.db.provider === "sqlite" && t.db.sqlite.pragma(name, { simple: true });
    expect(pragma("journal_mode")).toBe("wal");
    expect(pragma("synchronous")).toBe(1);
    expect(pragma("foreign_keys")).toBe(1);
    expect(pragma("busy_timeout")).toBeGreaterThanOrEqual(5000);
    // Prisma's own connection gets the same per-connection settings.
    const viaPrisma = async (name: string) =>
      Object.values(
        (await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0] ?? {},
      )[0];
    expect(Number(await viaPrisma("synchronous"))).toBe(1);
    expect(Number(await viaPrisma("foreign_keys"))).toBe(1);
    expect(await viaPrisma("journal_mode")).toBe("wal");
  });
});

describe("PostgreSQL schemas", () => {
  it("keeps each ?schema= database apart: tables and rows live in its own schema", async () => {
    await withTestDatabase("postgresql", async (a) => {
      await withTestDatabase("postgresql", async (b) => {
        await a.db.prisma.customer.create({ data: { externalId: "only-in-a" } });

        expect(await b.db.prisma.customer.count()).toBe(0);
        expect(await a.db.prisma.customer.count()).toBe(1);
        const [row] = await a.db.raw.query<{ schema: string }>(
          "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'customers' AND table_schema = current_schema()",
        );
        expect(a.db.provider === "postgresql" && row?.schema).toBe(
          a.db.provider === "postgresql" && a.db.schema,
        );
      });
    });
  });

  it("drops the schema after the test, even when the test throws", async () => {
    let schema = "";
    await expect(
      withTestDatabase("postgresql", async (test) => {
        schema = test.db.provider === "postgresql" ? test.db.schema : "";
        throw new Error("test failed");
      }),
    ).rejects.toThrow("test failed");

    await withTestDatabase("postgresql", async (other) => {
      const rows = await other.db.raw.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
      expect(schema).toMatch(/^t_\d+_[a-z0-9]+$/);
      expect(rows).toEqual([]);
    });
  });
});
