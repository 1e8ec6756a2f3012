import { getOperationAST, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { nulArgument } from "./nul-arguments";

function check(query: string, variables: Record<string, unknown> = {}): string | null {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("no operation");
  return nulArgument(document, operation, variables);
}

describe("nulArgument", () => {
  it.each([
    ['{ segment(name: "a\\u0000b") { name } }', {}, "name"],
    ['{ customers(filter: { search: "a\\u0000b" }) { totalCount } }', {}, "filter.search"],
    [
      'mutation { createExport(input: { segment: "x", columns: ["id", "a\\u0000"] }) { export { url } } }',
      {},
      "input.columns[1]",
    ],
    ["query($s: String!) { segment(name: $s) { name } }", { s: "a\u0000b" }, "name"],
    [
      "mutation($i: SegmentInput!) { createSegment(input: $i) { name } }",
      { i: { name: "ok", rules: ["R1", "x\u0000"] } },
      "input.rules[1]",
    ],
    [
      "query($f: Filter) { customers(filter: $f) { totalCount } }",
      { f: { search: "\u0000" } },
      "filter.search",
    ],
    ['query($s: String = "a\\u0000") { segment(name: $s) { name } }', {}, "name"],
    ['{ me { name @include(if: true) } segment(name: "\\u0000") { name } }', {}, "name"],
    ['query { ...F } fragment F on Query { segment(name: "\\u0000") { name } }', {}, "name"],
  ])("%s names %j", (query, variables, field) => {
    expect(check(query, variables)).toBe(field);
  });

  it.each([
    ['{ segment(name: "a b\\u0001") { name } }', {}],
    ["query($s: String!) { segment(name: $s) { name } }", { s: "plain" }],
    ['query($s: String = "a") { segment(name: $s) { name } }', { s: null }],
    ["{ me { name } }", { unused: "\u0000" }],
  ])("%s has none", (query, variables) => {
    expect(check(query, variables)).toBeNull();
  });
});
