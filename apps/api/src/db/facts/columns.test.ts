import { describe, expect, it } from "vitest";
import {
  checkIntegers,
  checkLengths,
  checkTexts,
  checkTimes,
  INT32_MAX,
  INT32_MIN,
  MAX_TIME_MS,
} from "./columns";

describe("column checks name the call, the row and the value", () => {
  it("checkLengths: every column given has the length", () => {
    expect(() => checkLengths("w", 2, { a: [1, 2], b: undefined })).not.toThrow();
    expect(() => checkLengths("w", 2, { a: [1] })).toThrow("w: column a has 1 values, expected 2");
  });

  it.each([
    [INT32_MIN, true],
    [INT32_MAX, true],
    [INT32_MAX + 1, false],
    [INT32_MIN - 1, false],
    [1.5, false],
    [Number.NaN, false],
  ])("checkIntegers: %d accepted %s", (value, ok) => {
    const check = () => checkIntegers("w", "cents", [0, value], INT32_MIN, INT32_MAX);
    if (ok) expect(check).not.toThrow();
    else expect(check).toThrow(`w: row 1: cents ${value} is not an integer`);
  });

  it.each([
    [MAX_TIME_MS, true],
    [-MAX_TIME_MS, true],
    [MAX_TIME_MS + 1, false],
    [Number.POSITIVE_INFINITY, false],
    [null, true],
  ])("checkTimes: %d accepted %s", (value, ok) => {
    const check = () => checkTimes("w", "at", [value]);
    if (ok) expect(check).not.toThrow();
    else expect(check).toThrow(`w: row 0: at ${value} is not a valid time`);
  });

  it("checkTexts: required ones non-empty strings, optional ones strings or null", () => {
    expect(() => checkTexts("w", "id", ["a", ""], true)).toThrow("w: row 1: id must be a non-empty string");
    expect(() => checkTexts("w", "city", ["a", null, undefined], false)).not.toThrow();
    expect(() => checkTexts("w", "city", [3 as unknown as string], false)).toThrow(
      "w: row 0: city must be a string or null",
    );
    expect(() => checkTexts("w", "city", undefined, true)).not.toThrow();
  });
});
