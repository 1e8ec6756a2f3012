import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { writeSavedAudience } from "../modules/audience/saved-audience.repository";
import { runCli } from "../modules/import/test-support";
import { runScoring } from "../modules/scoring/scoring.service";
import { AS_OF, handMadeStore, seedStore } from "../modules/scoring/test-store";

/**
 * `rfm <args>` in a child process against `url`, as a user runs it. Exports are for analysis
 * (`--purpose ANALYSIS`: everyone, whatever their consent), so a file is the audience SQL finds.
 */
const rfm = (url: string, ...args: string[]) =>
  runCli(args[0] === "export" ? [...args, "--purpose", "ANALYSIS"] : args, url);

/** Champions (444, 443, 434, 344) as dense code indexes under 4 bins, by hand. */
const CHAMPIONS = [63, 62, 59, 47];
/** Lost Customer (111, 112, 113, 114, 121, 122, 123). */
const LOST = [0, 1, 2, 3, 4, 5, 6];

describe("rfm export with audience filters, on a SQLite file", { timeout: 90_000 }, () => {
  const t = useTestDatabase("sqlite");
  let dir = "";
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "rfm-cli-"));
    await seedStore(t.db, handMadeStore(9));
    await t.db.raw.execute(
      `UPDATE customers SET province = 'ON' WHERE external_id IN ('C003', 'C009', 'C015')`,
    );
    await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const idsOf = (file: string) =>
    readFileSync(file, "utf8")
      .split("\r\n")
      .filter((line) => line !== "")
      .slice(1);

  async function sqlIds(codes: readonly number[], where: string): Promise<string[]> {
    const rows = await t.db.raw.query<{ id: string }>(
      `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = 1 AND s.code IN (${codes.join(", ")}) AND ${where} ORDER BY s.customer_id`,
    );
    return rows.map((r) => r.id);
  }

  it("--segment champions --province ON writes the SQL's Ontario Champions (ON and Ontario alike)", async () => {
    const out = join(dir, "on.csv");
    const result = await rfm(
      t.url,
      "export",
      "--segment",
      "champions",
      "--province",
      "ON",
      "--columns",
      "customer_id",
      "--out",
      out,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const want = await sqlIds(CHAMPIONS, `c.province IN ('ON', 'Ontario')`);
    expect(want.length).toBeGreaterThan(0);
    expect(idsOf(out)).toEqual(want);
    expect(result.stdout).toContain(
      `Wrote ${want.length} rows of "Champions" (segment champions, province ON)`,
    );
  });

  it("--r, --spend-max and --province narrow Lost Customer as SQL does", async () => {
    const out = join(dir, "lost.csv");
    const result = await rfm(
      t.url,
      "export",
      "--segment",
      "Lost Customer",
      "--province",
      "quebec",
      "--r",
      "1",
      "--spend-max",
      "60",
      "--columns",
      "customer_id",
      "--out",
      out,
    );
    expect(result.code).toBe(0);
    expect(idsOf(out)).toEqual(
      await sqlIds(LOST, `c.province = 'Quebec' AND s.r = 1 AND s.monetary_cents <= 6000`),
    );
  });

  it("--audience NAME exports a saved audience; a bad range names its option and writes nothing", async () => {
    await writeSavedAudience(t.db, "cli-test", 1, {
      name: "Ontario Champions",
      filter: { segment: "champions", province: "ontario" },
    });
    const out = join(dir, "saved.csv");
    const result = await rfm(
      t.url,
      "export",
      "--audience",
      "ontario champions",
      "--columns",
      "customer_id",
      "--out",
      out,
    );
    expect(result.stderr).toBe("");
    expect(idsOf(out)).toEqual(await sqlIds(CHAMPIONS, `c.province IN ('ON', 'Ontario')`));
    expect(result.stdout).toContain('saved audience "Ontario Champions"');

    const bad = join(dir, "bad.csv");
    const refused = await rfm(t.url, "export", "--segment", "champions", "--r", "5-1", "--out", bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("--r");
    const unknown = await rfm(t.url, "export", "--audience", "Nope", "--out", bad);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no saved audience named "Nope"');
    expect(() => readFileSync(bad)).toThrow();
  });
});
