import { DAY_MS } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { parseCustomers } from "./parse";
import { chunks, collectCustomers, HEADER, importError, parse } from "./test-helpers";
import { MAX_ID_CHARS, MAX_TEXT_CHARS } from "./types";

const NOW = Date.parse("2026-12-06T12:00:00Z");

describe("parseTransactions: values that may not be stored", () => {
  it("a NUL in an id or a name, a control character in a name, and over-long ids and names are rejects naming line, column and reason", async () => {
    const long = "x".repeat(MAX_ID_CHARS + 1);
    const text =
      `${HEADER},name\n` +
      "A\u0000,C,2022-01-01,1,Ann\n" +
      "B,C\u0000D,2022-01-01,1,Ann\n" +
      "C,C,2022-01-01,1,An\u0000n\n" +
      "D,C,2022-01-01,1,An\u0007n\n" +
      `${long},C,2022-01-01,1,Ann\n` +
      `F,C,2022-01-01,1,${"n".repeat(MAX_TEXT_CHARS + 1)}\n` +
      `G,${"c".repeat(MAX_ID_CHARS)},2022-01-01,1,"tab\there, line\nbreak"\n`;
    const out = await parse(text, { now: NOW }, 5);
    expect(out.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, "order_id", "BAD_TEXT"],
      [3, "customer_id", "BAD_TEXT"],
      [4, "name", "BAD_TEXT"],
      [5, "name", "BAD_TEXT"],
      [6, "order_id", "TOO_LONG"],
      [7, "name", "TOO_LONG"],
    ]);
    expect(out.rejects[0]?.reason).toBe(
      "order_id holds the control character U+0000 (NUL) at character 2: ids may hold no control characters",
    );
    expect(out.rejects[4]?.reason).toBe("order_id is 257 characters long; the most an id may have is 256");
    expect(out.rows.map((r) => [r.orderId, r.name])).toEqual([["G", "tab\there, line\nbreak"]]);
  });

  it("a JSON line's \\u0000 escape is a NUL like any other", async () => {
    const out = await parse(
      '{"order_id":"A","customer_id":"C\\u0000","occurred_at":"2022-01-01","amount":1}\n',
      { format: "jsonl", now: NOW },
    );
    expect(out.rejects.map((r) => [r.line, r.column, r.code])).toEqual([[1, "customer_id", "BAD_TEXT"]]);
  });

  it("customers: a NUL in a city and a 257-character id are rejects", async () => {
    const text = `customer_id,city\nC1,Ro\u0000me\n${"c".repeat(257)},Rome\nC3,Rome\n`;
    const out = await collectCustomers(parseCustomers(chunks(text), { now: NOW }));
    expect(out.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, "city", "BAD_TEXT"],
      [3, "customer_id", "TOO_LONG"],
    ]);
    expect(out.rows.map((r) => r.customerId)).toEqual(["C3"]);
  });
});

describe("parseTransactions: amounts of more than two decimals", () => {
  const text = `${HEADER}\nA,C,2022-01-01,1.234\nB,C,2022-01-01,10.005\nC,C,2022-01-01,0.004\nD,C,2022-01-01,10.500\n`;

  it("are BAD_AMOUNT rejects by default; trailing zeros are exact", async () => {
    const out = await parse(text, { now: NOW });
    expect(out.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, "amount", "BAD_AMOUNT"],
      [3, "amount", "BAD_AMOUNT"],
      [4, "amount", "BAD_AMOUNT"],
    ]);
    expect(out.rejects[1]?.reason).toMatch(/^amount "10.005" has more than two decimals/);
    expect(out.rows.map((r) => r.amount)).toEqual([10.5]);
  });

  it.each([
    ["half-even", [1.23, 10, 0, 10.5]],
    ["half-up", [1.23, 10.01, 0, 10.5]],
  ] as const)("are rounded %s when asked", async (roundAmounts, amounts) => {
    const out = await parse(text, { now: NOW, roundAmounts });
    expect(out.rejects).toEqual([]);
    expect(out.rows.map((r) => r.amount)).toEqual(amounts);
  });

  it("an unknown rounding is a BAD_OPTION", async () => {
    const error = await importError(() => parse(text, { roundAmounts: "up" as never }));
    expect([error.code, error.message]).toEqual([
      "BAD_OPTION",
      'amount rounding "up" is not half-even or half-up',
    ]);
  });
});

describe("parseTransactions: dates out of range", () => {
  it("after now plus the tolerance, or before the floor, is DATE_OUT_OF_RANGE naming the value and the bound; the bounds themselves are in", async () => {
    const text =
      `${HEADER}\n` +
      "A,C,9999-12-31,1\n" +
      "B,C,2099-01-01,1\n" +
      "C,C,0001-01-01,1\n" +
      "D,C,1899-12-31T23:59:59Z,1\n" +
      "E,C,1900-01-01,1\n" +
      "F,C,2026-12-07T12:00:00Z,1\n" +
      "G,C,2026-12-07T12:00:01Z,1\n" +
      "H,C,2024-02-30,1\n";
    const out = await parse(text, { now: NOW });
    expect(out.rejects.map((r) => [r.line, r.column, r.code, r.reason])).toEqual([
      [
        2,
        "occurred_at",
        "DATE_OUT_OF_RANGE",
        'date "9999-12-31" is in the future: after 2026-12-07T12:00:00Z (now plus 1 day)',
      ],
      [3, "occurred_at", "DATE_OUT_OF_RANGE", expect.stringContaining('"2099-01-01" is in the future')],
      [
        4,
        "occurred_at",
        "DATE_OUT_OF_RANGE",
        'date "0001-01-01" is before 1900-01-01 (the earliest date accepted)',
      ],
      [5, "occurred_at", "DATE_OUT_OF_RANGE", expect.stringContaining("before 1900-01-01")],
      [8, "occurred_at", "DATE_OUT_OF_RANGE", expect.stringContaining("after 2026-12-07T12:00:00Z")],
      [9, "occurred_at", "BAD_DATE", 'date "2024-02-30" is not a calendar date'],
    ]);
    expect(out.rows.map((r) => r.orderId)).toEqual(["E", "F"]);
  });

  it("the tolerance and the floor are options", async () => {
    const text = `${HEADER}\nA,C,2026-12-10,1\nB,C,1950-01-01,1\n`;
    const out = await parse(text, { now: NOW, futureToleranceDays: 5, minDate: "1960-01-01" });
    expect(out.rejects.map((r) => [r.line, r.code])).toEqual([[3, "DATE_OUT_OF_RANGE"]]);
    const strict = await parse(text, { now: NOW + 10 * DAY_MS, futureToleranceDays: 0 });
    expect(strict.rejects).toEqual([]);
  });

  it("a bad tolerance or floor is a BAD_OPTION", async () => {
    const error = await importError(() => parse(`${HEADER}\n`, { futureToleranceDays: -1, minDate: "1900" }));
    expect(error.problems.map((p) => p.code)).toEqual(["BAD_OPTION"]);
    expect(error.message).toContain("-1");
  });
});
