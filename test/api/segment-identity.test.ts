/**
 * Segment identity over real HTTP on SQLite and PostgreSQL: a storefront that queries
 * Champions keeps finding it after a marketer renames it, by key, by its old name, by id and
 * through `node(id:)`. Tests run in order on one server (version 1: the default preset).
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

type UserErrors = { field: string[] | null; code: string; message: string }[];
type Found = { id: string; key: string; name: string; formerNames: string[]; customerCount: number };
const FIELDS = "id key name formerNames customerCount";

describe.each(FACT_ENGINES)("segment identity over HTTP on %s", (engine) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(engine);
  }, 120_000);
  afterAll(async () => api?.close());

  /** Customers of the run whose code is one of the default preset's Champions codes, by SQL. */
  async function championsBySql(): Promise<number> {
    // Dense code index ((r-1)*4 + (f-1))*4 + (m-1) of 444, 443, 434, 344, written out by hand.
    const [row] = await api.facts<{ n: number | string }>(
      `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND code IN (63, 62, 59, 47)`,
      [api.runId],
      `SELECT count() AS n FROM customer_scores WHERE run_id = ${api.runId} AND code IN (63, 62, 59, 47)`,
    );
    return Number(row!.n);
  }

  const edit = async (mutation: string, input: string) =>
    (
      await api.gql<Record<string, { userErrors: UserErrors }>>(
        `mutation { ${mutation}(input: ${input}) { userErrors { field code message } } }`,
        {},
        api.tokens.editor,
      )
    ).data![mutation]!.userErrors;

  let championsId = "";

  it("Champions has an id and the key `champions` before any edit", async () => {
    const res = await api.gql<{ segment: Found }>(`{ segment(key: "champions") { ${FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.segment).toMatchObject({ key: "champions", name: "Champions", formerNames: [] });
    expect(res.data!.segment.id).toMatch(/^gid:\/\/rfm\/Segment\/[1-9][0-9]*$/);
    expect(res.data!.segment.customerCount).toBe(await championsBySql());
    championsId = res.data!.segment.id;
  });

  it("renamed to Top Customers and published, it answers by key, by its old name, by id and as a node, with one id", async () => {
    expect(await edit("updateSegment", `{ segment: "champions", name: "Top Customers" }`)).toEqual([]);
    const published = await api.gql<{
      publishMapping: { mapping: { version: number }; userErrors: UserErrors };
    }>(
      `mutation { publishMapping(input: { expectedVersion: 1, note: "rename" }) { mapping { version } userErrors { code } } }`,
      {},
      api.tokens.editor,
    );
    expect(published.data!.publishMapping).toEqual({ mapping: { version: 2 }, userErrors: [] });

    const res = await api.gql<{ byKey: Found; byName: Found; byId: Found; node: Found }>(
      `query($id: ID!) {
         byKey: segment(key: "champions") { ${FIELDS} }
         byName: segment(name: "Champions") { ${FIELDS} }
         byId: segment(id: $id) { ${FIELDS} }
         node(id: $id) { ... on Segment { ${FIELDS} } }
       }`,
      { id: championsId },
      api.tokens.viewer,
    );
    expect(res.errors).toBeUndefined();
    const want = {
      id: championsId,
      key: "champions",
      name: "Top Customers",
      formerNames: ["Champions"],
      customerCount: await championsBySql(),
    };
    expect(res.data!.byKey).toEqual(want);
    expect(res.data!.byName).toEqual(want);
    expect(res.data!.byId).toEqual(want);
    expect(res.data!.node).toEqual(want);
    const segments = await api.gql<{ segments: { key: string; name: string }[] }>(
      `{ segments { key name } }`,
    );
    expect(segments.data!.segments[0]).toEqual({ key: "champions", name: "Top Customers" });
  });

  it("a key another segment has is a user error naming the field; nothing is added", async () => {
    const errors = await edit("createSegment", `{ name: "VIP", key: "champions" }`);
    expect(errors).toEqual([
      {
        field: ["input", "key"],
        code: "DUPLICATE_SEGMENT",
        message: 'key "champions" already belongs to segment "Top Customers"',
      },
    ]);
    const derived = await edit("createSegment", `{ name: "Champions!" }`);
    // Its name's slug is `champions`, the renamed segment's key: it needs a key of its own.
    expect(derived[0]).toMatchObject({ field: ["input", "key"], code: "DUPLICATE_SEGMENT" });
    expect(derived[0]!.message).toContain("give the new segment a key of its own");
    const invalid = await edit("createSegment", `{ name: "VIP", key: "Top Customers" }`);
    expect(invalid[0]).toMatchObject({ field: ["input", "key"], code: "INVALID_SEGMENT" });
    // A refused edit writes nothing: not even the draft it would have started.
    expect((await api.gql(`{ mappingDraft { version } }`)).data).toEqual({ mappingDraft: null });
    const [identities] = await api.sql<{ n: number | string }>(
      `SELECT count(*) AS "n" FROM segments WHERE key IN ('vip', 'champions-2')`,
    );
    expect(Number(identities!.n)).toBe(0);
  });

  it("a name that is one segment's former name and another's current name gives the current one", async () => {
    expect(await edit("createSegment", `{ name: "Champions", key: "champions-classic" }`)).toEqual([]);
    const published = await api.gql<{ publishMapping: { userErrors: UserErrors } }>(
      `mutation { publishMapping(input: { expectedVersion: 2 }) { userErrors { code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(published.data!.publishMapping.userErrors).toEqual([]);
    const res = await api.gql<{ byName: Found; byKey: Found }>(
      `{ byName: segment(name: "champions") { ${FIELDS} } byKey: segment(key: "champions") { ${FIELDS} } }`,
    );
    expect(res.data!.byName).toMatchObject({ key: "champions-classic", name: "Champions", customerCount: 0 });
    expect(res.data!.byName.id).not.toBe(championsId);
    expect(res.data!.byKey).toMatchObject({ id: championsId, name: "Top Customers" });
  });

  it("unknown keys, ids and names are NOT_FOUND saying what there is; two selectors are refused", async () => {
    const res = await api.gql(`{ segment(key: "whales") { id } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "key" });
    expect(res.errors?.[0]?.message).toContain("keys are: champions,");
    const id = await api.gql(`{ segment(id: "gid://rfm/Segment/999999") { id } }`);
    expect(id.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
    const node = await api.gql(`{ node(id: "gid://rfm/Segment/999999") { id } }`);
    expect(node.errors).toBeUndefined();
    expect(node.data).toEqual({ node: null });
    const name = await api.gql(`{ segment(name: "Whales") { id } }`);
    expect(name.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "name" });
    const both = await api.gql(`{ segment(key: "champions", name: "Champions") { id } }`);
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("the mapping's segments carry the same key and id, version after version", async () => {
    const res = await api.gql<{
      mappingVersions: {
        edges: { node: { version: number; segments: { segmentId: string; key: string; name: string }[] } }[];
      };
    }>(`{ mappingVersions { edges { node { version segments { segmentId key name } } } } }`);
    const champions = res.data!.mappingVersions.edges.map((e) => [
      e.node.version,
      e.node.segments.find((s) => s.key === "champions"),
    ]);
    expect(champions).toEqual([
      [3, { segmentId: championsId, key: "champions", name: "Top Customers" }],
      [2, { segmentId: championsId, key: "champions", name: "Top Customers" }],
      [1, { segmentId: championsId, key: "champions", name: "Champions" }],
    ]);
  });
});
