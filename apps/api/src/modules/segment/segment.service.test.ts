import { codeCount, compileMapping, DEFAULT_MAPPING, indexOfCode, type RfmCode } from "@rfm/core";
import { describe, expect, it } from "vitest";
import type { ScoringRun } from "../scoring/scoring.service";
import { segmentFigures } from "./segment.service";

const mapping = compileMapping(DEFAULT_MAPPING);

function runWith(bins: 3 | 4, customersOf: Record<string, number>): ScoringRun {
  const size = codeCount(bins);
  const [customers, monetary, recencyDays, frequency] = [0, 1, 2, 3].map(() => new Float64Array(size));
  for (const [code, n] of Object.entries(customersOf)) {
    const i = indexOfCode(code as RfmCode, bins);
    customers![i] = n;
    monetary![i] = n * 10;
    recencyDays![i] = n * 5;
    frequency![i] = n * 2;
  }
  return { bins, histogram: { bins, customers, monetary, recencyDays, frequency } } as unknown as ScoringRun;
}

describe("segmentFigures", () => {
  it("gives every segment of the mapping in order, its figures from the run's histogram", () => {
    const champions = mapping.segments.findIndex((s) => s.codes.includes("444" as RfmCode));
    const figures = segmentFigures(mapping, runWith(4, { "444": 3, "111": 1 }));
    expect(figures.map((s) => s.name)).toEqual(mapping.segments.map((s) => s.name));
    expect(figures.map((s) => s.position)).toEqual(mapping.segments.map((_, i) => i));
    expect(figures[champions]).toMatchObject({
      key: "champions",
      customerCount: 3,
      customerShare: 0.75,
      revenue: 30,
    });
    expect(figures.reduce((sum, s) => sum + s.customerCount, 0)).toBe(4);
  });

  it.each([
    ["without a run", null],
    ["under a run of other bins", runWith(3, { "333": 5 })],
  ])("gives zeros %s", (_, run) => {
    const figures = segmentFigures(mapping, run);
    expect(figures).toHaveLength(mapping.segments.length);
    expect(figures.every((s) => s.customerCount === 0 && s.revenue === 0 && s.avgClv === null)).toBe(true);
  });
});
