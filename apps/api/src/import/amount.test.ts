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
    ["22.200000000000003", 22.200000000000003],
    ["4965.7595", 4965.7595],
    ["123456789012345.6", 123456789012345.6],
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
  ])("refuses %j (%s)", (text, why) => {
    expect(parseAmount(text)).toBeNaN();
    expect(describeBadAmount(text)).toContain(JSON.stringify(text));
    expect(describeBadAmount(text)).toContain(why);
  });

  it("agrees with Number() on every plain decimal it reads", () => {
    const differing: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const text = ((i * 7919) / 10 ** (i % 6)).toFixed(i % 5);
      if (parseAmount(text) !== Number(text)) differing.push(text);
    }
    expect(differing).toEqual([]);
  });
});
