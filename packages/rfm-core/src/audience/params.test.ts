import { describe, expect, it } from "vitest";
import { parseParamRange, parseParamWhole } from "./params";

describe("audience query parameters", () => {
  it("reads the four range shapes, and nothing else", () => {
    expect(parseParamRange("4-5")).toEqual({ min: 4, max: 5 });
    expect(parseParamRange(" 4- ")).toEqual({ min: 4 });
    expect(parseParamRange("-3")).toEqual({ max: 3 });
    expect(parseParamRange("4")).toEqual({ min: 4, max: 4 });
    for (const bad of ["-", "", "a-b", "4-5-6", "1.5", "4 - 5"]) expect(parseParamRange(bad)).toBeNull();
  });

  it("reads run numbers of 1 to 9 digits", () => {
    expect(parseParamWhole(" 12 ")).toBe(12);
    for (const bad of ["", "-1", "1e3", "1234567890", "x"]) expect(parseParamWhole(bad)).toBeNull();
  });
});
