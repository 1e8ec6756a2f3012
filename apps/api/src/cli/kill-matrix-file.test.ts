import { describe, expect, it } from "vitest";
import { type KillFileRow, killFileCsv, killFileRows, killFileState } from "./kill-matrix-file";

const row = (orderId: string, customerId: string, cents: number, name = ""): KillFileRow => ({
  orderId,
  customerId,
  day: "2024-02-29",
  cents,
  name,
  email: "",
  city: "",
});

describe("the kill matrix's file", () => {
  const rows = killFileRows({ seed: 14, orders: 300, customers: 80 });

  it("is the same for the same seed and differs for another", () => {
    expect(killFileRows({ seed: 14, orders: 300, customers: 80 })).toEqual(rows);
    expect(killFileRows({ seed: 15, orders: 300, customers: 80 })).not.toEqual(rows);
  });

  it("has multi-line orders, some with lines apart, repeated customers and refunds; each order one customer, one day and one set of details", () => {
    const orders = new Map<string, KillFileRow[]>();
    for (const r of rows) orders.set(r.orderId, [...(orders.get(r.orderId) ?? []), r]);
    expect(orders.size).toBe(300);
    for (const lines of orders.values()) {
      const [first] = lines;
      for (const l of lines) {
        expect([l.customerId, l.day, l.name, l.email, l.city]).toEqual([
          first!.customerId,
          first!.day,
          first!.name,
          first!.email,
          first!.city,
        ]);
        expect(l.day >= "2023-01-01" && l.day <= "2024-12-31").toBe(true);
      }
      if (first!.cents < 0) expect(lines).toHaveLength(1);
    }
    const sizes = [...orders.values()].map((lines) => lines.length);
    expect(Math.max(...sizes)).toBe(4);
    expect([...orders.values()].some((lines) => lines[0]!.cents < 0)).toBe(true);
    const orderIds = rows.map((r) => r.orderId);
    // Some order's lines are not next to each other.
    const separated = [...orders.keys()].some((id) => {
      const at = orderIds.flatMap((o, i) => (o === id ? [i] : []));
      return at[at.length - 1]! - at[0]! >= at.length;
    });
    expect(separated).toBe(true);
    expect(new Set(rows.map((r) => r.customerId)).size).toBeLessThan(orders.size);
  });

  it("writes two-decimal amounts and quotes names with a comma", () => {
    const text = killFileCsv([row("O1", "C1", -1234, "Doe, Client 1"), row("O2", "C2", 5)]);
    expect(text).toBe(
      "order_id,customer_id,occurred_at,amount,name,email,city\n" +
        'O1,C1,2024-02-29,-12.34,"Doe, Client 1",,\n' +
        "O2,C2,2024-02-29,0.05,,,\n",
    );
  });

  it("reckons a prefix: an order holds the lines seen so far; a customer's detail is the first one given", () => {
    const file = [
      row("O1", "C1", 100),
      row("O2", "C2", 250, "Bo"),
      row("O1", "C1", 50, "Al"),
      row("O3", "C1", -75),
    ];
    expect(killFileState(file, 2)).toEqual({
      orders: [
        ["O1", "C1", 100, 1],
        ["O2", "C2", 250, 1],
      ],
      customers: [
        ["C1", null, null, null],
        ["C2", "Bo", null, null],
      ],
      cents: 350,
      lines: 2,
    });
    expect(killFileState(file)).toMatchObject({
      orders: [
        ["O1", "C1", 150, 2],
        ["O2", "C2", 250, 1],
        ["O3", "C1", -75, 1],
      ],
      customers: [
        ["C1", "Al", null, null],
        ["C2", "Bo", null, null],
      ],
      cents: 325,
      lines: 4,
    });
    expect(killFileState(file, 0)).toEqual({ orders: [], customers: [], cents: 0, lines: 0 });
  });
});
