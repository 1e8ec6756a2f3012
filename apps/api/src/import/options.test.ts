import { describe, expect, it } from "vitest";
import { parseColumnMap, splitDateFormats } from "./options";
import { ImportError } from "./types";

describe("parseColumnMap", () => {
  it("reads repeated field=Column values, the column being everything after the first =", () => {
    expect(
      parseColumnMap(["customer_id=Customer Name", " amount = Sales ", "order_id=@auto", "x=a=b"]),
    ).toEqual({
      customer_id: "Customer Name",
      amount: "Sales",
      order_id: "@auto",
      x: "a=b",
    });
  });

  it("refuses values without a field or a column, naming each", () => {
    try {
      parseColumnMap(["customer_id", "=Sales", "amount="]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).problems.map((p) => p.message)).toEqual([
        'column map "customer_id" is not field=Column, e.g. customer_id=Customer Name',
        'column map "=Sales" is not field=Column, e.g. customer_id=Customer Name',
        'column map "amount=" is not field=Column, e.g. customer_id=Customer Name',
      ]);
    }
  });
});

describe("splitDateFormats", () => {
  it.each([
    ["M/d/yyyy", ["M/d/yyyy"]],
    ["M/d/yyyy,M-d-yyyy", ["M/d/yyyy", "M-d-yyyy"]],
    ["MMM d, yyyy", ["MMM d, yyyy"]],
    ["MMM d, yyyy,yyyyMMdd", ["MMM d, yyyy", "yyyyMMdd"]],
  ])("%j gives %j", (value, formats) => {
    expect(splitDateFormats(value)).toEqual(formats);
  });
});
