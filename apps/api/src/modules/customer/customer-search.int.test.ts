/**
 * searchCustomers and the audience search through the real server (Fastify + Apollo, `inject`)
 * on each facts engine (a real SQLite file, a real PostgreSQL schema, the ClickHouse cluster):
 * exact, prefix, word prefix and substring matches, their ranking, letter case, LIKE wildcards
 * taken literally, unscored customers, the index kept in step by imports and (SQL engines) plain
 * SQL, and (SQL engines) the plans that read the indexes. Expected customers come from the
 * literal store below and from SQL written here, in ClickHouse's form on ClickHouse (each shard
 * joins its scores with its own customers, the latest version of each).
 */

import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FACT_ENGINES,
  factsQuery,
  type TestDatabase,
  useSharedTestDatabase,
  useTestDatabase,
} from "../../db/testing";
import { loadDemo } from "../../demo/load";
import { createServer } from "../../server";
import { createApiToken } from "../auth/token.service";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, seedStore, type TestCustomer } from "../scoring/test-store";

/** Customers without orders (never scored), with ids, names and emails made to be searched. */
const SEARCHABLE: readonly TestCustomer[] = [
  { id: "SRCH-100", name: "Ada Lovelace", email: "ada@analytical.org" },
  { id: "srch-1000", name: "Grace Hopper", email: "GRACE.hopper@Navy.mil" },
  { id: "X1", name: "Hawley Griffin", email: "h.griffin@example.com" },
  { id: "H-7", name: "Mary Hawley", email: "mary.hawley@example.com" },
  { id: "HAWLEY" },
  { id: "P%1", name: "Percent_Under", email: "pct_1@odd.org" },
  { id: "P-X", name: "Pxx Ayz", email: "pa1@odd.org" },
  { id: "W-2", name: "Dent-Union", email: "w2@odd.org" },
];

interface Hit {
  customer: { externalId: string; score: { code: string } | null };
  match: string;
  field: string;
}

interface GqlResult<T> {
  data?: T | null;
  errors?: { message: string; extensions: { code: string; field?: string } }[];
}

const ids = (hits: Hit[]) => hits.map((h) => h.customer.externalId);

/** The searchable store, scored, behind a real server on the database `t`; `start` builds it. */
function searchFixture(t: TestDatabase) {
  let app: FastifyInstance | undefined;
  let token: string;

  async function start(): Promise<void> {
    const base = handMadeStore(5);
    await seedStore(t.db, { orders: base.orders, customers: [...base.customers, ...SEARCHABLE] });
    await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    app = await createServer({ db: t.db, warmUp: false });
    token = (await createApiToken(t.db, { name: "search", role: "viewer" })).token;
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

  async function search(query: string, first = 50): Promise<Hit[]> {
    const result = await gql<{ searchCustomers: Hit[] }>(
      `query($q: String!, $first: Int) { searchCustomers(query: $q, first: $first) {
         customer { externalId score { code } } match field } }`,
      { q: query, first },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.searchCustomers;
  }

  return { start, stop, gql, search };
}

describe.each(FACT_ENGINES)("customer search on %s", (engine) => {
  // The tests that only read share one store (seeding, scoring and a server for each took most
  // of their time); the tests that write get a store each, below.
  describe("reading one store", () => {
    const t = useSharedTestDatabase(engine);
    const { start, stop, gql, search } = searchFixture(t);
    beforeAll(start);
    afterAll(stop);

    it("an exact id in another letter case comes first, then the ids it starts", async () => {
      const hits = await search("srch-100");
      expect(hits.map((h) => [h.customer.externalId, h.match, h.field])).toEqual([
        ["SRCH-100", "EXACT", "ID"],
        ["srch-1000", "PREFIX", "ID"],
      ]);
    });

    it("ranks exact before prefix before a later name word before a substring", async () => {
      const hits = await search("HAWLEY");
      expect(hits.map((h) => [h.customer.externalId, h.match, h.field])).toEqual([
        ["HAWLEY", "EXACT", "ID"],
        ["X1", "PREFIX", "NAME"],
        ["H-7", "WORD_PREFIX", "NAME"],
      ]);
    });

    it("part of an email (3 characters or more) finds the customer, case-insensitively", async () => {
      const hits = await search("Hawley@EXA");
      expect(hits.map((h) => [h.customer.externalId, h.match, h.field])).toEqual([
        ["H-7", "SUBSTRING", "EMAIL"],
      ]);
    });

    it("a text shorter than 3 characters matches starts only, every one the SQL finds", async () => {
      const expected = await factsQuery<{ id: string }>(t.db, {
        sql: `SELECT external_id AS "id" FROM customers
       WHERE lower(external_id) LIKE 'p%' OR lower(email) LIKE 'p%' OR lower(name) LIKE 'p%' ORDER BY external_id`,
        clickhouse: `SELECT external_id AS id FROM customers FINAL
       WHERE lower(external_id) LIKE 'p%' OR lower(ifNull(email, '')) LIKE 'p%' OR lower(ifNull(name, '')) LIKE 'p%'
       ORDER BY external_id`,
      });
      expect(expected.map((r) => r.id)).toEqual(["P%1", "P-X"]);
      const hits = await search("p");
      expect(ids(hits).sort()).toEqual(["P%1", "P-X"]);
      expect(hits.every((h) => h.match === "PREFIX")).toBe(true);
      // "wl" is inside hawley, but 2 characters are not searched as a substring.
      expect(await search("wl")).toEqual([]);
    });

    it("% and _ are plain characters, not LIKE wildcards", async () => {
      expect(ids(await search("p%1"))).toEqual(["P%1"]);
      expect(ids(await search("nt_un"))).toEqual(["P%1"]); // not Dent-Union
      expect(ids(await search("%"))).toEqual([]); // nothing starts with %
      expect(ids(await search("_1@"))).toEqual(["P%1"]); // pct_1@odd.org, not pa1@odd.org
    });

    it("finds customers that are not scored, and scored ones with their score", async () => {
      const [unscored] = await search("ada@analytical.org");
      expect(unscored).toMatchObject({ customer: { externalId: "SRCH-100", score: null }, match: "EXACT" });
      const [scored] = await factsQuery<{ id: string }>(t.db, {
        sql: `SELECT c.external_id AS "id" FROM customers c JOIN customer_scores s ON s.customer_id = c.id
       ORDER BY c.external_id LIMIT 1`,
        clickhouse: `SELECT external_id AS id FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
       ORDER BY external_id LIMIT 1`,
      });
      const [hit] = await search(scored!.id);
      expect(hit?.customer.externalId).toBe(scored!.id);
      expect(hit?.customer.score?.code).toMatch(/^[1-4]{3}$/);
    });

    it("first limits the results, best first; a blank query finds nothing; first above 50 is refused", async () => {
      // "customer" is inside every hand-made name ("Customer N") and the first word of each.
      const all = await factsQuery<{ n: number | string }>(t.db, {
        sql: `SELECT count(*) AS "n" FROM customers WHERE lower(name) LIKE 'customer%'`,
        clickhouse: `SELECT count() AS n FROM customers FINAL WHERE lower(ifNull(name, '')) LIKE 'customer%'`,
      });
      expect(Number(all[0]!.n)).toBeGreaterThan(5);
      const hits = await search("customer", 5);
      expect(hits).toHaveLength(5);
      expect(hits.every((h) => h.match === "PREFIX" && h.field === "NAME")).toBe(true);
      expect(await search("   ")).toEqual([]);
      const refused = await gql(`{ searchCustomers(query: "a", first: 51) { match } }`);
      expect(refused.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    });

    it("the audience search (customers filter) matches what SQL finds, wildcards literal", async () => {
      for (const text of ["example.com", "nt_un", "Customer 1", "x"]) {
        const has = (column: string) =>
          t.db.provider === "sqlite" ? `instr(lower(${column}), $1) > 0` : `strpos(lower(${column}), $1) > 0`;
        // The texts hold no quote: written in as they are on ClickHouse.
        const chHas = (column: string) => `position(lower(${column}), '${text.toLowerCase()}') > 0`;
        const expected = await factsQuery<{ id: string }>(t.db, {
          sql: `SELECT c.external_id AS "id" FROM customers c JOIN customer_scores s ON s.customer_id = c.id
         WHERE ${has("c.external_id")} OR ${has("coalesce(c.name, '')")} OR ${has("coalesce(c.email, '')")}
         ORDER BY c.external_id`,
          params: [text.toLowerCase()],
          clickhouse: `SELECT external_id AS id FROM customer_scores
         ANY INNER JOIN (SELECT id AS customer_id, external_id, name, email FROM {db}.customers_local FINAL) USING customer_id
         WHERE ${chHas("external_id")} OR ${chHas("ifNull(name, '')")} OR ${chHas("ifNull(email, '')")}
         ORDER BY external_id`,
        });
        const result = await gql<{
          customers: { totalCount: number; edges: { node: { externalId: string } }[] };
        }>(
          `query($s: String) { customers(first: 200, orderBy: { field: ID, direction: ASC }, filter: { search: $s }) {
           totalCount edges { node { externalId } } } }`,
          { s: text },
        );
        expect(result.errors).toBeUndefined();
        expect(
          result.data!.customers.edges.map((e) => e.node.externalId),
          text,
        ).toEqual(expected.map((r) => r.id));
        expect(result.data!.customers.totalCount).toBe(expected.length);
      }
    });
  });

  describe("writing", () => {
    const t = useTestDatabase(engine);
    const { start, stop, search } = searchFixture(t);
    beforeEach(start);
    afterEach(stop);

    it("the index follows imports, updates and deletes", async () => {
      expect(ids(await search("navy.mil"))).toEqual(["srch-1000"]);
      // A re-import that changes the email (the importer's update path).
      await seedStore(t.db, {
        orders: [],
        customers: [{ id: "srch-1000", name: "Grace Hopper", email: "grace@cobol.dev" }],
      });
      expect(await search("navy.mil")).toEqual([]);
      expect(ids(await search("cobol"))).toEqual(["srch-1000"]);
      // A new customer by import, then plain SQL.
      await seedStore(t.db, {
        orders: [],
        customers: [{ id: "NEW-9", name: "Zed Quokka", email: "zq@zoo.org" }],
      });
      expect(ids(await search("quokk"))).toEqual(["NEW-9"]);
      // On ClickHouse the search reads the customers themselves (no index beside them), and no
      // plain SQL writes them: the importer is their writer.
      if (t.db.analytics) return;
      await t.db.raw.execute(`UPDATE customers SET name = 'Zed Wombat' WHERE external_id = 'NEW-9'`);
      expect(await search("quokk")).toEqual([]);
      expect(ids(await search("wombat"))).toEqual(["NEW-9"]);
      await t.db.raw.execute(`DELETE FROM customers WHERE external_id = 'NEW-9'`);
      expect(await search("wombat")).toEqual([]);
    });

    // The SQL engines' indexes; ClickHouse has none for search (it scans the customers' columns).
    if (engine === "clickhouse") return;
    it("the substring tier reads the trigram index (FTS5 table / GIN bitmap scan)", async () => {
      if (t.db.provider === "sqlite") {
        const plan = t.db.sqlite
          .prepare(
            `EXPLAIN QUERY PLAN SELECT c.id FROM customer_search f CROSS JOIN customers c
           WHERE customer_search MATCH '"hawley@exa"' AND c.id = f.rowid LIMIT 10`,
          )
          .all() as { detail: string }[];
        const text = plan.map((p) => p.detail).join("\n");
        expect(text).toContain("VIRTUAL TABLE INDEX");
        expect(text).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
        return;
      }
      // 100,000 more customers and fresh statistics: the planner then prefers the index by itself.
      await t.db.raw.execute(
        `INSERT INTO customers (external_id, name, email, imported_at)
       SELECT 'GEN-' || g, 'Name ' || g, 'user' || g || '@example.net', now() FROM generate_series(1, 100000) g`,
      );
      await t.db.raw.execute("ANALYZE customers");
      const plan = await t.db.raw.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT c.id FROM customers c
       WHERE lower(c.external_id || chr(31) || coalesce(c.name, '') || chr(31) || coalesce(c.email, '')) LIKE '%hawley@exa%' LIMIT 10`,
      );
      const text = plan.map((p) => p["QUERY PLAN"]).join("\n");
      expect(text).toContain("Bitmap Index Scan on customers_search_trgm_idx");
      const prefix = await t.db.raw.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT c.id FROM customers c WHERE lower(c.email) LIKE lower('user99999@') || '%' LIMIT 10`,
      );
      expect(prefix.map((p) => p["QUERY PLAN"]).join("\n")).toContain("customers_lower_email_idx");
      expect(ids(await search("user99999@"))).toEqual(["GEN-99999"]);
    }, 60_000);
  });
});

describe.each(FACT_ENGINES)("customers sorted by name and by CLV on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("pages by name (both ways) and by CLV are the SQL order, whether a code is walked by name or sorted", async () => {
    // 1,500 customers: with pages of 5, codes holding 0.5% of them (8+) walk the name index,
    // smaller ones are sorted (customerPageSql), and both kinds meet in one page.
    const demo = await loadDemo(t.db, { customers: 1_500 });
    const app = await createServer({ db: t.db, warmUp: false });
    try {
      const { token } = await createApiToken(t.db, { name: "sort", role: "viewer" });
      const page = async (orderBy: string, after: string | null) => {
        const response = await app.inject({
          method: "POST",
          url: "/graphql",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          payload: {
            query: `query($after: String) { customers(first: 5, after: $after, orderBy: ${orderBy}) {
              pageInfo { endCursor } edges { node { externalId } } } }`,
            variables: { after },
          },
        });
        const body = response.json() as {
          data: { customers: { pageInfo: { endCursor: string }; edges: { node: { externalId: string } }[] } };
        };
        return body.data.customers;
      };
      const cases = [
        [
          "{ field: NAME, direction: ASC }",
          "COALESCE(c.name, '') ASC, c.id ASC",
          "ifNull(name, '') ASC, customer_id ASC",
        ],
        [
          "{ field: NAME, direction: DESC }",
          "COALESCE(c.name, '') DESC, c.id DESC",
          "ifNull(name, '') DESC, customer_id DESC",
        ],
        [
          "{ field: CLV, direction: DESC }",
          "COALESCE(s.clv, -1) DESC, c.id DESC",
          "ifNull(clv, -1) DESC, customer_id DESC",
        ],
      ] as const;
      for (const [orderBy, sql, clickhouse] of cases) {
        const expected = await factsQuery<{ id: string }>(t.db, {
          sql: `SELECT c.external_id AS "id" FROM customers c JOIN customer_scores s ON s.customer_id = c.id AND s.run_id = $1
           ORDER BY ${sql} LIMIT 15`,
          params: [demo.scoring.run.id],
          clickhouse: `SELECT external_id AS id FROM customer_scores
           ANY INNER JOIN (SELECT id AS customer_id, external_id, name FROM {db}.customers_local FINAL) USING customer_id
           WHERE run_id = ${demo.scoring.run.id} ORDER BY ${clickhouse} LIMIT 15`,
        });
        const got: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 3; i++) {
          const result = await page(orderBy, after);
          got.push(...result.edges.map((e) => e.node.externalId));
          after = result.pageInfo.endCursor;
        }
        expect(got, orderBy).toEqual(expected.map((r) => r.id));
      }
    } finally {
      await app.close();
    }
  }, 120_000);
});
