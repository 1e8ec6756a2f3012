import { describe, expect, it } from "vitest";
import { describeBadAmount, parseAmount } from "./amount";

describe("parseAmount", () => {
  it.each([
    ["1234.56", 1234.56],
    ["-12.5", -12.5],
    ["+7", 7],
    ["0", 0],
    ["-0", 0],
    [".5", 0.5],
    ["1,234.56", 1234.56],
    ["-1,234.5", -1234.5],
    ["1,234,567", 1234567],
    ["12,345,678.9", 12345678.9],
    ["$12.00", 12],
    ["-$12.00", -12],
    ["$-12.00", -12],
    ["$1,234.56", 1234.56],
    ["123456789012345.6", 123456789012345.6],
    ["10.500", 10.5],
    ["10.50", 10.5],
    ["1.230000", 1.23],
    ["1,234.5600", 1234.56],
    ["-0.000", 0],
  ])("reads %j as %d", (text, value) => {
    expect(parseAmount(text)).toBe(value);
  });

  it.each([
    ["1,234", "ambiguous"],
    ["12,50", "ambiguous"],
    ["1.234,56", "not a number"],
    ["1,23.4", "not a number"],
    ["12,3456.7", "not a number"],
    ["1e3", "not a number"],
    ["12 345", "not a number"],
    ["€12", "not a number"],
    ["(12.00)", "not a number"],
    ["1.2.3", "not a number"],
    ["--1", "not a number"],
    ["$", "not a number"],
    [".", "not a number"],
    ["abc", "not a number"],
    ["NaN", "not a number"],
    ["Infinity", "not a number"],
    ["0x10", "not a number"],
    ["1.234", "more than two decimals"],
    ["10.005", "more than two decimals"],
    ["0.004", "more than two decimals"],
    ["-0.004", "more than two decimals"],
    ["$1,234.567", "more than two decimals"],
    ["22.200000000000003", "more than two decimals"],
    ["10.0051", "more than two decimals"],
  ])("refuses %j (%s)", (text, why) => {
    expect(parseAmount(text)).toBeNaN();
    expect(describeBadAmount(text).reason).toContain(JSON.stringify(text));
    expect(describeBadAmount(text).reason).toContain(why);
    // The advice is a hint (worded by each surface), never a flag inside the reason.
    expect(describeBadAmount(text).reason).not.toMatch(/--[a-z]/);
  });

  it("agrees with Number() on every plain decimal it reads", () => {
    const differing: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = ((i * 7919) / 10 ** (i % 6)).toFixed(i % 3);
      if (parseAmount(text) !== Number(text)) differing.push(text);
    }
    expect(differing).toEqual([]);
  });

  // Each boundary: below, at and above the half cent, both signs, and ties on odd and even cents.
  it.each([
    ["10.004", 10, 10],
    ["10.0049999", 10, 10],
    ["10.005", 10, 10.01],
    ["10.0050", 10, 10.01],
    ["10.0050001", 10.01, 10.01],
    ["10.015", 10.02, 10.02],
    ["10.025", 10.02, 10.03],
    ["10.006", 10.01, 10.01],
    ["-10.005", -10, -10.01],
    ["-10.015", -10.02, -10.02],
    ["0.004", 0, 0],
    ["0.005", 0, 0.01],
    ["-0.004", 0, 0],
    ["1.234", 1.23, 1.23],
    ["0.995", 1, 1],
    ["9.999", 10, 10],
    ["1,234.565", 1234.56, 1234.57],
    ["$2.675", 2.68, 2.68],
    ["957.5775", 957.58, 957.58],
    ["22.200000000000003", 22.2, 22.2],
  ])("with rounding, %j is %d half-even and %d half-up", (text, halfEven, halfUp) => {
    expect(parseAmount(text, "half-even")).toBe(halfEven);
    expect(parseAmount(text, "half-up")).toBe(halfUp);
  });

  it("rounding leaves amounts of two decimals or fewer, and refusals, as they are", () => {
    for (const text of ["10.01", "10.5", "1,234.56", "-3", "10.500"]) {
      expect(parseAmount(text, "half-even")).toBe(parseAmount(text));
    }
    for (const text of ["1,234", "1.234,567", "1e3", "12,3456.789"]) {
      expect(parseAmount(text, "half-up")).toBeNaN();
    }
  });
});
