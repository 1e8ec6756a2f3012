import { describe, expect, it } from "vitest";
import { allCodes } from "../codes";
import { DEFAULT_MAPPING, PERSONAS_MAPPING, PRESETS, SEED_ORIGINAL_MAPPING } from "./presets";
import type { MappingDefinition } from "./types";
import { compileMapping, validateMapping } from "./validate";

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
    expect(Object.keys(PRESETS)).toEqual(["default", "personas"]);
    expect(PRESETS.default.definition).toBe(DEFAULT_MAPPING);
    expect(PRESETS.personas.definition).toBe(PERSONAS_MAPPING);
    for (const [id, preset] of Object.entries(PRESETS)) {
      expect(preset.id).toBe(id);
      expect(preset.label).not.toBe("");
    }
  });
});
