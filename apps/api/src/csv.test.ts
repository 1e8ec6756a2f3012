import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, quoteCsvField } from "./csv";

describe("csvCell", () => {
  it.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@x", "'@x"],
    ["\tTabbed", "'\tTabbed"],
    ["\rcarriage", '"\'\rcarriage"'],
    ['=HYPERLINK("http://evil.example/","click")', '"\'=HYPERLINK(""http://evil.example/"",""click"")"'],
    ["a=1", "a=1"],
    ["O'Brien", "O'Brien"],
  ])("text %j a spreadsheet might run is written %s", (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["two\r\nlines", '"two\r\nlines"'],
    [" lead", '" lead"'],
    ["trail ", '"trail "'],
    ["", ""],
  ])("field %j is quoted by RFC 4180 as %s", (value, written) => {
    expect(csvCell(value)).toBe(written);
    expect(quoteCsvField(value)).toBe(written);
  });

  it("writes null as an empty cell", () => {
    expect(csvCell(null)).toBe("");
  });

  it("leaves formula text to quoteCsvField's callers: it only quotes", () => {
    expect(quoteCsvField("=SUM(A1)")).toBe("=SUM(A1)");
    expect(quoteCsvField("-2")).toBe("-2");
  });

  it("reads back, through another CSV parser, as the value with the guard's quote in front", () => {
    const values = ["=SUM(A1)", 'a,"b"\r\nc', " x ", "plain"];
    const line = `${values.map(csvCell).join(",")}\r\n`;
    expect(parse(line, { record_delimiter: "\r\n" })).toEqual([["'=SUM(A1)", 'a,"b"\r\nc', " x ", "plain"]]);
  });
});
