import { describe, expect, it } from "vitest";
import { formatShare } from "./format";

describe("formatShare", () => {
  it.each([
    [0.1846, "18.46%"],
    [0, "0.00%"],
    [1, "100.00%"],
    [Number.NaN, "–"],
  ])("%s is shown as %s", (share, shown) => {
    expect(formatShare(share)).toBe(shown);
  });
});
