/**
 * Audiences over real HTTP on SQLite, PostgreSQL and the ClickHouse cluster with the demo store: Ontario Champions as
 * `customers(filter:)` counts them, as the `createExport` URL downloads them, as the export
 * route with filters in its query string writes them, and as a saved audience exports them by
 * name; an unknown query parameter is a 400 naming it, on every route. Expected customers come
 * from SQL written here (the default mapping's Champions codes by hand), never from the API.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

/** Dense code indexes of Champions (444, 443, 434, 344) under 4 bins: ((r-1)*4 + (f-1))*4 + (m-1). */
const CHAMPIONS = [63, 62, 59, 47];

const COUNT = `query($filter: CustomerFilter) { customers(filter: $filter, first: 200) {
  totalCount edges { node { externalId } } pageInfo { hasNextPage } } }`;

const CREATE_EXPORT = `mutation($input: CreateExportInput!) { createExport(input: $input) {
  export { url rows segment audience columns } userErrors { field code message } } }`;

const SAVE = `mutation($input: SaveAudienceInput!) { saveAudience(input: $input) {
  savedAudience { name version customerCount parameters summary versions { version note } }
  userErrors { field code message } } }`;

describe.each(FACT_ENGINES)("audiences over HTTP on %s", (provider) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(provider);
  }, 120_000);
  afterAll(async () => api?.close());

  /** Ontario's Champions by SQL, with `r` and a spend floor in cents when given. */
  async function ontarioChampions(narrow: { r: number; minCents: number } | null = null): Promise<string[]> {
    const rows = await api.facts<{ id: string }>(
      `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = $1 AND s.code IN (${CHAMPIONS.join(", ")}) AND c.province = 'Ontario'${narrow ? ` AND s.r = ${narrow.r} AND s.monetary_cents >= ${narrow.minCents}` : ""}
       ORDER BY s.customer_id`,
      [api.runId],
      // Each shard joins its own customers' latest versions (co-sharded by customer).
      `SELECT external_id AS id FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id, province AS home FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${Number(api.runId)} AND code IN (${CHAMPIONS.join(", ")}) AND home = 'Ontario'${narrow ? ` AND r = ${narrow.r} AND monetary_cents >= ${narrow.minCents}` : ""}
       ORDER BY customer_id`,
    );
    return rows.map((r) => r.id);
  }

  async function download(
    path: string,
    token: string | null = null,
  ): Promise<{ status: number; ids: string[]; body: string }> {
    // Files for analysis (everyone, whatever their consent), so a file is the audience SQL finds;
    // a signed URL carries its own purpose (createExport's input says ANALYSIS too).
    const url = path.includes("sig=") ? path : `${path}${path.includes("?") ? "&" : "?"}purpose=ANALYSIS`;
    const response = await fetch(`${api.url}${url}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = await response.text();
    if (response.status !== 200) return { status: response.status, ids: [], body };
    const records = parse(body, { record_delimiter: "\r\n" }) as string[][];
    const column = records[0]!.indexOf("customer_id");
    return { status: 200, ids: records.slice(1).map((r) => r[column]!), body };
  }

  it("Ontario Champions: the list's count, the createExport URL's file and the route with filters hold the same customers", async () => {
    const want = await ontarioChampions();
    expect(want.length).toBeGreaterThan(3);

    const listed = await api.gql<{
      customers: { totalCount: number; edges: { node: { externalId: string } }[] };
    }>(COUNT, { filter: { segment: "champions", province: "ON" } }, api.tokens.viewer);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.customers.totalCount).toBe(want.length);
    expect(listed.data!.customers.edges.map((e) => e.node.externalId).sort()).toEqual([...want].sort());

    const created = await api.gql<{
      createExport: {
        export: { url: string; rows: number; segment: string; audience: string };
        userErrors: unknown[];
      };
    }>(
      CREATE_EXPORT,
      { input: { filter: { segment: "Champions", province: "ontario" }, purpose: "ANALYSIS" } },
      api.tokens.editor,
    );
    expect(created.data!.createExport.userErrors).toEqual([]);
    const ticket = created.data!.createExport.export;
    expect(ticket).toMatchObject({
      rows: want.length,
      segment: "Champions",
      audience: "segment champions, province ontario",
    });
    expect(ticket.url).toMatch(/^\/exports\/segments\/Champions\.csv\?province=ontario&/);
    const signed = await download(ticket.url);
    expect(signed.status).toBe(200);
    expect(signed.ids).toEqual(want);

    // A signed URL's filters are signed: changing one is refused.
    const altered = await download(ticket.url.replace("province=ontario", "province=quebec"));
    expect(altered.status).toBe(401);

    const routed = await download("/exports/segments/champions.csv?province=ON", api.tokens.editor);
    expect(routed.status).toBe(200);
    expect(routed.ids).toEqual(want);

    const narrowed = await download(
      "/exports/segments/champions.csv?province=ON&r=4&spendMin=100",
      api.tokens.editor,
    );
    expect(narrowed.ids).toEqual(await ontarioChampions({ r: 4, minCents: 10_000 }));

    const logged = await api.sql<{ audience: string; rows: number }>(
      `SELECT audience AS "audience", rows AS "rows" FROM export_log ORDER BY id DESC LIMIT 1`,
    );
    expect(logged[0]).toMatchObject({ audience: "segment champions, r 4, province ON, spend 100-" });
  });

  it.each([
    ["/exports/segments/champions.csv?provinse=ON", "query.provinse"],
    ["/exports/customers.csv?province=ON&color=red", "query.color"],
    ["/exports/audiences/whatever.csv?province=ON", "query.province"],
    ["/exports/segment-changes?segment=champions&bogus=1", "query.bogus"],
    ["/healthz?x=1", "query.x"],
  ])("GET %s is a 400 naming %s", async (path, field) => {
    const response = await fetch(`${api.url}${path}`, {
      headers: { authorization: `Bearer ${api.tokens.admin}` },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { field?: string; message: string };
    expect(JSON.stringify(body)).toContain(field);
  });

  it("a malformed filter parameter is a 400 naming it", async () => {
    const response = await fetch(`${api.url}/exports/segments/champions.csv?r=9-1`, {
      headers: { authorization: `Bearer ${api.tokens.editor}` },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("query.r");
  });

  it("a saved audience: saved with a version, counted live, exported by name from the route and createExport", async () => {
    const want = await ontarioChampions();
    const saved = await api.gql<{
      saveAudience: {
        savedAudience: { name: string; version: number; customerCount: number; parameters: string };
        userErrors: unknown[];
      };
    }>(
      SAVE,
      {
        input: {
          name: "Ontario Champions",
          filter: { segment: "champions", province: "ON" },
          note: "weekly",
        },
      },
      api.tokens.editor,
    );
    expect(saved.data!.saveAudience.userErrors).toEqual([]);
    expect(saved.data!.saveAudience.savedAudience).toMatchObject({
      name: "Ontario Champions",
      version: 1,
      customerCount: want.length,
      parameters: "segment=champions&province=ON",
    });
    const viewer = await api.gql(SAVE, { input: { name: "x", filter: {} } }, api.tokens.viewer);
    expect(viewer.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    const unknown = await api.gql<{ saveAudience: { userErrors: { field: string[]; code: string }[] } }>(
      SAVE,
      { input: { name: "Whales", filter: { segment: "whales" } } },
      api.tokens.editor,
    );
    expect(unknown.data!.saveAudience.userErrors[0]).toMatchObject({
      field: ["input", "filter", "segment"],
      code: "NOT_FOUND",
    });

    const byRoute = await download(
      `/exports/audiences/${encodeURIComponent("ontario champions")}.csv`,
      api.tokens.editor,
    );
    expect(byRoute.status).toBe(200);
    expect(byRoute.ids).toEqual(want);

    const created = await api.gql<{
      createExport: { export: { url: string; rows: number }; userErrors: unknown[] };
    }>(CREATE_EXPORT, { input: { audience: "ONTARIO CHAMPIONS", purpose: "ANALYSIS" } }, api.tokens.editor);
    expect(created.data!.createExport.userErrors).toEqual([]);
    expect(created.data!.createExport.export.rows).toBe(want.length);
    expect(created.data!.createExport.export.url).toMatch(
      /^\/exports\/audiences\/Ontario%20Champions\.csv\?/,
    );
    expect((await download(created.data!.createExport.export.url)).ids).toEqual(want);

    const list = await api.gql<{
      savedAudiences: { totalCount: number; edges: { node: { name: string; customerCount: number } }[] };
    }>(`{ savedAudiences { totalCount edges { node { name customerCount } } } }`, {}, api.tokens.viewer);
    expect(list.data!.savedAudiences).toEqual({
      totalCount: 1,
      edges: [{ node: { name: "Ontario Champions", customerCount: want.length } }],
    });
    const deleted = await api.gql<{
      deleteSavedAudience: { savedAudience: { name: string }; userErrors: unknown[] };
    }>(
      `mutation { deleteSavedAudience(input: { name: "ontario champions" }) { savedAudience { name } userErrors { code } } }`,
      {},
      api.tokens.editor,
    );
    expect(deleted.data!.deleteSavedAudience).toEqual({
      savedAudience: { name: "Ontario Champions" },
      userErrors: [],
    });
    expect((await download("/exports/audiences/Ontario%20Champions.csv", api.tokens.editor)).status).toBe(
      404,
    );
  });

  it("areaValues lists each stored province with its customers, as SQL counts them", async () => {
    const want = await api.facts<{ value: string; n: number | string }>(
      `SELECT province AS "value", count(*) AS "n" FROM customers WHERE province IS NOT NULL GROUP BY province ORDER BY province`,
      [],
      `SELECT province AS value, count() AS n FROM customers FINAL WHERE province IS NOT NULL GROUP BY province ORDER BY province`,
    );
    const got = await api.gql<{ areaValues: { value: string; customers: number }[] }>(
      `{ areaValues(field: PROVINCE) { value customers } }`,
      {},
      api.tokens.viewer,
    );
    expect(got.data!.areaValues).toEqual(want.map((w) => ({ value: w.value, customers: Number(w.n) })));
    expect(got.data!.areaValues.length).toBeGreaterThan(3);
  });
});
