import { describe, expect, it } from "vitest";
import { areaKey, CANADIAN_PROVINCES, provinceKeys } from "./provinces";

describe("province keys", () => {
  it.each([
    ["ON", ["on", "ontario"]],
    ["on", ["on", "ontario"]],
    [" Ontario ", ["on", "ontario"]],
    ["ONTARIO", ["on", "ontario"]],
    ["QC", ["qc", "québec", "quebec"]],
    ["Quebec", ["qc", "québec", "quebec"]],
    ["Québec", ["qc", "québec", "quebec"]],
    ["bc", ["bc", "british columbia", "colombie-britannique"]],
  ])("%s matches %j", (given, keys) => {
    expect([...provinceKeys(given)].sort()).toEqual([...keys].sort());
  });

  it("an unknown value matches only itself, trimmed and lower-cased", () => {
    expect(provinceKeys("  Île de France ")).toEqual(["île de france"]);
  });

  it("covers the 13 provinces and territories, each code two letters and unique", () => {
    const codes = CANADIAN_PROVINCES.map(([code]) => code);
    expect(codes).toHaveLength(13);
    expect(new Set(codes).size).toBe(13);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2}$/);
    const keys = CANADIAN_PROVINCES.flat().map(areaKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
