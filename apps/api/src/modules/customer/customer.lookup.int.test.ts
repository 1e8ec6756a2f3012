/**
 * The storefront lookups through the real server (Fastify + Apollo, `inject`) on each facts
 * engine (a real SQLite file, a real PostgreSQL schema, the ClickHouse cluster): customer(id:),
 * customersByIds, customerByEmail, and segmentHistory across a rename. Expected values come from
 * SQL written here (in ClickHouse's form there) and from the names the test itself wrote into
 * the mapping.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codeOfIndex } from "@rfm/core";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultMigrationsDir } from "../../db/migrate";
import {
  FACT_ENGINES,
  factsQuery,
  type TestDatabase,
  useSharedTestDatabase,
  useTestDatabase,
} from "../../db/testing";
import { createServer } from "../../server";
import { createApiToken } from "../auth/token.service";
import { editDraft, publishDraft } from "../mapping/mapping.service";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, seedStore, type TestStore } from "../scoring/test-store";

const DAY = 86_400_000;

/** The hand-made store with customers who share an email in different letter cases. */
function store(): TestStore {
  const base = handMadeStore(5);
  return {
    orders: base.orders,
    customers: [
      ...base.customers,
      { id: "DUP-OLD", name: "Older", email: "Shared.Mail@Example.com" },
      { id: "a/b c", name: "Odd id", email: "odd@example.com" },
    ],
  };
}

interface GqlResult<T> {
  data?: T | null;
  errors?: { message: string; extensions: { code: string; field?: string } }[];
}

const LOOKUP = `query($ids: [ID!]!) { customersByIds(ids: $ids) { id externalId name segment { name } score { code } } }`;
type Found = {
  id: string;
  externalId: string;
  name: string | null;
  segment: { name: string } | null;
  score: { code: string } | null;
} | null;

/** The store, scored, behind a real server on the database `t` (`start` builds it), and what the tests read. */
function lookupFixture(t: TestDatabase) {
  let app: FastifyInstance | undefined;
  let token: string;

  async function start(): Promise<void> {
    await seedStore(t.db, store());
    await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    app = await createServer({ db: t.db, warmUp: false });
    token = (await createApiToken(t.db, { name: "lookup", role: "viewer" })).token;
  }
  async function stop(): Promise<void> {
    await app?.close();
    app = undefined;
  }

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    const response = await app!.inject({
      method: "POST",
      url: "/graphql",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      payload: { query, variables },
    });
    expect(response.statusCode).toBe(200);
    return response.json() as GqlResult<T>;
  }

  /**
   * Every SQL statement sent while `fn` runs, on the bulk and the read connections alike, and on
   * ClickHouse to the cluster (the whole cluster or one shard).
   */
  async function statements(fn: () => Promise<unknown>): Promise<string[]> {
    const connections = [...new Set([t.db.raw, t.db.reads])];
    const originals = connections.map((c) => c.query.bind(c));
    const seen: string[] = [];
    connections.forEach((c, i) => {
      (c as { query: typeof c.query }).query = (text, params) => {
        seen.push(text);
        return originals[i]!(text, params);
      };
    });
    const ch = t.db.analytics;
    const chQuery = ch?.query.bind(ch);
    const chQueryShard = ch?.queryShard.bind(ch);
    if (ch && chQuery && chQueryShard) {
      (ch as { query: typeof ch.query }).query = (text) => {
        seen.push(text);
        return chQuery(text);
      };
      (ch as { queryShard: typeof ch.queryShard }).queryShard = (shard, text) => {
        seen.push(text);
        return chQueryShard(shard, text);
      };
    }
    try {
      await fn();
    } finally {
      connections.forEach((c, i) => {
        (c as { query: typeof c.query }).query = originals[i]!;
      });
      if (ch && chQuery && chQueryShard) {
        (ch as { query: typeof ch.query }).query = chQuery;
        (ch as { queryShard: typeof ch.queryShard }).queryShard = chQueryShard;
      }
    }
    return seen;
  }

  /**
   * The statements that look customers up by the store's ids: one on the SQL engines; on
   * ClickHouse one per shard (each scans its own customers for the whole list: still batched).
   */
  const lookups = (sent: readonly string[]) =>
    sent.filter((text) => (t.db.analytics ? /WHERE external_id IN \(/ : /FROM customers c/).test(text));
  const oneLookup = () => t.db.analytics?.shardCount ?? 1;

  /** A published version's segment name per code ("444"), read from the tables. */
  async function namesByCode(version: number): Promise<Map<string, string>> {
    const rows = await t.db.raw.query<{ name: string; codes: unknown }>(
      `SELECT g.name AS "name", g.codes AS "codes" FROM mapping_segments g JOIN mapping_versions v ON v.id = g.version_id
       WHERE v.profile_id = 1 AND v.status = 'published' AND v.version = $1`,
      [version],
    );
    const names = new Map<string, string>();
    for (const row of rows) {
      const codes = (typeof row.codes === "string" ? JSON.parse(row.codes) : row.codes) as string[];
      for (const code of codes) names.set(code, row.name);
    }
    return names;
  }

  return { start, stop, gql, statements, lookups, oneLookup, namesByCode };
}

describe.each(FACT_ENGINES)("customer lookups on %s", (engine) => {
  // The tests that only read share one store and server; the tests that write get their own, below.
  describe("reading one store", () => {
    const t = useSharedTestDatabase(engine);
    const { start, stop, gql, statements, lookups, oneLookup, namesByCode } = lookupFixture(t);
    beforeAll(start);
    afterAll(stop);

    it("customersByIds keeps the order asked, repeats duplicates, answers null for unknown ids, in one statement", async () => {
      const known = (
        await factsQuery<{
          id?: string;
          xid?: string;
          name: string | null;
          code: number | null;
          scored?: number;
        }>(t.db, {
          sql: `SELECT c.external_id AS "id", c.name AS "name", s.code AS "code" FROM customers c
         LEFT JOIN customer_scores s ON s.customer_id = c.id
         ORDER BY c.external_id DESC LIMIT 40`,
          // A LEFT JOIN gives the column's default (0) where nothing matched: `scored` tells. Not
          // `AS id`: the join's key would then be that alias.
          clickhouse: `SELECT external_id AS xid, name, code, scored FROM customers FINAL
         ANY LEFT JOIN (SELECT customer_id AS id, code, 1 AS scored FROM {db}.customer_scores_local) USING id
         ORDER BY external_id DESC LIMIT 40`,
        })
      ).map((row) => ({
        id: (row.xid ?? row.id)!,
        name: row.name,
        code: row.xid === undefined ? row.code : Number(row.scored) === 1 ? Number(row.code) : null,
      }));
      expect(known.length).toBe(40);
      expect(known.some((k) => k.code === null)).toBe(true); // some are not scored
      // 40 known (in descending id order), 6 unknown, 3 repeats and one global id: 50.
      const ids = [
        ...known.slice(0, 20).map((k) => k.id),
        "NOPE-1",
        "NOPE-2",
        known[3]!.id,
        ...known.slice(20).map((k) => k.id),
        "NOPE-3",
        "gid://rfm/Customer/NOPE-4",
        "gid://rfm/Segment/1",
        known[0]!.id,
        `gid://rfm/Customer/${encodeURIComponent("a/b c")}`,
        "",
        known[39]!.id,
      ];
      expect(ids.length).toBe(50);
      const expected = ids.map((id) => {
        const external = id.startsWith("gid://rfm/Customer/") ? decodeURIComponent(id.slice(19)) : id;
        if (external === "a/b c") return { externalId: "a/b c", name: "Odd id", code: null };
        const row = known.find((k) => k.id === external);
        return row ? { externalId: row.id, name: row.name, code: row.code } : null;
      });
      // Warm the current state (one check, trusted for 250 ms), then count the lookup's statements.
      await gql(LOOKUP, { ids: [known[0]!.id] });
      let result!: GqlResult<{ customersByIds: Found[] }>;
      const sent = await statements(async () => {
        result = await gql<{ customersByIds: Found[] }>(LOOKUP, { ids });
      });
      expect(result.errors).toBeUndefined();
      const got = result.data!.customersByIds;
      expect(got).toHaveLength(50);
      got.forEach((customer, i) => {
        const want = expected[i];
        if (want === null || want === undefined) {
          expect(customer, `position ${i} (${ids[i]})`).toBeNull();
          return;
        }
        expect(customer, `position ${i} (${ids[i]})`).not.toBeNull();
        expect(customer!.externalId).toBe(want.externalId);
        expect(customer!.id).toBe(`gid://rfm/Customer/${encodeURIComponent(want.externalId)}`);
        expect(customer!.name).toBe(want.name);
        expect(customer!.score?.code ?? null).toBe(want.code === null ? null : codeOfIndex(want.code, 4));
        expect(customer!.segment === null).toBe(want.code === null);
      });
      // The customers and their scores: one statement (plus at most the state check, every 250 ms);
      // on ClickHouse one per shard for the customers, one per shard for their scores.
      expect(lookups(sent)).toHaveLength(oneLookup());
      expect(sent.length).toBeLessThanOrEqual(t.db.analytics ? 2 * t.db.analytics.shardCount + 1 : 2);
      const five = await statements(() => gql(LOOKUP, { ids: ids.slice(0, 5) }));
      expect(lookups(five)).toHaveLength(oneLookup());
    });

    it("each customer's segment is its score's code under the published mapping (oracle: the mapping's tables)", async () => {
      const names = await namesByCode(1);
      const rows = (
        await factsQuery<{ id: string; code: number }>(t.db, {
          sql: `SELECT c.external_id AS "id", s.code AS "code" FROM customers c JOIN customer_scores s ON s.customer_id = c.id ORDER BY c.id`,
          clickhouse: `SELECT external_id AS id, code FROM customer_scores
          ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
          ORDER BY customer_id`,
        })
      ).map((row) => ({ id: row.id, code: Number(row.code) }));
      expect(rows.length).toBeGreaterThan(50);
      const res = await gql<{ customersByIds: Found[] }>(LOOKUP, { ids: rows.map((r) => r.id) });
      expect(res.errors).toBeUndefined();
      res.data!.customersByIds.forEach((customer, i) => {
        const code = codeOfIndex(rows[i]!.code, 4);
        expect(customer!.segment?.name).toBe(names.get(code));
      });
    });

    it("more than 250 ids is BAD_USER_INPUT naming `ids`; 250 are answered", async () => {
      const ids = Array.from({ length: 251 }, (_, i) => `X${i}`);
      const refused = await gql<{ customersByIds: Found[] }>(LOOKUP, { ids });
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids" });
      expect(refused.errors?.[0]?.message).toContain("at most 250");
      const answered = await gql<{ customersByIds: Found[] }>(LOOKUP, { ids: ids.slice(0, 250) });
      expect(answered.errors).toBeUndefined();
      expect(answered.data!.customersByIds).toEqual(Array(250).fill(null));
    });

    it("customer(id:) is null for an unknown id, and takes the store's id or the global id; node(id:) agrees", async () => {
      const res = await gql<{
        unknown: null;
        byStore: { id: string; externalId: string };
        byGlobal: { externalId: string };
        otherType: null;
        node: { externalId: string };
      }>(
        `{ unknown: customer(id: "NO-SUCH") { id } byStore: customer(id: "C001") { id externalId }
           byGlobal: customer(id: "gid://rfm/Customer/C001") { externalId }
           otherType: customer(id: "gid://rfm/Segment/C001") { externalId }
           node: node(id: "gid://rfm/Customer/C001") { ... on Customer { externalId } } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        unknown: null,
        byStore: { id: "gid://rfm/Customer/C001", externalId: "C001" },
        byGlobal: { externalId: "C001" },
        otherType: null,
        node: { externalId: "C001" },
      });
    });

    it("nodes(ids:) of customers is batched into one statement with the request's other lookups", async () => {
      const ids = ["C001", "C002", "NOPE", "C003"].map((id) => `gid://rfm/Customer/${id}`);
      await gql(LOOKUP, { ids: ["C001"] });
      let res!: GqlResult<{ nodes: ({ externalId: string } | null)[]; customer: { externalId: string } }>;
      const sent = await statements(async () => {
        res = await gql(
          `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { externalId } } customer(id: "C004") { externalId } }`,
          { ids },
        );
      });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        nodes: [{ externalId: "C001" }, { externalId: "C002" }, null, { externalId: "C003" }],
        customer: { externalId: "C004" },
      });
      expect(lookups(sent)).toHaveLength(oneLookup());
    });

    // The SQL engines' index (ClickHouse's customers are ordered by id, with no index on email).
    if (engine !== "clickhouse")
      it("the email lookup reads the lower(email) index, not the table", async () => {
        const sql = `SELECT id FROM customers c WHERE lower(c.email) = lower('x@example.com') ORDER BY c.id DESC LIMIT 1`;
        if (t.db.provider === "sqlite") {
          const plan = t.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
          expect(plan.map((p) => p.detail).join("\n")).toContain("customers_lower_email_idx");
        } else {
          const plan = await t.db.raw.transaction(async (tx) => {
            // A 93-row table is cheaper to scan: ask the planner what it would do at scale.
            await tx.execute("SET LOCAL enable_seqscan = off");
            return tx.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`);
          });
          expect(plan.map((p) => p["QUERY PLAN"]).join("\n")).toContain("customers_lower_email_idx");
        }
      });
  });

  describe("writing", () => {
    const t = useTestDatabase(engine);
    const { start, stop, gql, namesByCode } = lookupFixture(t);
    beforeEach(start);
    afterEach(stop);

    it("customerByEmail matches in any letter case; of customers sharing an email the latest imported wins", async () => {
      // Imported after DUP-OLD, in a later import.
      await seedStore(t.db, {
        customers: [{ id: "DUP-NEW", name: "Newer", email: "shared.mail@EXAMPLE.COM" }],
        orders: [],
      });
      const [newest] = await factsQuery<{ externalId: string }>(t.db, {
        sql: `SELECT c.external_id AS "externalId" FROM customers c WHERE lower(c.email) = 'shared.mail@example.com' ORDER BY c.id DESC LIMIT 1`,
        clickhouse: `SELECT external_id AS externalId FROM customers FINAL
          WHERE lower(ifNull(email, '')) = 'shared.mail@example.com' ORDER BY id DESC LIMIT 1`,
      });
      expect(newest!.externalId).toBe("DUP-NEW");
      const res = await gql<{
        upper: { externalId: string };
        mixed: { externalId: string; email: string };
        single: { externalId: string };
        none: null;
      }>(
        `{ upper: customerByEmail(email: "SHARED.MAIL@EXAMPLE.COM") { externalId }
           mixed: customerByEmail(email: "  Shared.Mail@example.com ") { externalId email }
           single: customerByEmail(email: "C7@EXAMPLE.CA") { externalId }
           none: customerByEmail(email: "shared.mail@example.co") { externalId } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        upper: { externalId: "DUP-NEW" },
        mixed: { externalId: "DUP-NEW", email: "shared.mail@EXAMPLE.COM" },
        single: { externalId: "C007" },
        none: null,
      });
    });

    it("segmentHistory keeps the segment name each run had after a rename is published; history pages newest first", async () => {
      // Run 1 (as of AS_OF - 30 days) under version 1; rename Champions and publish (version 2);
      // run 2 (as of AS_OF) under version 2.
      await runScoring({ db: t.db, asOf: AS_OF - 30 * DAY, clv: "none" });
      await editDraft(t.db, "test", {
        kind: "updateSegment",
        name: "Champions",
        changes: { name: "Top Customers" },
      });
      await publishDraft(t.db, "test", 1, "rename");
      await runScoring({ db: t.db, asOf: AS_OF + DAY, clv: "none" });
      const v1 = await namesByCode(1);
      const championCodes = [...v1].filter(([, name]) => name === "Champions").map(([code]) => code);
      expect(championCodes.length).toBeGreaterThan(0);
      const runs = await t.db.raw.query<{ id: number; asOf: number; version: number | null }>(
        `SELECT r.id AS "id", r.as_of AS "asOf", v.version AS "version" FROM scoring_runs r
         LEFT JOIN mapping_versions v ON v.id = r.mapping_version_id WHERE r.status = 'complete' ORDER BY r.as_of DESC`,
      );
      // Newest as-of first: run 3 (version 2), the beforeEach run (version 1), run 2 (version 1).
      expect(runs.map((r) => Number(r.version))).toEqual([2, 1, 1]);
      // A customer who was a Champion in every run.
      const championIndexes = championCodes
        .map((code) => (Number(code[0]) - 1) * 16 + (Number(code[1]) - 1) * 4 + (Number(code[2]) - 1))
        .join(", ");
      const [row] = await factsQuery<{ id: string }>(t.db, {
        sql: `SELECT c.external_id AS "id" FROM customers c WHERE ${runs
          .map(
            (r) =>
              `EXISTS (SELECT 1 FROM customer_scores s WHERE s.customer_id = c.id AND s.run_id = ${Number(r.id)} AND s.code IN (${championIndexes}))`,
          )
          .join(" AND ")} ORDER BY c.id LIMIT 1`,
        // A Champion in every run: a score of those codes in as many runs as there are.
        clickhouse: `SELECT external_id AS id FROM customer_scores
          ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
          WHERE run_id IN (${runs.map((r) => Number(r.id)).join(", ")}) AND code IN (${championIndexes})
          GROUP BY customer_id, external_id HAVING uniqExact(run_id) = ${runs.length} ORDER BY customer_id LIMIT 1`,
      });
      expect(row).toBeDefined();
      type Page = {
        customer: {
          segment: { name: string };
          segmentHistory: {
            edges: { node: { runId: number; segmentName: string; mappingVersion: number } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      };
      const query = `query($id: ID!, $after: String) { customer(id: $id) { segment { name }
        segmentHistory(first: 2, after: $after) { edges { node { runId segmentName mappingVersion } } pageInfo { hasNextPage endCursor } } } }`;
      const first = await gql<Page>(query, { id: row!.id });
      expect(first.errors).toBeUndefined();
      expect(first.data!.customer.segment.name).toBe("Top Customers");
      const second = await gql<Page>(query, {
        id: row!.id,
        after: first.data!.customer.segmentHistory.pageInfo.endCursor,
      });
      expect(first.data!.customer.segmentHistory.pageInfo.hasNextPage).toBe(true);
      expect(second.data!.customer.segmentHistory.pageInfo.hasNextPage).toBe(false);
      const entries = [
        ...first.data!.customer.segmentHistory.edges,
        ...second.data!.customer.segmentHistory.edges,
      ].map((e) => e.node);
      expect(entries).toEqual([
        { runId: Number(runs[0]!.id), segmentName: "Top Customers", mappingVersion: 2 },
        { runId: Number(runs[1]!.id), segmentName: "Champions", mappingVersion: 1 },
        { runId: Number(runs[2]!.id), segmentName: "Champions", mappingVersion: 1 },
      ]);
    });

    it("the data migration gives runs from before the column the version published when they finished, idempotently", async () => {
      await runScoring({ db: t.db, asOf: AS_OF - 30 * DAY, clv: "none" });
      await editDraft(t.db, "test", {
        kind: "updateSegment",
        name: "Loyal Customer",
        changes: { name: "Regulars" },
      });
      await publishDraft(t.db, "test", 1, "rename");
      await runScoring({ db: t.db, asOf: AS_OF + DAY, clv: "none" });
      const versions = async () =>
        (
          await t.db.raw.query<{ version: number | null }>(
            `SELECT v.version AS "version" FROM scoring_runs r LEFT JOIN mapping_versions v ON v.id = r.mapping_version_id ORDER BY r.id`,
          )
        ).map((r) => (r.version === null ? null : Number(r.version)));
      // Recorded at completion: runs 1 and 2 under version 1, run 3 under version 2.
      expect(await versions()).toEqual([1, 1, 2]);
      await t.db.raw.execute("UPDATE scoring_runs SET mapping_version_id = NULL");
      const sql = readFileSync(
        join(
          defaultMigrationsDir(t.db.provider),
          "20261206045405_data_run_mapping_versions",
          "migration.sql",
        ),
        "utf8",
      );
      await t.db.raw.execute(sql);
      expect(await versions()).toEqual([1, 1, 2]);
      await t.db.raw.execute(sql);
      expect(await versions()).toEqual([1, 1, 2]);
    });
  });
});
