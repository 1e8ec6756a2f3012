import "reflect-metadata";
import { validateSync } from "class-validator";
import { describe, expect, it } from "vitest";
import { BinCount, MAX_PAGE_SIZE, PageSize } from "./limits";

class Page {
  @PageSize()
  first = 50;
}

class Scoring {
  @BinCount()
  bins = 4;
}

const failures = (value: object) =>
  validateSync(value).map((e) => ({ property: e.property, messages: Object.values(e.constraints ?? {}) }));

describe("PageSize", () => {
  it.each([1, 50, MAX_PAGE_SIZE])("accepts %i", (first) => {
    expect(failures(Object.assign(new Page(), { first }))).toEqual([]);
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1])("refuses %i, saying the range and the value", (first) => {
    expect(failures(Object.assign(new Page(), { first }))).toEqual([
      { property: "first", messages: [`first must be from 1 to 200, got ${first}`] },
    ]);
  });

  it("gives the limits as the failure's context", () => {
    const [failure] = validateSync(Object.assign(new Page(), { first: 201 }));
    expect(failure?.contexts).toEqual({ max: { min: 1, max: MAX_PAGE_SIZE } });
  });
});

describe("BinCount", () => {
  it.each([2, 9])("accepts %i", (bins) => {
    expect(failures(Object.assign(new Scoring(), { bins }))).toEqual([]);
  });

  it.each([1, 10, 12])("refuses %i", (bins) => {
    expect(failures(Object.assign(new Scoring(), { bins }))).toEqual([
      { property: "bins", messages: [`bins must be an integer from 2 to 9, got ${bins}`] },
    ]);
  });
});
