/**
 * "As of" in the CLI's words: a run as of 2024-03-31 is printed as of 2024-03-31 by `rfm score`
 * (when it starts and when it is done) and by `rfm segments`, never as the instant after it
 * (2024-04-01), and its window ends on that day. Literal output, a real SQLite file, the real
 * command in a child process.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { handMadeStore, seedStore } from "../modules/scoring/test-store";

describe("rfm score and rfm segments print the as-of day, the last day counted", () => {
  const t = useTestDatabase("sqlite");

  it("--as-of 2024-03-31 --window 31 reads as of 2024-03-31 in every line, with orders from 2024-03-01 to 2024-03-31", async () => {
    await seedStore(t.db, handMadeStore(9));
    const scored = await runCli(["score", "--as-of", "2024-03-31", "--window", "31", "--clv", "none"], t.url);
    expect(scored.stderr).toBe("");
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/^Scoring .* with profile default \(.*\) as of 2024-03-31\n/);
    expect(scored.stdout).toMatch(
      /Run 1 complete: [\d,]+ customers scored from [\d,]+ orders \(orders from 2024-03-01 to 2024-03-31; [\d,]+ customers with refunds only, not scored\), as of 2024-03-31, 4 bins,/,
    );
    expect(scored.stdout).not.toContain("2024-04-01");

    const segments = await runCli(["segments"], t.url);
    expect(segments.code).toBe(0);
    expect(segments.stdout).toContain(
      "Run 1: as of 2024-03-31, orders from 2024-03-01 to 2024-03-31, 4 bins",
    );
    expect(segments.stdout).not.toContain("2024-04-01");
  }, 60_000);

  it("without a window, the run counts all orders up to the as-of day", async () => {
    await seedStore(t.db, handMadeStore(9));
    const scored = await runCli(["score", "--as-of", "2024-03-31", "--clv", "none"], t.url);
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(
      /\(all orders up to the as-of day; [\d,]+ customers with refunds only, not scored\), as of 2024-03-31, 4 bins/,
    );
    const segments = await runCli(["segments"], t.url);
    expect(segments.stdout).toContain("Run 1: as of 2024-03-31, all orders up to the as-of day, 4 bins");
  }, 60_000);
});
