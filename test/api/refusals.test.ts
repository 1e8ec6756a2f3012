/**
 * Every refusal, on every route, over real HTTP on SQLite, PostgreSQL and the ClickHouse cluster:
 * one body shape, `{ errors: [{ message, extensions: { code, ... } }] }`, and a 4xx status, so a
 * client reads them all one way; and the facts (customers, orders, scores) are as before, counted
 * by SQL written here (in ClickHouse's form on the cluster). And the refusals added for the
 * adversarial pass (issue 14): signed export URLs die with their token, query parameters are
 * checked by a schema, a NUL byte in a GraphQL string is the caller's mistake, not ours.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { createApiToken, revokeApiToken } from "@rfm/api/tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

interface ErrorBody {
  errors: { message: string; extensions: { code: string; [key: string]: unknown } }[];
}

/** The answer's status and body, checked to be the one error shape. */
async function refusal(response: Response): Promise<{ status: number; body: ErrorBody }> {
  const text = await response.text();
  let body: ErrorBody;
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    throw new Error(`HTTP ${response.status}: not JSON: ${text.slice(0, 200)}`);
  }
  expect(Object.keys(body), text).toEqual(["errors"]);
  expect(body.errors.length, text).toBeGreaterThan(0);
  for (const error of body.errors) {
    expect(error, text).toEqual(
      expect.objectContaining({
        message: expect.stringMatching(/./),
        extensions: expect.objectContaining({ code: expect.any(String) }),
      }),
    );
  }
  expect(response.headers.get("content-type"), text).toMatch(/^application\/(graphql-response\+)?json/);
  return { status: response.status, body };
}

/** What the facts hold, in figures that any lost or added row, order line or detail changes. */
interface Stored {
  customers: number;
  emails: number;
  nameChars: number;
  orders: number;
  cents: number;
  lines: number;
  scores: number;
  scoredCents: number;
}

describe.each(FACT_ENGINES)("refusals on %s", (engine) => {
  let api: ApiHarness;
  /** The facts before any refusal. */
  let before: Stored;
  beforeAll(async () => {
    api = await startApi(engine, { customers: 200 });
    before = await stored();
  }, 120_000);
  afterAll(async () => api?.close());

  /** The facts' figures by SQL (FINAL on ClickHouse: each customer's and order's latest version). */
  async function stored(): Promise<Stored> {
    const [customers] = await api.facts<Record<string, unknown>>(
      `SELECT count(*) AS "customers", count(email) AS "emails", sum(length(name)) AS "nameChars" FROM customers`,
      [],
      "SELECT count() AS customers, count(email) AS emails, sum(length(name)) AS nameChars FROM customers FINAL",
    );
    const [orders] = await api.facts<Record<string, unknown>>(
      `SELECT count(*) AS "orders", sum(amount_cents) AS "cents", sum(line_count) AS "lines" FROM transactions`,
      [],
      "SELECT count() AS orders, sum(amount_cents) AS cents, sum(line_count) AS lines FROM transactions FINAL",
    );
    const [scores] = await api.facts<Record<string, unknown>>(
      `SELECT count(*) AS "scores", sum(monetary_cents) AS "scoredCents" FROM customer_scores`,
      [],
      "SELECT count() AS scores, sum(monetary_cents) AS scoredCents FROM customer_scores",
    );
    const figures = Object.entries({ ...customers, ...orders, ...scores }).map(([k, v]) => [k, Number(v)]);
    return Object.fromEntries(figures) as unknown as Stored;
  }

  const auth = (token = api.tokens.admin) => ({ authorization: `Bearer ${token}` });
  const gqlPost = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth(), ...headers },
      body,
    });
  const query = (text: string) => gqlPost(JSON.stringify({ query: text }));

  interface Case {
    readonly name: string;
    readonly send: () => Promise<Response>;
    readonly status: number;
    readonly code: string;
    readonly extensions?: Record<string, unknown>;
    /** What the first error's message must say (the limit that refused it). */
    readonly message?: RegExp;
  }

  const cases: Case[] = [
    // GraphQL: the request itself.
    {
      name: "graphql: no token",
      send: () => gqlPost(JSON.stringify({ query: "{ me { name } }" }), { authorization: "" }),
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "graphql: invalid JSON",
      send: () => gqlPost("{ not json"),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { field: "body" },
    },
    {
      name: "graphql: a body over 1 MiB",
      send: () => gqlPost(JSON.stringify({ query: `{ me { name } }${" ".repeat(1024 * 1024 + 1)}` })),
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      extensions: { field: "body" },
    },
    {
      name: "graphql: a content type it does not take",
      send: () => gqlPost("<query/>", { "content-type": "application/xml" }),
      status: 415,
      code: "UNSUPPORTED_MEDIA_TYPE",
    },
    {
      name: "graphql: no query",
      send: () => gqlPost("{}"),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "BAD_REQUEST" },
    },
    {
      name: "graphql: a query that does not parse",
      send: () => query("{ me { name "),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "GRAPHQL_PARSE_FAILED" },
    },
    {
      name: "graphql: an unknown field",
      send: () => query("{ nope }"),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "GRAPHQL_VALIDATION_FAILED" },
    },
    {
      name: "graphql: over 5,000 tokens",
      send: () => query(`{ me { ${"name ".repeat(5_001)} } }`),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "GRAPHQL_PARSE_FAILED" },
      message: /5000 tokens/,
    },
    {
      name: "graphql: deeper than 10",
      send: () => query(`{ me { ${"a { ".repeat(11)} b ${"} ".repeat(11)} } }`),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "GRAPHQL_VALIDATION_FAILED" },
      message: /depth/i,
    },
    {
      name: "graphql: more than 20 aliases",
      send: () => query(`{ ${Array.from({ length: 21 }, (_, i) => `a${i}: me { name }`).join(" ")} }`),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "GRAPHQL_VALIDATION_FAILED" },
      message: /aliases/i,
    },
    {
      name: "graphql: more than 20 directives",
      send: () => query(`{ me { name ${"@include(if: true) ".repeat(21)} } }`),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "GRAPHQL_VALIDATION_FAILED" },
      message: /directives/i,
    },
    {
      name: "graphql: a cost over 20,000",
      send: () =>
        query(
          `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: customers(first: 200) { edges { node { id name email } } }`).join(" ")} }`,
        ),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { reason: "GRAPHQL_VALIDATION_FAILED" },
      message: /cost/i,
    },
    {
      name: "graphql: a variable of the wrong type",
      send: () =>
        gqlPost(
          JSON.stringify({ query: "query($n: String!) { segment(name: $n) { name } }", variables: { n: 3 } }),
        ),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { field: "variables" },
      message: /\$n/,
    },
    {
      name: "graphql: PUT (no such route)",
      send: () => fetch(`${api.url}/graphql`, { method: "PUT", headers: auth() }),
      status: 404,
      code: "NOT_FOUND",
    },
    {
      name: "graphql: a mutation over GET",
      send: () =>
        fetch(`${api.url}/graphql?query=${encodeURIComponent("mutation { discardDraft { discarded } }")}`, {
          headers: { ...auth(), "apollo-require-preflight": "1" },
        }),
      status: 405,
      code: "BAD_USER_INPUT",
      extensions: { reason: "BAD_REQUEST" },
    },
    {
      name: "graphql: query given twice over GET",
      send: () =>
        fetch(`${api.url}/graphql?query=%7Bme%7Bname%7D%7D&query=%7Bme%7Brole%7D%7D`, {
          headers: { ...auth(), "apollo-require-preflight": "1" },
        }),
      status: 400,
      code: "BAD_USER_INPUT",
    },
    {
      name: "graphql: a batch",
      send: () => gqlPost(JSON.stringify([{ query: "{ me { name } }" }, { query: "{ me { role } }" }])),
      status: 400,
      code: "BAD_USER_INPUT",
    },
    {
      name: "graphql: a GET without the CSRF preflight header",
      send: () => fetch(`${api.url}/graphql?query=%7Bme%7Bname%7D%7D`, { headers: auth() }),
      status: 400,
      code: "BAD_USER_INPUT",
    },
    // The routes.
    {
      name: "unknown route",
      send: () => fetch(`${api.url}/nowhere`, { headers: auth() }),
      status: 404,
      code: "NOT_FOUND",
    },
    {
      name: "healthz: wrong method",
      send: () => fetch(`${api.url}/healthz`, { method: "POST" }),
      status: 404,
      code: "NOT_FOUND",
    },
    {
      name: "export: no token",
      send: () => fetch(`${api.url}/exports/segments/Champions.csv`),
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "export: a viewer",
      send: () => fetch(`${api.url}/exports/segments/Champions.csv`, { headers: auth(api.tokens.viewer) }),
      status: 403,
      code: "FORBIDDEN",
    },
    {
      name: "export: a tampered signature",
      send: () => fetch(`${api.url}/exports/segments/Champions.csv?token=1&expires=9999999999999&sig=AAAA`),
      status: 401,
      code: "UNAUTHENTICATED",
    },
    {
      name: "export: unknown segment",
      send: () => fetch(`${api.url}/exports/segments/Whales.csv`, { headers: auth() }),
      status: 404,
      code: "NOT_FOUND",
    },
    {
      name: "export: wrong method",
      send: () => fetch(`${api.url}/exports/segments/Champions.csv`, { method: "DELETE", headers: auth() }),
      status: 404,
      code: "NOT_FOUND",
    },
    {
      name: "import: a viewer",
      send: () =>
        fetch(`${api.url}/imports/customers`, {
          method: "POST",
          headers: { ...auth(api.tokens.viewer), "content-type": "text/csv" },
          body: "customer_id\nC1\n",
        }),
      status: 403,
      code: "FORBIDDEN",
    },
    {
      name: "import: no body",
      send: () => fetch(`${api.url}/imports/customers`, { method: "POST", headers: auth() }),
      status: 400,
      code: "BAD_USER_INPUT",
    },
    {
      name: "import: wrong method",
      send: () => fetch(`${api.url}/imports/customers`, { headers: auth() }),
      status: 404,
      code: "NOT_FOUND",
    },
    {
      name: "import: a header without the customer id",
      send: () =>
        fetch(`${api.url}/imports/customers`, {
          method: "POST",
          headers: { ...auth(), "content-type": "text/csv" },
          body: "nothing\nC1\n",
        }),
      status: 400,
      code: "BAD_USER_INPUT",
      extensions: { field: "body" },
    },
  ];

  /** A query string refused by the route's schema: 400 naming the parameter. */
  const badQuery = (
    name: string,
    method: "GET" | "POST",
    path: string,
    parameter: string,
    message: RegExp,
  ): Case => ({
    name,
    send: () =>
      fetch(`${api.url}${path}`, {
        method,
        headers: { ...auth(), "content-type": "text/csv" },
        ...(method === "POST" ? { body: "customer_id\nC1\n" } : {}),
      }),
    status: 400,
    code: "BAD_USER_INPUT",
    extensions: { field: `query.${parameter}` },
    message,
  });
  const exportCsv = "/exports/segments/Champions.csv";
  const imports = "/imports/customers";
  cases.push(
    badQuery("export: columns twice", "GET", `${exportCsv}?columns=a&columns=b`, "columns", /given once/),
    badQuery("export: an unknown parameter", "GET", `${exportCsv}?colums=customer_id`, "colums", /unknown/),
    badQuery(
      "export: columns too long",
      "GET",
      `${exportCsv}?columns=${"a,".repeat(1_500)}`,
      "columns",
      /2000/,
    ),
    badQuery("export: the grant twice", "GET", `${exportCsv}?token=1&token=2`, "token", /given once/),
    badQuery(
      "import: encoding twice",
      "POST",
      `${imports}?encoding=utf-8&encoding=latin1`,
      "encoding",
      /once/,
    ),
    badQuery("import: delimiter twice", "POST", `${imports}?delimiter=;&delimiter=,`, "delimiter", /once/),
    badQuery(
      "import: a huge batchSize",
      "POST",
      `${imports}?batchSize=99999999999`,
      "batchSize",
      /<= 1000000/,
    ),
    badQuery("import: a batchSize of 0", "POST", `${imports}?batchSize=0`, "batchSize", />= 1/),
    badQuery("import: a batchSize not a number", "POST", `${imports}?batchSize=ten`, "batchSize", /integer/),
    badQuery("import: an unknown parameter", "POST", `${imports}?mapping=id=ID`, "mapping", /unknown/),
    badQuery("import: a format twice", "POST", `${imports}?format=csv&format=jsonl`, "format", /once/),
    badQuery("healthz: a parameter", "GET", "/healthz?probe=1", "probe", /unknown/),
  );

  it.each(cases.map((c) => [c.name, c] as const))("%s: a 4xx in the one error shape", async (_name, c) => {
    const { status, body } = await refusal(await c.send());
    expect({ status, code: body.errors[0]?.extensions.code }, JSON.stringify(body).slice(0, 400)).toEqual({
      status: c.status,
      code: c.code,
    });
    if (c.extensions) expect(body.errors[0]?.extensions).toMatchObject(c.extensions);
    if (c.message) expect(body.errors.map((e) => e.message).join("\n")).toMatch(c.message);
  });

  it("after every refusal above the facts are as they were: nothing stored, nothing lost", async () => {
    expect(before.customers).toBe(200);
    expect(before.orders).toBeGreaterThan(200);
    expect(before.scores).toBe(api.demo.scoring.run.customersScored);
    expect(await stored()).toEqual(before);
  });

  it("query parameters the schemas let through reach the importer (one map is a list of one)", async () => {
    const post = (query: string, body: string) =>
      fetch(`${api.url}/imports/transactions?${query}`, {
        method: "POST",
        headers: { ...auth(), "content-type": "text/csv" },
        body,
      });
    const one = await post(
      "map=order_id=Order&delimiter=;&batchSize=1&dateFormat=dd.MM.yyyy",
      "Order;customer_id;occurred_at;amount\nQ-1;QC-1;01.06.2025;10.00\nQ-2;QC-1;02.06.2025;5.00\n",
    );
    expect(one.status, await one.clone().text()).toBe(200);
    expect(await one.json()).toMatchObject({ inserted: 2, rejected: 0 });
    const two = await post(
      "map=order_id=Order&map=customer_id=Who&dateFormat=dd.MM.yyyy&dateFormat=yyyy/MM/dd",
      "Order,Who,occurred_at,amount\nQ-3,QC-2,03.06.2025,1.00\nQ-4,QC-2,2025/06/04,2.00\n",
    );
    expect(two.status, await two.clone().text()).toBe(200);
    expect(await two.json()).toMatchObject({ inserted: 2, rejected: 0 });
    // Exactly those: two customers and four one-line orders, 18.00 in all; nothing else moved.
    const after = await stored();
    expect(after).toEqual({
      ...before,
      customers: before.customers + 2,
      orders: before.orders + 4,
      cents: before.cents + 1800,
      lines: before.lines + 4,
    });
    const rows = await api.facts<{ orderId: string; customer: string; cents: number }>(
      `SELECT t.order_id AS "orderId", c.external_id AS "customer", t.amount_cents AS "cents"
       FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE t.order_id LIKE 'Q-%' ORDER BY t.order_id`,
      [],
      // Each shard joins its own customers' latest versions (co-sharded by customer).
      `SELECT order_id AS orderId, external_id AS customer, amount_cents AS cents FROM transactions FINAL
       ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
       WHERE order_id LIKE 'Q-%' ORDER BY order_id`,
    );
    expect(rows.map((r) => [r.orderId, r.customer, Number(r.cents)])).toEqual([
      ["Q-1", "QC-1", 1000],
      ["Q-2", "QC-1", 500],
      ["Q-3", "QC-2", 100],
      ["Q-4", "QC-2", 200],
    ]);
  });

  it.each([
    [
      "a search",
      "query($s: String) { customers(filter: { search: $s }, first: 5) { totalCount } }",
      { s: "a\u0000b" },
      "filter.search",
    ],
    [
      "a segment name (variables)",
      "mutation($i: CreateSegmentInput!) { createSegment(input: $i) { draft { version } } }",
      { i: { name: "VIP\u0000", color: "#AA00FF" } },
      "input.name",
    ],
    [
      "a segment name (literal)",
      'mutation { createSegment(input: { name: "V\\u0000IP", color: "#AA00FF" }) { draft { version } } }',
      {},
      "input.name",
    ],
    ["a segment lookup", 'query { segment(name: "Champions\\u0000") { name } }', {}, "name"],
  ])("a NUL byte in %s is 400 BAD_USER_INPUT naming the argument", async (_what, text, variables, field) => {
    const response = await gqlPost(JSON.stringify({ query: text, variables }));
    const { status, body } = await refusal(response);
    expect(status).toBe(400);
    expect(body.errors[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field });
    // Nothing was written: the draft has no such segment.
    const draft = await api.gql<{ mappingDraft: { segments: { name: string }[] } | null }>(
      "{ mappingDraft { segments { name } } }",
    );
    expect(draft.data?.mappingDraft?.segments.some((s) => s.name.includes("\u0000")) ?? false).toBe(false);
  });

  it("an export stops at once when its token is revoked or may no longer export: signed URLs and the token itself", async () => {
    const made = await createApiToken(api.test.db, { name: "signer", role: "editor" });
    const urlOf = async () => {
      const res = await api.gql<{ createExport: { export: { url: string } } }>(
        `mutation { createExport(input: { segment: "Champions", columns: ["customer_id"] }) { export { url } } }`,
        {},
        made.token,
      );
      return `${api.url}${res.data!.createExport.export.url}`;
    };
    const url = await urlOf();
    expect((await fetch(url)).status).toBe(200);

    // Role lowered to viewer (read from the table at download, not from a cache).
    await api.test.db.prisma.apiToken.update({ where: { id: made.id }, data: { role: "viewer" } });
    const lowered = await refusal(await fetch(url));
    expect(lowered.status).toBe(403);
    expect(lowered.body.errors[0]?.extensions).toMatchObject({ code: "FORBIDDEN", required: "editor" });
    await api.test.db.prisma.apiToken.update({ where: { id: made.id }, data: { role: "editor" } });
    expect((await fetch(url)).status).toBe(200);

    // Revoked: refused at the next request, though the URL has not expired.
    expect(await revokeApiToken(api.test.db, made.id)).toBe(true);
    const revoked = await refusal(await fetch(url));
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(revoked.body.errors[0]?.message).toMatch(/revoked/);

    // With the token itself: refused at once too, though the request hook's 5 s cache still
    // holds the token as valid.
    const bearer = await createApiToken(api.test.db, { name: "bearer", role: "editor" });
    const direct = () =>
      fetch(`${api.url}/exports/segments/Champions.csv?columns=customer_id`, { headers: auth(bearer.token) });
    expect((await direct()).status).toBe(200);
    await revokeApiToken(api.test.db, bearer.id);
    expect((await refusal(await direct())).status).toBe(401);

    // Deleted: the same.
    const other = await createApiToken(api.test.db, { name: "signer-2", role: "admin" });
    const res = await api.gql<{ createExport: { export: { url: string } } }>(
      `mutation { createExport(input: { segment: "Champions" }) { export { url } } }`,
      {},
      other.token,
    );
    const url2 = `${api.url}${res.data!.createExport.export.url}`;
    expect((await fetch(url2)).status).toBe(200);
    await api.test.db.prisma.exportLog.deleteMany({ where: { tokenId: other.id } });
    await api.test.db.prisma.apiToken.delete({ where: { id: other.id } });
    expect((await refusal(await fetch(url2))).status).toBe(401);
  });
});
