import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { formatRejectsCsv, REJECTS_CSV_HEADER } from "./rejects-csv";
import type { Reject } from "./types";

describe("rejects CSV", () => {
  const rejects: Reject[] = [
    {
      line: 3,
      column: "Order Date",
      code: "BAD_DATE",
      reason: 'date "10/13/2010" is not ISO 8601',
      raw: "1,x,10/13/2010",
    },
    {
      line: 9,
      column: null,
      code: "COLUMN_COUNT",
      reason: "3 columns where the header has 5",
      raw: 'a,"b\nc"',
    },
    { line: 12, column: "name", code: "MISSING_FIELD", reason: "name is empty", raw: " padded " },
  ];

  it("writes line, column, code, reason and raw, quoted by RFC 4180, readable back by another CSV parser", () => {
    const text = REJECTS_CSV_HEADER + formatRejectsCsv(rejects, "cli");
    expect(text.split("\r\n")[1]).toBe(
      '3,Order Date,BAD_DATE,"date ""10/13/2010"" is not ISO 8601","1,x,10/13/2010"',
    );
    expect(parse(text, { columns: true })).toEqual(
      rejects.map((r) => ({
        line: String(r.line),
        column: r.column ?? "",
        code: r.code,
        reason: r.reason,
        raw: r.raw,
      })),
    );
  });

  it("writes a rejected row that a spreadsheet would run as a formula neutralised, as exports do", () => {
    const raw = '=HYPERLINK("http://evil.example/?a=1","click"),x,2010-10-13';
    const text = formatRejectsCsv(
      [{ line: 4, column: "@Amount", code: "BAD_AMOUNT", reason: 'amount "x" is not a number', raw }],
      "web",
    );
    expect(text).toBe(
      `4,'@Amount,BAD_AMOUNT,"amount ""x"" is not a number","'=HYPERLINK(""http://evil.example/?a=1"",""click""),x,2010-10-13"\r\n`,
    );
    expect(parse(REJECTS_CSV_HEADER + text, { columns: true })).toEqual([
      {
        line: "4",
        column: "'@Amount",
        code: "BAD_AMOUNT",
        reason: 'amount "x" is not a number',
        raw: `'${raw}`,
      },
    ]);
  });
});
