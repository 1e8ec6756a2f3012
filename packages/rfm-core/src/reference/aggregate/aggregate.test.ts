import { describe, expect, it } from "vitest";
import { aggregateTransactions, createAggregator, type TransactionBatch } from "./aggregate";

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const asOf = day("2022-09-01");

function batch(rows: [customer: string, order: string, date: string, amount: number][]): TransactionBatch {
  return {
    customerId: rows.map((r) => r[0]),
    orderId: rows.map((r) => r[1]),
    occurredAt: rows.map((r) => day(r[2]) + 12 * 3_600_000),
    amount: rows.map((r) => r[3]),
  };
}

function byCustomer(
  rows: Parameters<typeof batch>[0],
  options: Partial<Parameters<typeof aggregateTransactions>[0]> = {},
) {
  const { aggregates, stats } = aggregateTransactions({ asOf, transactions: batch(rows), ...options });
  const out: Record<string, { r: number; f: number; m: number }> = {};
  aggregates.customerIds.forEach((id, i) => {
    out[id] = { r: aggregates.recencyDays[i]!, f: aggregates.frequency[i]!, m: aggregates.monetary[i]! };
  });
  return { out, stats, aggregates };
}

describe("aggregating transactions per customer", () => {
  it("counts distinct orders, sums order lines and measures recency in days to the as-of day", () => {
    const { out } = byCustomer([
      ["alice", "o1", "2022-08-31", 10],
      ["alice", "o1", "2022-08-31", 5.5],
      ["alice", "o2", "2022-06-01", 20],
      ["bob", "o3", "2022-08-01", 7],
    ]);
    expect(out).toEqual({ alice: { r: 0, f: 2, m: 35.5 }, bob: { r: 30, f: 1, m: 7 } });
  });

  it("a refund line reduces spend; an order whose total is <= 0 is not a purchase", () => {
    const { out, stats } = byCustomer([
      ["alice", "o1", "2022-08-01", 50],
      ["alice", "o1-refund", "2022-08-20", -20],
      ["alice", "o2", "2022-08-10", 30],
      ["alice", "o2", "2022-08-10", -30],
    ]);
    expect(out.alice).toEqual({ r: 30, f: 1, m: 30 });
    expect(stats.nonPurchaseOrders).toBe(2);
  });

  it("customers with only refunds or zero orders in the window are left out and counted", () => {
    const { out, stats } = byCustomer([
      ["alice", "o1", "2022-08-01", 50],
      ["carol", "o2", "2022-08-01", -10],
      ["dan", "o3", "2022-08-01", 0],
    ]);
    expect(Object.keys(out)).toEqual(["alice"]);
    expect(stats.customersWithoutPurchases).toBe(2);
  });

  it("rows outside [from, to) or at/after asOf are ignored", () => {
    const { out, stats } = byCustomer(
      [
        ["alice", "o1", "2022-05-31", 100],
        ["alice", "o2", "2022-06-01", 10],
        ["alice", "o3", "2022-08-31", 1],
        ["alice", "o4", "2022-09-01", 1000],
      ],
      { window: { from: day("2022-06-01"), to: day("2022-09-01") } },
    );
    expect(out.alice).toEqual({ r: 0, f: 2, m: 11 });
    expect(stats.rowsOutsideWindow).toBe(2);
  });

  it("amounts are summed in minor units, so 0.1 + 0.2 equals 0.3 exactly", () => {
    const { out } = byCustomer([
      ["a", "o1", "2022-08-01", 0.1],
      ["a", "o2", "2022-08-01", 0.2],
      ["b", "o3", "2022-08-01", 0.3],
    ]);
    expect(out.a!.m).toBe(out.b!.m);
    expect(out.a!.m).toBe(0.3);
  });

  it("an order id seen with a second customer is skipped and reported", () => {
    const { out, stats } = byCustomer([
      ["alice", "o1", "2022-08-01", 10],
      ["bob", "o1", "2022-08-02", 99],
    ]);
    expect(Object.keys(out)).toEqual(["alice"]);
    expect(stats.rowsWithConflictingCustomer).toBe(1);
    expect(stats.conflicts).toEqual([{ orderId: "o1", customerId: "bob", otherCustomerId: "alice" }]);
  });

  it("feeding rows in several batches gives the same result as one batch, lines of one order included", () => {
    const rows: Parameters<typeof batch>[0] = [
      ["a", "o1", "2022-07-01", 10],
      ["b", "o2", "2022-07-02", 5],
      ["a", "o1", "2022-07-01", -10],
      ["a", "o3", "2022-07-05", 8],
      ["b", "o4", "2022-08-02", 1],
    ];
    const whole = byCustomer(rows);
    const aggregator = createAggregator({ asOf });
    aggregator.add(batch(rows.slice(0, 2)));
    aggregator.add(batch(rows.slice(2, 3)));
    aggregator.add(batch(rows.slice(3)));
    const { aggregates } = aggregator.finish();
    expect(Array.from(aggregates.frequency)).toEqual(Array.from(whole.aggregates.frequency));
    expect(Array.from(aggregates.monetary)).toEqual(Array.from(whole.aggregates.monetary));
    expect(whole.out.a).toEqual({ r: 57, f: 1, m: 8 });
  });

  it("in `orders` mode every row is a whole order", () => {
    const { out, stats } = byCustomer(
      [
        ["a", "o1", "2022-07-01", 10],
        ["a", "o2", "2022-07-02", -4],
      ],
      { rows: "orders" },
    );
    expect(out.a).toEqual({ r: 61, f: 1, m: 6 });
    expect(stats.orders).toBe(2);
    expect(stats.nonPurchaseOrders).toBe(1);
  });

  it("keeps first and last purchase times and the earliest line time of an order", () => {
    const { aggregates } = byCustomer([
      ["a", "o1", "2022-07-03", 10],
      ["a", "o1", "2022-07-01", 10],
      ["a", "o2", "2022-08-01", 10],
    ]);
    expect(aggregates.firstPurchase[0]).toBe(day("2022-07-01") + 12 * 3_600_000);
    expect(aggregates.lastPurchase[0]).toBe(day("2022-08-01") + 12 * 3_600_000);
    // Last purchase 1 August, as of 31 August: 30 calendar days.
    expect(aggregates.recencyDays[0]).toBe(30);
  });

  it("recency counts calendar days to the as-of day, whatever the time of day of the purchase", () => {
    const at = (customer: string, iso: string) => ({ customer, at: Date.parse(iso) });
    const rows = [
      at("midnight-on-as-of-day", "2022-08-31T00:00:00Z"),
      at("last-instant-of-as-of-day", "2022-08-31T23:59:59.999Z"),
      at("midnight-the-day-before", "2022-08-30T00:00:00Z"),
      at("last-instant-the-day-before", "2022-08-30T23:59:59.999Z"),
    ];
    const { aggregates } = aggregateTransactions({
      asOf,
      transactions: {
        customerId: rows.map((r) => r.customer),
        orderId: rows.map((_, i) => `o${i}`),
        occurredAt: rows.map((r) => r.at),
        amount: rows.map(() => 1),
      },
    });
    expect(
      Object.fromEntries(aggregates.customerIds.map((id, i) => [id, aggregates.recencyDays[i]])),
    ).toEqual({
      "midnight-on-as-of-day": 0,
      "last-instant-of-as-of-day": 0,
      "midnight-the-day-before": 1,
      "last-instant-the-day-before": 1,
    });
  });

  it("in the store's zone: 23:30 in Toronto on the as-of day is recency 0, and the day ends at Toronto midnight", () => {
    const torontoAsOf = Date.parse("2024-03-11T04:00:00Z"); // 2024-03-11 00:00 EDT: as of 10 March
    const rows = [
      { customer: "late-evening", at: Date.parse("2024-03-10T23:30:00-04:00"), amount: 5 },
      { customer: "next-toronto-day", at: Date.parse("2024-03-11T00:30:00-04:00"), amount: 5 },
      { customer: "morning-before-the-change", at: Date.parse("2024-03-10T01:30:00-05:00"), amount: 5 },
      { customer: "the-day-before", at: Date.parse("2024-03-09T23:59:00-05:00"), amount: 5 },
    ];
    const transactions = {
      customerId: rows.map((r) => r.customer),
      orderId: rows.map((_, i) => `o${i}`),
      occurredAt: rows.map((r) => r.at),
      amount: rows.map((r) => r.amount),
    };
    const { aggregates, stats } = aggregateTransactions({
      asOf: torontoAsOf,
      timeZone: "America/Toronto",
      transactions,
    });
    expect(
      Object.fromEntries(aggregates.customerIds.map((id, i) => [id, aggregates.recencyDays[i]])),
    ).toEqual({
      "late-evening": 0,
      "morning-before-the-change": 0,
      "the-day-before": 1,
    });
    expect(stats.rowsOutsideWindow).toBe(1);
    expect(() => aggregateTransactions({ asOf, timeZone: "Mars/Olympus", transactions })).toThrowError(
      /Mars\/Olympus/,
    );
  });

  it("refuses an empty window, bad minor units and columns of different lengths", () => {
    expect(() => createAggregator({ asOf, window: { from: asOf } })).toThrowError(/window is empty/);
    expect(() => createAggregator({ asOf, minorUnits: 1.5 })).toThrowError(/minorUnits/);
    const aggregator = createAggregator({ asOf });
    expect(() =>
      aggregator.add({ customerId: ["a"], orderId: [], occurredAt: [1], amount: [1] }),
    ).toThrowError(expect.objectContaining({ code: "LENGTH_MISMATCH" }));
  });
});
