import { describe, expect, it } from "vitest";
import { AppError } from "../app-error";
import type { PrismaTx } from "./client";
import { useTestDatabase } from "./testing";
import { classifyWriteFailure, withWriteRetry } from "./write-retry";

/** Resolves when `count` parties have arrived: two transactions meeting half-way. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return () => {
    arrived++;
    if (arrived === count) open();
    return opened;
  };
}

async function refusalOf(work: Promise<unknown>[]): Promise<unknown> {
  const outcomes = await Promise.allSettled(work);
  const refused = outcomes.filter((o) => o.status === "rejected");
  expect(refused).toHaveLength(1);
  return (refused[0] as PromiseRejectedResult).reason;
}

describe("what PostgreSQL's refusals look like through Prisma's driver adapter", () => {
  const t = useTestDatabase("postgresql");
  const serializable = { isolationLevel: "Serializable", timeout: 15_000, maxWait: 15_000 } as const;

  it("a serialization failure (40001) is a conflict", async () => {
    const meet = barrier(2);
    const insertAfterReading = (actor: string) =>
      t.db.prisma.$transaction(async (tx: PrismaTx) => {
        await tx.auditLog.count({ where: { action: "race" } });
        await meet();
        await tx.auditLog.create({ data: { actor, action: "race", entity: "test", entityId: actor } });
      }, serializable);
    const error = await refusalOf([insertAfterReading("a"), insertAfterReading("b")]);
    expect(classifyWriteFailure(error)).toBe("conflict");
    // Refused at COMMIT, the transaction still gave its connection back to the pool.
    if (t.db.provider !== "postgresql") throw new Error("PostgreSQL only");
    expect(t.db.pool.totalCount - t.db.pool.idleCount).toBe(0);
  });

  it("a deadlock (40P01, which Prisma gives no code of its own) is a conflict", async () => {
    const [one, two] = await Promise.all(
      ["1", "2"].map((id) =>
        t.db.prisma.auditLog.create({ data: { actor: "x", action: "row", entity: "test", entityId: id } }),
      ),
    );
    const meet = barrier(2);
    const crossing = (first: number, second: number) =>
      t.db.prisma.$transaction(
        async (tx: PrismaTx) => {
          await tx.auditLog.update({ where: { id: first }, data: { actor: "first" } });
          await meet();
          await tx.auditLog.update({ where: { id: second }, data: { actor: "second" } });
        },
        { timeout: 15_000, maxWait: 15_000 },
      );
    const error = await refusalOf([crossing(one!.id, two!.id), crossing(two!.id, one!.id)]);
    expect(String((error as Error).message)).toMatch(/deadlock|40P01/i);
    expect(classifyWriteFailure(error)).toBe("conflict");
  });

  it("a unique violation (23505) is one, and an ordinary error is none", async () => {
    const data = { version: 99, status: "published", author: "x", bins: 4 };
    await t.db.prisma.mappingVersion.create({ data });
    const error = await t.db.prisma.mappingVersion.create({ data }).catch((e: unknown) => e);
    expect(classifyWriteFailure(error)).toBe("unique");
    const missing = await t.db.prisma.mappingVersion
      .update({ where: { id: 123_456 }, data: { note: "x" } })
      .catch((e: unknown) => e);
    expect(classifyWriteFailure(missing)).toBeNull();
  });

  it("withWriteRetry retries a conflict and answers CONFLICT once the attempts are spent", async () => {
    let calls = 0;
    const always = withWriteRetry(t.db, { what: "the test row", attempts: 3 }, async (tx) => {
      calls++;
      await tx.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40001'; END $$`);
    });
    const error = await always.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "CONFLICT", details: { reason: "conflict", attempts: 3 } });
    expect((error as Error).message).toMatch(/the test row was changed by someone else .*try again/);
    expect(calls).toBe(3);

    let tries = 0;
    const once = await withWriteRetry(t.db, { what: "the test row" }, async (tx) => {
      tries++;
      if (tries === 1) {
        await tx.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40P01'; END $$`);
      }
      return "written";
    });
    expect([once, tries]).toEqual(["written", 2]);
  });
});
