import { describe, expect, it } from "vitest";
import { composeName, splitName } from "./names";

describe("splitName: first word / the rest", () => {
  it.each([
    ["Ann Lee", ["Ann", "Lee"]],
    ["Mary Ann Smith", ["Mary", "Ann Smith"]],
    ["  Jan   van der  Berg ", ["Jan", "van der Berg"]],
    ["Cher", ["Cher", null]],
    ["   ", [null, null]],
    [null, [null, null]],
  ] as const)("%j gives %j", (name, parts) => {
    expect(splitName(name)).toEqual(parts);
  });
});

describe("composeName", () => {
  it.each([
    ["Ann", "Lee", "Ann Lee"],
    ["Ann", null, "Ann"],
    [null, "Lee", "Lee"],
    [null, null, null],
  ] as const)("%j + %j is %j", (first, last, name) => {
    expect(composeName(first, last)).toBe(name);
  });
});
