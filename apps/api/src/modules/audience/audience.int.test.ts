import { DAY_MS } from "@rfm/core";
import { parse } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { PROVIDERS, useTestDatabase } from "../../db/testing";
import { AnalyticsCache } from "../analytics/analytics.repository";
import { movementBetween } from "../analytics/analytics.service";
import { type CustomerConditions, countCustomers, listCustomers } from "../customer/customer.repository";
import { exportAudience } from "../export/export.service";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { getRun, type ScoringRun } from "../scoring/scoring.repository";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, publishMapping, seedStore } from "../scoring/test-store";
import { type AudienceView, compileAudience, countFromHistogram } from "./audience.compile";
import type { AudienceFilter } from "./audience.filter";
import {
  deleteSavedAudience,
  findSavedAudience,
  savedAudienceVersions,
  writeSavedAudience,
} from "./saved-audience.repository";

/** Dense code index of a 4-bin code, by hand: ((r-1)*4 + (f-1))*4 + (m-1). */
const idx = (code: string) => {
  const [r, f, m] = [...code].map(Number) as [number, number, number];
  return ((r - 1) * 4 + (f - 1)) * 4 + (m - 1);
};
/** The default mapping's codes (docs: PRODUCT.md), as dense indexes for the oracle SQL. */
const CHAMPIONS = ["444", "443", "434", "344"].map(idx);
const LOYAL = ["442", "441", "432", "431", "433", "343", "342", "341"].map(idx);
const LOST = ["111", "112", "113", "114", "121", "122", "123"].map(idx);
const NEEDS_ATTENTION = ["244", "234", "243", "233", "224", "214", "213", "134", "144", "143", "133"].map(
  idx,
);

const RUN1_AS_OF = AS_OF - 28 * DAY_MS;

describe.each(PROVIDERS)("audiences on %s", (provider) => {
  const t = useTestDatabase(provider);
  let run1: ScoringRun;
  let run2: ScoringRun;

  beforeEach(async () => {
    await seedStore(t.db, handMadeStore(9));
    // Province spellings real files mix: Ontario customers (every third) as Ontario, ON, " on", ONTARIO.
    await t.db.raw.execute(
      `UPDATE customers SET province = 'ON' WHERE external_id IN ('C003', 'C009', 'C015', 'C021')`,
    );
    await t.db.raw.execute(`UPDATE customers SET province = ' on' WHERE external_id IN ('C027', 'C033')`);
    await t.db.raw.execute(`UPDATE customers SET province = 'ONTARIO' WHERE external_id IN ('C039', 'C045')`);
    await t.db.raw.execute(`UPDATE customers SET province = 'QC' WHERE external_id IN ('C001', 'C002')`);
    await t.db.raw.execute(`UPDATE customers SET city = 'TORONTO ' WHERE external_id IN ('C000', 'C004')`);
    // Channels: some orders online (any letter case), some in store, the rest unknown.
    await t.db.raw.execute(
      `UPDATE transactions SET channel = CASE WHEN id % 5 = 0 THEN 'Online' WHEN id % 5 = 1 THEN 'ONLINE' WHEN id % 5 = 2 THEN 'Store' ELSE NULL END`,
    );
    run1 = (await runScoring({ db: t.db, asOf: RUN1_AS_OF, clv: "historic" })).run as ScoringRun;
    run2 = (await runScoring({ db: t.db, asOf: AS_OF, clv: "historic" })).run as ScoringRun;
  });

  async function view(): Promise<AudienceView> {
    return { run: await getRun(t.db, run2.id), mapping: await getPublishedMapping(t.db) };
  }

  /** The ids the oracle SQL gives, in customer-id order. */
  async function oracle(where: string, runId = run2.id): Promise<string[]> {
    const rows = await t.db.raw.query<{ id: string }>(
      `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = ${runId} AND (${where}) ORDER BY s.customer_id`,
    );
    return rows.map((row) => row.id);
  }

  /** The audience as the page lists it (every page), as its count counts it, and as the export writes it. */
  async function threeWays(db: Database, filter: AudienceFilter) {
    const audience = (await compileAudience(db, await view(), filter))!;
    const conditions: CustomerConditions = {
      sql: audience.sql,
      readsCustomer: audience.readsCustomer,
      search: audience.search,
    };
    const listed: string[] = [];
    let after: readonly [number | string | null, number] | null = null;
    for (;;) {
      const { rows } = await listCustomers(db, {
        runId: audience.run.id,
        codes: audience.codes,
        conditions,
        orderBy: "MONETARY",
        direction: "DESC",
        first: 4,
        after,
      });
      listed.push(...rows.slice(0, 4).map((row) => row.customer.externalId));
      if (rows.length <= 4) break;
      const last = rows[3]!;
      after = [last.sortValue, last.customer.id];
    }
    const count =
      countFromHistogram(audience) ?? (await countCustomers(db, audience.run.id, audience.codes, conditions));
    const parts: string[] = [];
    const result = await exportAudience({
      db,
      filter,
      format: "csv",
      // Everyone of the audience (the test stores record no consent): what SQL finds.
      purpose: "ANALYSIS",
      columns: ["customer_id"],
      write: (chunk) => void parts.push(chunk),
      batchSize: 3,
    });
    const exported = (parse(parts.join(""), { record_delimiter: "\r\n" }) as string[][])
      .slice(1)
      .map((r) => r[0]!);
    expect(result.rows).toBe(exported.length);
    return { listed, count, exported, audience };
  }

  const segmentIn = (codes: readonly number[], alias = "s") => `${alias}.code IN (${codes.join(", ")})`;

  it.each<[string, AudienceFilter, (runs: { run1: number; run2: number }) => string]>([
    [
      "province ON (code), any letter case or spaces",
      { province: "ON" },
      () => `lower(trim(c.province)) IN ('on', 'ontario')`,
    ],
    [
      "province ontario (name, lower case)",
      { province: "ontario" },
      () => `lower(trim(c.province)) IN ('on', 'ontario')`,
    ],
    [
      "province Québec spelled Quebec",
      { province: "Quebec" },
      () => `lower(trim(c.province)) IN ('qc', 'quebec', 'québec')`,
    ],
    ["city with stray case and spaces", { city: " toronto" }, () => `lower(trim(c.city)) = 'toronto'`],
    ["region", { region: "QUEBEC" }, () => `lower(c.region) = 'quebec'`],
    [
      "channel: at least one stored order in it",
      { channel: "online" },
      () =>
        `EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = s.customer_id AND lower(t.channel) = 'online')`,
    ],
    ["R 3-4 and M 4", { r: { min: 3, max: 4 }, m: { min: 4 } }, () => `s.r BETWEEN 3 AND 4 AND s.m = 4`],
    ["recency days at most 60", { recencyDays: { max: 60 } }, () => `s.recency_days <= 60`],
    [
      "spend from 100 to 400.50",
      { spend: { min: "100", max: "400.50" } },
      () => `s.monetary_cents >= 10000 AND s.monetary_cents <= 40050`,
    ],
    ["CLV at least 50.00 (to the cent)", { clv: { min: "50" } }, () => `s.clv * 100 >= 4999.5`],
    [
      "Champions by key, in Ontario",
      { segment: "champions", province: "on" },
      () => `${segmentIn(CHAMPIONS)} AND lower(trim(c.province)) IN ('on', 'ontario')`,
    ],
    ["search", { search: "CUSTOMER 1" }, () => `lower(c.name) LIKE '%customer 1%'`],
    [
      "Lost with a stored online order and spend at most 50, in Quebec",
      { segment: "lost-customer", channel: "Online", spend: { max: "50" }, province: "qc" },
      () =>
        `${segmentIn(LOST)} AND s.monetary_cents <= 5000 AND lower(trim(c.province)) IN ('qc', 'quebec', 'québec')
         AND EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = s.customer_id AND lower(t.channel) = 'online')`,
    ],
  ])("%s: the page, the count and the export are the SQL's customers", async (_name, given, where) => {
    const filter = given;
    const want = await oracle(where({ run1: run1.id, run2: run2.id }));
    const { listed, count, exported } = await threeWays(t.db, filter);
    expect(want.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual([...want].sort());
    expect(count).toBe(want.length);
    expect(exported).toEqual(want);
  });

  it("movedFrom: the customers of a segment who were in another in the earlier run, as the SQL finds them", async () => {
    const segments: [string, readonly number[]][] = [
      ["champions", CHAMPIONS],
      ["loyal-customer", LOYAL],
      ["needs-attention", NEEDS_ATTENTION],
      ["lost-customer", LOST],
    ];
    let checked = 0;
    for (const [to, toCodes] of segments) {
      for (const [from, fromCodes] of segments) {
        const want = await oracle(
          `${segmentIn(toCodes)} AND EXISTS (SELECT 1 FROM customer_scores o WHERE o.run_id = ${run1.id}
             AND o.customer_id = s.customer_id AND ${segmentIn(fromCodes, "o")})`,
        );
        const { listed, count, exported } = await threeWays(t.db, {
          segment: to,
          movedFrom: { run: run1.id, segment: from },
        });
        expect([to, from, [...listed].sort(), count, exported]).toEqual([
          to,
          from,
          [...want].sort(),
          want.length,
          want,
        ]);
        if (want.length > 0 && to !== from) checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("ON, Ontario and ontario find the same customers, whatever the stored spelling", async () => {
    const sets = await Promise.all(
      ["ON", "Ontario", "ontario", " on "].map(
        async (province) => (await threeWays(t.db, { province })).exported,
      ),
    );
    for (const set of sets) expect(set).toEqual(sets[0]);
    const stored = await t.db.raw.query<{ p: string }>(
      `SELECT DISTINCT c.province AS "p" FROM customers c JOIN customer_scores s ON s.customer_id = c.id AND s.run_id = ${run2.id}
       WHERE c.external_id IN (${sets[0]!.map((id) => `'${id}'`).join(", ")}) ORDER BY 1`,
    );
    // Stored values kept as imported: four spellings.
    expect(stored.map((r) => r.p)).toEqual([" on", "ON", "ONTARIO", "Ontario"]);
  });

  it("a movement cell's count is the audience's count for every cell", async () => {
    const { mapping } = await view();
    const movement = (await movementBetween({
      cache: new AnalyticsCache(t.db, "UTC"),
      mapping: mapping.compiled,
      fromRunId: run1.id,
      toRunId: run2.id,
    }))!;
    expect(movement.transitions.length).toBeGreaterThan(3);
    for (const cell of movement.transitions) {
      const { count, exported } = await threeWays(t.db, {
        segment: cell.to,
        movedFrom: { run: run1.id, segment: cell.from },
      });
      expect([cell.from, cell.to, count]).toEqual([cell.from, cell.to, cell.customers]);
      expect(exported).toHaveLength(cell.customers);
    }
  });

  it("enteredSince: the day the current run last counted gives those who entered in it; the day after, no one", async () => {
    const entered = await t.db.raw.query<{ id: string }>(
      `SELECT c.external_id AS "id" FROM segment_members sm JOIN customers c ON c.id = sm.customer_id
       WHERE sm.since_run_id = ${run2.id} ORDER BY sm.customer_id`,
    );
    expect(entered.length).toBeGreaterThan(0);
    // Run 2 is as of 2024-07-01 (exclusive): its last counted day is 2024-06-30.
    expect((await threeWays(t.db, { enteredSince: "2024-06-30" })).exported).toEqual(
      entered.map((r) => r.id),
    );
    const { count, exported } = await threeWays(t.db, { enteredSince: "2024-07-01" });
    expect([count, exported.length]).toEqual([0, 0]);
    // Since run 1's last day (2024-06-02): every member of Champions.
    const champions = await oracle(segmentIn(CHAMPIONS));
    const all = await threeWays(t.db, { segment: "champions", enteredSince: "2024-06-02" });
    expect(all.exported).toEqual(champions);
    const recent = await threeWays(t.db, { segment: "champions", enteredSince: "2024-06-03" });
    const wantRecent = await oracle(
      `${segmentIn(CHAMPIONS)} AND EXISTS (SELECT 1 FROM segment_members sm WHERE sm.customer_id = s.customer_id AND sm.since_run_id = ${run2.id})`,
    );
    expect(recent.exported).toEqual(wantRecent);
    expect(recent.count).toBe(wantRecent.length);
  });

  it("run: an earlier complete run's customers of a segment; enteredSince refused there", async () => {
    const want = await oracle(segmentIn(CHAMPIONS), run1.id);
    const audience = (await compileAudience(t.db, await view(), { segment: "champions", run: run1.id }))!;
    expect(audience.run.id).toBe(run1.id);
    expect(countFromHistogram(audience)).toBe(want.length);
    await expect(
      compileAudience(t.db, await view(), { run: run1.id, enteredSince: "2024-06-01" }),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "filter.enteredSince" });
    await expect(compileAudience(t.db, await view(), { run: 999 })).rejects.toMatchObject({
      code: "NOT_FOUND",
      field: "filter.run",
    });
  });

  it.each<[AudienceFilter, string]>([
    [{ spend: { min: "12.345" } }, "filter.spend.min"],
    [{ spend: { min: "10", max: "5" } }, "filter.spend"],
    [{ r: { min: 0 } }, "filter.r.min"],
    [{ recencyDays: { min: -1 } }, "filter.recencyDays.min"],
    [{ enteredSince: "2024-13-01" }, "filter.enteredSince"],
    [{ segment: "whales" }, "filter.segment"],
    [{ movedFrom: { run: 1, segment: "whales" } }, "filter.movedFrom.segment"],
    [{ province: "O'N\u0000" }, "filter.province"],
  ])("refuses %j naming %s", async (filter, field) => {
    await expect(compileAudience(t.db, await view(), filter)).rejects.toMatchObject({ field });
  });

  it("quotes in a value are data, not SQL", async () => {
    const { count, exported } = await threeWays(t.db, { city: "O'Brien'); DROP TABLE customers; --" });
    expect([count, exported.length]).toEqual([0, 0]);
    expect(Number((await t.db.raw.query<{ n: number }>(`SELECT count(*) AS "n" FROM customers`))[0]!.n)).toBe(
      90,
    );
    // Quotes and backslashes match themselves, on both engines, in an area and in a search.
    await t.db.raw.execute(`UPDATE customers SET city = $1, name = $2 WHERE external_id = 'C000'`, [
      "O'Brien\\ Falls",
      "Zed \\' 100%_x",
    ]);
    expect((await threeWays(t.db, { city: "o'brien\\ falls" })).exported).toEqual(["C000"]);
    expect((await threeWays(t.db, { search: "\\' 100%_" })).exported).toEqual(["C000"]);
  });

  it("saved audiences: versions, audit entries, case-insensitive names, export by name, delete", async () => {
    const profileId = 1;
    const first = await writeSavedAudience(t.db, "alice", profileId, {
      name: "Ontario Champions",
      filter: { segment: "champions", province: "ON" },
      note: "first",
    });
    const second = await writeSavedAudience(t.db, "bob", profileId, {
      name: "ontario champions",
      filter: { segment: "champions", province: "ON", channel: "online" },
      note: null,
    });
    expect([first.version, second.version, second.id]).toEqual([1, 2, first.id]);
    expect(second).toMatchObject({ name: "ontario champions", createdBy: "alice", updatedBy: "bob" });
    const versions = await savedAudienceVersions(t.db, first.id);
    expect(versions.map((v) => [v.version, v.savedBy, v.note, v.filter])).toEqual([
      [2, "bob", null, { segment: "champions", province: "ON", channel: "online" }],
      [1, "alice", "first", { segment: "champions", province: "ON" }],
    ]);
    const found = await findSavedAudience(t.db, profileId, "  ONTARIO champions ");
    expect(found.filter).toEqual({ segment: "champions", province: "ON", channel: "online" });

    const parts: string[] = [];
    const result = await exportAudience({
      db: t.db,
      audience: "Ontario Champions",
      format: "csv",
      // Everyone of the audience (the test stores record no consent): what SQL finds.
      purpose: "ANALYSIS",
      columns: ["customer_id"],
      write: (chunk) => void parts.push(chunk),
    });
    const want = await oracle(
      `${segmentIn(CHAMPIONS)} AND lower(trim(c.province)) IN ('on', 'ontario')
       AND EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = s.customer_id AND lower(t.channel) = 'online')`,
    );
    const rows = (parse(parts.join(""), { record_delimiter: "\r\n" }) as string[][])
      .slice(1)
      .map((r) => r[0]);
    expect(rows).toEqual(want);
    const logged = await t.db.raw.query<{ audience: string }>(
      `SELECT audience AS "audience" FROM export_log WHERE id = ${result.logId}`,
    );
    expect(logged[0]!.audience).toBe(
      'saved audience "ontario champions": segment champions, province ON, channel online',
    );

    // A segment gone from the mapping since: a clear error naming it, on use.
    await publishMapping(t.db, {
      bins: 4,
      segments: [{ name: "Everyone", description: "All.", action: "-", color: "#15803d", rules: [{}] }],
    });
    await expect(
      exportAudience({ db: t.db, audience: "Ontario Champions", format: "csv", write: () => undefined }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining('"champions"') });

    const deleted = await deleteSavedAudience(t.db, "carol", profileId, "ONTARIO CHAMPIONS");
    expect(deleted?.version).toBe(2);
    expect(await deleteSavedAudience(t.db, "carol", profileId, "Ontario Champions")).toBeNull();
    await expect(findSavedAudience(t.db, profileId, "Ontario Champions")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const audit = await t.db.raw.query<{ actor: string; action: string }>(
      `SELECT actor AS "actor", action AS "action" FROM audit_log WHERE entity = 'saved_audience' ORDER BY id`,
    );
    expect(audit).toEqual([
      { actor: "alice", action: "audience.create" },
      { actor: "bob", action: "audience.save" },
      { actor: "carol", action: "audience.delete" },
    ]);
    expect(
      Number(
        (await t.db.raw.query<{ n: number }>(`SELECT count(*) AS "n" FROM saved_audience_versions`))[0]!.n,
      ),
    ).toBe(0);
  });
});
