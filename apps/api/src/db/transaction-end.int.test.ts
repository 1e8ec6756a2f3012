import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "./testing";

describe.each(PROVIDERS)("a Prisma transaction refused at COMMIT on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("gives its connection back: twelve such refusals (more than the pool holds) and queries still answer", async () => {
    // A deferred foreign key is checked at COMMIT: the surest way to make COMMIT itself fail.
    await t.db.raw.execute("CREATE TABLE commit_parent (id INTEGER PRIMARY KEY)");
    await t.db.raw.execute(
      "CREATE TABLE commit_child (parent INTEGER REFERENCES commit_parent (id) DEFERRABLE INITIALLY DEFERRED)",
    );
    for (let i = 0; i < 12; i++) {
      const refused = await t.db.prisma
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe("INSERT INTO commit_child (parent) VALUES (1)");
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(String(refused)).toMatch(/foreign ?key/i);
    }
    // Nothing of the refused transactions stayed.
    const [row] = await t.db.raw.query<{ n: number }>("SELECT count(*) AS n FROM commit_child");
    expect(Number(row?.n)).toBe(0);
    const written = await t.db.prisma.$transaction((tx) =>
      tx.auditLog.create({ data: { actor: "a", action: "after", entity: "test", entityId: "1" } }),
    );
    expect(written.action).toBe("after");
    if (t.db.provider === "postgresql") expect(t.db.pool.totalCount - t.db.pool.idleCount).toBe(0);
  }, 30_000);
});
