import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allCodes, type Bins, codeCount } from "../codes";
import type { MappingDefinition } from "./types";
import { compileMapping, validateMapping } from "./validate";

/** Bins 2..9, k segments (1..8) and a segment for each of the bins³ codes. */
const assignmentArb = fc
  .record({ bins: fc.integer({ min: 2, max: 9 }), k: fc.integer({ min: 1, max: 8 }) })
  .chain(({ bins, k }) =>
    fc.record({
      bins: fc.constant(bins as Bins),
      k: fc.constant(k),
      assignment: fc.array(fc.nat({ max: k - 1 }), {
        minLength: codeCount(bins as Bins),
        maxLength: codeCount(bins as Bins),
      }),
      /** A code index to remove or duplicate. */
      pick: fc.nat({ max: codeCount(bins as Bins) - 1 }),
      /** Picks the second segment: first + 1 + (shift mod (k - 1)), modulo k, never the first. */
      shift: fc.nat({ max: 7 }),
    }),
  );

/** A mapping listing each code under its assigned segment; `change` edits the lists first. */
function mappingOf(
  bins: Bins,
  k: number,
  assignment: readonly number[],
  change: (lists: string[][]) => void = () => {},
): MappingDefinition {
  const codes = allCodes(bins);
  const lists: string[][] = Array.from({ length: k }, () => []);
  assignment.forEach((s, i) => {
    lists[s]?.push(codes[i] ?? "");
  });
  change(lists);
  return {
    bins,
    segments: lists.map((list, s) => ({
      name: `Segment ${s}`,
      description: "",
      action: "",
      color: "#000000",
      codes: list,
    })),
  };
}

describe("mapping properties", () => {
  it("any assignment of all codes to k segments is valid and compiles to each code in its one segment", () => {
    fc.assert(
      fc.property(assignmentArb, ({ bins, k, assignment }) => {
        const definition = mappingOf(bins, k, assignment);
        const result = validateMapping(definition);
        expect(result.valid).toBe(true);
        expect(result.problems).toEqual([]);
        const mapping = compileMapping(definition);
        expect(Array.from(mapping.segmentOfCode)).toEqual(assignment);
        const listed = mapping.segments.flatMap((s) => s.codes);
        expect([...listed].sort()).toEqual(allCodes(bins));
      }),
    );
  });

  it("removing one code makes the mapping invalid with exactly that code unassigned", () => {
    fc.assert(
      fc.property(assignmentArb, ({ bins, k, assignment, pick }) => {
        const code = allCodes(bins)[pick] ?? "";
        const definition = mappingOf(bins, k, assignment, (lists) => {
          const list = lists[assignment[pick] ?? 0] ?? [];
          list.splice(list.indexOf(code), 1);
        });
        const result = validateMapping(definition);
        expect(result.valid).toBe(false);
        expect(result.problems).toEqual([
          {
            code: "MAPPING_CODE_UNASSIGNED",
            message: `1 code is not assigned to any segment: ${code}`,
            codes: [code],
            segments: [],
            segmentIndexes: [],
          },
        ]);
      }),
    );
  });

  it("adding a code to a second segment makes it invalid with exactly that code duplicated, naming both", () => {
    fc.assert(
      fc.property(
        assignmentArb.filter(({ k }) => k >= 2),
        ({ bins, k, assignment, pick, shift }) => {
          const code = allCodes(bins)[pick] ?? "";
          const first = assignment[pick] ?? 0;
          const second = (first + 1 + (shift % (k - 1))) % k;
          const definition = mappingOf(bins, k, assignment, (lists) => {
            lists[second]?.push(code);
          });
          const result = validateMapping(definition);
          const both = [first, second].sort((a, b) => a - b);
          expect(result.valid).toBe(false);
          expect(result.problems).toEqual([
            {
              code: "MAPPING_CODE_DUPLICATED",
              message: `Code ${code} is assigned to 2 segments: ${both.map((s) => `Segment ${s}`).join(", ")}`,
              codes: [code],
              segments: both.map((s) => `Segment ${s}`),
              segmentIndexes: both,
            },
          ]);
        },
      ),
    );
  });
});
