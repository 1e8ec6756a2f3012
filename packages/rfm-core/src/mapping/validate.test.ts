import { describe, expect, it } from "vitest";
import type { Bins } from "../codes";
import { RfmError } from "../errors";
import { DEFAULT_MAPPING, SEED_ORIGINAL_MAPPING } from "./presets";
import type { MappingDefinition, MappingProblem, SegmentDefinition } from "./types";
import { compileMapping, segmentOf, validateMapping } from "./validate";

function thrown(fn: () => unknown): RfmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RfmError) return error;
    throw error;
  }
  throw new Error("expected an RfmError, nothing was thrown");
}

/** A segment with placeholder texts. */
function seg(name: string, parts: Pick<SegmentDefinition, "codes" | "rules"> = {}): SegmentDefinition {
  return { name, description: `${name} customers`, action: "Act.", color: "#000000", ...parts };
}

/** The default mapping, written out from the PRODUCT.md table independently of the preset. */
// biome-ignore format: a table reads best four codes to a line, in code order
const DEFAULT_TABLE: [code: string, segment: string][] = [
  ["111", "Lost Customer"], ["112", "Lost Customer"], ["113", "Lost Customer"], ["114", "Lost Customer"],
  ["121", "Lost Customer"], ["122", "Lost Customer"], ["123", "Lost Customer"], ["124", "About to Sleep"],
  ["131", "Price Sensitive"], ["132", "Price Sensitive"], ["133", "Needs Attention"], ["134", "Needs Attention"],
  ["141", "Price Sensitive"], ["142", "Price Sensitive"], ["143", "Needs Attention"], ["144", "Needs Attention"],
  ["211", "About to Sleep"], ["212", "About to Sleep"], ["213", "Needs Attention"], ["214", "Needs Attention"],
  ["221", "About to Sleep"], ["222", "About to Sleep"], ["223", "About to Sleep"], ["224", "Needs Attention"],
  ["231", "Price Sensitive"], ["232", "Price Sensitive"], ["233", "Needs Attention"], ["234", "Needs Attention"],
  ["241", "Price Sensitive"], ["242", "Price Sensitive"], ["243", "Needs Attention"], ["244", "Needs Attention"],
  ["311", "New Customer"], ["312", "New Customer"], ["313", "Promising Customers"], ["314", "Potential Loyalist"],
  ["321", "New Customer"], ["322", "New Customer"], ["323", "Potential Loyalist"], ["324", "Potential Loyalist"],
  ["331", "Promising Customers"], ["332", "Promising Customers"], ["333", "Promising Customers"], ["334", "Potential Loyalist"],
  ["341", "Loyal Customer"], ["342", "Loyal Customer"], ["343", "Loyal Customer"], ["344", "Champions"],
  ["411", "New Customer"], ["412", "New Customer"], ["413", "Potential Loyalist"], ["414", "Potential Loyalist"],
  ["421", "New Customer"], ["422", "New Customer"], ["423", "Potential Loyalist"], ["424", "Potential Loyalist"],
  ["431", "Loyal Customer"], ["432", "Loyal Customer"], ["433", "Loyal Customer"], ["434", "Champions"],
  ["441", "Loyal Customer"], ["442", "Loyal Customer"], ["443", "Champions"], ["444", "Champions"],
];

describe("the default mapping", () => {
  const mapping = compileMapping(DEFAULT_MAPPING);

  it("the expected table itself lists 64 distinct codes", () => {
    expect(new Set(DEFAULT_TABLE.map(([code]) => code)).size).toBe(64);
  });

  it.each(DEFAULT_TABLE)("code %s belongs to %s", (code, segment) => {
    expect(segmentOf(mapping, code).name).toBe(segment);
  });

  it("keeps the table's segment order for display", () => {
    expect(mapping.segments.map((s) => s.name)).toEqual([
      "Champions",
      "Loyal Customer",
      "Potential Loyalist",
      "Promising Customers",
      "New Customer",
      "Price Sensitive",
      "Needs Attention",
      "About to Sleep",
      "Lost Customer",
    ]);
  });
});

describe("the seed's original table", () => {
  it("is refused with exactly two problems: 343 in two segments and 314 in none", () => {
    const result = validateMapping(SEED_ORIGINAL_MAPPING);
    expect(result.valid).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.problems).toEqual<MappingProblem[]>([
      {
        code: "MAPPING_CODE_DUPLICATED",
        message: "Code 343 is assigned to 2 segments: Loyal Customer, Potential Loyalist",
        codes: ["343"],
        segments: ["Loyal Customer", "Potential Loyalist"],
        segmentIndexes: [1, 2],
      },
      {
        code: "MAPPING_CODE_UNASSIGNED",
        message: "1 code is not assigned to any segment: 314",
        codes: ["314"],
        segments: [],
        segmentIndexes: [],
      },
    ]);
  });

  it("cannot be compiled: INVALID_MAPPING names both codes and carries the problems", () => {
    const error = thrown(() => compileMapping(SEED_ORIGINAL_MAPPING));
    expect(error.code).toBe("INVALID_MAPPING");
    expect(error.message).toBe(
      "Invalid segment mapping (2 problems): Code 343 is assigned to 2 segments: Loyal Customer, Potential Loyalist; " +
        "1 code is not assigned to any segment: 314",
    );
    expect(error.details.problems).toEqual(validateMapping(SEED_ORIGINAL_MAPPING).problems);
  });
});

describe("validateMapping reports every problem at once", () => {
  /**
   * Five mistakes in one 4-bin mapping: a name used twice (case and spaces aside), an empty
   * name, three codes that do not exist, a reversed rule range, 444 in three segments and 13
   * codes of R1 in none; plus two warnings (311 listed twice, a segment with no codes).
   */
  const messy: MappingDefinition = {
    bins: 4,
    segments: [
      seg("Alpha", { rules: [{ r: 4 }], codes: ["454", "12", "abc"] }),
      seg(" alpha ", { rules: [{ r: 3 }], codes: ["311", "311"] }),
      seg("  ", { rules: [{ r: 2 }], codes: ["444"] }),
      seg("Delta", { codes: ["111", "112", "113", "444"], rules: [{ r: 1, f: [4, 3] }] }),
      seg("Empty"),
    ],
  };

  it("lists the problems in a fixed order, each naming its codes and segments", () => {
    const result = validateMapping(messy);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual<MappingProblem[]>([
      {
        code: "MAPPING_SEGMENT_NAME_EMPTY",
        message: "Segment #3 has an empty name",
        codes: [],
        segments: [""],
        segmentIndexes: [2],
      },
      {
        code: "MAPPING_SEGMENT_NAME_DUPLICATED",
        message: 'Segment name "Alpha" is used by 2 segments (#1, #2); names must be unique, ignoring case',
        codes: [],
        segments: ["Alpha", "alpha"],
        segmentIndexes: [0, 1],
      },
      {
        code: "MAPPING_CODE_INVALID",
        message:
          'Segment "Alpha" lists 3 codes that do not exist for 4 bins: 454, 12, abc (a code is three digits, each 1-4)',
        codes: ["454", "12", "abc"],
        segments: ["Alpha"],
        segmentIndexes: [0],
      },
      {
        code: "MAPPING_RULE_INVALID",
        message:
          'Segment "Delta" has an invalid rule: Rule R1 F4-3 M*: F range 4-3 is reversed (low end above high end)',
        codes: [],
        segments: ["Delta"],
        segmentIndexes: [3],
      },
      {
        code: "MAPPING_CODE_DUPLICATED",
        message: "Code 444 is assigned to 3 segments: Alpha, #3 (unnamed), Delta",
        codes: ["444"],
        segments: ["Alpha", "", "Delta"],
        segmentIndexes: [0, 2, 3],
      },
      {
        code: "MAPPING_CODE_UNASSIGNED",
        message:
          "13 codes are not assigned to any segment: 114, 121, 122, 123, 124, 131, 132, 133, 134, 141, 142, 143, 144",
        codes: ["114", "121", "122", "123", "124", "131", "132", "133", "134", "141", "142", "143", "144"],
        segments: [],
        segmentIndexes: [],
      },
    ]);
  });

  it("reports a code listed twice in one segment and a segment without codes as warnings", () => {
    expect(validateMapping(messy).warnings).toEqual<MappingProblem[]>([
      {
        code: "MAPPING_CODE_REPEATED",
        message: 'Segment "alpha" lists code 311 more than once',
        codes: ["311"],
        segments: ["alpha"],
        segmentIndexes: [1],
      },
      {
        code: "MAPPING_SEGMENT_EMPTY",
        message: 'Segment "Empty" has no codes, so no customer will be in it',
        codes: [],
        segments: ["Empty"],
        segmentIndexes: [4],
      },
    ]);
  });

  it("compileMapping throws INVALID_MAPPING whose message lists all six problems", () => {
    const error = thrown(() => compileMapping(messy));
    expect(error.code).toBe("INVALID_MAPPING");
    expect(
      error.message.startsWith("Invalid segment mapping (6 problems): Segment #3 has an empty name; "),
    ).toBe(true);
    for (const p of validateMapping(messy).problems) expect(error.message).toContain(p.message);
    expect(error.details).toEqual({
      problems: validateMapping(messy).problems,
      warnings: validateMapping(messy).warnings,
    });
  });

  it.each<[string, unknown]>([
    ["1", 1],
    ["10", 10],
    ["2.5", 2.5],
    ["the string 4", "4"],
    ["undefined", undefined],
  ])("bins %s is MAPPING_BINS_INVALID and codes are then not checked", (_name, bins) => {
    const result = validateMapping({ bins: bins as Bins, segments: [seg("", { codes: ["999"] })] });
    expect(result.problems.map((p) => p.code)).toEqual([
      "MAPPING_BINS_INVALID",
      "MAPPING_SEGMENT_NAME_EMPTY",
    ]);
    expect(result.problems[0]?.message).toBe(
      `Bins must be an integer from 2 to 9, got ${String(bins)}; codes and rules were not checked`,
    );
  });

  it("several codes listed twice in one segment make one warning naming them in code order", () => {
    const result = validateMapping({
      bins: 2,
      segments: [seg("All", { rules: [{}], codes: ["222", "111", "222", "111"] })],
    });
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      {
        code: "MAPPING_CODE_REPEATED",
        message: 'Segment "All" lists 2 codes more than once: 111, 222',
        codes: ["111", "222"],
        segments: ["All"],
        segmentIndexes: [0],
      },
    ]);
  });

  it("a code both listed and matched by a rule of the same segment is neither a problem nor a warning", () => {
    const result = validateMapping({
      bins: 2,
      segments: [seg("All", { rules: [{ r: 1 }, { r: [1, 2] }], codes: ["111"] })],
    });
    expect(result).toEqual({ valid: true, problems: [], warnings: [] });
  });

  it("a code that exists for 5 bins but not for 4 (451) is invalid with 4 bins", () => {
    const result = validateMapping({
      bins: 4,
      segments: [seg("All", { rules: [{}], codes: ["451", " 444 "] })],
    });
    expect(result.problems.map((p) => [p.code, p.codes])).toEqual([["MAPPING_CODE_INVALID", ["451"]]]);
    expect(result.problems[0]?.message).toContain(
      'Segment "All" lists 1 code that does not exist for 4 bins: 451',
    );
  });

  it("a mapping without segments leaves all 8 codes of 2 bins unassigned", () => {
    expect(validateMapping({ bins: 2, segments: [] }).problems).toEqual([
      {
        code: "MAPPING_CODE_UNASSIGNED",
        message: "8 codes are not assigned to any segment: 111, 112, 121, 122, 211, 212, 221, 222",
        codes: ["111", "112", "121", "122", "211", "212", "221", "222"],
        segments: [],
        segmentIndexes: [],
      },
    ]);
  });

  it("never throws for content that does not match the types", () => {
    const garbage = {
      bins: 2,
      segments: [{ name: 3, codes: [111, null, "112"], rules: [null, { r: "2" }, "R1"] }, null],
    } as unknown as MappingDefinition;
    const result = validateMapping(garbage);
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual([
      "MAPPING_SEGMENT_NAME_EMPTY",
      "MAPPING_SEGMENT_NAME_EMPTY",
      "MAPPING_CODE_INVALID",
      "MAPPING_RULE_INVALID",
      "MAPPING_RULE_INVALID",
      "MAPPING_RULE_INVALID",
      "MAPPING_CODE_UNASSIGNED",
    ]);
    expect(result.problems[2]?.codes).toEqual(["111", "null"]);
  });
});

describe("compileMapping", () => {
  it("expands rules and lists into sorted codes, trims names and fills the code lookup (3 bins)", () => {
    const mapping = compileMapping({
      bins: 3,
      segments: [
        seg("  Top ", { codes: ["333", "332"], rules: [{ r: 3, f: 3 }] }),
        seg("Rest", { rules: [{ r: [1, 2] }, { r: 3, f: [1, 2] }] }),
      ],
    });
    expect(mapping.bins).toBe(3);
    expect(mapping.segments[0]).toEqual({
      index: 0,
      name: "Top",
      key: "top",
      description: "  Top  customers",
      action: "Act.",
      color: "#000000",
      codes: ["331", "332", "333"],
    });
    expect(mapping.segments[1]?.codes).toHaveLength(24);
    expect(mapping.segmentOfCode).toHaveLength(27);
    expect(Array.from(mapping.segmentOfCode)).toEqual([...Array(24).fill(1), 0, 0, 0]);
  });

  it("compiles a mapping with an empty segment (a warning only): the segment has no codes (5 bins)", () => {
    const mapping = compileMapping({ bins: 5, segments: [seg("None"), seg("All", { rules: [{}] })] });
    expect(mapping.segments.map((s) => s.codes.length)).toEqual([0, 125]);
    expect(segmentOf(mapping, "555").name).toBe("All");
  });
});

describe("segmentOf", () => {
  const mapping = compileMapping(DEFAULT_MAPPING);

  it("accepts a code with surrounding spaces", () => {
    expect(segmentOf(mapping, " 444 ").name).toBe("Champions");
  });

  it.each(["454", "12", "abc", "0444"])(
    "throws INVALID_CODE for %j, which does not exist for 4 bins",
    (code) => {
      expect(thrown(() => segmentOf(mapping, code)).code).toBe("INVALID_CODE");
    },
  );
});
