import { describe, expect, it } from "vitest";
import { parseRfmCode } from "../codes";
import { RfmError } from "../errors";
import { formatMappingReport, mappingToDocument, parseMappingDocument } from "./file";
import { DEFAULT_MAPPING, RF_MAP_5_MAPPING } from "./presets";
import { compileMapping, segmentOf } from "./validate";

function errorOf(fn: () => unknown): RfmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RfmError) return error;
    throw error;
  }
  throw new Error("expected an RfmError");
}

const header = { format: "rfm-mapping", version: 1 } as const;

/** The segment each code lands in, for a few codes. */
function segmentsOf(doc: unknown, codes: readonly string[]): Record<string, string> {
  const { definition } = parseMappingDocument(doc);
  const mapping = compileMapping(definition);
  return Object.fromEntries(codes.map((c) => [c, segmentOf(mapping, parseRfmCode(c, definition.bins)).name]));
}

describe("mappingToDocument", () => {
  it("writes code-listed segments with sorted codes and keys from their names", () => {
    const doc = mappingToDocument(DEFAULT_MAPPING, { mappingVersion: 7 });
    expect(doc).toMatchObject({ format: "rfm-mapping", version: 1, bins: 4, mappingVersion: 7 });
    expect(doc.segments[0]).toEqual({
      name: "Champions",
      key: "champions",
      description: DEFAULT_MAPPING.segments[0]!.description,
      action: DEFAULT_MAPPING.segments[0]!.action,
      color: "#15803d",
      codes: ["344", "434", "443", "444"],
    });
    expect(doc.segments.map((s) => s.key)).toContain("loyal-customer");
  });

  it("writes rule-defined segments with their rules in text form", () => {
    const doc = mappingToDocument(RF_MAP_5_MAPPING);
    expect(doc.segments[0]).toMatchObject({ name: "Champions", rules: ["R5 F4-5 M*"] });
    expect(doc.segments[0]).not.toHaveProperty("codes");
    expect(doc.segments.at(-1)).toMatchObject({ name: "Lost", rules: ["R1 F1-2 M*", "R2 F1 M*"] });
  });

  it("round-trips: reading the document back gives the same segments, codes and rules", () => {
    for (const preset of [DEFAULT_MAPPING, RF_MAP_5_MAPPING]) {
      const back = parseMappingDocument(JSON.parse(JSON.stringify(mappingToDocument(preset))));
      expect(back.report.order).toBe("exactly-once");
      expect(back.report.othersSegment).toBeNull();
      const a = compileMapping(preset).segments.map((s) => [
        s.name,
        s.description,
        s.action,
        s.color,
        s.codes,
      ]);
      const b = compileMapping(back.definition).segments.map((s) => [
        s.name,
        s.description,
        s.action,
        s.color,
        s.codes,
      ]);
      expect(b).toEqual(a);
    }
    const five = parseMappingDocument(mappingToDocument(RF_MAP_5_MAPPING)).definition;
    expect(five.segments[0]?.rules).toEqual([{ r: 5, f: [4, 5] }]);
  });
});

describe("parseMappingDocument: the native form", () => {
  it("accepts codes written as YAML numbers and rules as text or objects", () => {
    const doc = {
      ...header,
      bins: 2,
      segments: [
        { name: "Best", codes: [222, "221"] },
        { name: "Rest", rules: ["R1", { r: 2, f: 1 }] },
      ],
    };
    expect(segmentsOf(doc, ["222", "221", "212", "111"])).toEqual({
      "222": "Best",
      "221": "Best",
      "212": "Rest",
      "111": "Rest",
    });
  });

  it.each<[string, unknown, string]>([
    [
      "a code that does not exist for the bins",
      {
        ...header,
        bins: 5,
        segments: [
          { name: "A", rules: ["R*"] },
          { name: "B", codes: [] },
          { name: "C", codes: [] },
          { name: "D", codes: ["111", "112", "615"] },
        ],
      },
      'segments[3].codes[2]: "615" is not a code for 5 bins (three digits, each 1-5)',
    ],
    ["no format", { version: 1, bins: 4, segments: [] }, 'format: must be "rfm-mapping", got undefined'],
    [
      "another version",
      { ...header, version: 2, bins: 4, segments: [] },
      "version: must be 1 (the only version so far), got 2",
    ],
    [
      "bins out of range",
      { ...header, bins: 10, segments: [] },
      "bins: must be an integer from 2 to 9, got 10",
    ],
    [
      "an unknown field in a segment",
      { ...header, bins: 2, segments: [{ name: "A", colour: "#000000", rules: ["R*"] }] },
      'segments[0].colour: unknown field "colour" (expected name, key, description, action, color, codes, rules)',
    ],
    [
      "a bad rule",
      { ...header, bins: 4, segments: [{ name: "A", rules: ["R5"] }] },
      'segments[0].rules[0]: Invalid rule "R5": "R5": score 5 is not an integer from 1 to 4',
    ],
    [
      "a bad color",
      { ...header, bins: 2, segments: [{ name: "A", color: "green", rules: ["R*"] }] },
      'segments[0].color: must be #rrggbb, got "green"',
    ],
    [
      "a name used twice",
      {
        ...header,
        bins: 2,
        segments: [
          { name: "A", rules: ["R1"] },
          { name: " a ", rules: ["R2"] },
        ],
      },
      'segments[1].name: segment name "a" is already used at segments[0].name',
    ],
    [
      "a code in two segments",
      {
        ...header,
        bins: 2,
        segments: [
          { name: "A", rules: ["R1"] },
          { name: "B", codes: ["111"], rules: ["R2"] },
        ],
      },
      'segments[1]: code 111 is in segments[0] ("A") and segments[1] ("B"); each code belongs to exactly one segment (or write match: first)',
    ],
    [
      "codes in no segment",
      {
        ...header,
        bins: 2,
        segments: [
          { name: "A", rules: ["R1"] },
          { name: "B", codes: ["222"] },
        ],
      },
      "segments: 3 of 8 codes belong to no segment: 211, 212, 221 (add them, or write match: first and others: NAME)",
    ],
    [
      "more rules than a person writes",
      {
        ...header,
        bins: 2,
        segments: [
          { name: "A", rules: Array.from({ length: 1000 }, () => "R1") },
          { name: "B", rules: Array.from({ length: 999 }, () => "R2") },
          { name: "C", rules: Array.from({ length: 2 }, () => "R2") },
        ],
      },
      "segments[2].rules: the file has more than 2000 rules in all",
    ],
    [
      "two forms at once",
      { ...header, bins: 4, segments: [], segment_config: {} },
      "segment_config: give only one of segments, rfm_segment and segment_config (found segments and segment_config)",
    ],
  ])("refuses %s, naming the path", (_what, doc, message) => {
    const error = errorOf(() => parseMappingDocument(doc));
    expect(error.code).toBe("INVALID_MAPPING_FILE");
    expect(error.message).toBe(message);
    expect(error.details.field).toBe(message.split(":")[0]);
  });

  it("with match: first, gives each code to the first segment matching it and the rest to others", () => {
    const { definition, report } = parseMappingDocument({
      ...header,
      bins: 2,
      match: "first",
      others: "Unsorted",
      segments: [
        { name: "Top", codes: ["222"] },
        { name: "Recent", rules: ["R2"] },
        { name: "Frequent", rules: ["F2 M2"] },
      ],
    });
    expect(definition.segments.map((s) => [s.name, s.codes])).toEqual([
      ["Top", ["222"]],
      ["Recent", ["211", "212", "221"]],
      ["Frequent", ["122"]],
      ["Unsorted", ["111", "112", "121"]],
    ]);
    expect(report.entries.map((e) => [e.segment, e.shadowed])).toEqual([
      ["Top", []],
      ["Recent", [{ code: "222", takenBy: "Top" }]],
      ["Frequent", [{ code: "222", takenBy: "Top" }]],
    ]);
    expect(report).toMatchObject({ form: "first-match", order: "first-match", othersSegment: "Unsorted" });
    expect(report.unmatched).toEqual(["111", "112", "121"]);
  });
});

/**
 * The R `rfm` package's documented example (rfm 0.3.0, `?rfm_segment`), vectors copied from its
 * docs. Expected segments worked out by hand from the rows, first match winning as in its
 * `rfm_segment()` (a row only labels customers no earlier row labelled; the rest are "Others").
 */
const R_EXAMPLE_030 = {
  segment_names: [
    "Champions",
    "Potential Loyalist",
    "Loyal Customers",
    "Promising",
    "New Customers",
    "Can't Lose Them",
    "At Risk",
    "Need Attention",
    "About To Sleep",
    "Lost",
  ],
  recency_lower: [5, 3, 2, 3, 4, 1, 1, 1, 2, 1],
  recency_upper: [5, 5, 4, 4, 5, 2, 2, 3, 3, 1],
  frequency_lower: [5, 3, 2, 1, 1, 3, 2, 3, 1, 1],
  frequency_upper: [5, 5, 4, 3, 3, 4, 5, 5, 3, 5],
  monetary_lower: [5, 2, 2, 3, 1, 4, 4, 3, 1, 1],
  monetary_upper: [5, 5, 4, 5, 5, 5, 5, 5, 4, 5],
};

/** The earlier example (rfm 0.2.x docs and its test-rfm-segment.R), where rows shadow others. */
const R_EXAMPLE_022 = {
  segment_names: [
    "Champions",
    "Loyal Customers",
    "Potential Loyalist",
    "New Customers",
    "Promising",
    "Need Attention",
    "About To Sleep",
    "At Risk",
    "Can't Lose Them",
    "Lost",
  ],
  recency_lower: [4, 2, 3, 4, 3, 2, 2, 1, 1, 1],
  recency_upper: [5, 5, 5, 5, 4, 3, 3, 2, 1, 2],
  frequency_lower: [4, 3, 1, 1, 1, 2, 1, 2, 4, 1],
  frequency_upper: [5, 5, 3, 1, 1, 3, 2, 5, 5, 2],
  monetary_lower: [4, 3, 1, 1, 1, 2, 1, 2, 4, 1],
  monetary_upper: [5, 5, 3, 1, 1, 3, 2, 5, 5, 2],
};

describe("parseMappingDocument: R rfm_segment() vectors", () => {
  it("assigns codes as the rfm package's documented example does (first match wins, the rest Others)", () => {
    const doc = { ...header, bins: 5, rfm_segment: R_EXAMPLE_030 };
    expect(
      segmentsOf(doc, [
        "555",
        "554",
        "334",
        "322",
        "313",
        "511",
        "134",
        "124",
        "133",
        "211",
        "231",
        "111",
        "121",
        "215",
        "251",
      ]),
    ).toEqual({
      "555": "Champions",
      "554": "Potential Loyalist",
      "334": "Potential Loyalist",
      "322": "Loyal Customers",
      "313": "Promising",
      "511": "New Customers",
      "134": "Can't Lose Them",
      "124": "At Risk",
      "133": "Need Attention",
      "211": "About To Sleep",
      "231": "About To Sleep",
      "111": "Lost",
      "121": "Lost",
      "215": "Others",
      "251": "Others",
    });
    const { definition, report } = parseMappingDocument(doc);
    expect(report).toMatchObject({ form: "rfm_segment", order: "first-match", othersSegment: "Others" });
    expect(definition.segments.at(-1)?.name).toBe("Others");
    expect(report.unmatched).toContain("215");
    // Rows whose codes all survive keep their rule: Champions is exactly R5 F5 M5.
    expect(definition.segments[0]).toMatchObject({ codes: ["555"], rules: [{ r: 5, f: 5, m: 5 }] });
  });

  it("reports the codes earlier rows shadowed: in the 0.2.x example New Customers, Promising and Can't Lose Them get none", () => {
    const { definition, report } = parseMappingDocument({ ...header, bins: 5, rfm_segment: R_EXAMPLE_022 });
    const entry = (name: string) => report.entries.find((e) => e.segment === name)!;
    expect(entry("New Customers")).toMatchObject({
      path: "rfm_segment[3]",
      rule: "R4-5 F1 M1",
      codes: [],
      shadowed: [
        { code: "411", takenBy: "Potential Loyalist" },
        { code: "511", takenBy: "Potential Loyalist" },
      ],
    });
    expect(entry("Promising")).toMatchObject({
      codes: [],
      shadowed: [
        { code: "311", takenBy: "Potential Loyalist" },
        { code: "411", takenBy: "Potential Loyalist" },
      ],
    });
    expect(entry("Can't Lose Them")).toMatchObject({
      codes: [],
      shadowed: ["144", "145", "154", "155"].map((code) => ({ code, takenBy: "At Risk" })),
    });
    expect(entry("Champions").codes).toHaveLength(8);
    expect(segmentsOf({ ...header, bins: 5, rfm_segment: R_EXAMPLE_022 }, ["515", "111", "444"])).toEqual({
      "515": "Others",
      "111": "Lost",
      "444": "Champions",
    });
    // Empty segments stay (a warning, not a problem), so the file's names all survive.
    expect(definition.segments.find((s) => s.name === "New Customers")?.codes).toEqual([]);
    expect(formatMappingReport(report)).toContain(
      "rfm_segment[3] New Customers (R4-5 F1 M1): 0 codes, shadowed 2: 411 511 to Potential Loyalist",
    );
  });

  it("reads the vectors from the R code itself, as the package documents them, and gives the same segments", () => {
    // The example of ?rfm_segment (rfm 0.3.0), pasted whole: other lines are ignored.
    const script = `# analysis date
analysis_date <- as.Date('2006-12-31')

# generate rfm score
rfm_result <- rfm_table_order(rfm_data_orders, customer_id, order_date,
revenue, analysis_date)

# segment names
segment_names <- c("Champions", "Potential Loyalist", "Loyal Customers",
                   "Promising", "New Customers", "Can't Lose Them",
                   "At Risk", "Need Attention", "About To Sleep", "Lost")

# segment intervals
recency_lower <-   c(5, 3, 2, 3, 4, 1, 1, 1, 2, 1)
recency_upper <-   c(5, 5, 4, 4, 5, 2, 2, 3, 3, 1)
frequency_lower <- c(5, 3, 2, 1, 1, 3, 2, 3, 1, 1)
frequency_upper <- c(5, 5, 4, 3, 3, 4, 5, 5, 3, 5)
monetary_lower <-  c(5, 2, 2, 3, 1, 4, 4, 3, 1, 1)
monetary_upper <-  c(5, 5, 4, 5, 5, 5, 5, 5, 4, 5)

# generate segments
segments <- rfm_segment(rfm_result, segment_names, recency_lower,
recency_upper, frequency_lower, frequency_upper, monetary_lower,
monetary_upper)
`;
    const fromScript = parseMappingDocument({ ...header, bins: 5, rfm_segment: script });
    const fromVectors = parseMappingDocument({ ...header, bins: 5, rfm_segment: R_EXAMPLE_030 });
    expect(fromScript.definition).toEqual(fromVectors.definition);
    expect(segmentsOf({ ...header, bins: 5, rfm_segment: script }, ["555", "554", "215"])).toEqual({
      "555": "Champions",
      "554": "Potential Loyalist",
      "215": "Others",
    });
  });

  it.each([
    ['segment_names <- c("A", "B)', "rfm_segment: line 1: segment_names: a string is never closed"],
    [
      "recency_lower <- c(1, 2, x)",
      'rfm_segment: line 1: recency_lower: cannot read "x" (only numbers and quoted text)',
    ],
    [
      'segment_names <- c("A")\nrecency_lower <- c(1',
      "rfm_segment: line 2: recency_lower: c( is never closed",
    ],
    [
      'segment_names <- c("A")',
      "rfm_segment.recency_lower: is required (rfm_segment() needs all seven vectors)",
    ],
  ])("refuses R code it cannot read, naming the line: %s", (script, message) => {
    expect(errorOf(() => parseMappingDocument({ ...header, bins: 5, rfm_segment: script })).message).toBe(
      message,
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      "vectors of different lengths",
      { ...R_EXAMPLE_030, recency_upper: [5, 5, 4] },
      "rfm_segment.recency_upper: has 3 values but segment_names has 10; the vectors are read side by side",
    ],
    [
      "a score out of range",
      { ...R_EXAMPLE_030, monetary_upper: [5, 5, 4, 5, 5, 5, 5, 5, 4, 6] },
      "rfm_segment.monetary_upper[9]: 6 is not a score from 1 to 5",
    ],
    [
      "a reversed range",
      { ...R_EXAMPLE_030, frequency_lower: [5, 3, 2, 1, 1, 3, 2, 3, 4, 1] },
      "rfm_segment.frequency_lower[8]: 4 is above frequency_upper[8] = 3: the row matches no code",
    ],
    [
      "a missing vector",
      { segment_names: ["A"], recency_lower: [1] },
      "rfm_segment.recency_upper: is required (rfm_segment() needs all seven vectors)",
    ],
  ])("refuses %s, naming the path", (_what, vectors, message) => {
    expect(errorOf(() => parseMappingDocument({ ...header, bins: 5, rfm_segment: vectors })).message).toBe(
      message,
    );
  });
});

/** PyMC-Marketing's default segment_config (pymc_marketing/clv/utils.py), quartiles: 4 bins. */
const PYMC_DEFAULT = {
  "Premium Customer": ["334", "443", "444", "344", "434", "433", "343", "333"],
  "Repeat Customer": ["244", "234", "232", "332", "143", "233", "243"],
  "Top Spender": ["424", "414", "144", "314", "324", "124", "224", "423", "413", "133", "323", "313", "134"],
  "At Risk Customer": ["422", "223", "212", "122", "222", "132", "322", "312", "412", "123", "214"],
  "Inactive Customer": ["411", "111", "113", "114", "112", "211", "311"],
};

describe("parseMappingDocument: PyMC-Marketing segment_config", () => {
  it("assigns the listed codes and puts the 18 unlisted ones in Other, as rfm_segments() does", () => {
    const doc = { ...header, bins: 4, segment_config: PYMC_DEFAULT };
    expect(segmentsOf(doc, ["444", "232", "133", "214", "411", "421", "121", "442"])).toEqual({
      "444": "Premium Customer",
      "232": "Repeat Customer",
      "133": "Top Spender",
      "214": "At Risk Customer",
      "411": "Inactive Customer",
      "421": "Other",
      "121": "Other",
      "442": "Other",
    });
    const { report } = parseMappingDocument(doc);
    expect(report).toMatchObject({ form: "segment_config", order: "last-match", othersSegment: "Other" });
    expect(report.unmatched).toHaveLength(18);
  });

  it("lets a later entry take a code an earlier one listed (PyMC-Marketing overwrites in order) and reports it", () => {
    const { definition, report } = parseMappingDocument({
      ...header,
      bins: 2,
      segment_config: { A: ["111", "112"], B: ["112", "222"] },
    });
    expect(definition.segments.map((s) => [s.name, s.codes])).toEqual([
      ["A", ["111"]],
      ["B", ["112", "222"]],
      ["Other", ["121", "122", "211", "212", "221"]],
    ]);
    expect(report.entries[0]?.shadowed).toEqual([{ code: "112", takenBy: "B" }]);
  });

  it("refuses a code that does not exist, naming the key and position", () => {
    const error = errorOf(() =>
      parseMappingDocument({
        ...header,
        bins: 4,
        segment_config: { ...PYMC_DEFAULT, "Top Spender": ["424", "414", "514"] },
      }),
    );
    expect(error.message).toBe(
      'segment_config["Top Spender"][2]: "514" is not a code for 4 bins (three digits, each 1-4)',
    );
    expect(error.details.field).toBe('segment_config["Top Spender"][2]');
  });
});

describe("mapping files: segment keys", () => {
  const two = (a: Record<string, unknown>, b: Record<string, unknown>) => ({
    ...header,
    bins: 2,
    segments: [
      { name: "Recent", rules: ["R2"], ...a },
      { name: "Lapsed", rules: ["R1"], ...b },
    ],
  });

  it("reads the keys a file gives into the definition, and leaves out those it does not", () => {
    const { definition } = parseMappingDocument(two({ key: "recent-buyers" }, {}));
    expect(definition.segments.map((s) => s.key)).toEqual(["recent-buyers", undefined]);
  });

  it("exports each segment's own key, and a derived one where it has none", () => {
    const doc = mappingToDocument({
      bins: 2,
      segments: [
        {
          name: "Top Customers",
          key: "champions",
          description: "",
          action: "",
          color: "#000000",
          rules: [{ r: 2 }],
        },
        { name: "Champions", description: "", action: "", color: "#000000", rules: [{ r: 1 }] },
      ],
    });
    expect(doc.segments.map((s) => [s.name, s.key])).toEqual([
      ["Top Customers", "champions"],
      ["Champions", "champions-2"],
    ]);
  });

  it("refuses a key used twice, naming where it was first used", () => {
    expect(errorOf(() => parseMappingDocument(two({ key: "x" }, { key: "x" }))).message).toBe(
      'segments[1].key: key "x" is already used at segments[0].key; each segment has its own key',
    );
  });

  it.each(["At Risk", "at_risk", "a".repeat(65)])("refuses the key %j with the rule", (key) => {
    const error = errorOf(() => parseMappingDocument(two({ key }, {})));
    expect(error.code).toBe("INVALID_MAPPING_FILE");
    expect(error.message).toMatch(/^segments\[0\]\.key: /);
  });

  it("round-trips keys: export then import gives the same keys", () => {
    const back = parseMappingDocument(JSON.parse(JSON.stringify(mappingToDocument(DEFAULT_MAPPING))));
    expect(back.definition.segments.map((s) => s.key)).toEqual(DEFAULT_MAPPING.segments.map((s) => s.key));
    expect(back.definition.segments[0]!.key).toBe("champions");
  });
});
