/**
 * The GraphQL API's mutations and roles end to end, with the export and import routes:
 * real HTTP, real SQLite and PostgreSQL. Tests in this file run in order and build on each
 * other's mapping versions (1: default, 2: published here, 3: rollback).
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { codeOfIndex, indexOfCode, type RfmCode } from "@rfm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";
import { referenceMovement, sortTransitions, type Transition } from "../support/movement-oracle";

type UserError = { field: string[] | null; code: string; message: string };
type Segments = { segments: { name: string; codes: string[]; customerCount: number }[] };
type UserErrors = { field: string[] | null; code: string; message: string }[];
type Version = {
  version: number | null;
  status: string;
  valid: boolean;
  problems: { code: string; codes: string[] }[];
  segments: { name: string; codes: string[]; rules: { text: string }[] }[];
};

describe.each(FACT_ENGINES)("API mutations, roles, exports and imports on %s", (engine) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(engine);
  }, 120_000);
  afterAll(async () => api?.close());
  const sql = <T>(text: string, params: unknown[] = []) => api.sql<T>(text, params);
  /**
   * SQL on the facts that both dialects read alike once its numeric parameters are inlined (one
   * table, no joins): as given on the SQL engines, with the numbers in the text on ClickHouse.
   */
  const factsSql = <T>(text: string, params: readonly unknown[] = []) =>
    api.facts<T>(
      text,
      params,
      text.replace(/\$(\d+)/g, (_, i: string) => String(Number(params[Number(i) - 1]))),
    );
  const codeCount = async (code: string) =>
    Number(
      (
        await factsSql<{ n: number }>(
          `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND code = $2`,
          [api.runId, indexOfCode(code as RfmCode, 4)],
        )
      )[0]!.n,
    );
  const segments = async () =>
    (await api.gql<Segments>(`{ segments { name codes customerCount } }`)).data!.segments;
  const DRAFT = `status version valid problems { code codes } segments { name codes rules { text } }`;

  /**
   * Polls a scoring run until it is over (at most 30 s): no longer RUNNING and without a phase,
   * so the server accepts the next run. Its final status.
   */
  async function finalStatus(id: number): Promise<string> {
    let run: { status: string; phase: string | null } = { status: "RUNNING", phase: null };
    for (let i = 0; i < 300 && (run.status === "RUNNING" || run.phase !== null); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (
        await api.gql<{ scoringRun: typeof run }>(
          `query($id: Int!) { scoringRun(id: $id) { status phase } }`,
          { id },
        )
      ).data!.scoringRun;
    }
    return run.status;
  }

  it("a viewer reads but cannot edit, publish, export, score or import", async () => {
    const viewer = api.tokens.viewer;
    for (const mutation of [
      `mutation { assignCodes(input: { codes: ["444"], segment: "Loyal Customer" }) { draft { version } } }`,
      `mutation { publishMapping(input: { expectedVersion: 1 }) { mapping { version } } }`,
      `mutation { createExport(input: { segment: "Champions" }) { export { url } } }`,
      `mutation { runScoring(input: { bins: 4 }) { run { id } } }`,
    ]) {
      const res = await api.gql(mutation, {}, viewer);
      expect(res.errors?.[0]?.extensions.code, mutation).toBe("FORBIDDEN");
    }
    // Editors may score (issue 10): past the role check, a bad input is theirs to correct, and
    // nothing starts (the runs later tests compare stay the demo's and theirs).
    const editorScoring = await api.gql<{ runScoring: { run: null; userErrors: { field: string[] }[] } }>(
      `mutation { runScoring(input: { windowDays: 0 }) { run { id } userErrors { field code } } }`,
      {},
      api.tokens.editor,
    );
    expect(editorScoring.errors).toBeUndefined();
    expect(editorScoring.data!.runScoring).toEqual({
      run: null,
      userErrors: [{ field: ["input", "windowDays"], code: "BAD_USER_INPUT" }],
    });
    const exported = await fetch(`${api.url}/exports/segments/Champions.csv`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect(exported.status).toBe(403);
    const imported = await fetch(`${api.url}/imports/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${viewer}`, "content-type": "text/csv" },
      body: "order_id,customer_id,occurred_at,amount\nV1,VC1,2025-01-01,1\n",
    });
    expect(imported.status).toBe(403);
    expect(
      Number(
        (
          await api.facts<{ n: number }>(
            `SELECT count(*) AS "n" FROM transactions WHERE order_id = 'V1'`,
            [],
            "SELECT count() AS n FROM transactions FINAL WHERE order_id = 'V1'",
          )
        )[0]!.n,
      ),
    ).toBe(0);
    expect((await api.gql(`{ mappingDraft { version } }`)).data).toEqual({ mappingDraft: null });
  });

  it("assignCodes refuses invalid codes by name as userErrors and leaves nothing changed", async () => {
    const res = await api.gql<{ assignCodes: { draft: null; userErrors: UserErrors } }>(
      `mutation { assignCodes(input: { codes: ["444", "450", "4444"], segment: "Loyal Customer" }) { draft { version } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.assignCodes.draft).toBeNull();
    expect(res.data!.assignCodes.userErrors).toEqual([
      {
        field: ["input", "codes"],
        code: "INVALID_CODE",
        message: expect.stringContaining("450, 4444"),
      },
    ]);
    expect((await api.gql(`{ mappingDraft { version } }`)).data).toEqual({ mappingDraft: null });
    const unknown = await api.gql<{ assignCodes: { userErrors: UserErrors } }>(
      `mutation { assignCodes(input: { codes: ["444"], segment: "Whales" }) { userErrors { field code } } }`,
      {},
      api.tokens.editor,
    );
    expect(unknown.data!.assignCodes.userErrors).toEqual([
      { field: ["input", "segment"], code: "SEGMENT_NOT_FOUND" },
    ]);
  });

  it("moving a code changes the preview, publishing changes segments and segment(name) at once", async () => {
    const before = await segments();
    const moved = await codeCount("444");
    expect(moved).toBeGreaterThan(0);
    const edit = await api.gql<{
      assignCodes: { draft: Version; segment: { key: string; codes: string[] } };
    }>(
      `mutation { assignCodes(input: { codes: ["444"], segment: "Loyal Customer" }) { draft { ${DRAFT} } segment { key codes } userErrors { code } } }`,
      {},
      api.tokens.editor,
    );
    expect(edit.errors).toBeUndefined();
    expect(edit.data!.assignCodes.draft).toMatchObject({ status: "DRAFT", version: null, valid: true });
    expect(edit.data!.assignCodes.segment.key).toBe("loyal-customer");
    expect(edit.data!.assignCodes.segment.codes).toContain("444");
    const preview = await api.gql<{
      previewMapping: {
        valid: boolean;
        segments: { name: string; customerCount: number }[];
        published: { name: string; customerCount: number }[];
      };
    }>(
      `{ previewMapping { valid segments { name customerCount } published { name customerCount } } }`,
      {},
      api.tokens.viewer,
    );
    const count = (list: { name: string; customerCount: number }[], name: string) =>
      list.find((s) => s.name === name)!.customerCount;
    const p = preview.data!.previewMapping;
    expect(count(p.segments, "Champions")).toBe(count(p.published, "Champions") - moved);
    expect(count(p.segments, "Loyal Customer")).toBe(count(p.published, "Loyal Customer") + moved);
    // Not published yet: what everyone sees is unchanged.
    expect(await segments()).toEqual(before);

    const stale = await api.gql<{ publishMapping: { mapping: null; userErrors: UserErrors } }>(
      `mutation { publishMapping(input: { expectedVersion: 0 }) { mapping { version } latestVersion userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(stale.data!.publishMapping.mapping).toBeNull();
    expect(stale.data!.publishMapping).toMatchObject({ latestVersion: 1 });
    expect(stale.data!.publishMapping.userErrors).toEqual([
      {
        field: ["input", "expectedVersion"],
        code: "CONFLICT",
        message: expect.stringContaining("version 1"),
      },
    ]);
    const published = await api.gql<{
      publishMapping: { mapping: { version: number; status: string; note: string }; userErrors: UserErrors };
    }>(
      `mutation { publishMapping(input: { expectedVersion: 1, note: "444 is loyal" }) { mapping { version status note } userErrors { code } } }`,
      {},
      api.tokens.editor,
    );
    expect(published.data!.publishMapping).toEqual({
      mapping: { version: 2, status: "PUBLISHED", note: "444 is loyal" },
      userErrors: [],
    });
    const after = await segments();
    expect(after.find((s) => s.name === "Champions")!.customerCount).toBe(
      before.find((s) => s.name === "Champions")!.customerCount - moved,
    );
    const loyal = await api.gql<{
      segment: {
        customers: {
          totalCount: number;
          edges: { node: { score: { code: string; segment: { name: string } } } }[];
        };
      };
    }>(
      `{ segment(name: "Loyal Customer") { customers(first: 200, filter: { codes: ["444"] }) { totalCount edges { node { score { code segment { name } } } } } } }`,
    );
    expect(loyal.data!.segment.customers.totalCount).toBe(moved);
    expect(
      loyal.data!.segment.customers.edges.every((e) => e.node.score.segment.name === "Loyal Customer"),
    ).toBe(true);
    const audit = await api.gql<{ auditLog: { edges: { node: { actor: string; action: string } }[] } }>(
      `{ auditLog(first: 5) { edges { node { actor action } } } }`,
    );
    expect(audit.data!.auditLog.edges.slice(0, 2).map((e) => e.node)).toEqual([
      { actor: "editor-token", action: "mapping.publish" },
      { actor: "editor-token", action: "mapping.draft.assignCodes" },
    ]);
    // A page at a time, newest first: the page after the first entry's cursor starts at the second.
    type AuditPage = {
      auditLog: {
        edges: { node: { action: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const pageOf = `query($after: String) { auditLog(first: 1, after: $after) { edges { node { action } } pageInfo { hasNextPage endCursor } } }`;
    const first = await api.gql<AuditPage>(pageOf, { after: null });
    expect(first.data!.auditLog.edges.map((e) => e.node.action)).toEqual(["mapping.publish"]);
    expect(first.data!.auditLog.pageInfo.hasNextPage).toBe(true);
    const second = await api.gql<AuditPage>(pageOf, { after: first.data!.auditLog.pageInfo.endCursor });
    expect(second.data!.auditLog.edges.map((e) => e.node.action)).toEqual(["mapping.draft.assignCodes"]);
  });

  it("two publishes of the same version at once: exactly one wins, the other gets CONFLICT", async () => {
    await api.gql(
      `mutation { assignCodes(input: { codes: ["111"], segment: "About to Sleep" }) { draft { version } } }`,
      {},
      api.tokens.editor,
    );
    const [a, b] = await Promise.all([
      api.gql<{ publishMapping: { mapping: { version: number } | null; userErrors: UserErrors } }>(
        `mutation { publishMapping(input: { expectedVersion: 2, note: "a" }) { mapping { version } userErrors { code } } }`,
        {},
        api.tokens.editor,
      ),
      api.gql<{ publishMapping: { mapping: { version: number } | null; userErrors: UserErrors } }>(
        `mutation { publishMapping(input: { expectedVersion: 2, note: "b" }) { mapping { version } userErrors { code } } }`,
        {},
        api.tokens.admin,
      ),
    ]);
    const outcomes = [a, b].map(
      (r) => r.data?.publishMapping?.mapping?.version ?? r.data?.publishMapping?.userErrors[0]?.code,
    );
    expect(outcomes.sort()).toEqual([3, "CONFLICT"].sort());
    const versions = await api.gql<{
      mappingVersions: {
        totalCount: number;
        edges: { node: { version: number } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      `{ mappingVersions(first: 2) { totalCount edges { node { version } } pageInfo { hasNextPage endCursor } } }`,
    );
    const page = versions.data!.mappingVersions;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e) => e.node.version)).toEqual([3, 2]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await api.gql<{
      mappingVersions: { edges: { node: { version: number } }[]; pageInfo: { hasNextPage: boolean } };
    }>(
      `query($after: String) { mappingVersions(first: 2, after: $after) { edges { node { version } } pageInfo { hasNextPage } } }`,
      { after: page.pageInfo.endCursor },
    );
    expect(rest.data!.mappingVersions.edges.map((e) => e.node.version)).toEqual([1]);
    expect(rest.data!.mappingVersions.pageInfo.hasNextPage).toBe(false);
  });

  it("segments: create, rename, recolor, reorder, rules, delete with and without reassignment", async () => {
    const ed = api.tokens.editor;
    type Edit = {
      draft: Version | null;
      segment: { key: string; name: string } | null;
      userErrors: UserErrors;
    };
    const edit = async (name: string, mutation: string) =>
      (
        await api.gql<Record<string, Edit>>(
          `mutation { ${name}(input: ${mutation}) { draft { ${DRAFT} } segment { key name } userErrors { field code message } } }`,
          {},
          ed,
        )
      ).data![name]!;
    const created = await edit(
      "createSegment",
      `{ name: "VIP", description: "top", action: "call", color: "#AA00FF", position: 0 }`,
    );
    expect(created.draft!.segments[0]).toMatchObject({ name: "VIP", codes: [] });
    expect(created.segment).toEqual({ key: "vip", name: "VIP" });
    const dup = await edit("createSegment", `{ name: " vip " }`);
    expect(dup.userErrors).toEqual([
      {
        field: ["input", "name"],
        code: "DUPLICATE_SEGMENT",
        message: 'a segment named "VIP" already exists',
      },
    ]);
    const dupKey = await edit("createSegment", `{ name: "Very Important", key: "vip" }`);
    expect(dupKey.userErrors).toEqual([
      {
        field: ["input", "key"],
        code: "DUPLICATE_SEGMENT",
        message: 'key "vip" already belongs to segment "VIP"',
      },
    ]);
    const color = await edit("updateSegment", `{ segment: "VIP", color: "purple" }`);
    expect(color.userErrors[0]).toMatchObject({ field: ["input", "color"], code: "INVALID_SEGMENT" });
    const ruled = await edit("setSegmentRules", `{ segment: "vip", rules: ["R4 F4 M3-4"] }`);
    expect(ruled.draft!.segments[0]).toMatchObject({
      name: "VIP",
      codes: ["443", "444"],
      rules: [{ text: "R4 F4 M3-4" }],
    });
    expect(ruled.draft!.valid).toBe(true);
    const badRule = await edit("setSegmentRules", `{ segment: "VIP", rules: ["R5 F1 M1"] }`);
    expect(badRule.userErrors[0]).toMatchObject({ field: ["input", "rules[0]"], code: "INVALID_RULE" });
    const renamed = await edit("updateSegment", `{ segment: "vip", name: "Top", position: 2 }`);
    expect(renamed.draft!.segments[2]).toMatchObject({ name: "Top", codes: ["443", "444"] });
    expect(renamed.segment).toEqual({ key: "vip", name: "Top" });

    const orphaned = await edit("deleteSegment", `{ segment: "Top" }`);
    expect(orphaned.draft!.valid).toBe(false);
    expect(orphaned.draft!.problems).toEqual([{ code: "MAPPING_CODE_UNASSIGNED", codes: ["443", "444"] }]);
    const refused = await api.gql<{ publishMapping: { userErrors: UserErrors } }>(
      `mutation { publishMapping(input: { expectedVersion: 3 }) { mapping { version } userErrors { field code message } } }`,
      {},
      ed,
    );
    expect(refused.data!.publishMapping.userErrors[0]).toMatchObject({
      field: ["input", "draft"],
      code: "MAPPING_INVALID",
    });
    expect(refused.data!.publishMapping.userErrors[0]!.message).toMatch(/443.*444|444.*443/);

    expect(
      (await api.gql(`mutation { discardDraft { discarded userErrors { code } } }`, {}, ed)).data,
    ).toEqual({ discardDraft: { discarded: true, userErrors: [] } });
    await edit("createSegment", `{ name: "Top" }`);
    await edit("setSegmentRules", `{ segment: "top", rules: ["R4 F4 M4"] }`);
    const reassigned = await edit("deleteSegment", `{ segment: "Top", reassignTo: "champions" }`);
    expect(reassigned.draft!.valid).toBe(true);
    expect(reassigned.segment).toBeNull();
    expect(reassigned.draft!.segments.find((s) => s.name === "Champions")!.codes).toContain("444");
    expect((await api.gql(`mutation { discardDraft(input: {}) { discarded } }`, {}, ed)).data).toEqual({
      discardDraft: { discarded: true },
    });
  });

  it("rollbackMapping publishes a copy of an old version as the newest", async () => {
    const v1 = await api.gql<{ mappingVersion: { segments: { name: string; codes: string[] }[] } }>(
      `{ mappingVersion(version: 1) { segments { name codes } } }`,
    );
    const res = await api.gql<{
      rollbackMapping: {
        mapping: { version: number; basedOn: number; segments: { name: string; codes: string[] }[] };
      };
    }>(
      `mutation { rollbackMapping(input: { version: 1, note: "back to default" }) { mapping { version basedOn segments { name codes } } } }`,
      {},
      api.tokens.editor,
    );
    expect(res.data!.rollbackMapping.mapping).toMatchObject({ version: 4, basedOn: 1 });
    expect(res.data!.rollbackMapping.mapping.segments).toEqual(v1.data!.mappingVersion.segments);
    expect(
      (await api.gql<{ mapping: { version: number } }>(`{ mapping { version } }`)).data!.mapping.version,
    ).toBe(4);
  });

  it("createExport's signed URL downloads the audience, equal row by row to the database", async () => {
    const ticket = await api.gql<{
      createExport: { export: { url: string; rows: number; columns: string[] }; userErrors: unknown[] };
    }>(
      `mutation { createExport(input: { segment: "champions", format: CSV, purpose: ANALYSIS, columns: ["customer_id", "name", "monetary", "code"] }) { export { url rows columns } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(ticket.errors).toBeUndefined();
    expect(ticket.data!.createExport.userErrors).toEqual([]);
    const { url, rows } = ticket.data!.createExport.export;
    const response = await fetch(`${api.url}${url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await response.text()).split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toBe("customer_id,name,monetary,code");
    const codes = (
      await api.gql<{ segment: { codes: string[] } }>(`{ segment(name: "Champions") { codes } }`)
    ).data!.segment.codes;
    const codeList = codes.map((c) => indexOfCode(c as RfmCode, 4)).join(",");
    const expected = await api.facts<{ id: string; cents: number; code: number }>(
      `SELECT c.external_id AS "id", s.monetary_cents AS "cents", s.code AS "code" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = $1 AND s.code IN (${codeList}) ORDER BY s.customer_id`,
      [api.runId],
      `SELECT external_id AS id, monetary_cents AS cents, code FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${api.runId} AND code IN (${codeList}) ORDER BY customer_id`,
    );
    expect(lines.length - 1).toBe(expected.length);
    expect(rows).toBe(expected.length);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(",");
      const row = expected[i]!;
      expect(cells[0]).toBe(row.id);
      expect(Number(cells.at(-2))).toBeCloseTo(Number(row.cents) / 100, 2);
      expect(cells.at(-1)).toBe(codeOfIndex(row.code, 4));
    });
    const tampered = url.replace("columns=customer_id", "columns=email");
    expect((await fetch(`${api.url}${tampered}`)).status).toBe(401);
    const log = await api.gql<{
      exports: { edges: { node: { tokenName: string; segment: string; rows: number; format: string } }[] };
    }>(`{ exports(first: 1) { edges { node { tokenName segment rows format } } } }`);
    expect(log.data!.exports.edges[0]!.node).toEqual({
      tokenName: "editor-token",
      segment: "Champions",
      rows: expected.length,
      format: "CSV",
    });
    const unknown = await api.gql<{ createExport: { export: null; userErrors: unknown[] } }>(
      `mutation { createExport(input: { segment: "Nobody", columns: ["customer_id", "shoe_size"] }) { export { url } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.createExport).toEqual({
      export: null,
      userErrors: [
        {
          field: ["input", "columns"],
          code: "UNKNOWN_COLUMN",
          message: expect.stringContaining("unknown column shoe_size"),
        },
      ],
    });
    const nobody = await api.gql<{ createExport: { export: null; userErrors: unknown[] } }>(
      `mutation { createExport(input: { segment: "Nobody" }) { export { url } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(nobody.data!.createExport).toEqual({
      export: null,
      userErrors: [
        {
          field: ["input", "segment"],
          code: "NOT_FOUND",
          message: expect.stringContaining('no segment named "Nobody"'),
        },
      ],
    });
  });

  it("GET /exports/segments/{name}.jsonl with an editor token streams JSON lines; unknown names are 404", async () => {
    const ok = await fetch(
      `${api.url}/exports/segments/Lost%20Customer.jsonl?columns=customer_id,segment&purpose=ANALYSIS`,
      {
        headers: { authorization: `Bearer ${api.tokens.editor}` },
      },
    );
    expect(ok.status).toBe(200);
    const lines = (await ok.text())
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { customer_id: string; segment: string });
    const lost = (await segments()).find((s) => s.name === "Lost Customer")!;
    expect(lines).toHaveLength(lost.customerCount);
    expect(lines.every((l) => l.segment === "Lost Customer" && Object.keys(l).length === 2)).toBe(true);
    const missing = await fetch(`${api.url}/exports/segments/Whales.csv`, {
      headers: { authorization: `Bearer ${api.tokens.editor}` },
    });
    expect(missing.status).toBe(404);
    expect(
      ((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe("NOT_FOUND");
    const badColumn = await fetch(`${api.url}/exports/segments/Champions.csv?columns=customer_id,password`, {
      headers: { authorization: `Bearer ${api.tokens.editor}` },
    });
    expect(badColumn.status).toBe(400);
  });

  it("POST /imports/transactions imports good rows and answers with every bad row's line, column and reason", async () => {
    const body = [
      "order_id,customer_id,occurred_at,amount",
      "HTTP-1,HTTP-C1,2025-06-01T10:00:00Z,10.50",
      "HTTP-2,HTTP-C1,yesterday,3.00",
      "HTTP-3,,2025-06-02,4.00",
      "HTTP-4,HTTP-C2,2025-06-03,abc",
      "HTTP-5,HTTP-C2,2025-06-03,5.00,extra",
      "HTTP-6,HTTP-C2,2025-06-04,6.00",
    ].join("\n");
    const post = () =>
      fetch(`${api.url}/imports/transactions`, {
        method: "POST",
        headers: { authorization: `Bearer ${api.tokens.admin}`, "content-type": "text/csv" },
        body,
      });
    const response = await post();
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      inserted: number;
      rejected: number;
      rejects: { line: number; column: string; code: string }[];
    };
    expect(summary).toMatchObject({ inserted: 2, rejected: 4 });
    expect(summary.rejects.map((r) => [r.line, r.code])).toEqual([
      [3, "BAD_DATE"],
      [4, "MISSING_FIELD"],
      [5, "BAD_AMOUNT"],
      [6, "COLUMN_COUNT"],
    ]);
    expect(summary.rejects[0]!.column).toBe("occurred_at");
    const again = (await (await post()).json()) as { inserted: number; alreadyPresent: number };
    expect(again).toMatchObject({ inserted: 0, alreadyPresent: 2 });
    const stored = await api.facts<{ orderId: string }>(
      `SELECT order_id AS "orderId" FROM transactions WHERE order_id LIKE 'HTTP-%' ORDER BY order_id`,
      [],
      "SELECT order_id AS orderId FROM transactions FINAL WHERE order_id LIKE 'HTTP-%' ORDER BY order_id",
    );
    expect(stored.map((r) => r.orderId)).toEqual(["HTTP-1", "HTTP-6"]);
    const header = await fetch(`${api.url}/imports/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.tokens.admin}`, "content-type": "text/csv" },
      body: "id,who,when\n1,2,3\n",
    });
    expect(header.status).toBe(400);
    expect(
      ((await header.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe("BAD_USER_INPUT");
  });

  it("runScoring starts a run in the background; it completes and movement between the runs appears", async () => {
    const started = await api.gql<{ runScoring: { run: { id: number; status: string }; userErrors: [] } }>(
      `mutation { runScoring(input: { bins: 4, asOf: "2025-12-31" }) { run { id status } userErrors { code } } }`,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.runScoring.userErrors).toEqual([]);
    expect(started.data!.runScoring.run.status).toBe("RUNNING");
    const id = started.data!.runScoring.run.id;
    expect(id).toBeGreaterThan(api.runId);
    expect(await finalStatus(id)).toBe("COMPLETE");
    const movement = await api.gql<{
      analytics: {
        movement: {
          fromRunId: number;
          toRunId: number;
          moved: number;
          stayed: number;
          transitions: Transition[];
        };
      };
    }>(`{ analytics { movement { fromRunId toRunId moved stayed transitions { from to customers } } } }`);
    expect(movement.errors).toBeUndefined();
    const m = movement.data!.analytics.movement;
    expect([m.fromRunId, m.toRunId]).toEqual([api.runId, id]);
    const [both] = await api.facts<{ n: number }>(
      `SELECT count(*) AS "n" FROM customer_scores a JOIN customer_scores b ON b.customer_id = a.customer_id AND b.run_id = $2 WHERE a.run_id = $1`,
      [api.runId, id],
      `SELECT count() AS n FROM customer_scores WHERE run_id = ${api.runId}
         AND customer_id IN (SELECT customer_id FROM {db}.customer_scores_local WHERE run_id = ${Number(id)})`,
    );
    expect(m.moved + m.stayed).toBe(Number(both!.n));
    // The SQL join agrees with its oracle, rfm-core's reference movement over the stored codes.
    const oracle = await referenceMovement(factsSql, await segments(), api.runId, id);
    expect({ ...m, transitions: sortTransitions(m.transitions) }).toMatchObject(oracle);
    type Started = { runScoring: { run: { id: number } | null; userErrors: UserError[] } };
    const start = `mutation { runScoring(input: { bins: 4 }) { run { id } userErrors { field code message } } }`;
    const [a, b] = await Promise.all([api.gql<Started>(start), api.gql<Started>(start)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const outcomes = [a, b].map((r) =>
      r.data!.runScoring.run ? "started" : r.data!.runScoring.userErrors[0]?.code,
    );
    expect(outcomes.sort()).toEqual(["SCORING_IN_PROGRESS", "started"]);
    expect([a, b].find((r) => !r.data!.runScoring.run)!.data!.runScoring.userErrors).toEqual([
      { field: null, code: "SCORING_IN_PROGRESS", message: expect.stringContaining("in progress") },
    ]);
    // The run that started finishes before the next test scores again.
    const concurrent = [a, b].find((r) => r.data!.runScoring.run)!.data!.runScoring.run!.id;
    expect(await finalStatus(concurrent)).toBe("COMPLETE");
    const bad = await api.gql<Started>(
      `mutation { runScoring(input: { bins: 12, windowDays: 0 }) { run { id } userErrors { field code message } } }`,
    );
    expect(bad.errors).toBeUndefined();
    expect(bad.data!.runScoring).toEqual({
      run: null,
      userErrors: [
        {
          field: ["input", "bins"],
          code: "BAD_USER_INPUT",
          message: "bins must be an integer from 2 to 9, got 12",
        },
        {
          field: ["input", "windowDays"],
          code: "BAD_USER_INPUT",
          message: "windowDays must be a positive number of days, got 0",
        },
      ],
    });
  });

  it("refuses a 3-bin run under the 4-bin mapping; a 3-bin profile scores beside it with code queries", async () => {
    const runsBefore = await sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`);
    const refused = await api.gql<{ runScoring: { run: null; userErrors: UserError[] } }>(
      `mutation { runScoring(input: { bins: 3 }) { run { id } userErrors { field code message } } }`,
    );
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.runScoring.run).toBeNull();
    expect(refused.data!.runScoring.userErrors).toMatchObject([{ code: "MAPPING_BINS_MISMATCH" }]);
    expect(await sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`)).toEqual(runsBefore);
    expect((await api.gql(`{ segments { name } }`)).errors).toBeUndefined();

    const created = await api.gql(
      `mutation { createProfile(input: { key: "three", name: "Three bins", settings: { bins: 3 } }) { profile { key } userErrors { code } } }`,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data).toEqual({ createProfile: { profile: { key: "three" }, userErrors: [] } });
    const started = await api.gql<{ runScoring: { run: { id: number } } }>(
      `mutation { runScoring(input: { bins: 3, profile: "three" }) { run { id } } }`,
    );
    expect(started.errors).toBeUndefined();
    const id = started.data!.runScoring.run.id;
    expect(await finalStatus(id)).toBe("COMPLETE");
    const [expected] = await factsSql<{ n: number }>(
      `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND r = 3 AND f = 3 AND m = 3`,
      [id],
    );
    const byCode = await api.gql<{ customers: { totalCount: number } }>(
      `{ customers(filter: { codes: ["333"] }, profile: "three") { totalCount } }`,
    );
    expect(byCode.data!.customers.totalCount).toBe(Number(expected!.n));
    const invalid = await api.gql(
      `{ customers(filter: { codes: ["444"] }, profile: "three") { totalCount } }`,
    );
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.codes" });
  });
});
