import { DAY_MS, DEFAULT_MAPPING } from "@rfm/core";
import { parse } from "csv-parse/sync";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import {
  FACT_ENGINES,
  factsQuery,
  type TestDatabase,
  useSharedTestDatabase,
  useTestDatabase,
} from "../../db/testing";
import { AnalyticsCache } from "../analytics/analytics.repository";
import { movementBetween } from "../analytics/analytics.service";
import { type CustomerConditions, countCustomers, listCustomers } from "../customer/customer.repository";
import { exportAudience } from "../export/export.service";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { recordMembership } from "../membership/membership.service";
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

/**
 * The oracles' SQL comes in two forms: the SQL engines' (`s` the scores, `c` the customers) and
 * ClickHouse's (the scores joined on each shard with the latest version of its own customers,
 * unqualified columns; per-customer subqueries read the shard's local tables, as every facts
 * table is sharded by customer).
 */
type Dialect = "sql" | "clickhouse";

/** A score column. */
const sc = (d: Dialect, column: string) => (d === "sql" ? `s.${column}` : column);
/** A customer's text detail without surrounding spaces, lower case (trim: spaces only, as SQL's). */
const detail = (d: Dialect, column: string) =>
  d === "sql" ? `lower(trim(c.${column}))` : `lower(replaceRegexpAll(ifNull(${column}, ''), '^ +| +$', ''))`;
/** Customers with at least one stored order in the channel "online", in any letter case. */
const onlineOrder = (d: Dialect) =>
  d === "sql"
    ? `EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = s.customer_id AND lower(t.channel) = 'online')`
    : `customer_id IN (SELECT customer_id FROM {db}.transactions_local FINAL WHERE lower(ifNull(channel, '')) = 'online')`;
/** Customers whose current membership (default profile) dates from `runId`. */
const enteredIn = (d: Dialect, runId: number) =>
  d === "sql"
    ? `EXISTS (SELECT 1 FROM segment_members sm WHERE sm.customer_id = s.customer_id AND sm.since_run_id = ${runId})`
    : // The latest recording's row of each customer (argMax by seq); '' is a customer who left.
      `customer_id IN (SELECT customer_id FROM {db}.segment_members_local WHERE profile_id = 1 GROUP BY customer_id
         HAVING argMax(since_run_id, seq) = ${runId} AND argMax(segment_key, seq) != '')`;

const segmentIn = (d: Dialect, codes: readonly number[]) => `${sc(d, "code")} IN (${codes.join(", ")})`;

/** The test store with its two runs on the database `t`, and the readings the tests compare. */
function audienceFixture(t: TestDatabase) {
  const runs = {} as { run1: ScoringRun; run2: ScoringRun };

  async function seed(): Promise<void> {
    // Channels: some orders online (any letter case), some in store, the rest unknown.
    const store = handMadeStore(9);
    const channels = ["Online", "ONLINE", "Store", undefined, undefined];
    await seedStore(t.db, {
      customers: store.customers,
      orders: store.orders.map((o) => ({ ...o, channel: channels[Number(o.order.slice(1)) % 5] })),
    });
    // Province spellings real files mix: Ontario customers (every third) as Ontario, ON, " on",
    // ONTARIO; written as given by the facts store's writer (the importer would trim them).
    const set = (field: "province" | "city", value: string, ids: string[]) =>
      factsStoreOf(t.db).customers.write({ externalId: ids, [field]: ids.map(() => value) }, "update");
    await set("province", "ON", ["C003", "C009", "C015", "C021"]);
    await set("province", " on", ["C027", "C033"]);
    await set("province", "ONTARIO", ["C039", "C045"]);
    await set("province", "QC", ["C001", "C002"]);
    await set("city", "TORONTO ", ["C000", "C004"]);
    runs.run1 = (await runScoring({ db: t.db, asOf: RUN1_AS_OF, clv: "historic" })).run as ScoringRun;
    runs.run2 = (await runScoring({ db: t.db, asOf: AS_OF, clv: "historic" })).run as ScoringRun;
  }

  async function view(): Promise<AudienceView> {
    return { run: await getRun(t.db, runs.run2.id), mapping: await getPublishedMapping(t.db) };
  }

  /** The ids the oracle SQL gives, in customer-id order: `where` in the engine's dialect. */
  async function oracle(where: (d: Dialect) => string, runId = runs.run2.id): Promise<string[]> {
    const rows = await factsQuery<{ id: string }>(t.db, {
      sql: `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = ${runId} AND (${where("sql")}) ORDER BY s.customer_id`,
      clickhouse: `SELECT external_id AS id FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id, name, province, region, city
         FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${runId} AND (${where("clickhouse")}) ORDER BY customer_id`,
    });
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

  return { runs, seed, view, oracle, threeWays };
}

describe.each(FACT_ENGINES)("audiences on %s", (engine) => {
  // The tests that only read share one store (its two runs with CLV are most of a test's time:
  // seconds on ClickHouse); the tests that write get a store each, below.
  describe("reading one store", () => {
    const t = useSharedTestDatabase(engine);
    const { runs, seed, view, oracle, threeWays } = audienceFixture(t);
    beforeAll(seed);

    it.each<[string, AudienceFilter, (d: Dialect) => string]>([
      [
        "province ON (code), any letter case or spaces",
        { province: "ON" },
        (d) => `${detail(d, "province")} IN ('on', 'ontario')`,
      ],
      [
        "province ontario (name, lower case)",
        { province: "ontario" },
        (d) => `${detail(d, "province")} IN ('on', 'ontario')`,
      ],
      [
        "province Québec spelled Quebec",
        { province: "Quebec" },
        (d) => `${detail(d, "province")} IN ('qc', 'quebec', 'québec')`,
      ],
      ["city with stray case and spaces", { city: " toronto" }, (d) => `${detail(d, "city")} = 'toronto'`],
      [
        "region",
        { region: "QUEBEC" },
        (d) => (d === "sql" ? `lower(c.region) = 'quebec'` : `lower(ifNull(region, '')) = 'quebec'`),
      ],
      ["channel: at least one stored order in it", { channel: "online" }, (d) => onlineOrder(d)],
      [
        "R 3-4 and M 4",
        { r: { min: 3, max: 4 }, m: { min: 4 } },
        (d) => `${sc(d, "r")} BETWEEN 3 AND 4 AND ${sc(d, "m")} = 4`,
      ],
      ["recency days at most 60", { recencyDays: { max: 60 } }, (d) => `${sc(d, "recency_days")} <= 60`],
      [
        "spend from 100 to 400.50",
        { spend: { min: "100", max: "400.50" } },
        (d) => `${sc(d, "monetary_cents")} >= 10000 AND ${sc(d, "monetary_cents")} <= 40050`,
      ],
      ["CLV at least 50.00 (to the cent)", { clv: { min: "50" } }, (d) => `${sc(d, "clv")} * 100 >= 4999.5`],
      [
        "Champions by key, in Ontario",
        { segment: "champions", province: "on" },
        (d) => `${segmentIn(d, CHAMPIONS)} AND ${detail(d, "province")} IN ('on', 'ontario')`,
      ],
      [
        "search",
        { search: "CUSTOMER 1" },
        (d) =>
          d === "sql" ? `lower(c.name) LIKE '%customer 1%'` : `lower(ifNull(name, '')) LIKE '%customer 1%'`,
      ],
      [
        "Lost with a stored online order and spend at most 50, in Quebec",
        { segment: "lost-customer", channel: "Online", spend: { max: "50" }, province: "qc" },
        (d) =>
          `${segmentIn(d, LOST)} AND ${sc(d, "monetary_cents")} <= 5000 AND ${detail(d, "province")} IN ('qc', 'quebec', 'québec')
         AND ${onlineOrder(d)}`,
      ],
    ])("%s: the page, the count and the export are the SQL's customers", async (_name, given, where) => {
      const filter = given;
      const want = await oracle(where);
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
          const want = await oracle((d) =>
            d === "sql"
              ? `${segmentIn(d, toCodes)} AND EXISTS (SELECT 1 FROM customer_scores o WHERE o.run_id = ${runs.run1.id}
                 AND o.customer_id = s.customer_id AND o.code IN (${fromCodes.join(", ")}))`
              : `${segmentIn(d, toCodes)} AND customer_id IN (SELECT customer_id FROM {db}.customer_scores_local
                 WHERE run_id = ${runs.run1.id} AND code IN (${fromCodes.join(", ")}))`,
          );
          const { listed, count, exported } = await threeWays(t.db, {
            segment: to,
            movedFrom: { run: runs.run1.id, segment: from },
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
      const ids = sets[0]!.map((id) => `'${id}'`).join(", ");
      const stored = await factsQuery<{ p: string }>(t.db, {
        sql: `SELECT DISTINCT c.province AS "p" FROM customers c JOIN customer_scores s ON s.customer_id = c.id AND s.run_id = ${runs.run2.id}
       WHERE c.external_id IN (${ids}) ORDER BY 1`,
        clickhouse: `SELECT DISTINCT province AS p FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id, province FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${runs.run2.id} AND external_id IN (${ids}) ORDER BY p`,
      });
      // Stored values kept as imported: four spellings.
      expect(stored.map((r) => r.p)).toEqual([" on", "ON", "ONTARIO", "Ontario"]);
    });

    it("a movement cell's count is the audience's count for every cell", async () => {
      const { mapping } = await view();
      const movement = (await movementBetween({
        cache: new AnalyticsCache(t.db, "UTC"),
        mapping: mapping.compiled,
        fromRunId: runs.run1.id,
        toRunId: runs.run2.id,
      }))!;
      expect(movement.transitions.length).toBeGreaterThan(3);
      for (const cell of movement.transitions) {
        const { count, exported } = await threeWays(t.db, {
          segment: cell.to,
          movedFrom: { run: runs.run1.id, segment: cell.from },
        });
        expect([cell.from, cell.to, count]).toEqual([cell.from, cell.to, cell.customers]);
        expect(exported).toHaveLength(cell.customers);
      }
    });

    it("enteredSince: the day the current run last counted gives those who entered in it; the day after, no one", async () => {
      const entered = await factsQuery<{ id: string }>(t.db, {
        sql: `SELECT c.external_id AS "id" FROM segment_members sm JOIN customers c ON c.id = sm.customer_id
       WHERE sm.since_run_id = ${runs.run2.id} ORDER BY sm.customer_id`,
        // Not `AS id`: the WHERE's id would then be that alias.
        clickhouse: `SELECT external_id AS xid FROM customers FINAL
       WHERE id IN (SELECT customer_id FROM {db}.segment_members_local WHERE profile_id = 1 GROUP BY customer_id
         HAVING argMax(since_run_id, seq) = ${runs.run2.id} AND argMax(segment_key, seq) != '')
       ORDER BY id`,
      }).then((rows) => rows.map((row) => (row as { xid?: string }).xid ?? row.id));
      expect(entered.length).toBeGreaterThan(0);
      // Run 2 is as of 2024-07-01 (exclusive): its last counted day is 2024-06-30.
      expect((await threeWays(t.db, { enteredSince: "2024-06-30" })).exported).toEqual(entered);
      const { count, exported } = await threeWays(t.db, { enteredSince: "2024-07-01" });
      expect([count, exported.length]).toEqual([0, 0]);
      // Since run 1's last day (2024-06-02): every member of Champions.
      const champions = await oracle((d) => segmentIn(d, CHAMPIONS));
      const all = await threeWays(t.db, { segment: "champions", enteredSince: "2024-06-02" });
      expect(all.exported).toEqual(champions);
      const recent = await threeWays(t.db, { segment: "champions", enteredSince: "2024-06-03" });
      const wantRecent = await oracle((d) => `${segmentIn(d, CHAMPIONS)} AND ${enteredIn(d, runs.run2.id)}`);
      expect(recent.exported).toEqual(wantRecent);
      expect(recent.count).toBe(wantRecent.length);
    });

    it("run: an earlier complete run's customers of a segment; enteredSince refused there", async () => {
      const want = await oracle((d) => segmentIn(d, CHAMPIONS), runs.run1.id);
      const audience = (await compileAudience(t.db, await view(), {
        segment: "champions",
        run: runs.run1.id,
      }))!;
      expect(audience.run.id).toBe(runs.run1.id);
      expect(countFromHistogram(audience)).toBe(want.length);
      await expect(
        compileAudience(t.db, await view(), { run: runs.run1.id, enteredSince: "2024-06-01" }),
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
  });

  describe("writing", () => {
    const t = useTestDatabase(engine);
    const { runs, seed, view, oracle, threeWays } = audienceFixture(t);
    beforeEach(seed);

    it("quotes in a value are data, not SQL", async () => {
      const { count, exported } = await threeWays(t.db, { city: "O'Brien'); DROP TABLE customers; --" });
      expect([count, exported.length]).toEqual([0, 0]);
      const customers = await factsQuery<{ n: number | string }>(t.db, {
        sql: `SELECT count(*) AS "n" FROM customers`,
        clickhouse: "SELECT count() AS n FROM customers FINAL",
      });
      expect(Number(customers[0]!.n)).toBe(90);
      // Quotes and backslashes match themselves, on every engine, in an area and in a search.
      await factsStoreOf(t.db).customers.write(
        { externalId: ["C000"], city: ["O'Brien\\ Falls"], name: ["Zed \\' 100%_x"] },
        "update",
      );
      expect((await threeWays(t.db, { city: "o'brien\\ falls" })).exported).toEqual(["C000"]);
      expect((await threeWays(t.db, { search: "\\' 100%_" })).exported).toEqual(["C000"]);
    });

    it("enteredSince reads the current pair's committed recording only: refused while a publish is not recorded yet; on ClickHouse, rows of a recording not committed are not read", async () => {
      const entered = (await threeWays(t.db, { enteredSince: "2024-06-30" })).exported;
      expect(entered.length).toBeGreaterThan(0);
      // Published as the admin's publish does, without the recording that follows it there.
      await publishMapping(t.db, DEFAULT_MAPPING);
      await expect(compileAudience(t.db, await view(), { enteredSince: "2024-06-30" })).rejects.toMatchObject(
        {
          code: "MEMBERSHIP_NOT_RECORDED",
          field: "filter.enteredSince",
        },
      );
      // Recorded: the same segments under the new version, so the same customers and streaks.
      await recordMembership(t.db, { profileId: 1, reason: "publish" });
      expect((await threeWays(t.db, { enteredSince: "2024-06-30" })).exported).toEqual(entered);

      const ch = t.db.analytics;
      if (ch) {
        // A recording that died half-way (or is running): its members rows, with the next seq,
        // on every shard, for every customer who did not enter; no segment_recordings row.
        const [{ s } = { s: 0 }] = await ch.query<{ s: number }>(
          "SELECT max(seq) AS s FROM segment_recordings WHERE profile_id = 1",
        );
        const others = await ch.query<{ id: number }>(
          `SELECT id FROM customer_keys WHERE external_id NOT IN (${entered.map((id) => `'${id}'`).join(", ")})`,
        );
        expect(others.length).toBeGreaterThan(0);
        const rows = others.map(
          (o) => `(1, ${o.id}, 'champions', ${AS_OF}, ${runs.run2.id}, ${Number(s) + 1})`,
        );
        await ch.commandOnEachShard(
          `INSERT INTO segment_members_local (profile_id, customer_id, segment_key, since, since_run_id, seq) VALUES ${rows.join(", ")}`,
        );
        expect((await threeWays(t.db, { enteredSince: "2024-06-30" })).exported).toEqual(entered);
      }
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
        (d) =>
          `${segmentIn(d, CHAMPIONS)} AND ${detail(d, "province")} IN ('on', 'ontario') AND ${onlineOrder(d)}`,
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
});
