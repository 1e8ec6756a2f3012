import { describe, expect, it } from "vitest";
import { assignSegmentKeys, isSegmentKey, segmentKey, uniqueSegmentKey } from "./keys";

describe("segmentKey: the slug of a segment name", () => {
  it.each([
    ["Champions", "champions"],
    ["At Risk", "at-risk"],
    ["Can't Lose Them", "cant-lose-them"],
    ["Can’t Lose Them", "cant-lose-them"],
    ["Über Kunden", "uber-kunden"],
    ["Große Käufer", "grosse-kaufer"],
    ["Crème brûlée fans", "creme-brulee-fans"],
    ["Søren & Æsir", "soren-aesir"],
    ["  VIP!!  ", "vip"],
    ["Top 10%", "top-10"],
    ["a__b--c", "a-b-c"],
    ["R5 F4-5", "r5-f4-5"],
    ["★★★", ""],
    ["常客", ""],
  ])("%s -> %s", (name, key) => {
    expect(segmentKey(name)).toBe(key);
  });

  it("cuts at 64 characters without a trailing dash", () => {
    const name = `${"a".repeat(63)} bcd`;
    expect(segmentKey(name)).toBe("a".repeat(63));
    expect(segmentKey("b".repeat(80))).toBe("b".repeat(64));
  });
});

describe("isSegmentKey", () => {
  it.each(["a", "at-risk", "r5", "0", "a".repeat(64)])("accepts %s", (key) => {
    expect(isSegmentKey(key)).toBe(true);
  });
  it.each(["", "A", "at_risk", "at--risk", "-a", "a-", "a b", "ü", "a".repeat(65)])("refuses %j", (key) => {
    expect(isSegmentKey(key)).toBe(false);
  });
});

describe("uniqueSegmentKey and assignSegmentKeys", () => {
  it("suffixes -2, -3 until free, and falls back to `segment` for a name without letters", () => {
    expect(uniqueSegmentKey("Champions", new Set(["champions", "champions-2"]))).toBe("champions-3");
    expect(uniqueSegmentKey("★", new Set())).toBe("segment");
    expect(uniqueSegmentKey("x".repeat(64), new Set(["x".repeat(64)]))).toBe(`${"x".repeat(62)}-2`);
  });

  it("keeps given keys, reuses known keys by name, and derives the rest around them", () => {
    const keys = assignSegmentKeys(
      [
        { name: "Top Customers" },
        { name: "Champions" },
        { name: "Lost", key: "champions-2" },
        { name: "Champions!" },
      ],
      new Map([["top customers", "champions"]]),
    );
    expect(keys).toEqual(["champions", "champions-3", "champions-2", "champions-4"]);
  });

  it("refuses a key given twice, naming both segments and the field", () => {
    expect(() =>
      assignSegmentKeys([
        { name: "A", key: "x" },
        { name: "B", key: "x" },
      ]),
    ).toThrowError(
      expect.objectContaining({
        code: "DUPLICATE_SEGMENT",
        message: 'key "x" is given to both "A" and "B"; keys are unique',
        details: { field: "segments[1].key", key: "x" },
      }),
    );
  });

  it("refuses an invalid key with INVALID_SEGMENT naming the field", () => {
    expect(() => assignSegmentKeys([{ name: "A", key: "Bad Key" }])).toThrowError(
      expect.objectContaining({
        code: "INVALID_SEGMENT",
        details: expect.objectContaining({ field: "segments[0].key" }),
      }),
    );
  });
});
