import { describe, expect, it } from "vitest";
import { parseTransactions } from "./parse";
import { collectTransactions, HEADER, importError, parse } from "./test-helpers";

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
      'column map customer_id=Customer Nme: the header has no column "Customer Nme"; its columns are "Order ID", "Order Date", "Customer Name", "Sales"',
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
    expect(error.problems[1]).toEqual({
      code: "MISSING_COLUMN",
      message: 'the header has no column for customer_id; its columns are "Order ID", "Sales"',
      hint: { option: "map", field: "customer_id", values: [] },
    });
  });

  it("suggests @auto when there is no order id column", async () => {
    const error = await importError(() => parse("customer_id,occurred_at,amount\n"));
    expect(error.problems[0]?.hint).toEqual({ option: "map", field: "order_id", values: ["@auto"] });
    // The error's own message is worded for the web (the HTTP route's answer).
    expect(error.message).toContain("choose the file's column for order_id, or choose to derive the ids");
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
        reason: 'date "10/13/2010" is not ISO 8601',
        hint: { option: "dateFormat", values: ["M/d/yyyy"] },
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
