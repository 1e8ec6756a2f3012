/**
 * `rfm` under STORE_TIME_ZONE, in a child process as a user runs it: the import reads dates
 * without an offset in the zone, `rfm score --as-of DAY` counts that Toronto day and prints it
 * back, and an unknown zone stops the command naming the variable.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { getCurrentRun } from "../modules/scoring/scoring.service";

describe("rfm under STORE_TIME_ZONE", () => {
  const t = useTestDatabase("sqlite");
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rfm-zone-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const TORONTO = { STORE_TIME_ZONE: "America/Toronto" };

  it("imports, scores as of a Toronto day and prints that day back; recency counts Toronto days", async () => {
    const file = join(dir, "orders.csv");
    writeFileSync(
      file,
      [
        "order_id,customer_id,occurred_at,amount",
        // 23:30 on 10 March in Toronto (no offset: the store's zone), 03:30 UTC on the 11th.
        "o1,late,2024-03-10 23:30,10",
        "o2,dated,2024-03-09,20",
        // 00:30 on the 11th in Toronto: after the as-of day.
        "o3,after,2024-03-11T00:30:00-04:00,40",
        "",
      ].join("\n"),
    );
    const imported = await runCli(["import", "transactions", file], t.url, TORONTO);
    expect(imported.code).toBe(0);

    const scored = await runCli(["score", "--as-of", "2024-03-10", "--clv", "none"], t.url, TORONTO);
    expect(scored.stderr).toBe("");
    expect(scored.code).toBe(0);
    expect(scored.stdout).toContain("as of 2024-03-10 (America/Toronto), 4 bins");
    const run = (await getCurrentRun(t.db))!;
    expect(run.timeZone).toBe("America/Toronto");
    expect(new Date(run.asOf).toISOString()).toBe("2024-03-11T04:00:00.000Z");
    const rows = await t.db.raw.query<{ id: string; recency: number }>(
      `SELECT c.external_id AS "id", s.recency_days AS "recency" FROM customer_scores s
       JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1 ORDER BY c.external_id`,
      [run.id],
    );
    expect(rows.map((r) => [r.id, Number(r.recency)])).toEqual([
      ["dated", 1],
      ["late", 0],
    ]);

    const segments = await runCli(["segments"], t.url, TORONTO);
    expect(segments.stdout).toContain("Run 1: as of 2024-03-10 (America/Toronto)");
    // Each segment's key beside its name: what integrations name it by.
    const championsLine = segments.stdout.split("\n").find((line) => line.includes("Champions"));
    expect(championsLine).toMatch(/Champions\s+\S*\s*champions\s/);
    expect(segments.stdout).toMatch(/Segment\s+\S*\s*Key\s/);
  }, 60_000);

  it("refuses an unknown zone at startup, naming the variable", async () => {
    const refused = await runCli(["segments"], t.url, { STORE_TIME_ZONE: "Mars/Olympus" });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("STORE_TIME_ZONE");
  }, 60_000);
});
