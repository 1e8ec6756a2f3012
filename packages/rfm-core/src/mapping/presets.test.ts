import { describe, expect, it } from "vitest";
import { allCodes, type Bins, parseRfmCode } from "../codes";
import {
  DEFAULT_MAPPING,
  PERSONAS_MAPPING,
  PRESETS,
  presetForBins,
  RF_MAP_3_MAPPING,
  RF_MAP_5_MAPPING,
  SEED_ORIGINAL_MAPPING,
} from "./presets";
import type { MappingDefinition } from "./types";
import { compileMapping, segmentOf, validateMapping } from "./validate";

/** WCAG 2 contrast ratio of a #rrggbb color against white. */
function contrastOnWhite(hex: string): number {
  const channel = (i: number): number => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

describe.each<[string, MappingDefinition]>([
  ["DEFAULT_MAPPING", DEFAULT_MAPPING],
  ["PERSONAS_MAPPING", PERSONAS_MAPPING],
])("%s", (_name, definition) => {
  it("is valid without warnings", () => {
    expect(validateMapping(definition)).toEqual({ valid: true, problems: [], warnings: [] });
  });

  it("covers each of the 64 codes of 4 bins exactly once", () => {
    const listed = compileMapping(definition).segments.flatMap((s) => s.codes);
    expect(listed).toHaveLength(64);
    expect([...listed].sort()).toEqual(allCodes(4));
  });

  it("gives every segment a description, an action and a distinct #rrggbb color readable on white (4.5:1)", () => {
    const colors = definition.segments.map((s) => s.color);
    expect(new Set(colors).size).toBe(colors.length);
    for (const s of definition.segments) {
      expect(s.description.length).toBeGreaterThan(20);
      expect(s.action).toMatch(/^[A-Z].{10,}\.$/);
      expect(s.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(contrastOnWhite(s.color)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("is frozen, so a caller cannot edit the shared preset", () => {
    expect(Object.isFrozen(definition)).toBe(true);
    expect(Object.isFrozen(definition.segments)).toBe(true);
    expect(definition.segments.every((s) => Object.isFrozen(s))).toBe(true);
  });
});

describe("PERSONAS_MAPPING", () => {
  it("assigns the personas' codes by rule: VIP R3-4 F3-4 M3-4, Regular M1-2, New F1-2 M1-3, Big Spender M4, Lost R1-2", () => {
    const mapping = compileMapping(PERSONAS_MAPPING);
    expect(Object.fromEntries(mapping.segments.map((s) => [s.name, s.codes]))).toEqual({
      VIP: ["333", "334", "343", "344", "433", "434", "443", "444"],
      Regular: ["331", "332", "341", "342", "431", "432", "441", "442"],
      "New Customer": ["311", "312", "313", "321", "322", "323", "411", "412", "413", "421", "422", "423"],
      "Big Spender": ["114", "124", "134", "144", "214", "224", "234", "244", "314", "324", "414", "424"],
      // biome-ignore format: twelve codes to a line, one line per recency score
      "Lost Customer": [
        "111", "112", "113", "121", "122", "123", "131", "132", "133", "141", "142", "143",
        "211", "212", "213", "221", "222", "223", "231", "232", "233", "241", "242", "243",
      ],
    });
  });
});

describe("SEED_ORIGINAL_MAPPING", () => {
  it("differs from the default only in Potential Loyalist listing 343 instead of 314", () => {
    const seed = SEED_ORIGINAL_MAPPING.segments;
    expect(seed.map((s) => s.name)).toEqual(DEFAULT_MAPPING.segments.map((s) => s.name));
    seed.forEach((segment, i) => {
      const def = DEFAULT_MAPPING.segments[i];
      if (segment.name === "Potential Loyalist") {
        expect(segment.codes).toEqual(["424", "423", "324", "323", "413", "414", "343", "334"]);
        expect(def?.codes).toEqual(["424", "423", "324", "323", "413", "414", "314", "334"]);
      } else {
        expect(segment).toEqual(def);
      }
    });
  });
});

describe("PRESETS", () => {
  it("holds the default and personas mappings under their ids, with labels", () => {
    expect(Object.keys(PRESETS)).toEqual(["default", "personas", "rf-map-3", "rf-map-5"]);
    expect(PRESETS.default.definition).toBe(DEFAULT_MAPPING);
    expect(PRESETS.personas.definition).toBe(PERSONAS_MAPPING);
    expect(PRESETS["rf-map-3"].definition).toBe(RF_MAP_3_MAPPING);
    expect(PRESETS["rf-map-5"].definition).toBe(RF_MAP_5_MAPPING);
    for (const [id, preset] of Object.entries(PRESETS)) {
      expect(preset.id).toBe(id);
      expect(preset.label).not.toBe("");
    }
  });
});

describe.each<[string, MappingDefinition, number]>([
  ["RF_MAP_3_MAPPING", RF_MAP_3_MAPPING, 27],
  ["RF_MAP_5_MAPPING", RF_MAP_5_MAPPING, 125],
])("%s", (_name, definition, codeTotal) => {
  it("is valid without warnings", () => {
    expect(validateMapping(definition)).toEqual({ valid: true, problems: [], warnings: [] });
  });

  it(`covers each of the ${codeTotal} codes exactly once`, () => {
    const listed = compileMapping(definition).segments.flatMap((s) => s.codes);
    expect(listed).toHaveLength(codeTotal);
    expect([...listed].sort()).toEqual(allCodes(definition.bins));
  });

  it("gives every segment a description, an action and a distinct #rrggbb color readable on white (4.5:1)", () => {
    const colors = definition.segments.map((s) => s.color);
    expect(new Set(colors).size).toBe(colors.length);
    for (const s of definition.segments) {
      expect(s.description.length).toBeGreaterThan(20);
      expect(s.action).toMatch(/^[A-Z].{10,}\.$/);
      expect(contrastOnWhite(s.color)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("is frozen, so a caller cannot edit the shared preset", () => {
    expect(Object.isFrozen(definition)).toBe(true);
    expect(definition.segments.every((s) => Object.isFrozen(s) && Object.isFrozen(s.rules))).toBe(true);
  });
});

describe("RF_MAP_5_MAPPING (the 11-segment R-F map)", () => {
  const mapping = compileMapping(RF_MAP_5_MAPPING);
  const nameOf = (code: string): string | undefined => segmentOf(mapping, parseRfmCode(code, 5))?.name;

  it("has the eleven segments of the map, in order", () => {
    expect(mapping.segments.map((s) => s.name)).toEqual([
      "Champions",
      "Loyal Customers",
      "Potential Loyalist",
      "New Customers",
      "Promising",
      "Need Attention",
      "About To Sleep",
      "At Risk",
      "Can't Lose Them",
      "Hibernating",
      "Lost",
    ]);
  });

  // Hand-read from the grid: R on the first digit, F on the second, M ignored.
  it.each([
    ["555", "Champions"],
    ["551", "Champions"],
    ["543", "Champions"],
    ["453", "Loyal Customers"],
    ["345", "Loyal Customers"],
    ["532", "Potential Loyalist"],
    ["425", "Potential Loyalist"],
    ["515", "New Customers"],
    ["411", "Promising"],
    ["333", "Need Attention"],
    ["321", "About To Sleep"],
    ["314", "About To Sleep"],
    ["245", "At Risk"],
    ["131", "At Risk"],
    ["155", "Can't Lose Them"],
    ["252", "Can't Lose Them"],
    ["225", "Hibernating"],
    ["111", "Lost"],
    ["115", "Lost"],
    ["124", "Lost"],
    ["213", "Lost"],
  ])("puts %s in %s", (code, name) => {
    expect(nameOf(code)).toBe(name);
  });

  it("sizes each segment by its R-F cells times 5 monetary scores", () => {
    expect(Object.fromEntries(mapping.segments.map((s) => [s.name, s.codes.length]))).toEqual({
      Champions: 10,
      "Loyal Customers": 20,
      "Potential Loyalist": 20,
      "New Customers": 5,
      Promising: 5,
      "Need Attention": 5,
      "About To Sleep": 10,
      "At Risk": 20,
      "Can't Lose Them": 10,
      Hibernating: 5,
      Lost: 15,
    });
  });
});

describe("RF_MAP_3_MAPPING", () => {
  it("gives each R-F cell its own segment, whatever M", () => {
    const mapping = compileMapping(RF_MAP_3_MAPPING);
    const names = Object.fromEntries(mapping.segments.map((s) => [s.name, s.codes]));
    expect(names).toEqual({
      Champions: ["331", "332", "333"],
      "Loyal Customers": ["231", "232", "233"],
      "Potential Loyalist": ["321", "322", "323"],
      "New Customers": ["311", "312", "313"],
      "Need Attention": ["221", "222", "223"],
      "About To Sleep": ["211", "212", "213"],
      "Can't Lose Them": ["131", "132", "133"],
      "At Risk": ["121", "122", "123"],
      Lost: ["111", "112", "113"],
    });
  });
});

describe("presetForBins", () => {
  it("returns the standard preset of each size: 3 and 5 the R-F map, 4 the default", () => {
    expect(presetForBins(3)).toBe(RF_MAP_3_MAPPING);
    expect(presetForBins(4)).toBe(DEFAULT_MAPPING);
    expect(presetForBins(5)).toBe(RF_MAP_5_MAPPING);
  });

  it.each<Bins>([2, 3, 4, 5, 6, 7, 8, 9])("gives a valid, warning-free mapping of %i bins", (bins) => {
    const preset = presetForBins(bins);
    expect(preset.bins).toBe(bins);
    expect(validateMapping(preset)).toEqual({ valid: true, problems: [], warnings: [] });
    expect(compileMapping(preset).segments.flatMap((s) => s.codes)).toHaveLength(bins ** 3);
    expect(presetForBins(bins)).toBe(preset);
  });

  it("stretches the 5-bin map over 9 bins: score s counts as ceil(5s/9) of 5", () => {
    const mapping = compileMapping(presetForBins(9));
    const nameOf = (code: string): string | undefined => segmentOf(mapping, parseRfmCode(code, 9))?.name;
    // 9 bins -> 5: 1->1, 2-3->2, 4-5->3, 6-7->4, 8-9->5.
    expect(nameOf("999")).toBe("Champions");
    expect(nameOf("871")).toBe("Champions"); // R5 F4
    expect(nameOf("811")).toBe("New Customers"); // R5 F1
    expect(nameOf("711")).toBe("Promising"); // R4 F1
    expect(nameOf("221")).toBe("Hibernating"); // R2 F2
    expect(nameOf("311")).toBe("Lost"); // R2 F1
    expect(nameOf("191")).toBe("Can't Lose Them"); // R1 F5
  });

  it.each([1, 10, 4.5, Number.NaN])("rejects %s bins with INVALID_BINS", (bins) => {
    expect(() => presetForBins(bins as Bins)).toThrow(expect.objectContaining({ code: "INVALID_BINS" }));
  });
});
