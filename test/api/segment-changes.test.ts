/**
 * Segment membership changes over real HTTP: the demo's scoring run is the profile's first
 * recording, so every scored customer entered their segment. The `segmentChanges` feed pages
 * forward through them, the export route streams the same rows, `Customer.segmentSince` is the
 * run's as-of, and every refusal is a 4xx naming the field. Expected values come from SQL over
 * customer_scores with the default mapping's codes written out here.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, type GraphQLResponse, startApi } from "../support/api";

/** Champions' codes in the default mapping (444, 443, 434, 344) as dense indexes ((r-1)*4+(f-1))*4+(m-1). */
const CHAMPION_CODES = [63, 62, 59, 47];

interface ChangePage {
  segmentChanges: {
    edges: {
      cursor: string;
      node: {
        id: string;
        customerId: string;
        kind: string;
        segmentKey: string;
        segmentName: string;
        at: string;
        runId: number;
        mappingVersion: number;
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PAGE = `query Page($key: String!, $first: Int, $after: String, $since: DateTimeISO, $kind: SegmentChangeKind) {
  segmentChanges(key: $key, first: $first, after: $after, since: $since, kind: $kind) {
    edges { cursor node { id customerId kind segmentKey segmentName at runId mappingVersion } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe.each(FACT_ENGINES)("segment changes over HTTP on %s", (engine) => {
  let api: ApiHarness;
  let champions: string[];
  let asOf: string;

  beforeAll(async () => {
    api = await startApi(engine);
    champions = (
      await api.facts<{ id: string }>(
        `SELECT c.external_id AS "id" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
         WHERE s.run_id = $1 AND s.code IN (${CHAMPION_CODES.join(", ")})`,
        [api.runId],
        `SELECT external_id AS id FROM customer_scores
         ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
         WHERE run_id = ${api.runId} AND code IN (${CHAMPION_CODES.join(", ")})`,
      )
    )
      .map((row) => row.id)
      .sort();
    const [run] = await api.sql<{ asOf: number | string | Date }>(
      `SELECT as_of AS "asOf" FROM scoring_runs WHERE id = $1`,
      [api.runId],
    );
    asOf = new Date(Number(run!.asOf)).toISOString();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it("segmentChanges pages forward, oldest first, through exactly the run's Champions, each once", async () => {
    expect(champions.length).toBeGreaterThan(14);
    const seen: ChangePage["segmentChanges"]["edges"][number]["node"][] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: GraphQLResponse<ChangePage> = await api.gql<ChangePage>(
        PAGE,
        { key: "champions", first: 7, after },
        api.tokens.viewer,
      );
      expect(res.errors).toBeUndefined();
      const page: ChangePage["segmentChanges"] = res.data!.segmentChanges;
      seen.push(...page.edges.map((e) => e.node));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(champions.length / 7));
    expect(seen.map((n) => n.customerId).sort()).toEqual(champions);
    const numbers = seen.map((n) => Number(n.id.replace("evt_chg_", "")));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(
      new Set(seen.map((n) => `${n.kind} ${n.segmentKey} ${n.segmentName} ${n.runId} ${n.mappingVersion}`)),
    ).toEqual(new Set([`ENTERED champions Champions ${api.runId} 1`]));

    // Filters: no exits yet; nothing after a `since` in the future.
    const left = await api.gql<ChangePage>(PAGE, { key: "champions", kind: "LEFT" });
    expect(left.data!.segmentChanges.edges).toEqual([]);
    const later = await api.gql<ChangePage>(PAGE, { key: "champions", since: "2999-01-01T00:00:00.000Z" });
    expect(later.data!.segmentChanges.edges).toEqual([]);
  });

  it("Customer.segmentSince is the run's as-of day for a scored customer and null for one not scored", async () => {
    const res = await api.gql<{ customer: { segmentSince: string | null } }>(
      `query($id: ID!) { customer(id: $id) { segmentSince } }`,
      { id: champions[0] },
    );
    expect(res.errors).toBeUndefined();
    // The demo is scored as of 2025-12-31 (the last day counted; the run's as_of is the end of it).
    expect(asOf).toBe("2026-01-01T00:00:00.000Z");
    expect(res.data!.customer.segmentSince).toBe("2025-12-31");
    // A customer imported after the run has no score.
    const imported = await fetch(`${api.url}/imports/customers`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.tokens.admin}`, "content-type": "text/csv" },
      body: "customer_id,name\nNEW-AFTER-RUN,New Customer\n",
    });
    expect(imported.status).toBe(200);
    const [unscored] = await api.facts<{ id: string }>(
      `SELECT external_id AS "id" FROM customers c WHERE NOT EXISTS
         (SELECT 1 FROM customer_scores s WHERE s.run_id = $1 AND s.customer_id = c.id) ORDER BY external_id LIMIT 1`,
      [api.runId],
      // ClickHouse resolves a column name to a same-named alias: select the id under another name.
      `SELECT external_id AS id FROM (SELECT id AS cid, external_id FROM customers FINAL
         WHERE cid NOT IN (SELECT customer_id FROM {db}.customer_scores_local WHERE run_id = ${api.runId}))
       ORDER BY id LIMIT 1`,
    );
    expect(unscored).toBeDefined();
    const none = await api.gql<{ customer: { segmentSince: string | null } }>(
      `query($id: ID!) { customer(id: $id) { segmentSince } }`,
      { id: unscored!.id },
    );
    expect(none.errors).toBeUndefined();
    expect(none.data!.customer.segmentSince).toBeNull();
  });

  it("refuses an unknown key (NOT_FOUND), a bad cursor and a page over 200 (BAD_USER_INPUT)", async () => {
    const unknown = await api.gql(PAGE, { key: "no-such-segment" });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "key" });
    const cursor = await api.gql(PAGE, { key: "champions", after: "nonsense" });
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    const big = await api.gql(PAGE, { key: "champions", first: 500 });
    expect(big.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("GET /exports/segment-changes streams the same changes as JSON lines and CSV; refusals are 4xx naming the parameter", async () => {
    const editor = { authorization: `Bearer ${api.tokens.editor}` };
    const jsonl = await fetch(`${api.url}/exports/segment-changes?segment=champions&format=jsonl`, {
      headers: editor,
    });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const lines = (await jsonl.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.customer_id).sort()).toEqual(champions);
    expect(lines[0]).toMatchObject({
      kind: "entered",
      segment_key: "champions",
      segment_name: "Champions",
      at: expect.any(String),
      run_id: api.runId,
      mapping_version: 1,
    });

    const csv = await fetch(`${api.url}/exports/segment-changes?segment=champions&since=2000-01-01`, {
      headers: editor,
    });
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).trimEnd().split("\r\n");
    expect(rows[0]).toBe("change_id,customer_id,kind,segment_key,segment_name,at,run_id,mapping_version");
    expect(
      rows
        .slice(1)
        .map((r) => r.split(",")[1])
        .sort(),
    ).toEqual(champions);

    const future = await fetch(`${api.url}/exports/segment-changes?segment=champions&since=2999-01-01`, {
      headers: editor,
    });
    expect((await future.text()).trimEnd().split("\r\n")).toHaveLength(1);

    const refusals: [string, number, string | undefined][] = [
      ["segment=champions&bogus=1", 400, "query.bogus"],
      ["format=csv", 400, undefined],
      ["segment=champions&format=xml", 400, undefined],
      ["segment=champions&since=yesterday", 400, "query.since"],
      ["segment=no-such-segment", 404, "key"],
    ];
    for (const [query, status, field] of refusals) {
      const res = await fetch(`${api.url}/exports/segment-changes?${query}`, { headers: editor });
      const body = (await res.json()) as { errors: { extensions: { code: string; field?: string } }[] };
      expect(res.status, query).toBe(status);
      if (field) expect(body.errors[0]!.extensions.field, query).toBe(field);
    }
    const viewer = await fetch(`${api.url}/exports/segment-changes?segment=champions`, {
      headers: { authorization: `Bearer ${api.tokens.viewer}` },
    });
    expect(viewer.status).toBe(403);
  });
});
