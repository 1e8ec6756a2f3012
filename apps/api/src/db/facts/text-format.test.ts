import { describe, expect, it } from "vitest";
import { copyText, fromCopyText } from "./text-format";

describe("the tab-separated text format of COPY and ClickHouse", () => {
  it.each([
    ["plain", "plain"],
    ["a\tb", "a\\tb"],
    ["line\nbreak", "line\\nbreak"],
    ["cr\r", "cr\\r"],
    ["back\\slash", "back\\\\slash"],
    ["\\N", "\\\\N"],
    ["", ""],
  ])("writes %j as %j and reads it back", (value, text) => {
    expect(copyText(value)).toBe(text);
    expect(fromCopyText(text)).toBe(value);
  });

  it("writes null and undefined as \\N and reads \\N as null", () => {
    expect(copyText(null)).toBe("\\N");
    expect(copyText(undefined)).toBe("\\N");
    expect(fromCopyText("\\N")).toBeNull();
  });

  it.each([
    ["\\0", "\0"],
    ["\\b\\f\\v", "\b\f\v"],
    ["\\x41\\101", "AA"],
    ["it\\'s", "it's"],
  ])("reads the escape %j that ClickHouse or COPY may write as %j", (text, value) => {
    expect(fromCopyText(text)).toBe(value);
  });
});
