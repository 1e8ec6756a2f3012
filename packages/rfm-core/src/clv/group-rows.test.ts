import { describe, expect, it } from "vitest";
import { groupRows } from "./group-rows";

describe("groupRows", () => {
  it("returns the distinct rows in lexicographic order with how many rows each stands for", () => {
    const a = Float64Array.of(2, 1, 2, 1, 0);
    const b = Float64Array.of(5, 7, 5, 3, 9);
    const g = groupRows([a, b]);
    expect(g.length).toBe(4);
    expect(Array.from(g.columns[0]!)).toEqual([0, 1, 1, 2]);
    expect(Array.from(g.columns[1]!)).toEqual([9, 3, 7, 5]);
    expect(Array.from(g.weights)).toEqual([1, 1, 1, 2]);
  });

  it("groups only the selected rows", () => {
    const a = Float64Array.of(4, 4, 4, 1);
    const g = groupRows([a], Uint32Array.of(0, 2, 3));
    expect(Array.from(g.columns[0]!)).toEqual([1, 4]);
    expect(Array.from(g.weights)).toEqual([1, 2]);
  });

  it("handles no rows", () => {
    const g = groupRows([new Float64Array(0)]);
    expect(g.length).toBe(0);
    expect(g.weights.length).toBe(0);
  });
});
