import { describe, expect, it } from "vitest";
import { FACT_ENGINES, useTestDatabase } from "../testing";
import { factsStoreOf } from ".";
import { factCount } from "./testing";

describe.each(FACT_ENGINES)("customers in the facts store on %s", (engine) => {
  const t = useTestDatabase(engine);
  const facts = () => factsStoreOf(t.db);
  const stored = async () => {
    const ch = t.db.analytics;
    if (!ch) {
      return t.db.prisma.customer.findMany({
        orderBy: { externalId: "asc" },
        select: { externalId: true, name: true, email: true, city: true },
      });
    }
    return ch.query<{ externalId: string; name: string | null; email: string | null; city: string | null }>(
      "SELECT external_id AS externalId, name, email, city FROM customers FINAL ORDER BY external_id",
    );
  };

  it("update: creates the new, returns ids of all, changes details given and never erases them", async () => {
    const first = await facts().customers.write(
      {
        externalId: ["a", "b", "a"],
        name: ["Ann", null, null],
        email: [null, "b@example.com", "ann@example.com"],
      },
      "update",
    );
    expect([...first.customers.keys()].sort()).toEqual(["a", "b"]);
    expect([first.created, first.updated]).toEqual([2, 0]);

    const second = await facts().customers.write(
      { externalId: ["b", "c", "a"], name: ["Bob", "Cy", null], city: [null, null, "Halifax"] },
      "update",
    );
    expect(second.customers.get("a")!.id).toBe(first.customers.get("a")!.id);
    expect(second.customers.get("b")!.id).toBe(first.customers.get("b")!.id);
    expect([second.created, second.updated]).toEqual([1, 2]);
    // Which details each has stored: bit 0 name, 1 email, 4 city.
    expect(second.customers.get("a")!.known).toBe(0b10011);

    expect(await stored()).toEqual([
      { externalId: "a", name: "Ann", email: "ann@example.com", city: "Halifax" },
      { externalId: "b", name: "Bob", email: "b@example.com", city: null },
      { externalId: "c", name: "Cy", email: null, city: null },
    ]);

    // The same details again: nothing is rewritten.
    const again = await facts().customers.write({ externalId: ["a"], name: ["Ann"] }, "update");
    expect([again.created, again.updated]).toEqual([0, 0]);
  });

  it("fill: only fills in what is stored as null, the first value of a repeated id winning", async () => {
    await facts().customers.write({ externalId: ["a"], name: ["Ann"] }, "update");
    const filled = await facts().customers.write(
      {
        externalId: ["a", "b", "b"],
        name: ["Other", "Bob", "Robert"],
        email: ["ann@example.com", null, "bob@example.com"],
      },
      "fill",
    );
    expect([filled.created, filled.updated]).toEqual([1, 1]);
    expect(await stored()).toEqual([
      { externalId: "a", name: "Ann", email: "ann@example.com", city: null },
      { externalId: "b", name: "Bob", email: "bob@example.com", city: null },
    ]);
  });

  it("refuses a call with an invalid value before writing, naming the row", async () => {
    await expect(facts().customers.write({ externalId: ["a", ""] }, "update")).rejects.toThrow(
      /row 1: externalId must be a non-empty string/,
    );
    await expect(
      facts().customers.write({ externalId: ["a"], createdAt: [Number.NaN] }, "update"),
    ).rejects.toThrow(/row 0: createdAt NaN is not a valid time/);
    await expect(facts().customers.write({ externalId: ["a"], name: [] }, "update")).rejects.toThrow(
      /name has 0 values, expected 1/,
    );
    expect(await stored()).toEqual([]);
  });

  it("gives concurrent writers of the same new customers the same ids, creating each once", async () => {
    // Opposite orders: in file order each writer could wait for a row the other held (a
    // deadlock, one write failed); five rounds, so a race that loses sometimes shows.
    for (let round = 0; round < 5; round++) {
      const externalId = Array.from({ length: 2_000 }, (_, i) => `k${round}-${i}`);
      const [a, b] = await Promise.all([
        facts().customers.write({ externalId }, "fill"),
        facts().customers.write({ externalId: [...externalId].reverse() }, "fill"),
      ]);
      expect(a.created + b.created).toBe(2_000);
      for (const id of externalId) expect(b.customers.get(id)!.id).toBe(a.customers.get(id)!.id);
    }
    expect(await factCount(t.db, "customers")).toBe(10_000);
  });
});
