import { describe, expect, it } from "vitest";
import { aggregateTransactions } from "./aggregate";
import { createIndexedAggregator } from "./indexed";

const day = (iso: string): number => Date.parse(`${iso}T12:00:00Z`);
const asOf = Date.parse("2022-09-01T00:00:00Z");

describe("indexed aggregation (whole orders keyed by customer index)", () => {
  it("gives the same aggregates as the string-keyed aggregator in orders mode", () => {
    const customer = [2, 0, 2, 5, 0, 2];
    const occurredAt = [
      "2022-08-31",
      "2022-06-01",
      "2022-07-01",
      "2022-08-01",
      "2022-08-20",
      "2022-05-01",
    ].map(day);
    const amountMinor = [1050, 2000, -300, 0, 1, 999];
    const indexed = createIndexedAggregator({
      asOf,
      customerCapacity: 6,
      window: { from: Date.parse("2022-06-01T00:00:00Z") },
    });
    indexed.add({
      customer: customer.slice(0, 3),
      occurredAt: occurredAt.slice(0, 3),
      amountMinor: amountMinor.slice(0, 3),
    });
    indexed.add({
      customer: customer.slice(3),
      occurredAt: occurredAt.slice(3),
      amountMinor: amountMinor.slice(3),
    });
    const { aggregates, stats } = indexed.finish();

    const reference = aggregateTransactions({
      asOf,
      rows: "orders",
      window: { from: Date.parse("2022-06-01T00:00:00Z") },
      transactions: {
        customerId: customer.map(String),
        orderId: customer.map((_, i) => `o${i}`),
        occurredAt,
        amount: amountMinor.map((c) => c / 100),
      },
    });
    const byId = new Map(reference.aggregates.customerIds.map((id, i) => [Number(id), i]));
    expect(Array.from(aggregates.customerIndex)).toEqual([0, 2]);
    for (let k = 0; k < aggregates.length; k++) {
      const i = byId.get(aggregates.customerIndex[k]!)!;
      expect(aggregates.recencyDays[k]).toBe(reference.aggregates.recencyDays[i]);
      expect(aggregates.frequency[k]).toBe(reference.aggregates.frequency[i]);
      expect(aggregates.monetary[k]).toBe(reference.aggregates.monetary[i]);
    }
    expect(aggregates.monetary[1]).toBe(7.5);
    expect(stats).toEqual({
      rows: 6,
      rowsOutsideWindow: 1,
      orders: 5,
      nonPurchaseOrders: 2,
      customersWithoutPurchases: 1,
    });
  });

  it("refuses a customer index beyond the capacity", () => {
    const aggregator = createIndexedAggregator({ asOf, customerCapacity: 2 });
    expect(() =>
      aggregator.add({ customer: [2], occurredAt: [day("2022-08-01")], amountMinor: [1] }),
    ).toThrowError("customer index 2 is outside 0..1");
  });
});
