import { describe, expect, it } from "vitest";
import { formatFromPath, parseCustomers, parseTransactions } from "./parse";
import { chunks, collectCustomers, collectTransactions } from "./test-helpers";
import { ImportError, type ParseOptions } from "./types";

const parse = (text: string | Uint8Array, options: ParseOptions = {}, size = 7) =>
  collectTransactions(parseTransactions(chunks(text, size), options));

async function importError(run: () => Promise<unknown>): Promise<ImportError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error("expected an ImportError");
}

const HEADER = "order_id,customer_id,occurred_at,amount";

describe("parseTransactions: our headers", () => {
  it("reads rows column by column: trimmed text, UTC epoch ms, numbers, the source line", async () => {
    const out = await parse(
      `${HEADER},email\nA1, C1 ,2022-06-01,12.50,c1@example.com\nA2,C2,2022-06-01T10:00:00+02:00,-3,\n`,
    );
    expect(out.rows).toEqual([
      {
        line: 2,
        orderId: "A1",
        customerId: "C1",
        occurredAt: "2022-06-01T00:00:00.000Z",
        amount: 12.5,
        channel: null,
        province: null,
        region: null,
        city: null,
        name: null,
        email: "c1@example.com",
      },
      {
        line: 3,
        orderId: "A2",
        customerId: "C2",
        occurredAt: "2022-06-01T08:00:00.000Z",
        amount: -3,
        channel: null,
        province: null,
        region: null,
        city: null,
        name: null,
        email: null,
      },
    ]);
    expect(out.rejects).toEqual([]);
    expect(out.rowsRead).toBe(2);
  });

  it("matches header names case-insensitively and ignoring surrounding spaces", async () => {
    const out = await parse(
      " Order_ID ,CUSTOMER_ID, Occurred_At ,Amount , Province\nA1,C1,2022-06-01,1,Ontario\n",
    );
    expect(out.rows[0]).toMatchObject({ orderId: "A1", customerId: "C1", amount: 1, province: "Ontario" });
  });

  it("takes the optional fields from their own columns and leaves missing ones null", async () => {
    const out = await parse(
      `${HEADER},channel,province,region,city,name,email\nA,C,2022-01-01,1,web,ON,East,Ottawa,Ann,a@b.c\nB,C,2022-01-01,1,,,,,,\n`,
    );
    expect(
      out.rows.map(({ channel, province, region, city, name, email }) => [
        channel,
        province,
        region,
        city,
        name,
        email,
      ]),
    ).toEqual([
      ["web", "ON", "East", "Ottawa", "Ann", "a@b.c"],
      [null, null, null, null, null, null],
    ]);
  });
});

describe("parseTransactions: --map", () => {
  const file =
    "Order ID,Order Date,Customer Name,Province,Region,Sales\n7,2012-10-01,Barry French,Nunavut,Nunavut,244.57\n";

  it("names the file's columns for our fields", async () => {
    const out = await parse(file, {
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer Name",
        amount: "sales",
      },
    });
    expect(out.rows[0]).toMatchObject({
      orderId: "7",
      customerId: "Barry French",
      occurredAt: "2012-10-01T00:00:00.000Z",
      amount: 244.57,
      province: "Nunavut",
      region: "Nunavut",
    });
  });

  it("may use one column for two fields", async () => {
    const out = await parse(file, {
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer Name",
        name: "Customer Name",
        amount: "Sales",
      },
    });
    expect(out.rows[0]).toMatchObject({ customerId: "Barry French", name: "Barry French" });
  });

  it("refuses a map to a column the header lacks before reading any row, listing the header", async () => {
    let chunksRead = 0;
    async function* input() {
      chunksRead++;
      yield new TextEncoder().encode("Order ID,Order Date,Customer Name,Sales\n");
      chunksRead++;
      throw new Error("rows were read");
    }
    const error = await importError(() =>
      collectTransactions(
        parseTransactions(input(), {
          columns: {
            order_id: "Order ID",
            occurred_at: "Order Date",
            customer_id: "Customer Nme",
            amount: "Sales",
          },
        }),
      ),
    );
    expect(chunksRead).toBe(1);
    expect(error.code).toBe("UNKNOWN_COLUMN");
    expect(error.message).toBe(
      '--map customer_id=Customer Nme: the header has no column "Customer Nme"; its columns are "Order ID", "Order Date", "Customer Name", "Sales"',
    );
  });

  it("refuses a map to a field we do not have, listing our fields", async () => {
    const error = await importError(() => parse(`${HEADER}\n`, { columns: { sku: "Product" } }));
    expect(error.code).toBe("UNKNOWN_FIELD");
    expect(error.message).toContain(
      '"sku" is not a field of transactions; the fields are order_id, customer_id, occurred_at, amount, channel',
    );
  });

  it("reports every problem of the header at once", async () => {
    const error = await importError(() =>
      parse("Order ID,Sales\n1,2\n", { columns: { order_id: "Order ID", amount: "Total" } }),
    );
    expect(error.problems.map((p) => p.code)).toEqual(["UNKNOWN_COLUMN", "MISSING_COLUMN", "MISSING_COLUMN"]);
    expect(error.problems[1]?.message).toBe(
      'the header has no column for customer_id; its columns are "Order ID", "Sales"; name one with --map customer_id=COLUMN',
    );
  });

  it("suggests @auto when there is no order id column", async () => {
    const error = await importError(() => parse("customer_id,occurred_at,amount\n"));
    expect(error.message).toContain("--map order_id=@auto to derive ids");
  });

  it("refuses @auto for any field but order_id", async () => {
    const error = await importError(() => parse(`${HEADER}\n`, { columns: { customer_id: "@auto" } }));
    expect(error.code).toBe("BAD_OPTION");
  });

  it("refuses a used column that appears twice in the header", async () => {
    const error = await importError(() => parse("order_id,customer_id,occurred_at,amount,Amount\n"));
    expect(error.code).toBe("DUPLICATE_COLUMN");
    expect(error.message).toBe('column "amount" (for amount) appears 2 times in the header');
  });
});

describe("parseTransactions: rejects", () => {
  it("reports each bad row with line, column, code, reason and raw text, and keeps the good rows", async () => {
    const text = [
      `${HEADER},email`,
      "A1,C1,2022-06-01,10,",
      "A2,,2022-06-01,10,",
      "A3,C3,10/13/2010,10,",
      "A4,C4,2022-06-01,12;50,",
      "A5,C5,2022-06-01",
      '"A6"x,C6,2022-06-01,1,',
      "A7,C7,2022-06-01,$7.00,",
      "A8,C8,2022-06-01,1,2,3",
      "A9,C9,2022-06-01,1,a@b.c",
    ].join("\n");
    const out = await parse(text);
    expect(out.rows.map((r) => [r.line, r.orderId])).toEqual([
      [2, "A1"],
      [8, "A7"],
      [10, "A9"],
    ]);
    expect(out.rejects).toEqual([
      {
        line: 3,
        column: "customer_id",
        code: "MISSING_FIELD",
        reason: 'customer_id is empty (column "customer_id")',
        raw: "A2,,2022-06-01,10,",
      },
      {
        line: 4,
        column: "occurred_at",
        code: "BAD_DATE",
        reason: 'date "10/13/2010" is not ISO 8601; pass --date-format (e.g. M/d/yyyy)',
        raw: "A3,C3,10/13/2010,10,",
      },
      {
        line: 5,
        column: "amount",
        code: "BAD_AMOUNT",
        reason: 'amount "12;50" is not a number (accepted forms: 1234.56, -12.5, 1,234.56, $12.00)',
        raw: "A4,C4,2022-06-01,12;50,",
      },
      {
        line: 6,
        column: null,
        code: "COLUMN_COUNT",
        reason: "3 columns where the header has 5",
        raw: "A5,C5,2022-06-01",
      },
      {
        line: 7,
        column: null,
        code: "BAD_QUOTES",
        reason: "column 1 has text after its closing quote",
        raw: '"A6"x,C6,2022-06-01,1,',
      },
      {
        line: 9,
        column: null,
        code: "COLUMN_COUNT",
        reason: "6 columns where the header has 5",
        raw: "A8,C8,2022-06-01,1,2,3",
      },
    ]);
    expect(out.rowsRead).toBe(9);
  });

  it("rejects a date two formats read differently as ambiguous, and takes one they agree on", async () => {
    const out = await parse(`${HEADER}\nA,C,03/04/2011,1\nB,C,13/04/2011,1\nD,C,04/04/2011,1\n`, {
      dateFormats: ["d/M/yyyy", "M/d/yyyy"],
    });
    expect(out.rejects).toEqual([
      {
        line: 2,
        column: "occurred_at",
        code: "AMBIGUOUS_DATE",
        reason:
          'date "03/04/2011" is ambiguous: d/M/yyyy reads 2011-04-03T00:00:00Z, M/d/yyyy reads 2011-03-04T00:00:00Z',
        raw: "A,C,03/04/2011,1",
      },
    ]);
    expect(out.rows.map((r) => [r.orderId, r.occurredAt])).toEqual([
      ["B", "2011-04-13T00:00:00.000Z"],
      ["D", "2011-04-04T00:00:00.000Z"],
    ]);
  });

  it("checks the fields in order and reports the first problem of a row", async () => {
    const out = await parse(`${HEADER}\n,,bad,bad\n`);
    expect(out.rejects.map((r) => r.column)).toEqual(["order_id"]);
  });

  it("counts physical lines: blank lines and line breaks inside quotes move the line numbers", async () => {
    const out = await parse(`${HEADER},name\n\nA,C,2022-01-01,1,"two\nlines"\n\n\nB,,2022-01-01,1,x\n`);
    expect(out.rows.map((r) => [r.line, r.name])).toEqual([[3, "two\nlines"]]);
    expect(out.rejects.map((r) => r.line)).toEqual([7]);
  });

  it("skips blank lines and rows of nothing but delimiters without counting them", async () => {
    const out = await parse(`${HEADER}\n\n  \n,,,\n , , ,\nA,C,2022-01-01,1\n,,\n`);
    expect(out.rows).toHaveLength(1);
    expect(out.rejects).toEqual([]);
    expect(out.rowsRead).toBe(1);
  });
});

describe("parseTransactions: bytes", () => {
  const lines = [
    `${HEADER},name`,
    'A,C,2022-01-01,1,"Dupont, ""Zoë"""',
    "B,C,2022-01-02,2,",
    'C,C,2022-01-03,3,"a',
    'b"',
  ];

  it("gives identical results for LF, CRLF and old-Mac CR line endings, at any chunk size", async () => {
    const results = [];
    for (const eol of ["\n", "\r\n", "\r"]) {
      for (const size of [1, 3, 64 * 1024]) {
        const out = await parse(lines.join(eol) + eol, {}, size);
        results.push({ rows: out.rows, rejects: out.rejects, rowsRead: out.rowsRead });
      }
    }
    expect(results[0]?.rows.map((r) => r.name)).toEqual(['Dupont, "Zoë"', null, "a\nb"]);
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it("drops a UTF-8 byte order mark, from bytes or from text", async () => {
    const withBom = `\uFEFF${HEADER}\nA,C,2022-01-01,1\n`;
    for (const out of [
      await parse(withBom, {}, 1),
      await collectTransactions(
        parseTransactions(
          (async function* () {
            yield withBom;
          })(),
        ),
      ),
    ]) {
      expect(out.rows.map((r) => r.orderId)).toEqual(["A"]);
    }
  });

  it("decodes Latin-1 (as Windows-1252) and Mac Roman", async () => {
    const latin1 = Uint8Array.from([
      ...Buffer.from(`${HEADER},name\nA,C,2022-01-01,1,Z`),
      0xf6,
      0xe9,
      0x99,
      0x0a,
    ]);
    expect((await parse(latin1, { encoding: "latin1" }, 3)).rows[0]?.name).toBe("Zöé™");
    const mac = Uint8Array.from([...Buffer.from(`${HEADER},name\rA,C,2022-01-01,1,Franz`), 0x9a, 0x73, 0x0d]);
    expect((await parse(mac, { encoding: "macintosh" }, 3)).rows[0]?.name).toBe("Französ");
  });

  it("rejects a row whose used value has bytes that are not UTF-8, naming --encoding; other rows import", async () => {
    const bytes = Uint8Array.from([
      ...Buffer.from(`${HEADER},name,note\nA,C,2022-01-01,1,ok,`),
      0xe9,
      ...Buffer.from("\nB,C,2022-01-01,1,Z"),
      0xf6,
      ...Buffer.from(",x\nD,C,2022-01-01,1,ok,x\n"),
    ]);
    const out = await parse(bytes);
    expect(out.rows.map((r) => r.orderId)).toEqual(["A", "D"]);
    expect(out.rejects).toEqual([
      {
        line: 3,
        column: "name",
        code: "BAD_ENCODING",
        reason:
          'name "Z\uFFFD" has bytes that are not UTF-8; if the file is Latin-1 or Mac Roman, pass --encoding latin1 or --encoding macintosh',
        raw: "B,C,2022-01-01,1,Z\uFFFD,x",
      },
    ]);
  });

  it("reads whitespace-separated columns", async () => {
    const out = await parse("customer_id date cds dollars\r\n    00001 19970101  1   11.77\r\n", {
      delimiter: "whitespace",
      dateFormats: ["yyyyMMdd"],
      columns: { order_id: "@auto", occurred_at: "date", amount: "dollars" },
    });
    expect(out.rows[0]).toMatchObject({
      customerId: "00001",
      occurredAt: "1997-01-01T00:00:00.000Z",
      amount: 11.77,
    });
  });

  it.each([
    [";", ";"],
    ["\t", "\t"],
    ["tab", "\t"],
    ["\\t", "\t"],
    ["|", "|"],
  ])("reads delimiter %j", async (delimiter, d) => {
    const out = await parse(`${HEADER.replaceAll(",", d)}\nA${d}C${d}2022-01-01${d}"1,5"\n`, { delimiter });
    expect(out.rejects.map((r) => r.code)).toEqual(["BAD_AMOUNT"]);
    const ok = await parse(`${HEADER.replaceAll(",", d)}\nA${d}C${d}2022-01-01${d}1.5\n`, { delimiter });
    expect(ok.rows[0]?.amount).toBe(1.5);
  });
});

describe("parseTransactions: batches and streaming", () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => `O${i},C${i % 3},2022-01-01,${i}`).join("\n");

  it("cuts batches of batchSize rows with the rejects since the last batch and running counts", async () => {
    const text = `${HEADER}\n${rows(5)}\nbad\n`;
    const out = await parse(text, { batchSize: 2 });
    expect(out.sizes).toEqual([2, 2, 1]);
    expect(out.rowsRead).toBe(6);
    expect(out.bytesRead).toBe(Buffer.byteLength(text));
    const batches = [];
    for await (const b of parseTransactions(chunks(text), { batchSize: 2 }))
      batches.push([b.size, b.rejects.length, b.rowsRead]);
    expect(batches).toEqual([
      [2, 0, 2],
      [2, 0, 4],
      [1, 1, 6],
    ]);
  });

  it("closes a batch when it holds batchSize rejects", async () => {
    const out = await parse(`${HEADER}\n${"x\n".repeat(5)}`, { batchSize: 2 });
    expect(out.sizes).toEqual([0, 0, 0]);
    expect(out.rejects).toHaveLength(5);
  });

  it("gives one empty batch for a header without rows, and refuses an empty file", async () => {
    expect((await parse(`${HEADER}\n`)).sizes).toEqual([0]);
    expect((await importError(() => parse(""))).code).toBe("EMPTY_FILE");
    expect((await importError(() => parse("\n\n"))).code).toBe("EMPTY_FILE");
  });

  it("reads the input only as fast as batches are taken: an endless input can be consumed in part", async () => {
    let pulled = 0;
    async function* endless() {
      yield Buffer.from(`${HEADER}\n`);
      for (let i = 0; ; i++) {
        pulled++;
        yield Buffer.from(`O${i},C,2022-01-01,1\n`);
      }
    }
    let seen = 0;
    for await (const batch of parseTransactions(endless(), { batchSize: 100 })) {
      seen += batch.size;
      if (seen >= 300) break;
    }
    expect(seen).toBe(300);
    expect(pulled).toBeLessThan(310);
  });
});

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
    [{ dateFormats: ["YYYY-MM-dd"] }, '--date-format "YYYY-MM-dd" is not a date-fns format'],
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
