import { describe, expect, it } from "vitest";
import type { StoredOrder } from "../../db/facts";
import type { TransactionBatch } from "../../import";
import { decideLines, type GroupLine, groupOrderLines, OrderLineCounter, RecentKeys } from "./order-lines";

/** A batch of rows `[orderId, customerId, amount, day]`, lines numbered from `firstLine`. */
function batch(rows: [string, string, number, number][], firstLine = 2): TransactionBatch {
  const n = rows.length;
  const nulls = () => new Array<string | null>(n).fill(null);
  return {
    size: n,
    orderId: rows.map((r) => r[0]),
    customerId: rows.map((r) => r[1]),
    amount: Float64Array.from(rows, (r) => r[2]),
    occurredAt: Float64Array.from(rows, (r) => Date.UTC(2024, 0, r[3])),
    line: Uint32Array.from(rows, (_, i) => firstLine + i),
    channel: nulls(),
    province: nulls(),
    region: nulls(),
    city: nulls(),
    name: nulls(),
    email: nulls(),
    currency: nulls(),
    rejects: [],
    rowsRead: n,
    bytesRead: 0,
  };
}

describe("OrderLineCounter", () => {
  it("numbers the occurrences of each order id across batches: the k-th occurrence is line k", () => {
    const counter = new OrderLineCounter();
    expect(["A", "B", "A", "C", "A"].map((id) => counter.next(id, 1))).toEqual([1, 1, 2, 1, 3]);
    expect(counter.next("B", 2)).toBe(2);
    expect(counter.repeatInBatch).toBe(false);
    expect(counter.next("B", 2)).toBe(3);
    expect(counter.repeatInBatch).toBe(true);
  });

  it("always remembers the most recent `remember` distinct ids and holds at most twice that many", () => {
    const counter = new OrderLineCounter(3);
    for (const id of ["a", "b", "c", "d", "e", "f", "g"]) counter.next(id, 1);
    expect(counter.size).toBeLessThanOrEqual(6);
    // e, f, g are the 3 most recent: their next occurrence is line 2.
    expect(["e", "f", "g"].map((id) => counter.next(id, 1))).toEqual([2, 2, 2]);
    // a is 6 distinct ids back: forgotten, it starts again at line 1 (and is then "already present").
    expect(counter.next("a", 1)).toBe(1);
  });
});

describe("RecentKeys", () => {
  it("keeps a key used in the previous generation by moving it to the current one", () => {
    const keys = new RecentKeys(2);
    keys.set("x", 1);
    keys.set("y", 2);
    keys.set("z", 3); // x, y become the previous generation
    keys.set("x", 4); // x moves to the current one
    keys.set("w", 5); // current (z, x) was full: it becomes previous, y is dropped
    expect([keys.get("x"), keys.get("y"), keys.get("z"), keys.get("w")]).toEqual([4, undefined, 3, 5]);
  });

  it("tells apart keys that share units or a prefix, empty and non-ASCII ones, and values up to 2^41", () => {
    const keys = new RecentKeys(100);
    const names = ["", "a", "ab", "ba", "é", "e\u0301", "東京", "😀", "😀😀", "a\u0000"];
    for (const [i, key] of names.entries()) keys.set(key, i * 2 ** 40 + i);
    expect(names.map((key) => keys.get(key))).toEqual(names.map((_, i) => i * 2 ** 40 + i));
    expect([keys.get("b"), keys.get("abc"), keys.get("東")]).toEqual([undefined, undefined, undefined]);
  });

  it("agrees with two plain Maps over 300,000 operations on keys that grow the tables many times", () => {
    // The rule written out with Maps (the implementation keeps no strings): get looks in the
    // current generation then the previous; set updates the current one, or starts a new one
    // when it is full, then adds the key there.
    const remember = 40_000;
    let current = new Map<string, number>();
    let previous = new Map<string, number>();
    const keys = new RecentKeys(remember);
    let seed = 7;
    const differences: string[] = [];
    for (let op = 0; op < 300_000; op++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      // Ids from a range a bit wider than two generations: hits, misses and forgotten keys.
      const key = `O-${seed % 97_000}`;
      const expected = current.get(key) ?? previous.get(key);
      const got = keys.get(key);
      if (got !== expected) differences.push(`op ${op}: ${key} gave ${got}, expected ${expected}`);
      if (seed % 3 !== 0) {
        if (!current.has(key) && current.size >= remember) {
          previous = current;
          current = new Map();
        }
        current.set(key, op);
        keys.set(key, op);
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(keys.size).toBe(current.size + previous.size);
  });
});

describe("groupOrderLines", () => {
  const group = (b: TransactionBatch, counter = new OrderLineCounter(), batchNo = 1) =>
    groupOrderLines(b, { counter, batchNo, amountColumn: "Sales" });

  it("gives a file of one row per order one group per row, amounts in cents", () => {
    const g = group(
      batch([
        ["1", "c1", 10.5, 1],
        ["2", "c2", 0.29, 2],
        ["3", "c1", -3.1, 3],
      ]),
    );
    expect(g.count).toBe(3);
    expect(Array.from(g.amountCents)).toEqual([1050, 29, -310]);
    expect(Array.from(g.firstLine)).toEqual([1, 1, 1]);
    expect(Array.from(g.groupOf)).toEqual([0, 1, 2]);
  });

  it("sums the lines of an order within a batch, adjacent or not, keeping the earliest time", () => {
    const g = group(
      batch([
        ["293", "Barry", 10123.02, 5],
        ["7", "Ann", 1, 1],
        ["293", "Barry", 244.57, 3],
        ["293", "Barry", 0.01, 9],
      ]),
    );
    expect(g.count).toBe(2);
    expect(g.amountCents[0]).toBe(1_012_302 + 24_457 + 1);
    expect(g.occurredAt[0]).toBe(Date.UTC(2024, 0, 3));
    expect([g.firstLine[0], g.lastLine[0], g.lines[0]]).toEqual([1, 3, 3]);
    expect(Array.from(g.lineNo)).toEqual([1, 1, 2, 3]);
  });

  it("continues the line numbers of an order in later batches", () => {
    const counter = new OrderLineCounter();
    group(batch([["293", "Barry", 1, 1]]), counter, 1);
    const g = group(
      batch([
        ["293", "Barry", 2, 1],
        ["293", "Barry", 3, 1],
      ]),
      counter,
      2,
    );
    expect([g.count, g.firstLine[0], g.lastLine[0], g.amountCents[0]]).toEqual([1, 2, 3, 500]);
  });

  it("puts another customer's lines of an order in a secondary group", () => {
    const g = group(
      batch([
        ["9", "Ann", 1, 1],
        ["9", "Bob", 2, 1],
        ["9", "Ann", 3, 1],
        ["9", "Bob", 4, 1],
      ]),
    );
    expect(g.count).toBe(2);
    expect(Array.from(g.secondary)).toEqual([0, 1]);
    expect(Array.from(g.groupOf)).toEqual([0, 1, 0, 1]);
    expect([g.firstLine[0], g.lastLine[0], g.amountCents[0]]).toEqual([1, 3, 400]);
    expect([g.firstLine[1], g.lastLine[1], g.amountCents[1]]).toEqual([2, 4, 600]);
  });

  it.each([
    [21_474_836.47, true],
    [21_474_836.48, false],
    [-21_474_836.48, true],
    [-21_474_836.49, false],
  ])(
    "accepts amount %d: %s (32-bit cents), rejecting others as BAD_AMOUNT on the amount column",
    (amount, ok) => {
      const g = group(batch([["1", "c", amount, 1]]));
      expect(g.count).toBe(ok ? 1 : 0);
      if (!ok) {
        expect(g.rejects).toEqual([
          expect.objectContaining({
            line: 2,
            column: "Sales",
            code: "BAD_AMOUNT",
            reason: expect.stringContaining("out of range"),
          }),
        ]);
      }
    },
  );

  it("rejects a line that would take its order's sum in the batch out of range", () => {
    const g = group(
      batch([
        ["1", "c", 20_000_000, 1],
        ["1", "c", 2_000_000, 1],
        ["1", "c", 1, 1],
      ]),
    );
    expect(g.rejects.map((r) => [r.line, r.code])).toEqual([[3, "BAD_AMOUNT"]]);
    expect([g.amountCents[0], g.lines[0], g.lastLine[0]]).toEqual([2_000_000_100, 2, 3]);
  });

  it("rejects a line in another currency than its order's first line (CURRENCY_CONFLICT), never summing two currencies", () => {
    const b = batch([
      ["1", "c", 10, 1],
      ["1", "c", 20, 1],
      ["1", "c", 40, 1],
      ["2", "c", 5, 1],
      ["2", "c", 6, 1],
    ]);
    const g = group({ ...b, currency: ["EUR", "USD", "EUR", null, "EUR"] });
    expect(g.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [3, "currency", "CURRENCY_CONFLICT"],
      [6, "currency", "CURRENCY_CONFLICT"],
    ]);
    expect(g.rejects[0]!.reason).toBe(
      'order "1" is in EUR (its first line); this line is in USD: an order\'s lines share one currency',
    );
    expect([g.count, g.amountCents[0], g.amountCents[1]]).toEqual([2, 5000, 500]);
  });
});

describe("decideLines", () => {
  const stored = (over: Partial<StoredOrder> = {}): StoredOrder => ({
    orderId: "293",
    customerId: 7,
    customerExternalId: "Barry French",
    lineCount: 2,
    amountCents: 1000,
    currency: null,
    ...over,
  });
  const lines = (...numbers: number[]): GroupLine[] =>
    numbers.map((line, i) => ({ row: i, line, cents: 100 * line, occurredAt: line, currency: null }));

  it("folds the lines numbered above the stored line count; the others are already present", () => {
    const d = decideLines(lines(1, 2, 3, 5), 7, "Barry French", stored());
    expect(d.present.map((l) => l.line)).toEqual([1, 2]);
    expect(d.fold.map((l) => l.line)).toEqual([3, 5]);
    expect(d.after).toMatchObject({ lineCount: 5, amountCents: 1000 + 300 + 500 });
  });

  it("changes nothing when every line is stored (a re-import)", () => {
    const s = stored({ lineCount: 3 });
    const d = decideLines(lines(1, 2, 3), 7, "Barry French", s);
    expect([d.fold.length, d.present.length, d.after]).toEqual([0, 3, s]);
  });

  it("rejects every line of an order stored for another customer, naming both customers", () => {
    const d = decideLines(lines(1, 2), 8, "Carlos Soltero", stored());
    expect(d.rejected).toHaveLength(2);
    expect(d.rejected[0]).toMatchObject({
      code: "ORDER_CUSTOMER_CONFLICT",
      reason: 'order "293" belongs to customer "Barry French"; this line names customer "Carlos Soltero"',
    });
  });

  it("rejects a line that would take the stored order's total out of range", () => {
    const d = decideLines(lines(3), 7, "Barry French", stored({ amountCents: 2_147_483_500 }));
    expect(d.rejected.map((r) => r.code)).toEqual(["BAD_AMOUNT"]);
    expect(d.fold).toEqual([]);
  });

  it("rejects a new line in another currency than the stored order's (CURRENCY_CONFLICT); present lines stay present", () => {
    const eur = lines(1, 3, 4).map((l, i) => ({ ...l, currency: i === 2 ? "USD" : "EUR" }));
    const d = decideLines(eur, 7, "Barry French", stored({ currency: "EUR" }));
    expect(d.present.map((l) => l.line)).toEqual([1]);
    expect(d.fold.map((l) => l.line)).toEqual([3]);
    expect(d.rejected.map((r) => [r.line.line, r.code])).toEqual([[4, "CURRENCY_CONFLICT"]]);
    expect(d.rejected[0]!.reason).toBe(
      'order "293" is stored in EUR; this line is in USD: an order\'s lines share one currency',
    );
    const none = decideLines(lines(3), 7, "Barry French", stored({ currency: "EUR" }));
    expect(none.rejected[0]!.reason).toBe(
      "order \"293\" is stored in EUR; this line is in the store's currency: an order's lines share one currency",
    );
  });
});
