import { describe, expect, it } from "vitest";
import { formatFromPath, parseCustomers } from "./parse";
import { chunks, collectCustomers, HEADER, importError, parse } from "./test-helpers";
import type { ParseOptions } from "./types";

describe("parseTransactions: derived order ids (--map order_id=@auto)", () => {
  const options: ParseOptions = { columns: { order_id: "@auto" } };
  const file = [
    "customer_id,occurred_at,amount",
    "C1,2022-01-01,10",
    "C1,2022-01-01,10.00",
    "C2,2022-01-01T10:30:00Z,$5",
    "C1,2022-01-02,10",
  ];

  it("are customer|date|amount|n, n counting identical purchases in the file", async () => {
    const out = await parse(`${file.join("\n")}\n`, options);
    expect(out.rows.map((r) => r.orderId)).toEqual([
      "C1|2022-01-01|10|1",
      "C1|2022-01-01|10|2",
      "C2|2022-01-01T10:30:00.000Z|5|1",
      "C1|2022-01-02|10|1",
    ]);
  });

  it("are the same when the file is re-imported with its rows reordered or more rows appended", async () => {
    const ids = async (lines: string[]) =>
      new Set((await parse(`${lines.join("\n")}\n`, options)).rows.map((r) => r.orderId));
    const original = await ids(file);
    expect(await ids([file[0] as string, ...file.slice(1).reverse()])).toEqual(original);
    const grown = await ids([...file, "C1,2022-01-01,10", "C3,2022-01-03,1"]);
    expect([...original].every((id) => grown.has(id))).toBe(true);
    expect(grown.size).toBe(original.size + 2);
  });

  it("name date-only purchases by their calendar day in any store zone", async () => {
    const out = await parse(`${file.join("\n")}\n`, { ...options, timeZone: "Asia/Tokyo" });
    expect(out.rows.map((r) => r.orderId)).toEqual([
      "C1|2022-01-01|10|1",
      "C1|2022-01-01|10|2",
      "C2|2022-01-01T10:30:00.000Z|5|1",
      "C1|2022-01-02|10|1",
    ]);
    // Stored as the first instant of that day in Tokyo.
    expect(out.rows[0]!.occurredAt).toBe("2021-12-31T15:00:00.000Z");
  });

  it("refuses an unknown zone as a bad option, naming it", async () => {
    const error = await importError(() =>
      parse(`${file.join("\n")}\n`, { ...options, timeZone: "Mars/Olympus" }),
    );
    expect(error.problems).toEqual([
      expect.objectContaining({ code: "BAD_OPTION", message: expect.stringMatching(/Mars\/Olympus/) }),
    ]);
  });
});

describe("parseTransactions: JSON lines", () => {
  it("reads one object per line, keys as column names, numbers as text or amounts", async () => {
    const text = [
      '{"Order":"A","customer_id":17,"occurred_at":"2022-01-01","Total":12.5}',
      "",
      '{"Order":"B","customer_id":"C2","occurred_at":"2022-01-02","Total":"1,234.50","name":null}',
      "{not json",
      "[1,2]",
      '{"Order":"D","customer_id":{"id":1},"occurred_at":"2022-01-02","Total":1}',
      '{"order":"E","CUSTOMER_ID":"C5","occurred_at":"2022-01-05","total":5}',
    ].join("\n");
    const out = await parse(text, { format: "jsonl", columns: { order_id: "Order", amount: "Total" } });
    expect(out.rows.map((r) => [r.line, r.orderId, r.customerId, r.amount, r.name])).toEqual([
      [1, "A", "17", 12.5, null],
      [3, "B", "C2", 1234.5, null],
      [7, "E", "C5", 5, null],
    ]);
    expect(out.rejects.map((r) => [r.line, r.code, r.column])).toEqual([
      [4, "BAD_JSON", null],
      [5, "BAD_JSON", null],
      [6, "BAD_VALUE", "customer_id"],
    ]);
    expect(out.rejects[0]?.reason).toMatch(/^not valid JSON: /);
    expect(out.rejects[1]?.reason).toBe("not a JSON object but an array");
    expect(out.rowsRead).toBe(6);
  });

  it("takes the first good object's keys as the header, rejecting bad lines before it", async () => {
    const out = await parse(
      `oops\n${JSON.stringify({ order_id: "A", customer_id: "C", occurred_at: "2022-01-01", amount: 1 })}\n`,
      {
        format: "jsonl",
      },
    );
    expect(out.rows.map((r) => r.orderId)).toEqual(["A"]);
    expect(out.rejects.map((r) => [r.line, r.code, r.raw])).toEqual([[1, "BAD_JSON", "oops"]]);
  });

  it("checks --map against the first object's keys before reading further", async () => {
    const error = await importError(() =>
      parse('{"a":1}\n', { format: "jsonl", columns: { amount: "Total" } }),
    );
    expect(error.message).toContain('the first JSON object has no column "Total"; its columns are "a"');
  });
});

describe("parseCustomers", () => {
  it("reads customers with an optional created_at and rejects rows without an id", async () => {
    const out = await collectCustomers(
      parseCustomers(
        chunks("Customer,Name,created_at,Province\nC1,Ann,2020-05-01,ON\n,Bob,,\nC3,,,\nC4,,5/1/2020,\n"),
        {
          columns: { customer_id: "Customer" },
        },
      ),
    );
    expect(out.rows).toEqual([
      {
        line: 2,
        customerId: "C1",
        name: "Ann",
        email: null,
        province: "ON",
        region: null,
        city: null,
        createdAt: "2020-05-01T00:00:00.000Z",
      },
      {
        line: 4,
        customerId: "C3",
        name: null,
        email: null,
        province: null,
        region: null,
        city: null,
        createdAt: null,
      },
    ]);
    expect(out.rejects.map((r) => [r.line, r.code, r.column])).toEqual([
      [3, "MISSING_FIELD", "Customer"],
      [5, "BAD_DATE", "created_at"],
    ]);
  });
});

describe("options", () => {
  it.each<[ParseOptions, string]>([
    [{ delimiter: "ab" }, 'delimiter "ab" is not one character'],
    [{ delimiter: '"' }, "is not one character"],
    [{ batchSize: 0 }, "batch size 0 is not a positive integer"],
    [{ encoding: "utf-16" as never }, 'encoding "utf-16" is not utf-8, latin1 or macintosh'],
    [{ format: "xml" as never }, 'format "xml" is not csv or jsonl'],
    [{ dateFormats: ["YYYY-MM-dd"] }, 'date format "YYYY-MM-dd" is not a date-fns format'],
  ])("refuses %j before reading", async (options, message) => {
    const error = await importError(() => parse(`${HEADER}\n`, options));
    expect(error.code).toBe("BAD_OPTION");
    expect(error.message).toContain(message);
  });

  it.each([
    ["orders.csv", "csv"],
    ["orders.txt", "csv"],
    ["orders.jsonl", "jsonl"],
    ["orders.NDJSON", "jsonl"],
  ])("format of %s is %s", (file, format) => {
    expect(formatFromPath(file)).toBe(format);
  });
});
