import { describe, expect, it } from "vitest";
import { hintText, withHint } from "./hints";

describe("hintText: one hint, worded for the CLI and for the web", () => {
  it.each([
    [
      { option: "dateFormat", values: ["M/d/yy"] },
      "pass --date-format M/d/yy",
      "choose the date format M/d/yy",
    ],
    [
      { option: "dateFormat", values: ["M/d/yyyy", "d/M/yyyy"] },
      "pass --date-format M/d/yyyy or --date-format d/M/yyyy",
      "choose the date format M/d/yyyy or d/M/yyyy",
    ],
    [
      { option: "encoding", values: ["latin1", "macintosh"] },
      "if the file is Latin-1 or Mac Roman, pass --encoding latin1 or --encoding macintosh",
      "if the file is Latin-1 or Mac Roman, choose the encoding latin1 or macintosh",
    ],
    [
      { option: "roundAmounts", values: ["half-even", "half-up"] },
      "pass --round-amounts half-even or half-up to round such amounts",
      "choose the rounding half-even or half-up for such amounts",
    ],
    [
      { option: "map", field: "amount", values: [] },
      "name one with --map amount=COLUMN",
      "choose the file's column for amount",
    ],
    [
      { option: "map", field: "order_id", values: ["@auto"] },
      "name one with --map order_id=COLUMN, or --map order_id=@auto to derive ids",
      "choose the file's column for order_id, or choose to derive the ids",
    ],
  ] as const)("%j", (hint, cli, web) => {
    expect(hintText(hint, "cli")).toBe(cli);
    expect(hintText(hint, "web")).toBe(web);
    expect(web).not.toMatch(/--[a-z]/);
  });

  it("adds the hint after a semicolon, and nothing without one", () => {
    const hint = { option: "dateFormat", values: ["M/d/yy"] } as const;
    expect(withHint('date "1/3/24" is not ISO 8601', hint, "web")).toBe(
      'date "1/3/24" is not ISO 8601; choose the date format M/d/yy',
    );
    expect(withHint("customer_id is empty", undefined, "cli")).toBe("customer_id is empty");
  });
});
