import { describe, expect, it } from "vitest";
import { RfmError } from "../errors";
import { nelderMead } from "./nelder-mead";

const rosenbrock = (p: Float64Array): number => {
  const x = p[0]!;
  const y = p[1]!;
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

describe("nelderMead", () => {
  it("finds the Rosenbrock minimum (1, 1) from the classic start (−1.2, 1)", () => {
    const result = nelderMead({
      objective: rosenbrock,
      start: [-1.2, 1],
      fTolerance: 1e-14,
      xTolerance: 1e-9,
    });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it("minimises a 4-D shifted quadratic, the size of the BG/NBD problem", () => {
    const target = [0.3, -1.2, 2.5, 0.01];
    const scales = [1, 10, 0.1, 3];
    const result = nelderMead({
      objective: (p) => p.reduce((s, v, i) => s + scales[i]! * (v - target[i]!) ** 2, 0),
      start: [0, 0, 0, 0],
      fTolerance: 1e-14,
      xTolerance: 1e-8,
    });
    expect(result.converged).toBe(true);
    for (let i = 0; i < 4; i++) expect(result.x[i]).toBeCloseTo(target[i]!, 5);
  });

  it("is deterministic: the same inputs take the same path", () => {
    const a = nelderMead({ objective: rosenbrock, start: [-1.2, 1] });
    const b = nelderMead({ objective: rosenbrock, start: [-1.2, 1] });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.iterations).toBe(b.iterations);
    expect(a.evaluations).toBe(b.evaluations);
  });

  it("reports converged = false when the iteration cap stops it", () => {
    const result = nelderMead({ objective: rosenbrock, start: [-1.2, 1], maxIterations: 10 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(10);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it("treats NaN as +∞ and stays in the region where the objective is defined", () => {
    // ln-barrier: undefined (NaN) for x <= 0, minimum at x = 2
    const result = nelderMead({
      objective: (p) => (p[0]! > 0 ? (p[0]! - 2) ** 2 - 0.001 * Math.log(p[0]!) : Number.NaN),
      start: [5],
    });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2, 3);
  });

  it("refuses an empty start or a non-positive step", () => {
    expect(() => nelderMead({ objective: rosenbrock, start: [] })).toThrow(RfmError);
    expect(() => nelderMead({ objective: rosenbrock, start: [0, 0], step: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTIONS" }),
    );
  });
});
