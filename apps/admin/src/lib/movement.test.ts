import { describe, expect, it } from "vitest";
import { moveAudienceHref, movementPairProblem, runsForPicking } from "./movement";

describe("moveAudienceHref", () => {
  it("names the later segment and run, and the earlier segment and run, as the Audiences page reads them", () => {
    expect(moveAudienceHref({ fromKey: "lost-customer", fromRunId: 3, toKey: "champions", toRunId: 7 })).toBe(
      "/audiences?segment=champions&run=7&movedFrom=lost-customer&movedFromRun=3",
    );
  });

  it("escapes keys for the URL", () => {
    expect(moveAudienceHref({ fromKey: "a&b", fromRunId: 1, toKey: "c d", toRunId: 2 })).toBe(
      "/audiences?segment=c+d&run=2&movedFrom=a%26b&movedFromRun=1",
    );
  });
});

describe("movementPairProblem", () => {
  const aug = { id: 4, asOf: "2025-09-01T00:00:00.000Z", asOfDay: "2025-08-31" };
  const oct = { id: 6, asOf: "2025-11-01T00:00:00.000Z", asOfDay: "2025-10-31" };
  const octAgain = { id: 9, asOf: "2025-11-01T00:00:00.000Z", asOfDay: "2025-10-31" };

  it("accepts an earlier from and a later to", () => {
    expect(movementPairProblem(aug, oct)).toBeNull();
  });

  it("accepts two runs as of the same day either way", () => {
    expect(movementPairProblem(oct, octAgain)).toBeNull();
    expect(movementPairProblem(octAgain, oct)).toBeNull();
  });

  it("refuses the same run twice", () => {
    expect(movementPairProblem(oct, oct)).toBe(
      "Both pickers name run 6: pick two different runs to compare.",
    );
  });

  it("refuses a to run as of an earlier day, naming both days", () => {
    expect(movementPairProblem(oct, aug)).toBe(
      'The "to" run 4 is as of 2025-08-31, before the "from" run 6 (as of 2025-10-31): movement reads forward in time. Swap the runs or pick a later "to" run.',
    );
  });
});

describe("runsForPicking", () => {
  it("keeps complete runs, the latest as-of first and, on the same day, the higher run number first", () => {
    const runs = [
      { id: 1, status: "COMPLETE", asOf: "2026-01-01T00:00:00.000Z", asOfDay: "2025-12-31" },
      { id: 2, status: "COMPLETE", asOf: "2025-09-01T00:00:00.000Z", asOfDay: "2025-08-31" },
      { id: 3, status: "FAILED", asOf: "2025-10-01T00:00:00.000Z", asOfDay: "2025-09-30" },
      { id: 4, status: "RUNNING", asOf: "2025-10-01T00:00:00.000Z", asOfDay: "2025-09-30" },
      { id: 5, status: "COMPLETE", asOf: "2026-01-01T00:00:00.000Z", asOfDay: "2025-12-31" },
    ];
    expect(runsForPicking(runs).map((r) => r.id)).toEqual([5, 1, 2]);
  });
});
