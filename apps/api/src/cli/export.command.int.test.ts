/**
 * `rfm export`'s campaign options as a user runs them: the default file name in the current
 * folder, the Excel BOM, the EMAIL preset, and the summary line that counts customers left out
 * for consent (none recorded here at first: an empty campaign file that says why).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { indexOfCode } from "@rfm/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { handMadeStore, seedStore } from "../modules/scoring/test-store";
import { segmentTable } from "../modules/segment/segment.service";

describe("rfm export --preset --purpose --excel on a SQLite file", () => {
  const t = useTestDatabase("sqlite");
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rfm-export-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the file after the segment, preset and as-of day, and says who was left out for consent", async () => {
    const store = handMadeStore(9);
    await seedStore(t.db, store);
    expect((await runCli(["score"], t.url)).code).toBe(0);
    const table = await segmentTable(t.db);
    const largest = [...table.stats.segments].sort((a, b) => b.customers - a.customers)[0]!;
    const key = table.mapping.compiled.segments.find((s) => s.name === largest.name)!.key;
    const day = new Date(table.run.asOf - 1).toISOString().slice(0, 10);

    const empty = await runCli(
      ["export", "--segment", largest.name, "--preset", "EMAIL", "--excel"],
      t.url,
      {},
      dir,
    );
    expect(empty.stderr).toBe("");
    expect(empty.code).toBe(0);
    const name = `${key}-email-${day}.csv`;
    expect(readdirSync(dir)).toEqual([name]);
    expect(empty.stdout).toContain(`Wrote 0 rows of "${largest.name}"`);
    expect(empty.stdout).toContain(`to ${name} as csv`);
    expect(empty.stdout).toContain(
      `preset EMAIL, purpose CAMPAIGN; ${largest.customers} left out: no marketing consent recorded; choose Analysis to include customers without consent`,
    );
    expect(readFileSync(join(dir, name)).toString("latin1")).toBe(
      "\u00ef\u00bb\u00bfemail,first_name,last_name,segment,segment_key,r,f,m,code\r\n",
    );

    // Everyone opts in but the segment's first customer, who opts out.
    const codes = largest.codes.map((code) => indexOfCode(code, 4)).join(", ");
    await t.db.raw.execute("UPDATE customers SET marketing_consent = 1");
    await t.db.raw.execute(
      `UPDATE customers SET marketing_consent = 0 WHERE id = (SELECT min(customer_id) FROM customer_scores WHERE run_id = $1 AND code IN (${codes}))`,
      [table.run.id],
    );
    const out = join(dir, "chosen.csv");
    const again = await runCli(
      ["export", "--segment", largest.name, "--out", out, "--columns", "customer_id,marketing_consent"],
      t.url,
      {},
      dir,
    );
    expect(again.code).toBe(0);
    const lines = readFileSync(out, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("customer_id,marketing_consent");
    expect(lines.slice(1).every((line) => line.endsWith(",true"))).toBe(true);
    expect(lines.length - 1).toBe(largest.customers - 1);
    expect(again.stdout).toContain(
      "preset ALL, purpose CAMPAIGN; 1 left out: opted out of marketing; choose Analysis to include customers without consent",
    );
  }, 60_000);
});
