import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DATA_DIR } from "../modules/import/test-support";
import { detectDelimiter, detectEncoding, previewImport } from "./preview";

const NOW = Date.UTC(2026, 0, 1);
/** The first 64 KB of a fixture, as the admin sends it. */
const start = (file: string) => readFileSync(path.join(DATA_DIR, file)).subarray(0, 65_536);
const latin1 = (text: string) => Buffer.from(text, "latin1");

describe("previewImport", () => {
  it("reads the Mac Roman superstore file's start: encoding, header, M/d/yy suggested, rows rejected until it is chosen", async () => {
    const map = { occurred_at: "order_date", customer_id: "customer", amount: "grand_total" };
    const preview = await previewImport(start("superstore-orders-2011-2014.csv"), {
      kind: "transactions",
      columns: map,
      partial: true,
      now: NOW,
    });
    expect(preview).toMatchObject({
      format: "csv",
      encoding: "macintosh",
      delimiter: ",",
      header: ["order_date", "order_id", "customer", "grand_total"],
      problems: [],
      dates: { field: "occurred_at", column: "order_date", suggested: ["M/d/yy"] },
    });
    expect(
      preview.fields.filter((f) => f.column !== null).map((f) => [f.name, f.column, f.required]),
    ).toEqual([
      ["order_id", "order_id", true],
      ["customer_id", "customer", true],
      ["occurred_at", "order_date", true],
      ["amount", "grand_total", true],
    ]);
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]).toEqual({
      line: 2,
      values: null,
      reject: {
        column: "order_date",
        code: "BAD_DATE",
        reason: 'date "9/7/11" is not ISO 8601',
        hint: { option: "dateFormat", values: ["M/d/yy", "d/M/yy"] },
      },
      raw: "9/7/11,CA-2011-100006,Dennis Kane,378",
    });

    const chosen = await previewImport(start("superstore-orders-2011-2014.csv"), {
      kind: "transactions",
      columns: map,
      dateFormats: ["M/d/yy"],
      partial: true,
      now: NOW,
    });
    expect(chosen.rows).toHaveLength(20);
    expect(chosen.rows.every((r) => r.reject === null)).toBe(true);
    expect(chosen.rows.map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(chosen.rows[0]?.values).toMatchObject({
      order_id: "CA-2011-100006",
      customer_id: "Dennis Kane",
      occurred_at: "2011-09-07T00:00:00.000Z",
      amount: 378,
      channel: null,
    });
    // Line 4 of the file: `Neil Franz\x9Asisch` in Mac Roman.
    expect(chosen.rows[2]?.values?.customer_id).toBe("Neil Französisch");
  });

  it("suggests the pair of formats a file mixing 10/13/2010 and 10-01-2012 needs (superstore-canada)", async () => {
    const preview = await previewImport(start("superstore-canada.csv"), {
      kind: "transactions",
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer Name",
        amount: "Sales",
      },
      partial: true,
      now: NOW,
    });
    expect(preview.dates.suggested).toEqual(["M/d/yyyy,M-d-yyyy"]);
    expect(preview.encoding).toBe("latin1");
  });

  it("reads a semicolon Latin-1 file: the delimiter and encoding guessed, a bad amount's reason, names matched", async () => {
    const file = latin1(
      "Order_ID;Customer_ID;Occurred_At;Amount;City\r\n" +
        "A1;C1;2024-03-01;12,50;Montr\xe9al\r\n" +
        "A2;C2;2024-03-02;7.25;Qu\xe9bec\r\n",
    );
    const preview = await previewImport(file, { kind: "transactions", now: NOW });
    expect(preview).toMatchObject({ encoding: "latin1", delimiter: ";", problems: [] });
    expect(preview.fields.map((f) => f.column)).toEqual([
      "Order_ID",
      "Customer_ID",
      "Occurred_At",
      "Amount",
      null,
      null,
      null,
      "City",
      null,
      null,
      null,
    ]);
    expect(preview.rows).toEqual([
      {
        line: 2,
        values: null,
        reject: {
          column: "Amount",
          code: "BAD_AMOUNT",
          reason:
            'amount "12,50" is ambiguous: "," could be a thousands separator or a decimal comma; write it as 1234.56',
        },
        raw: "A1;C1;2024-03-01;12,50;Montréal",
      },
      {
        line: 3,
        values: {
          order_id: "A2",
          customer_id: "C2",
          occurred_at: "2024-03-02T00:00:00.000Z",
          amount: 7.25,
          channel: null,
          province: null,
          region: null,
          city: "Québec",
          name: null,
          email: null,
          currency: null,
        },
        reject: null,
        raw: null,
      },
    ]);
  });

  it("shows 20 rows of a longer file, and drops the cut last line of a partial sample", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `C${i + 1},Name ${i + 1}`);
    const text = `customer_id,name\n${lines.join("\n")}\nC31,Cut he`;
    const preview = await previewImport(Buffer.from(text), { kind: "customers", partial: true, now: NOW });
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[19]?.values).toMatchObject({ customer_id: "C20", name: "Name 20", created_at: null });
    expect(preview.dates).toEqual({ field: "created_at", column: null, suggested: [] });
  });

  it("reports a required field without a column as a problem naming the map option, with no rows", async () => {
    const preview = await previewImport(Buffer.from("id,when,total\n1,2024-01-01,3\n"), {
      kind: "transactions",
      now: NOW,
    });
    expect(preview.rows).toEqual([]);
    expect(preview.problems.map((p) => [p.code, p.hint])).toEqual([
      ["MISSING_COLUMN", { option: "map", field: "order_id", values: ["@auto"] }],
      ["MISSING_COLUMN", { option: "map", field: "customer_id", values: [] }],
      ["MISSING_COLUMN", { option: "map", field: "occurred_at", values: [] }],
      ["MISSING_COLUMN", { option: "map", field: "amount", values: [] }],
    ]);
    expect(preview.header).toEqual(["id", "when", "total"]);
  });

  it("reads the start of a gzip file, as far as the cut sample decompresses", async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `Z${i},2024-01-0${(i % 9) + 1},${i}.50`);
    const gz = gzipSync(`customer_id,created_at,name\n${lines.join("\n")}\n`);
    expect(gz.length).toBeGreaterThan(20_000);
    const preview = await previewImport(gz.subarray(0, 20_000), {
      kind: "customers",
      partial: true,
      now: NOW,
    });
    expect(preview.header).toEqual(["customer_id", "created_at", "name"]);
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]?.values).toMatchObject({
      customer_id: "Z0",
      created_at: "2024-01-01T00:00:00.000Z",
      name: "0.50",
    });
  });

  it("takes JSON lines when the file starts with {", async () => {
    const preview = await previewImport(Buffer.from('{"customer_id":"C1","created_at":"3/14/2021"}\n'), {
      kind: "customers",
      now: NOW,
    });
    expect(preview).toMatchObject({
      format: "jsonl",
      delimiter: null,
      header: ["customer_id", "created_at"],
    });
    expect(preview.dates.suggested).toEqual(["M/d/yyyy"]);
  });
});

describe("detectEncoding and detectDelimiter", () => {
  it.each([
    ["UTF-8", Buffer.from("city\nMontréal\n"), "utf-8"],
    ["Latin-1 é", latin1("city\nMontr\xe9al\n"), "latin1"],
    [
      "Mac Roman ö and ü",
      Buffer.from([
        0x46, 0x72, 0x61, 0x6e, 0x7a, 0x9a, 0x73, 0x69, 0x73, 0x63, 0x68, 0x2c, 0x42, 0x9f, 0x68, 0x6c,
      ]),
      "macintosh",
    ],
    ["ASCII", Buffer.from("a,b\n1,2\n"), "utf-8"],
  ] as const)("%s is %s", (_, bytes, encoding) => {
    expect(detectEncoding(bytes)).toBe(encoding);
  });

  it.each([
    ["a,b,c\n1,2,3\n", ","],
    ["a;b;c\n1;2,5;3\n", ";"],
    ["a\tb\n1\t2\n", "\t"],
    ["a|b\n1|2\n", "|"],
    ['name,note\n"Smith; John","a;b;c"\n', ","],
  ])("%j splits at %j", (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});
