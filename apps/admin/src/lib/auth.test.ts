import { describe, expect, it } from "vitest";
import { safeNext, signInUrl } from "./auth";

const ORIGIN = "http://127.0.0.1:3000";

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
    expect(safeNext(next, ORIGIN)).toBe(expected);
  });

  // What `?next=` decodes to in the attacks seen (`next=%2F%5Cevil.example%2F`, `next=%2F%09%2F...`).
  it.each([
    ["/\\evil.example/", "a backslash the URL parser reads as a slash"],
    ["/\t/evil.example/", "a tab the URL parser drops (from %09)"],
    ["/\t/evil", "a tab before a second slash"],
    ["/\n/evil.example", "a newline the URL parser drops"],
    ["/\\/evil.example", "backslash then slash"],
    ["//evil.example", "a protocol-relative URL"],
    ["https://evil.example", "an absolute URL"],
    ["http://127.0.0.1:3000.evil.example/", "an absolute URL on a look-alike host"],
    ["javascript:alert(1)", "a script URL"],
    ["%2F%2Fevil", "a still-encoded protocol-relative URL (not a path)"],
    ["/.//evil.example", "a dot segment that leaves `//evil.example` as the path"],
    ["evil.example", "a relative path"],
  ])("refuses %j (%s)", (next) => {
    expect(safeNext(next, ORIGIN)).toBe("/dashboard");
  });

  it.each([
    ["/customers/C1?tab=history#orders", "/customers/C1?tab=history#orders"],
    ["/segments?name=Champions&first=50", "/segments?name=Champions&first=50"],
    ["/mapping#grid", "/mapping#grid"],
    // Still encoded, `%09` and `%2F` are characters of a local path, not a tab or a slash.
    ["/%09/evil.example/", "/%09/evil.example/"],
    ["/%2F%2Fevil", "/%2F%2Fevil"],
  ])("keeps the local path %j with its query and hash", (next, expected) => {
    expect(safeNext(next, ORIGIN)).toBe(expected);
  });
});

describe("signInUrl", () => {
  it("keeps a local path to return to", () => {
    expect(signInUrl("expired", "/mapping", ORIGIN)).toBe("/sign-in?reason=expired&next=%2Fmapping");
  });
  it("drops a path to another origin", () => {
    expect(signInUrl("expired", "//evil.example", ORIGIN)).toBe("/sign-in?reason=expired");
    expect(signInUrl("expired", "/\\evil.example/", ORIGIN)).toBe("/sign-in?reason=expired");
  });
});
