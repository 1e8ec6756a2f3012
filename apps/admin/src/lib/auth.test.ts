import { describe, expect, it } from "vitest";
import { safeNext, signInUrl } from "./auth";

describe("safeNext", () => {
  it.each([
    [null, "/dashboard"],
    ["", "/dashboard"],
    ["/mapping", "/mapping"],
    ["/customers/C1?tab=x", "/customers/C1?tab=x"],
    ["//evil.example/x", "/dashboard"],
    ["https://evil.example/", "/dashboard"],
    ["/sign-in?reason=expired", "/dashboard"],
  ])("%s goes to %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe("signInUrl", () => {
  it("keeps a local path to return to", () => {
    expect(signInUrl("expired", "/mapping")).toBe("/sign-in?reason=expired&next=%2Fmapping");
  });
  it("drops a path to another origin", () => {
    expect(signInUrl("expired", "//evil.example")).toBe("/sign-in?reason=expired");
  });
});
