import { describe, expect, it } from "vitest";
import { keyRange, TsvRows } from "./keys";

describe("TsvRows", () => {
  it("writes fields tab-separated and rows newline-ended: numbers as they are, null as \\N, text escaped", () => {
    const rows = new TsvRows();
    rows.field(7).field("O-1").field(null).field(-12).field(1796000000000001).end();
    rows.field("tab\there").field("line\nbreak\\").field("é€").field(undefined).end();
    expect(Buffer.from(rows.bytes()).toString("utf8")).toBe(
      "7\tO-1\t\\N\t-12\t1796000000000001\ntab\\there\tline\\nbreak\\\\\té€\t\\N\n",
    );
    expect(rows.rows).toBe(2);
  });

  it.each([
    [0, "0"],
    [9, "9"],
    [10, "10"],
    [99, "99"],
    [100, "100"],
    [-1, "-1"],
    [-2147483648, "-2147483648"],
    [4294967295, "4294967295"],
    [9007199254740991, "9007199254740991"],
    [1e16, "10000000000000000"],
    [0.5, "0.5"],
  ])("writes the number %d as %s", (value, text) => {
    const rows = new TsvRows();
    rows.field(value).end();
    expect(Buffer.from(rows.bytes()).toString("utf8")).toBe(`${text}\n`);
  });

  it("writes text longer than 64 characters, and text with escapes or beyond ASCII, whole", () => {
    const long = `${"a".repeat(70)}\t${"b".repeat(70)}`;
    const rows = new TsvRows();
    rows.field("a".repeat(65)).field(long).field("ab\\").field("Zoë").field("").end();
    expect(Buffer.from(rows.bytes()).toString("utf8")).toBe(
      `${"a".repeat(65)}\t${"a".repeat(70)}\\t${"b".repeat(70)}\tab\\\\\tZoë\t\n`,
    );
  });

  it("grows past its first buffer without losing bytes", () => {
    const rows = new TsvRows();
    const id = "x".repeat(1000);
    for (let i = 0; i < 200; i++) rows.field(i).field(id).end();
    const lines = Buffer.from(rows.bytes()).toString("utf8").split("\n");
    expect(lines).toHaveLength(201);
    expect(lines[199]).toBe(`199\t${id}`);
    expect(lines[200]).toBe("");
  });
});

describe("keyRange", () => {
  it("gives the smallest and largest key in byte order", () => {
    expect(keyRange(["O000000010", "O000000002", "O000000100"])).toEqual({
      min: "O000000002",
      max: "O000000100",
    });
    expect(keyRange(["b", "a", "é"])).toEqual({ min: "a", max: "é" });
  });

  it("gives none for no keys, or for keys whose UTF-16 order may differ from UTF-8's (U+D800 and up)", () => {
    expect(keyRange([])).toBeNull();
    expect(keyRange(["a", "\u{1F600}"])).toBeNull();
    expect(keyRange(["a", "\uFF21"])).toBeNull();
  });
});
