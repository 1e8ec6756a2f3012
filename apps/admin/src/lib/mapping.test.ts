import { describe, expect, it } from "vitest";
import { allCodes, codeMoves, groupMoves, moveCodes, moveFocus } from "./mapping";

describe("allCodes", () => {
  it.each([
    [3, 27, "333", "111"],
    [4, 64, "444", "111"],
    [5, 125, "555", "111"],
  ])("%s bins give %s codes from %s to %s", (bins, count, first, last) => {
    const codes = allCodes(bins);
    expect(codes).toHaveLength(count);
    expect(codes[0]).toBe(first);
    expect(codes.at(-1)).toBe(last);
    expect(new Set(codes).size).toBe(count);
  });
});

describe("codeMoves", () => {
  const v1 = [
    { name: "Champions", codes: ["444", "443"] },
    { name: "Loyal", codes: ["442"] },
  ];

  it("finds nothing between equal mappings", () => {
    expect(codeMoves(v1, v1)).toEqual([]);
  });

  it("names a code that moved, with both segments", () => {
    const v2 = [
      { name: "Champions", codes: ["444"] },
      { name: "Loyal", codes: ["443", "442"] },
    ];
    expect(codeMoves(v1, v2)).toEqual([{ code: "443", from: "Champions", to: "Loyal" }]);
  });

  it("shows a renamed segment as its codes moving to the new name", () => {
    const v2 = [
      { name: "Best", codes: ["444", "443"] },
      { name: "Loyal", codes: ["442"] },
    ];
    expect(groupMoves(codeMoves(v1, v2))).toEqual([{ from: "Champions", to: "Best", codes: ["444", "443"] }]);
  });

  it("reports codes that became unassigned or newly assigned", () => {
    const v2 = [{ name: "Champions", codes: ["444", "443", "111"] }];
    expect(codeMoves(v1, v2)).toEqual([
      { code: "442", from: "Loyal", to: null },
      { code: "111", from: null, to: "Champions" },
    ]);
  });
});

describe("moveFocus (4 bins)", () => {
  it.each([
    [{ r: 4, f: 4, m: 1 }, "ArrowUp", { r: 4, f: 4, m: 1 }],
    [{ r: 4, f: 3, m: 1 }, "ArrowUp", { r: 4, f: 4, m: 1 }],
    [{ r: 4, f: 1, m: 1 }, "ArrowDown", { r: 4, f: 1, m: 1 }],
    [{ r: 4, f: 2, m: 1 }, "ArrowDown", { r: 4, f: 1, m: 1 }],
    [{ r: 4, f: 2, m: 3 }, "ArrowRight", { r: 4, f: 2, m: 4 }],
    [{ r: 4, f: 2, m: 4 }, "ArrowRight", { r: 3, f: 2, m: 1 }],
    [{ r: 1, f: 2, m: 4 }, "ArrowRight", { r: 1, f: 2, m: 4 }],
    [{ r: 3, f: 2, m: 1 }, "ArrowLeft", { r: 4, f: 2, m: 4 }],
    [{ r: 4, f: 2, m: 1 }, "ArrowLeft", { r: 4, f: 2, m: 1 }],
    [{ r: 4, f: 2, m: 2 }, "PageDown", { r: 3, f: 2, m: 2 }],
    [{ r: 1, f: 2, m: 2 }, "PageDown", { r: 1, f: 2, m: 2 }],
    [{ r: 1, f: 2, m: 2 }, "PageUp", { r: 2, f: 2, m: 2 }],
    [{ r: 2, f: 3, m: 2 }, "Home", { r: 4, f: 3, m: 1 }],
    [{ r: 2, f: 3, m: 2 }, "End", { r: 1, f: 3, m: 4 }],
  ])("from %o, %s goes to %o", (from, key, to) => {
    expect(moveFocus(from, key, 4)).toEqual(to);
  });

  it("ignores other keys", () => {
    expect(moveFocus({ r: 1, f: 1, m: 1 }, "a", 4)).toBeNull();
  });
});

describe("moveCodes", () => {
  const segments = [
    { name: "Champions", color: "#15803d", codes: ["444", "443"] },
    { name: "Loyal", color: "#0f766e", codes: ["442"] },
  ];

  it("takes the codes from their segments and gives them to the target once", () => {
    expect(moveCodes(segments, ["443", "443", "442"], "Champions")).toEqual([
      { name: "Champions", color: "#15803d", codes: ["444", "443", "442"] },
      { name: "Loyal", color: "#0f766e", codes: [] },
    ]);
  });

  it("moves unassigned codes too, and leaves the input untouched", () => {
    const moved = moveCodes(segments, ["111"], "Loyal");
    expect(moved[1]?.codes).toEqual(["442", "111"]);
    expect(segments[1]?.codes).toEqual(["442"]);
  });

  it("agrees with codeMoves about what moved", () => {
    expect(codeMoves(segments, moveCodes(segments, ["444"], "Loyal"))).toEqual([
      { code: "444", from: "Champions", to: "Loyal" },
    ]);
  });
});
