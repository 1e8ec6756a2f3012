import { describe, expect, it } from "vitest";
import { segmentMovement } from "./movement";

describe("segment movement between two runs", () => {
  it("counts transitions, customers who entered and customers who left", () => {
    const movement = segmentMovement({
      segmentCount: 3,
      before: { customerIds: ["a", "b", "c", "d"], segment: [0, 1, 2, 2] },
      after: { customerIds: ["b", "a", "c", "e"], segment: [0, 0, 1, 2] },
    });
    expect(Array.from(movement.transitions)).toEqual([
      // to: 0  1  2
      1,
      0,
      0, // from 0: a stayed
      1,
      0,
      0, // from 1: b moved up to 0
      0,
      1,
      0, // from 2: c moved to 1
    ]);
    expect(Array.from(movement.entered)).toEqual([0, 0, 1]);
    expect(Array.from(movement.left)).toEqual([0, 0, 1]);
    expect([movement.stayed, movement.moved]).toEqual([1, 2]);
  });

  it("refuses segment indexes outside the mapping", () => {
    expect(() =>
      segmentMovement({
        segmentCount: 2,
        before: { customerIds: ["a"], segment: [2] },
        after: { customerIds: [], segment: [] },
      }),
    ).toThrowError("before: segment index 2 is outside 0..1");
  });
});
