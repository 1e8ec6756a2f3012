import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS } from "@rfm/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { getCurrentRun } from "../modules/scoring/scoring.service";
import { handMadeStore, seedStore } from "../modules/scoring/test-store";
import { segmentTable } from "../modules/segment/segment.service";

/** `rfm <args>` in a child process against `url`, as a user runs it. */
const rfm = (url: string, ...args: string[]) => runCli(args, url);

describe("rfm score, segments and export, end to end on a SQLite file", () => {
  const t = useTestDatabase("sqlite");
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rfm-cli-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("scores as of the last order's day by default, prints the segment table, and exports a segment's audience", async () => {
    const store = handMadeStore(9);
    await seedStore(t.db, store);
    const lastDay = new Date(Math.max(...store.orders.map((o) => o.at))).toISOString().slice(0, 10);

    const scored = await rfm(t.url, "score", "--clv", "historic");
    expect(scored.stderr).toBe("");
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/Run 1 complete: [\d,]+ customers scored from [\d,]+ orders/);
    expect(scored.stdout).toContain(`as of ${lastDay}, 4 bins`);
    expect(scored.stdout).toContain("Segments under mapping version 1:");
    expect(scored.stdout).toContain("Champions");
    const current = (await getCurrentRun(t.db))!;
    expect(current.asOf).toBe(Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS);
    expect(current.windowFrom).toBeNull();

    const segments = await rfm(t.url, "segments");
    expect(segments.code).toBe(0);
    expect(segments.stdout).toContain(`Run 1: as of ${lastDay}`);
    expect(segments.stdout).toContain("Mapping version 1: published");
    expect(segments.stdout).toMatch(/Total\s.*\s100\.00%/);

    const table = await segmentTable(t.db);
    const largest = [...table.stats.segments].sort((a, b) => b.customers - a.customers)[0]!;
    const out = join(dir, "audience.csv");
    const exported = await rfm(
      t.url,
      "export",
      "--segment",
      largest.name,
      "--format",
      "csv",
      "--purpose",
      "ANALYSIS",
      "--out",
      out,
    );
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(
      `Wrote ${largest.customers} rows of "${largest.name}" (run 1, mapping version 1)`,
    );
    const lines = readFileSync(out, "utf8")
      .split("\r\n")
      .filter((line) => line !== "");
    expect(lines).toHaveLength(largest.customers + 1);
    expect(lines[0]).toBe(
      "customer_id,name,email,province,region,city,recency_days,frequency,monetary,r,f,m,code,segment,clv",
    );

    const jsonl = join(dir, "audience.jsonl");
    const some = await rfm(
      t.url,
      "export",
      "--segment",
      largest.name,
      "--format",
      "jsonl",
      "--out",
      jsonl,
      "--columns",
      "customer_id,code",
      "--purpose",
      "ANALYSIS",
    );
    expect(some.code).toBe(0);
    const first = JSON.parse(readFileSync(jsonl, "utf8").split("\n")[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(["customer_id", "code"]);

    const unknown = await rfm(t.url, "export", "--segment", "Whales", "--out", join(dir, "none.csv"));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('SEGMENT_NOT_FOUND: unknown segment "Whales"');
    expect(unknown.stderr).toContain("Champions, Loyal Customer");
    expect(() => readFileSync(join(dir, "none.csv"))).toThrow();
  }, 60_000);

  it("says to run `rfm score` first when segments are asked for before any run", async () => {
    const segments = await rfm(t.url, "segments");
    expect(segments.code).toBe(1);
    expect(segments.stderr).toContain("NO_SCORING_RUN: no complete scoring run yet: run `rfm score` first");
  }, 30_000);
});
