import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { handMadeStore, seedStore } from "../modules/scoring/test-store";

/** `rfm <args>` in a child process against `url`, as a user runs it. */
const rfm = (url: string, ...args: string[]) => runCli(args, url);

describe("rfm profile and --profile, end to end on a SQLite file", () => {
  const t = useTestDatabase("sqlite");
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rfm-cli-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses `rfm score --bins 5` under the 4-bin default, and scores a 5-bin profile beside it", async () => {
    await seedStore(t.db, handMadeStore(9));
    expect((await rfm(t.url, "score", "--clv", "none")).code).toBe(0);

    // Today's trap: a 5-bin run under the 4-bin mapping. Refused before it starts, saying what to do.
    const trap = await rfm(t.url, "score", "--bins", "5", "--clv", "none");
    expect(trap.code).toBe(1);
    expect(trap.stderr).toContain('MAPPING_BINS_MISMATCH: profile "default" scores with 4 bins');
    expect(trap.stderr).toContain("rfm profile create");
    const [runs] = await t.db.raw.query<{ n: number }>("SELECT count(*) AS n FROM scoring_runs");
    expect(Number(runs!.n)).toBe(1);
    const segments = await rfm(t.url, "segments");
    expect(segments.code).toBe(0);
    expect(segments.stdout).toContain("4 bins");

    const created = await rfm(
      t.url,
      "profile",
      "create",
      "online-365",
      "--name",
      "Online, last 365 days, 5 bins",
      "--bins",
      "5",
      "--window",
      "365",
      "--channels",
      "online",
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const listed = await rfm(t.url, "profile", "list");
    expect(listed.stdout).toMatch(/default \(default\)\s.*All channels\s.*\s4\s/);
    expect(listed.stdout).toMatch(/online-365\s.*Online, last 365 days, 5 bins\s.*\s5\s.*365 days\s.*online/);

    const scored = await rfm(t.url, "score", "--profile", "online-365", "--clv", "none");
    expect(scored.stderr).toBe("");
    expect(scored.stdout).toContain("with profile online-365");
    expect(scored.stdout).toMatch(/Run 2 complete: .*5 bins/);
    const online = await rfm(t.url, "segments", "--profile", "online-365");
    expect(online.stdout).toContain("Run 2:");
    expect(online.stdout).toContain("New Customers");
    // The default profile's table is still run 1's.
    expect((await rfm(t.url, "segments")).stdout).toContain("Run 1:");

    const out = join(dir, "active.csv");
    const exported = await rfm(
      t.url,
      "export",
      "--profile",
      "online-365",
      "--segment",
      "Champions",
      "--out",
      out,
    );
    expect(exported.code).toBe(0);
    const [active] = await t.db.raw.query<{ n: number }>(
      "SELECT count(*) AS n FROM customer_scores WHERE run_id = 2 AND r = 5 AND f >= 4",
    );
    expect(readFileSync(out, "utf8").split("\r\n").filter(Boolean)).toHaveLength(Number(active!.n) + 1);

    const unknown = await rfm(t.url, "segments", "--profile", "nope");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('NOT_FOUND: no scoring profile "nope"');
  }, 300_000);
});
