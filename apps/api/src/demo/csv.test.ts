import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeDemoCsv } from "./csv";
import { generateDemo } from "./generate";

describe("demo CSV", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes every generated row and customer with our own headers", async () => {
    dir = mkdtempSync(join(tmpdir(), "rfm-demo-"));
    const transactionsPath = join(dir, "transactions.csv");
    const customersPath = join(dir, "customers.csv");
    const result = await writeDemoCsv({ customers: 300, seed: 7, transactionsPath, customersPath });

    let rows = 0;
    let first: string | null = null;
    for (const batch of generateDemo({ customers: 300, seed: 7 })) {
      first ??= `${batch.orderId[0]},${batch.customerId[0]},${new Date(batch.occurredAt[0]!).toISOString()},${batch.amount[0]!.toFixed(2)},${batch.channel[0]}`;
      rows += batch.customerId.length;
    }
    const lines = readFileSync(transactionsPath, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("order_id,customer_id,occurred_at,amount,channel");
    expect(lines[1]).toBe(first);
    expect(lines.length - 1).toBe(rows);
    expect(result).toEqual({ transactions: rows, customers: 300 });
    const customerLines = readFileSync(customersPath, "utf8").trimEnd().split("\n");
    expect(customerLines).toHaveLength(301);
    expect(customerLines[0]).toBe(
      "customer_id,name,email,province,region,city,created_at,phone,marketing_consent",
    );
    expect(customerLines.every((line) => line.split(",").length === 9)).toBe(true);
  });

  it("gives about 80% of customers marketing consent and most a North American phone, the same for a seed", () => {
    const consent = { yes: 0, no: 0, "": 0 } as Record<string, number>;
    let phones = 0;
    for (const batch of generateDemo({ customers: 5_000, seed: 42 })) {
      for (const c of batch.customers) {
        consent[c.marketingConsent] = (consent[c.marketingConsent] ?? 0) + 1;
        if (c.phone !== "") {
          phones++;
          // 10 digits after an optional leading 1: area code, 555, 01xx.
          expect(c.phone.replace(/\D/g, "").replace(/^1/, "")).toMatch(/^[2-9]\d{2}55501\d{2}$/);
        }
      }
    }
    expect(Object.keys(consent).sort()).toEqual(["", "no", "yes"]);
    expect(consent.yes! / 5_000).toBeGreaterThan(0.77);
    expect(consent.yes! / 5_000).toBeLessThan(0.83);
    expect(phones / 5_000).toBeGreaterThan(0.9);
  });

  it("the same seed gives the same file", async () => {
    dir = mkdtempSync(join(tmpdir(), "rfm-demo-"));
    await writeDemoCsv({ customers: 100, seed: 3, transactionsPath: join(dir, "a.csv") });
    await writeDemoCsv({ customers: 100, seed: 3, transactionsPath: join(dir, "b.csv") });
    expect(readFileSync(join(dir, "a.csv"), "utf8")).toBe(readFileSync(join(dir, "b.csv"), "utf8"));
  });
});

describe("ISO times in the demo CSV", () => {
  it("match Date#toISOString for every row", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rfm-demo-"));
    try {
      await writeDemoCsv({ customers: 50, seed: 5, transactionsPath: join(dir, "t.csv") });
      const times = readFileSync(join(dir, "t.csv"), "utf8")
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[2]!);
      for (const t of times) expect(new Date(t).toISOString()).toBe(t);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
