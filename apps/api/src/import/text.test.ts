import { describe, expect, it } from "vitest";
import { textProblem } from "./text";
import { MAX_ID_CHARS, MAX_TEXT_CHARS } from "./types";

describe("textProblem", () => {
  it.each([
    ["A\u0000B", "id", "U+0000 (NUL) at character 2"],
    ["A\u0000B", "text", "U+0000 (NUL) at character 2"],
    ["A\tB", "id", "U+0009 (tab)"],
    ["A\nB", "id", "U+000A (line feed)"],
    ["A\u001bB", "text", "U+001B"],
    ["A\u007fB", "text", "U+007F (DEL)"],
  ] as const)("%j as %s is BAD_TEXT naming %s", (value, limits, named) => {
    const problem = textProblem(value, limits, "name");
    expect(problem?.code).toBe("BAD_TEXT");
    expect(problem?.reason).toContain(named);
  });

  it.each([
    ["A\tB", "text"],
    ["line one\nline two", "text"],
    ["  padded\u0000  ".slice(0, 8), "id"],
    ["Zoë €12 ✓", "id"],
    ["x".repeat(MAX_ID_CHARS), "id"],
    ["x".repeat(MAX_TEXT_CHARS), "text"],
    [` ${"x".repeat(MAX_ID_CHARS)} `, "id"],
  ] as const)("%j as %s is accepted", (value, limits) => {
    expect(textProblem(value, limits, "name")).toBeNull();
  });

  it("an id of 257 characters and a text of 1,001 are TOO_LONG, naming length and limit", () => {
    expect(textProblem("x".repeat(MAX_ID_CHARS + 1), "id", "order_id")).toEqual({
      code: "TOO_LONG",
      reason: "order_id is 257 characters long; the most an id may have is 256",
    });
    expect(textProblem("x".repeat(MAX_TEXT_CHARS + 1), "text", "name")?.reason).toBe(
      "name is 1,001 characters long; the most a text value may have is 1,000",
    );
  });
});
