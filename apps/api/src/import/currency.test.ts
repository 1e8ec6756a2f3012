import { describe, expect, it } from "vitest";
import { parseTransactions } from "./parse";
import { chunks, HEADER } from "./test-helpers";
import type { ParseOptions, Reject } from "./types";

const NOW = Date.parse("2026-12-06T12:00:00Z");

/** Order ids and currencies of the accepted rows, and the rejects. */
async function parse(text: string, options: ParseOptions) {
  const rows: { orderId: string; currency: string | null }[] = [];
  const rejects: Reject[] = [];
  for await (const batch of parseTransactions(chunks(text, 5), options)) {
    for (let i = 0; i < batch.size; i++)
      rows.push({ orderId: batch.orderId[i]!, currency: batch.currency[i]! });
    rejects.push(...batch.rejects);
  }
  return { rows, rejects };
}

describe("parseTransactions: the currency column", () => {
  it("takes ISO 4217 codes in any case and spacing, stores them upper-case, and leaves an empty one null", async () => {
    const text =
      `${HEADER},currency\n` +
      "A,C,2024-01-01,1,EUR\n" +
      "B,C,2024-01-01,2,eur\n" +
      "C,C,2024-01-01,3, Jpy \n" +
      "D,C,2024-01-01,4,\n";
    const out = await parse(text, { now: NOW });
    expect(out.rejects).toEqual([]);
    expect(out.rows.map((r) => [r.orderId, r.currency])).toEqual([
      ["A", "EUR"],
      ["B", "EUR"],
      ["C", "JPY"],
      ["D", null],
    ]);
  });

  it("rejects a code that is not ISO 4217 with line, column and reason UNKNOWN_CURRENCY, and goes on", async () => {
    const text =
      "order_id,customer_id,occurred_at,amount,Devise\n" +
      "A,C,2024-01-01,1,XYZ\n" +
      "B,C,2024-01-01,2,euro\n" +
      "C,C,2024-01-01,3,€\n" +
      "D,C,2024-01-01,4,GBP\n";
    const out = await parse(text, { now: NOW, columns: { currency: "Devise" } });
    expect(out.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, "Devise", "UNKNOWN_CURRENCY"],
      [3, "Devise", "UNKNOWN_CURRENCY"],
      [4, "Devise", "UNKNOWN_CURRENCY"],
    ]);
    expect(out.rejects[0]?.reason).toBe(
      'currency "XYZ" is not an ISO 4217 code (three letters, e.g. EUR, USD, JPY)',
    );
    expect(out.rows.map((r) => [r.orderId, r.currency])).toEqual([["D", "GBP"]]);
  });

  it("files without the column give null currencies (the store's)", async () => {
    const out = await parse(`${HEADER}\nA,C,2024-01-01,1\n`, { now: NOW });
    expect(out.rows.map((r) => r.currency)).toEqual([null]);
  });
});
