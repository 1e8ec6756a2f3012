import { describe, expect, it } from "vitest";
import { dataFile, REAL_FILES } from "../modules/import/test-support";
import { parseTransactions } from "./parse";
import { collectTransactions, type TransactionRow } from "./test-helpers";
import type { ParseOptions } from "./types";

// The six public data sets committed in test/fixtures/data (`dataFile` reads them through
// test-support's DATA_DIR), each read with the options a user would pass (see docs/import.md).
// Expected values were checked by hand against the raw bytes (head, od -c) and counted
// independently with Python's csv module.

/** The options docs/import.md gives `file`: test-support's, which the import tests use too. */
function documented(file: string): ParseOptions {
  const real = REAL_FILES.find((r) => r.file === file);
  if (real === undefined) throw new Error(`test-support has no options for ${file}`);
  return real.options;
}

async function read(file: string, options: ParseOptions = documented(file)) {
  const out = await collectTransactions(parseTransactions(dataFile(file), options));
  return {
    ...out,
    customers: new Set(out.rows.map((r) => r.customerId)).size,
    orders: new Set(out.rows.map((r) => r.orderId)).size,
    total: out.rows.reduce((sum, r) => sum + r.amount, 0),
    at: (line: number) => out.rows.find((r) => r.line === line),
  };
}

const row = (values: Partial<TransactionRow>): Partial<TransactionRow> => values;

describe("the six real files of test/fixtures/data", () => {
  it("superstore-canada.csv: Latin-1, CRLF, two month-first date styles, order lines sharing order ids", async () => {
    // --encoding latin1 --date-format M/d/yyyy,M-d-yyyy --map order_id="Order ID"
    // --map occurred_at="Order Date" --map customer_id="Customer Name" --map name="Customer Name"
    // --map amount=Sales   (Province and Region match our province and region by name)
    const out = await read("superstore-canada.csv");
    expect([out.rows.length, out.rejects.length, out.customers, out.orders]).toEqual([8399, 0, 795, 5496]);
    // The file's exact sum is 14,915,600.824; each amount rounded half-up to cents first (the
    // documented --round-amounts half-up; Python's Decimal quantize gives the same):
    expect(out.total).toBeCloseTo(14_915_601.11, 2);
    expect(out.rows[0]).toEqual(
      row({
        line: 2,
        orderId: "3",
        customerId: "Muhammed MacIntyre",
        occurredAt: "2010-10-13T00:00:00.000Z",
        amount: 261.54,
        channel: null,
        province: "Nunavut",
        region: "Nunavut",
        city: null,
        name: "Muhammed MacIntyre",
        email: null,
      }),
    );
    expect(out.rows.at(-1)).toMatchObject({
      line: 8400,
      orderId: "56581",
      customerId: "Grant Donatelli",
      occurredAt: "2009-02-08T00:00:00.000Z", // "02-08-2009": month first, as its Month Year column 02-01-2009 shows
      amount: 2026.01,
      province: "Alberta",
      region: "West",
    });
    // Two lines of order 293, "10-01-2012" read with M-d-yyyy.
    expect([out.at(3), out.at(4)].map((r) => [r?.orderId, r?.customerId, r?.occurredAt, r?.amount])).toEqual([
      ["293", "Barry French", "2012-10-01T00:00:00.000Z", 10123.02],
      ["293", "Barry French", "2012-10-01T00:00:00.000Z", 244.57],
    ]);
  });

  it("superstore-canada.csv: quoted commas, doubled quotes and Windows-1252 ® ™ come through (Product Name read as channel)", async () => {
    const out = await read("superstore-canada.csv", {
      roundAmounts: "half-up",
      encoding: "latin1",
      dateFormats: ["M/d/yyyy", "M-d-yyyy"],
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer Name",
        amount: "Sales",
        channel: "Product Name",
      },
    });
    expect([2, 4, 28, 8400].map((line) => out.at(line)?.channel)).toEqual([
      "Eldon Base for stackable storage shelf, platinum",
      "Cardinal Slant-D® Ring Binder, Heavy Gauge Vinyl",
      "SANFORD Liquid Accent™ Tank-Style Highlighters",
      'Tenex 46" x 60" Computer Anti-Static Chairmat, Rectangular Shaped',
    ]);
  });

  it("superstore-us.csv: UTF-8, every field quoted, M/d/yyyy, 21 columns", async () => {
    // --date-format M/d/yyyy --map order_id="Order ID" --map occurred_at="Order Date"
    // --map customer_id="Customer ID" --map name="Customer Name" --map amount=Sales --map province=State
    const out = await read("superstore-us.csv");
    expect([out.rows.length, out.rejects.length, out.customers, out.orders]).toEqual([9994, 0, 793, 5009]);
    // Exact sum 2,297,200.8603; amounts rounded half-up to cents first:
    expect(out.total).toBeCloseTo(2_297_201.07, 3);
    expect(out.rows[0]).toEqual(
      row({
        line: 2,
        orderId: "CA-2016-152156",
        customerId: "CG-12520",
        occurredAt: "2016-11-08T00:00:00.000Z",
        amount: 261.96,
        channel: null,
        province: "Kentucky",
        region: "South",
        city: "Henderson",
        name: "Claire Gute",
        email: null,
      }),
    );
    expect(out.rows.at(-1)).toMatchObject({
      line: 9995,
      orderId: "CA-2017-119914",
      customerId: "CC-12220",
      occurredAt: "2017-05-04T00:00:00.000Z",
      amount: 243.16,
      province: "California",
      region: "West",
      city: "Westminster",
      name: "Chris Cortes",
    });
    expect(out.at(3448)).toMatchObject({
      customerId: "AH-10690",
      name: "Anna Häberlin",
      city: "New York City",
    });
  });

  it("superstore-orders-2011-2014.csv: Mac Roman, old-Mac CR line endings, no final line break, M/d/yy", async () => {
    // --encoding macintosh --date-format M/d/yy --map occurred_at=order_date --map customer_id=customer
    // --map name=customer --map amount=grand_total   (order_id is already our name)
    const out = await read("superstore-orders-2011-2014.csv");
    expect([out.rows.length, out.rejects.length, out.customers, out.orders]).toEqual([5009, 0, 793, 5009]);
    expect(out.total).toBe(2_297_261);
    expect(out.rows[0]).toMatchObject({
      line: 2,
      orderId: "CA-2011-100006",
      customerId: "Dennis Kane",
      occurredAt: "2011-09-07T00:00:00.000Z",
      amount: 378,
    });
    expect(out.rows.at(-1)).toMatchObject({
      line: 5010,
      orderId: "US-2014-169551",
      customerId: "Rob Lucas",
      occurredAt: "2014-07-08T00:00:00.000Z",
      amount: 1345,
    });
    expect([4, 247, 361].map((line) => out.at(line)?.customerId)).toEqual([
      "Neil Französisch",
      "Resi Pölking",
      "Peter Bühler",
    ]);
  });

  it("superstore-orders-2011-2014.csv read as Latin-1 instead gives wrong letters, not errors: the encoding must be named", async () => {
    const out = await read("superstore-orders-2011-2014.csv", {
      encoding: "latin1",
      dateFormats: ["M/d/yy"],
      columns: { occurred_at: "order_date", customer_id: "customer", amount: "grand_total" },
    });
    expect(out.at(4)?.customerId).toBe("Neil Franzšsisch");
  });

  it("cdnow-master.txt: whitespace-separated, yyyyMMdd, no order id, identical purchases on one day", async () => {
    // --delimiter whitespace --date-format yyyyMMdd --map order_id=@auto --map occurred_at=date
    // --map amount=dollar_value
    const out = await read("cdnow-master.txt");
    expect([out.rows.length, out.rejects.length, out.customers, out.orders]).toEqual([
      69659, 0, 23570, 69659,
    ]);
    expect(out.total).toBeCloseTo(2_500_315.63, 2);
    expect(out.rows[0]).toMatchObject({
      line: 2,
      orderId: "00001|1997-01-01|11.77|1",
      customerId: "00001",
      occurredAt: "1997-01-01T00:00:00.000Z",
      amount: 11.77,
    });
    expect(out.rows.at(-1)).toMatchObject({
      line: 69660,
      orderId: "23570|1997-03-26|42.96|1",
      customerId: "23570",
      occurredAt: "1997-03-26T00:00:00.000Z",
      amount: 42.96,
    });
    expect([out.at(1382)?.orderId, out.at(1383)?.orderId]).toEqual([
      "00398|1998-05-18|12.99|1",
      "00398|1998-05-18|12.99|2",
    ]);
  });

  it("online-retail-invoices.csv: ISO dates, numeric ids, float noise in amounts", async () => {
    // --map order_id=InvoiceNo --map occurred_at=InvoiceDate --map customer_id=CustomerID --map amount=TotalPrice
    const out = await read("online-retail-invoices.csv");
    expect([out.rows.length, out.rejects.length, out.customers, out.orders]).toEqual([18532, 0, 4338, 18532]);
    // Exact sum 8,911,407.904; amounts rounded half-up to cents first (float noise gone):
    expect(out.total).toBeCloseTo(8_911_407.9, 3);
    expect(out.rows[0]).toMatchObject({
      line: 2,
      orderId: "536365",
      customerId: "17850",
      occurredAt: "2010-12-01T00:00:00.000Z",
      amount: 139.12,
    });
    // The file says 22.200000000000003: rounded to cents with the documented --round-amounts.
    expect(out.at(3)?.amount).toBe(22.2);
    expect(out.rows.at(-1)).toMatchObject({
      line: 18533,
      orderId: "581587",
      customerId: "12680",
      occurredAt: "2011-12-09T00:00:00.000Z",
      amount: 249.45,
    });
  });

  it("r-rfm-orders.csv: names as customer ids, emails, no order id", async () => {
    // --map order_id=@auto --map occurred_at=order_date --map amount=revenue --map name=customer_id
    // (customer_id and email are already our names)
    const out = await read("r-rfm-orders.csv");
    expect([out.rows.length, out.rejects.length, out.customers, out.orders]).toEqual([4906, 0, 995, 4906]);
    expect(out.total).toBe(464_158);
    expect(out.rows[0]).toEqual(
      row({
        line: 2,
        orderId: "Brion Stark|2004-12-20|32|1",
        customerId: "Brion Stark",
        occurredAt: "2004-12-20T00:00:00.000Z",
        amount: 32,
        channel: null,
        province: null,
        region: null,
        city: null,
        name: "Brion Stark",
        email: "brion_stark@rfmail.com",
      }),
    );
    expect(out.rows.at(-1)).toMatchObject({
      line: 4907,
      orderId: "Riley Heller|2006-07-13|117|1",
      customerId: "Riley Heller",
      occurredAt: "2006-07-13T00:00:00.000Z",
      amount: 117,
      email: "riley_heller@rfmail.com",
    });
  });

  it("superstore-canada.csv without --date-format rejects its month-first dates with a reason, and imports nothing wrong", async () => {
    const out = await read("superstore-canada.csv", {
      encoding: "latin1",
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer Name",
        amount: "Sales",
      },
    });
    expect(out.rows).toHaveLength(0);
    expect(out.rejects).toHaveLength(8399);
    expect(out.rejects[0]).toEqual({
      line: 2,
      column: "Order Date",
      code: "BAD_DATE",
      reason: 'date "10/13/2010" is not ISO 8601',
      hint: { option: "dateFormat", values: ["M/d/yyyy"] },
      raw: '1,3,10/13/2010,10-01-2010,Low,6,261.54,Muhammed MacIntyre,Nunavut,Nunavut,Office Supplies,Storage & Organization,"Eldon Base for stackable storage shelf, platinum"',
    });
  });

  it("superstore-us.csv without --round-amounts rejects its 4,001 amounts of more than two decimals, naming the option", async () => {
    const { roundAmounts: _, ...options } = documented("superstore-us.csv");
    const out = await read("superstore-us.csv", options);
    expect([out.rows.length, out.rejects.length]).toEqual([5993, 4001]);
    expect(out.rejects[0]).toMatchObject({ line: 5, column: "Sales", code: "BAD_AMOUNT" });
    expect(out.rejects[0]?.reason).toMatch(/^amount "957.5775" has more than two decimals/);
    expect(out.rejects[0]?.hint).toEqual({ option: "roundAmounts", values: ["half-even", "half-up"] });
  });
});
