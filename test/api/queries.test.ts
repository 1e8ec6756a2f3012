/**
 * The GraphQL API's queries end to end: real HTTP on a random port, a real SQLite file, a real
 * PostgreSQL schema and the ClickHouse cluster loaded with the demo store. Expected figures are
 * read from the database with plain SQL (in ClickHouse's form on the cluster), never from the API
 * itself.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { codeOfIndex } from "@rfm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

/** A ClickHouse string literal. */
const lit = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

interface Edge {
  cursor: string;
  node: {
    externalId: string;
    score: { monetary: { amount: string }; code: string; r: number; f: number; m: number };
  };
}

describe.each(FACT_ENGINES)("API queries on %s", (engine) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(engine);
  }, 120_000);
  afterAll(async () => api?.close());
  /** The facts by SQL: `text` on the SQL engines, `clickhouse` on the cluster (`{db}`: its database). */
  const facts = <T>(text: string, params: unknown[], clickhouse: string) =>
    api.facts<T>(text, params, clickhouse);

  /** Dense code indexes of a segment, from the API's own mapping answer. */
  async function segmentCodes(name: string): Promise<string[]> {
    const res = await api.gql<{ segment: { codes: string[] } }>(
      `query($n: String!) { segment(name: $n) { codes } }`,
      {
        n: name,
      },
    );
    return res.data!.segment.codes;
  }

  it("refuses requests without a valid token, except /healthz", async () => {
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const none = await api.gql(`{ me { name } }`, {}, null);
    expect(none.status).toBe(401);
    expect(none.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    const wrong = await api.gql(`{ me { name } }`, {}, "rfm_not-a-real-token");
    expect(wrong.status).toBe(401);
    expect(wrong.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    const me = await api.gql<{ me: { name: string; role: string } }>(
      `{ me { name role } }`,
      {},
      api.tokens.viewer,
    );
    expect(me.data?.me).toEqual({ name: "viewer-token", role: "VIEWER" });
  });

  it("segments: counts and revenue per segment agree with the stored scores", async () => {
    const res = await api.gql<{
      segments: {
        name: string;
        codes: string[];
        customerCount: number;
        customerShare: number;
        revenue: { amount: string; currencyCode: string };
        avgMonetary: { amount: string; currencyCode: string };
      }[];
    }>(
      `{ segments { name codes customerCount customerShare revenue { amount currencyCode } revenueShare avgRecencyDays avgFrequency avgMonetary { amount currencyCode } avgClv { amount currencyCode } } }`,
    );
    expect(res.errors).toBeUndefined();
    const segments = res.data!.segments;
    expect(segments.map((s) => s.name)).toContain("Champions");
    const rows = await facts<{ code: number; n: number; cents: number }>(
      `SELECT code AS "code", count(*) AS "n", sum(monetary_cents) AS "cents" FROM customer_scores WHERE run_id = $1 GROUP BY code`,
      [api.runId],
      `SELECT code, count() AS n, sum(monetary_cents) AS cents FROM customer_scores WHERE run_id = ${Number(api.runId)} GROUP BY code`,
    );
    const byCode = new Map(rows.map((r) => [codeOfIndex(r.code, 4) as string, r]));
    let total = 0;
    for (const segment of segments) {
      const expected = segment.codes.reduce((sum, c) => sum + Number(byCode.get(c)?.n ?? 0), 0);
      const cents = segment.codes.reduce((sum, c) => sum + Number(byCode.get(c)?.cents ?? 0), 0);
      expect(segment.customerCount, segment.name).toBe(expected);
      // Money: the exact cents as a decimal string, in the store's currency.
      expect(segment.revenue.amount, segment.name).toBe((cents / 100).toFixed(2));
      expect(segment.revenue.currencyCode).toMatch(/^[A-Z]{3}$/);
      total += segment.customerCount;
    }
    expect(total).toBe(api.demo.scoring.run.customersScored);
    expect(segments.reduce((s, x) => s + x.customerShare, 0)).toBeCloseTo(1, 9);
  });

  it("segment(name) is case-insensitive and pages through every customer once, by spend", async () => {
    const codes = await segmentCodes("champions");
    const indexes = codes.map((c) => (Number(c[0]) - 1) * 16 + (Number(c[1]) - 1) * 4 + (Number(c[2]) - 1));
    const expected = await facts<{ id: string }>(
      `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = $1 AND s.code IN (${indexes.join(",")})`,
      [api.runId],
      // Each shard joins its own customers' latest versions (co-sharded by customer).
      `SELECT external_id AS id FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${Number(api.runId)} AND code IN (${indexes.join(",")})`,
    );
    const seen: Edge["node"][] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: Awaited<
        ReturnType<
          typeof api.gql<{
            segment: {
              name: string;
              customers: {
                totalCount: number;
                pageInfo: { hasNextPage: boolean; endCursor: string | null };
                edges: Edge[];
              };
            };
          }>
        >
      > = await api.gql(
        `query($after: String) { segment(name: "CHAMPIONS") { name customers(first: 7, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } edges { cursor node { externalId score { monetary { amount } code r f m } } } } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      const connection = res.data!.segment.customers;
      expect(res.data!.segment.name).toBe("Champions");
      expect(connection.totalCount).toBe(expected.length);
      seen.push(...connection.edges.map((e) => e.node));
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(new Set(seen.map((n) => n.externalId)).size).toBe(seen.length);
    expect(seen.map((n) => n.externalId).sort()).toEqual(expected.map((e) => e.id).sort());
    for (let i = 1; i < seen.length; i++)
      expect(Number(seen[i - 1]!.score.monetary.amount)).toBeGreaterThanOrEqual(
        Number(seen[i]!.score.monetary.amount),
      );
    for (const node of seen) expect(codes).toContain(node.score.code);
  });

  it("an unknown segment is NOT_FOUND and lists the existing names", async () => {
    const res = await api.gql(`{ segment(name: "Whales") { name } }`);
    expect(res.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect(res.errors?.[0]?.extensions.segments).toContain("Champions");
    expect(res.errors?.[0]?.message).toMatch(/Whales.*Champions/);
  });

  it("customers: province, score ranges and search filter exactly as SQL does, ascending by name", async () => {
    const [top] = await facts<{ province: string }>(
      `SELECT province AS "province" FROM customers GROUP BY province ORDER BY count(*) DESC LIMIT 1`,
      [],
      "SELECT province FROM customers FINAL GROUP BY province ORDER BY count() DESC LIMIT 1",
    );
    const province = top!.province;
    const expected = await facts<{ id: string; name: string | null }>(
      `SELECT c.external_id AS "id", c.name AS "name" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = $1 AND c.province = $2 AND s.r >= 3 AND s.f <= 2
         AND (lower(c.external_id) LIKE '%a%' OR lower(c.name) LIKE '%a%' OR lower(c.email) LIKE '%a%')`,
      [api.runId, province],
      // A NULL name or email matches nothing, as SQL's NULL LIKE is not true.
      `SELECT external_id AS id, name FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id, name, email, province AS home FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${Number(api.runId)} AND home = ${lit(province)} AND r >= 3 AND f <= 2
         AND (lower(external_id) LIKE '%a%' OR lower(ifNull(name, '')) LIKE '%a%' OR lower(ifNull(email, '')) LIKE '%a%')`,
    );
    expect(expected.length).toBeGreaterThan(2);
    const res = await api.gql<{
      customers: { totalCount: number; edges: { node: { externalId: string; name: string } }[] };
    }>(
      `query($p: String) { customers(first: 200, filter: { province: $p, r: { min: 3 }, f: { max: 2 }, search: "A" },
         orderBy: { field: NAME, direction: ASC }) { totalCount edges { node { externalId name } } } }`,
      { p: province },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.customers.totalCount).toBe(expected.length);
    const names = res.data!.customers.edges.map((e) => e.node.name);
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
    expect(res.data!.customers.edges.map((e) => e.node.externalId).sort()).toEqual(
      expected.map((e) => e.id).sort(),
    );
  });

  it("bad inputs name the field: page too large, invalid code, reversed range, foreign cursor", async () => {
    const big = await api.gql(`{ customers(first: 500) { totalCount } }`);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    const code = await api.gql(`{ customers(filter: { codes: ["444", "451"] }) { totalCount } }`);
    expect(code.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "filter.codes",
      codes: ["451"],
    });
    const range = await api.gql(`{ customers(filter: { m: { min: 4, max: 2 } }) { totalCount } }`);
    expect(range.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.m" });
    const cursor = await api.gql(`{ customers(after: "garbage") { totalCount } }`);
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("a too-deep or unknown-field query is refused as BAD_USER_INPUT without a stack trace", async () => {
    // The deepest real query is 8 levels (limit 10); `__type`'s ofType chains nest as deep as one likes.
    const ofType = (levels: number): string => (levels === 0 ? "name" : `ofType { ${ofType(levels - 1)} }`);
    const deep = await api.gql(`{ __type(name: "Query") { fields { type { ${ofType(8)} } } } }`);
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "GRAPHQL_VALIDATION_FAILED",
    });
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
    const deepest = await api.gql(
      `{ segment(name: "Champions") { customers(first: 1) { edges { node { transactions(first: 1) { edges { node { orderId } } } } } } } }`,
    );
    expect(deepest.errors).toBeUndefined();
    const unknown = await api.gql(`{ segments { nope } }`);
    expect(unknown.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(unknown)).not.toMatch(/stacktrace|\.ts:\d+/);
  });

  it("customer(id): the 360 view agrees with the database, transactions paged newest first", async () => {
    const [row] = await facts<{ id: number; externalId: string; n: number }>(
      `SELECT c.id AS "id", c.external_id AS "externalId", count(t.id) AS "n" FROM customers c JOIN transactions t ON t.customer_id = c.id
       GROUP BY c.id, c.external_id ORDER BY count(t.id) DESC, c.id LIMIT 1`,
      [],
      // One row per order (FINAL: its latest version); each shard joins its own customers.
      `SELECT customer_id AS id, external_id AS externalId, count() AS n FROM transactions FINAL
       ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
       GROUP BY customer_id, external_id ORDER BY n DESC, id LIMIT 1`,
    );
    const customerId = Number(row!.id);
    const [score] = await facts<{ code: number; monetaryCents: number }>(
      `SELECT code AS "code", monetary_cents AS "monetaryCents" FROM customer_scores WHERE run_id = $1 AND customer_id = $2`,
      [api.runId, customerId],
      `SELECT code, monetary_cents AS monetaryCents FROM customer_scores WHERE run_id = ${Number(api.runId)} AND customer_id = ${customerId}`,
    );
    const orders = await facts<{ orderId: string }>(
      `SELECT order_id AS "orderId" FROM transactions WHERE customer_id = $1 ORDER BY occurred_at DESC, id DESC`,
      [customerId],
      // No row ids on ClickHouse: orders of the same instant are ordered by the order id's
      // CityHash64 cut to 53 bits (docs/clickhouse.md).
      `SELECT order_id AS orderId FROM transactions FINAL WHERE customer_id = ${customerId}
       ORDER BY occurred_at DESC, intDiv(cityHash64(order_id), 2048) DESC`,
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const res: Awaited<
        ReturnType<
          typeof api.gql<{
            customer: {
              id: string;
              externalId: string;
              segment: { name: string };
              score: { code: string; monetary: { amount: string; currencyCode: string } };
              segmentHistory: { edges: { node: { runId: number; code: string } }[] };
              transactions: {
                totalCount: number;
                pageInfo: { hasNextPage: boolean; endCursor: string };
                edges: { node: { orderId: string } }[];
              };
            };
          }>
        >
      > = await api.gql(
        `query($id: ID!, $after: String) { customer(id: $id) { id externalId name email province segment { name } score { code monetary { amount currencyCode } clv { amount } }
            segmentHistory { edges { node { runId code segmentName } } } transactions(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { orderId amount { amount } occurredAt } } } } }`,
        { id: row!.externalId, after },
        api.tokens.viewer,
      );
      expect(res.errors).toBeUndefined();
      const customer = res.data!.customer;
      expect(customer.id).toBe(`gid://rfm/Customer/${encodeURIComponent(row!.externalId)}`);
      expect(customer.externalId).toBe(row!.externalId);
      expect(customer.score.code).toBe(codeOfIndex(score!.code, 4));
      expect(customer.score.monetary.amount).toBe((Number(score!.monetaryCents) / 100).toFixed(2));
      expect(customer.segment.name).toBeTruthy();
      expect(customer.segmentHistory.edges.map((e) => e.node.runId)).toEqual([api.runId]);
      expect(customer.transactions.totalCount).toBe(Number(row!.n));
      seen.push(...customer.transactions.edges.map((e) => e.node.orderId));
      if (!customer.transactions.pageInfo.hasNextPage) break;
      after = customer.transactions.pageInfo.endCursor;
    }
    expect(seen).toEqual(orders.map((o) => o.orderId));
    const missing = await api.gql(`{ customer(id: "NO-SUCH-CUSTOMER") { id } }`);
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ customer: null });
  });

  it("a page of 50 customers with history and transactions takes a bounded number of queries (DataLoaders)", async () => {
    // Count every SQL statement, on the bulk connection and the read connection alike.
    const connections = [...new Set([api.test.db.raw, api.test.db.reads])];
    const originals = connections.map((c) => c.query.bind(c));
    let calls = 0;
    connections.forEach((c, i) => {
      (c as { query: typeof c.query }).query = (text, params) => {
        calls++;
        return originals[i]!(text, params);
      };
    });
    // On ClickHouse the facts' reads go to the shards: every query on each shard's client
    // (kept, with its first characters, for the failure message).
    const shards = api.test.db.analytics?.clients ?? [];
    const shardOriginals = shards.map((client) => client.query.bind(client));
    const perShard = shards.map(() => 0);
    const shardSql: string[] = [];
    shards.forEach((client, i) => {
      (client as { query: typeof client.query }).query = ((params: Parameters<typeof client.query>[0]) => {
        perShard[i]!++;
        shardSql.push(`${i}: ${params.query.replace(/\s+/g, " ").slice(0, 160)}`);
        return shardOriginals[i]!(params);
      }) as typeof client.query;
    });
    try {
      const res = await api.gql(
        `{ customers(first: 50) { edges { node { id segment { name } history { code } transactions(first: 2) { totalCount edges { node { orderId } } } } } } }`,
      );
      expect(res.errors).toBeUndefined();
    } finally {
      connections.forEach((c, i) => {
        (c as { query: typeof c.query }).query = originals[i]!;
      });
      shards.forEach((client, i) => {
        (client as { query: typeof client.query }).query = shardOriginals[i]!;
      });
    }
    // The page, histories, first transactions and their counts (and at most a state check):
    // one query each, not one per customer.
    if (shards.length === 0) {
      expect(calls).toBeGreaterThanOrEqual(4);
      expect(calls).toBeLessThanOrEqual(6);
      return;
    }
    // On the cluster each of those is one query per shard holding some of the page's customers
    // (50 customers: every shard), and the app database answers at most the state check.
    perShard.forEach((n, shard) => {
      expect(n, `shard ${shard + 1}:\n${shardSql.join("\n")}`).toBeGreaterThanOrEqual(4);
      expect(n, `shard ${shard + 1}:\n${shardSql.join("\n")}`).toBeLessThanOrEqual(6);
    });
    expect(calls).toBeLessThanOrEqual(2);
  });

  it("mapping, versions and runs are readable; unknown ones are NOT_FOUND", async () => {
    const res = await api.gql<{
      mapping: {
        version: number;
        status: string;
        valid: boolean;
        segments: { name: string; codes: string[] }[];
      };
      mappingVersions: { totalCount: number; edges: { node: { version: number } }[] };
      mappingDraft: null;
      scoringRuns: {
        edges: { node: { id: number; status: string; current: boolean; customersScored: number } }[];
      };
      scoringRun: { id: number; bins: number };
    }>(
      `query($id: Int!) { mapping { version status valid segments { name codes rules { text } } }
         mappingVersions { totalCount edges { node { version } } } mappingDraft { version }
         scoringRuns { edges { node { id status current customersScored } } } scoringRun(id: $id) { id bins asOf asOfDay } }`,
      { id: api.runId },
      api.tokens.viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.mapping).toMatchObject({ version: 1, status: "PUBLISHED", valid: true });
    expect(res.data!.mapping.segments.flatMap((s) => s.codes)).toHaveLength(64);
    expect(res.data!.mappingVersions.edges.map((e) => e.node.version)).toEqual([1]);
    expect(res.data!.mappingVersions.totalCount).toBe(1);
    expect(res.data!.mappingDraft).toBeNull();
    expect(res.data!.scoringRuns.edges[0]!.node).toMatchObject({
      id: api.runId,
      status: "COMPLETE",
      current: true,
    });
    expect(res.data!.scoringRun).toEqual({
      id: api.runId,
      bins: 4,
      asOf: "2026-01-01T00:00:00.000Z",
      asOfDay: "2025-12-31",
    });
    const run = await api.gql(`{ scoringRun(id: 9999) { id } }`);
    expect(run.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
    const version = await api.gql(`{ mappingVersion(version: 42) { version } }`);
    expect(version.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "version" });
  });

  it("analytics: daily, provinces and the R x F grid add up to the stored transactions and scores", async () => {
    const [span] = await facts<{ first: number; last: number; n: number; cents: number }>(
      `SELECT min(occurred_at) AS "first", max(occurred_at) AS "last", count(*) AS "n", sum(amount_cents) AS "cents" FROM transactions`,
      [],
      "SELECT min(occurred_at) AS first, max(occurred_at) AS last, count() AS n, sum(amount_cents) AS cents FROM transactions FINAL",
    );
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    type Money = { amount: string; currencyCode: string };
    const res = await api.gql<{
      overview: {
        customersScored: number;
        transactionsStored: number;
        mappingVersion: number;
        revenue: Money;
      };
      analytics: {
        daily: { day: string; transactions: number; revenue: Money }[];
        byProvince: { name: string; transactions: number; revenue: Money }[];
        byRegion: { name: string; transactions: number }[];
        rfGrid: { r: number; f: number; customers: number; revenue: Money }[];
        movement: null;
      };
    }>(
      `query($from: LocalDate, $to: LocalDate) { overview { customersScored transactionsStored mappingVersion revenue { amount currencyCode } }
        analytics { daily(from: $from, to: $to) { day transactions revenue { amount currencyCode } } byProvince { name transactions customers revenue { amount currencyCode } }
        byRegion { name transactions } rfGrid { r f customers revenue { amount currencyCode } } movement { moved } } }`,
      { from: day(Number(span!.first)), to: day(Number(span!.last)) },
    );
    expect(res.errors).toBeUndefined();
    const a = res.data!.analytics;
    expect(a.daily[0]!.day).toBe(day(Number(span!.first)));
    expect(a.daily.reduce((s, d) => s + d.transactions, 0)).toBe(Number(span!.n));
    // Money is exact: a decimal string of whole cents; summed as cents it is the SQL sum to the cent.
    const cents = (m: Money) => {
      expect(m.amount).toMatch(/^-?\d+\.\d{2}$/);
      return Math.round(Number(m.amount.replace(".", "")));
    };
    expect(a.daily.reduce((s, d) => s + cents(d.revenue), 0)).toBe(Number(span!.cents));
    expect(a.byProvince.reduce((s, p) => s + cents(p.revenue), 0)).toBe(Number(span!.cents));
    expect(new Set([...a.daily, ...a.byProvince].map((d) => d.revenue.currencyCode))).toEqual(
      new Set(["USD"]),
    );
    const [scored] = await facts<{ cents: number }>(
      `SELECT sum(monetary_cents) AS "cents" FROM customer_scores WHERE run_id = $1`,
      [api.runId],
      `SELECT sum(monetary_cents) AS cents FROM customer_scores WHERE run_id = ${Number(api.runId)}`,
    );
    expect(a.rfGrid.reduce((s, c) => s + cents(c.revenue), 0)).toBe(Number(scored!.cents));
    expect(cents(res.data!.overview.revenue)).toBe(Number(scored!.cents));
    expect(res.data!.overview.revenue.currencyCode).toBe("USD");
    expect(a.byProvince.reduce((s, p) => s + p.transactions, 0)).toBe(Number(span!.n));
    expect(a.byRegion.reduce((s, p) => s + p.transactions, 0)).toBe(Number(span!.n));
    expect(a.rfGrid).toHaveLength(16);
    expect(a.rfGrid.reduce((s, c) => s + c.customers, 0)).toBe(api.demo.scoring.run.customersScored);
    expect(a.movement).toBeNull();
    expect(res.data!.overview).toMatchObject({
      customersScored: api.demo.scoring.run.customersScored,
      transactionsStored: Number(span!.n),
      mappingVersion: 1,
    });
    const reversed = await api.gql(`{ analytics { daily(from: "2025-02-01", to: "2025-01-01") { day } } }`);
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "from" });
  });

  it("a GraphQL body over 1 MiB is refused with 413", async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${api.tokens.admin}` },
      body: JSON.stringify({ query: `{ me { name } }`, variables: { pad: "x".repeat(1_100_000) } }),
    });
    expect(response.status).toBe(413);
    // Fastify's own refusal, in the shape of every other error.
    expect(((await response.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      field: "body",
    });
  });
});
