import { describe, expect, it } from "vitest";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { runScoring } from "../modules/scoring/scoring.service";
import { AS_OF, handMadeStore, seedStore } from "../modules/scoring/test-store";

/** Champions' codes in the default mapping (444, 443, 434, 344) as dense indexes ((r-1)*4+(f-1))*4+(m-1). */
const CHAMPION_CODES = [63, 62, 59, 47];

describe.each(FACT_ENGINES)("rfm changes on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("writes the segment's changes of the first run (everyone entered) as JSON lines; a bad --since or an unknown key fails naming it", async () => {
    await seedStore(t.db, handMadeStore(5));
    const { run } = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const champions = (
      await factsQuery<{ id: string }>(t.db, {
        sql: `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
         WHERE s.run_id = $1 AND s.code IN (${CHAMPION_CODES.join(", ")}) ORDER BY c.external_id`,
        params: [run.id],
        clickhouse: `SELECT external_id AS id FROM customer_scores
         ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
         WHERE run_id = ${Number(run.id)} AND code IN (${CHAMPION_CODES.join(", ")}) ORDER BY external_id`,
      })
    ).map((row) => row.id);
    expect(champions.length).toBeGreaterThan(0);

    const out = await runCli(["changes", "--segment", "champions", "--format", "jsonl"], t);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const lines = out.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.customer_id).sort()).toEqual(champions);
    expect(new Set(lines.map((l) => `${l.kind} ${l.segment_name} ${l.run_id}`))).toEqual(
      new Set([`entered Champions ${run.id}`]),
    );

    const later = await runCli(["changes", "--segment", "champions", "--since", "2999-01-01"], t);
    expect(later.stdout).toBe(
      "change_id,customer_id,kind,segment_key,segment_name,at,run_id,mapping_version\r\n",
    );

    const badSince = await runCli(["changes", "--segment", "champions", "--since", "last week"], t);
    expect(badSince.code).toBe(1);
    expect(badSince.stderr).toMatch(/since "last week" is neither a day/);
    const unknown = await runCli(["changes", "--segment", "nobody"], t);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/NOT_FOUND: no segment with key "nobody"/);
  }, 150_000);
});
