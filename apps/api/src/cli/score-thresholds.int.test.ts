/** `rfm score --thresholds` and `--keep-thresholds`, run as a user runs them (a child process). */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { getRun } from "../modules/scoring/scoring.service";
import { handMadeStore, seedStore } from "../modules/scoring/test-store";

const rfm = (url: string, ...args: string[]) => runCli(args, url);

describe("rfm score with fixed and kept thresholds", () => {
  const t = useTestDatabase("sqlite");

  it("scores with the bounds given, prints them in words, and keeps them for a later run", async () => {
    await seedStore(t.db, handMadeStore(9));
    const fixed = await rfm(
      t.url,
      "score",
      "--clv",
      "none",
      "--thresholds",
      "r=30,90,180",
      "--thresholds",
      "m=100,500,1000",
    );
    expect(fixed.stderr).toBe("");
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain(
      "  recency (fixed): R4: last order 0-30 days ago; R3: last order 31-90 days ago; " +
        "R2: last order 91-180 days ago; R1: last order more than 180 days ago\n",
    );
    expect(fixed.stdout).toContain(
      "  monetary (fixed): M4: 1,000.00 or more; M3: 500.00-999.99; M2: 100.00-499.99; M1: less than 100.00\n",
    );
    expect(fixed.stdout).toMatch(/ {2}frequency \(quantile\): F4: /);
    const first = (await getRun(t.db, 1))!;
    expect(first.thresholds!.recency.bounds).toEqual([30, 90, 180]);
    expect(first.thresholds!.monetary.bounds).toEqual([100, 500, 1000]);
    expect(first.method.frequency).toEqual({ kind: "quantile" });

    const kept = await rfm(t.url, "score", "--clv", "none", "--keep-thresholds", "1");
    expect(kept.stderr).toBe("");
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain("Cut points (kept from run 1):");
    const second = (await getRun(t.db, 2))!;
    for (const d of ["recency", "frequency", "monetary"] as const) {
      expect(second.thresholds![d].bounds, d).toEqual(first.thresholds![d].bounds);
    }
  }, 60_000);

  it.each([
    [
      ["--thresholds", "r=30,90"],
      "rfm: INVALID_THRESHOLDS: recency thresholds [30, 90]: needs 3 bounds for 4 bins, got 2\n",
    ],
    [
      ["--thresholds", "m=500,100,1000"],
      "rfm: INVALID_THRESHOLDS: monetary thresholds [500, 100, 1000]: bounds must be strictly increasing\n",
    ],
    [
      ["--bins", "3", "--thresholds", "f=2,3,6"],
      "rfm: INVALID_THRESHOLDS: frequency thresholds [2, 3, 6]: needs 2 bounds for 3 bins, got 3\n",
    ],
    [["--thresholds", "x=1,2,3"], /"x=1,2,3" is not DIMENSION=BOUNDS/],
    [["--thresholds", "f=1,two,3"], /frequency thresholds "1,two,3": every bound must be a number/],
  ])(
    "%j is refused, naming the dimension",
    async (args, message) => {
      await seedStore(t.db, handMadeStore(9));
      const refused = await rfm(t.url, "score", "--clv", "none", ...(args as string[]));
      expect(refused.code).not.toBe(0);
      if (typeof message === "string") expect(refused.stderr).toBe(message);
      else expect(refused.stderr).toMatch(message);
      expect(await getRun(t.db, 1)).toBeNull();
    },
    60_000,
  );

  it("keeping a run's thresholds with other bins is refused with what to do", async () => {
    await seedStore(t.db, handMadeStore(9));
    expect((await rfm(t.url, "score", "--clv", "none")).code).toBe(0);
    // A run's bins are its profile's: other bins means a profile of other bins.
    expect((await rfm(t.url, "profile", "create", "five", "--name", "Five bins", "--bins", "5")).code).toBe(
      0,
    );
    const refused = await rfm(t.url, "score", "--clv", "none", "--profile", "five", "--keep-thresholds", "1");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "rfm: INVALID_THRESHOLDS: cannot keep the thresholds of run 1: it scored 4 bins and this run asks for 5; score with 4 bins to keep them\n",
    );
  }, 60_000);
});
