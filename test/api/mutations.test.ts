/**
 * The GraphQL API's mutations and roles end to end, with the export and import routes:
 * real HTTP, real SQLite and PostgreSQL. Tests in this file run in order and build on each
 * other's mapping versions (1: default, 2: published here, 3: rollback).
 */

import { PROVIDERS } from "@rfm/api/testing";
import { codeOfIndex, indexOfCode, type RfmCode } from "@rfm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";
import { referenceMovement, sortTransitions, type Transition } from "../support/movement-oracle";

type Segments = { segments: { name: string; codes: string[]; customerCount: number }[] };
type Version = {
  version: number | null;
  status: string;
  valid: boolean;
  problems: { code: string; codes: string[] }[];
  segments: { name: string; codes: string[]; rules: { text: string }[] }[];
};

describe.each(PROVIDERS)("API mutations, roles, exports and imports on %s", (provider) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(provider);
  }, 120_000);
  afterAll(async () => api?.close());
  const sql = <T>(text: string, params: unknown[] = []) => api.sql<T>(text, params);
  const codeCount = async (code: string) =>
    Number(
      (
        await sql<{ n: number }>(
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
      `mutation { assignCodes(codes: ["444"], segment: "Loyal Customer") { version } }`,
      `mutation { publishMapping(expectedVersion: 1) { version } }`,
      `mutation { createExport(segment: "Champions") { url } }`,
      `mutation { runScoring(input: { bins: 4 }) { id } }`,
    ]) {
      const res = await api.gql(mutation, {}, viewer);
      expect(res.errors?.[0]?.extensions.code, mutation).toBe("FORBIDDEN");
    }
    const editorScoring = await api.gql(
      `mutation { runScoring(input: { bins: 4 }) { id } }`,
      {},
      api.tokens.editor,
    );
    expect(editorScoring.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", required: "admin" });
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
      (await sql<{ n: number }>(`SELECT count(*) AS "n" FROM transactions WHERE order_id = 'V1'`))[0]!.n,
    ).toBe(0);
    expect((await api.gql(`{ mappingDraft { version } }`)).data).toEqual({ mappingDraft: null });
  });

  it("assignCodes refuses invalid codes by name and leaves nothing changed", async () => {
    const res = await api.gql(
      `mutation { assignCodes(codes: ["444", "450", "4444"], segment: "Loyal Customer") { version } }`,
      {},
      api.tokens.editor,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "codes",
      codes: ["450", "4444"],
    });
    expect((await api.gql(`{ mappingDraft { version } }`)).data).toEqual({ mappingDraft: null });
    const unknown = await api.gql(
      `mutation { assignCodes(codes: ["444"], segment: "Whales") { version } }`,
      {},
      api.tokens.editor,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "segment" });
  });

  it("moving a code changes the preview, publishing changes segments and segment(name) at once", async () => {
    const before = await segments();
    const moved = await codeCount("444");
    expect(moved).toBeGreaterThan(0);
    const edit = await api.gql<{ assignCodes: Version }>(
      `mutation { assignCodes(codes: ["444"], segment: "Loyal Customer") { ${DRAFT} } }`,
      {},
      api.tokens.editor,
    );
    expect(edit.errors).toBeUndefined();
    expect(edit.data!.assignCodes).toMatchObject({ status: "DRAFT", version: null, valid: true });
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

    const stale = await api.gql(
      `mutation { publishMapping(expectedVersion: 0) { version } }`,
      {},
      api.tokens.editor,
    );
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", publishedVersion: 1 });
    const published = await api.gql<{ publishMapping: { version: number; status: string; note: string } }>(
      `mutation { publishMapping(expectedVersion: 1, note: "444 is loyal") { version status note } }`,
      {},
      api.tokens.editor,
    );
    expect(published.data!.publishMapping).toEqual({ version: 2, status: "PUBLISHED", note: "444 is loyal" });
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
    const audit = await api.gql<{ auditLog: { actor: string; action: string }[] }>(
      `{ auditLog(first: 5) { actor action } }`,
    );
    expect(audit.data!.auditLog.slice(0, 2)).toEqual([
      { actor: "editor-token", action: "mapping.publish" },
      { actor: "editor-token", action: "mapping.draft.assignCodes" },
    ]);
  });

  it("two publishes of the same version at once: exactly one wins, the other gets CONFLICT", async () => {
    await api.gql(
      `mutation { assignCodes(codes: ["111"], segment: "About to Sleep") { version } }`,
      {},
      api.tokens.editor,
    );
    const [a, b] = await Promise.all([
      api.gql<{ publishMapping: { version: number } }>(
        `mutation { publishMapping(expectedVersion: 2, note: "a") { version } }`,
        {},
        api.tokens.editor,
      ),
      api.gql<{ publishMapping: { version: number } }>(
        `mutation { publishMapping(expectedVersion: 2, note: "b") { version } }`,
        {},
        api.tokens.admin,
      ),
    ]);
    const outcomes = [a, b].map((r) => r.data?.publishMapping?.version ?? r.errors?.[0]?.extensions.code);
    expect(outcomes.sort()).toEqual([3, "CONFLICT"].sort());
    const versions = await api.gql<{ mappingVersions: { version: number }[] }>(
      `{ mappingVersions { version } }`,
    );
    expect(versions.data!.mappingVersions.map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it("segments: create, rename, recolor, reorder, rules, delete with and without reassignment", async () => {
    const ed = api.tokens.editor;
    const created = await api.gql<{ createSegment: Version }>(
      `mutation { createSegment(input: { name: "VIP", description: "top", action: "call", color: "#AA00FF", position: 0 }) { ${DRAFT} } }`,
      {},
      ed,
    );
    expect(created.data!.createSegment.segments[0]).toMatchObject({ name: "VIP", codes: [] });
    const dup = await api.gql(`mutation { createSegment(input: { name: " vip " }) { version } }`, {}, ed);
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
    const color = await api.gql(
      `mutation { updateSegment(name: "VIP", input: { color: "purple" }) { version } }`,
      {},
      ed,
    );
    expect(color.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.color" });
    const ruled = await api.gql<{ setSegmentRules: Version }>(
      `mutation { setSegmentRules(segment: "vip", rules: ["R4 F4 M3-4"]) { ${DRAFT} } }`,
      {},
      ed,
    );
    expect(ruled.data!.setSegmentRules.segments[0]).toMatchObject({
      name: "VIP",
      codes: ["443", "444"],
      rules: [{ text: "R4 F4 M3-4" }],
    });
    expect(ruled.data!.setSegmentRules.valid).toBe(true);
    const badRule = await api.gql(
      `mutation { setSegmentRules(segment: "VIP", rules: ["R5 F1 M1"]) { version } }`,
      {},
      ed,
    );
    expect(badRule.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rules[0]" });
    const renamed = await api.gql<{ updateSegment: Version }>(
      `mutation { updateSegment(name: "VIP", input: { name: "Top", position: 2 }) { ${DRAFT} } }`,
      {},
      ed,
    );
    expect(renamed.data!.updateSegment.segments[2]).toMatchObject({ name: "Top", codes: ["443", "444"] });

    const orphaned = await api.gql<{ deleteSegment: Version }>(
      `mutation { deleteSegment(name: "Top") { ${DRAFT} } }`,
      {},
      ed,
    );
    expect(orphaned.data!.deleteSegment.valid).toBe(false);
    expect(orphaned.data!.deleteSegment.problems).toEqual([
      { code: "MAPPING_CODE_UNASSIGNED", codes: ["443", "444"] },
    ]);
    const refused = await api.gql(`mutation { publishMapping(expectedVersion: 3) { version } }`, {}, ed);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "MAPPING_INVALID",
    });
    expect(refused.errors?.[0]?.message).toMatch(/443.*444|444.*443/);

    expect((await api.gql<{ discardDraft: boolean }>(`mutation { discardDraft }`, {}, ed)).data).toEqual({
      discardDraft: true,
    });
    await api.gql(`mutation { createSegment(input: { name: "Top" }) { version } }`, {}, ed);
    await api.gql(`mutation { setSegmentRules(segment: "Top", rules: ["R4 F4 M4"]) { version } }`, {}, ed);
    const reassigned = await api.gql<{ deleteSegment: Version }>(
      `mutation { deleteSegment(name: "Top", reassignTo: "Champions") { ${DRAFT} } }`,
      {},
      ed,
    );
    expect(reassigned.data!.deleteSegment.valid).toBe(true);
    expect(reassigned.data!.deleteSegment.segments.find((s) => s.name === "Champions")!.codes).toContain(
      "444",
    );
    expect((await api.gql(`mutation { discardDraft }`, {}, ed)).data).toEqual({ discardDraft: true });
  });

  it("rollbackMapping publishes a copy of an old version as the newest", async () => {
    const v1 = await api.gql<{ mappingVersion: { segments: { name: string; codes: string[] }[] } }>(
      `{ mappingVersion(version: 1) { segments { name codes } } }`,
    );
    const res = await api.gql<{
      rollbackMapping: { version: number; basedOn: number; segments: { name: string; codes: string[] }[] };
    }>(
      `mutation { rollbackMapping(version: 1, note: "back to default") { version basedOn segments { name codes } } }`,
      {},
      api.tokens.editor,
    );
    expect(res.data!.rollbackMapping).toMatchObject({ version: 4, basedOn: 1 });
    expect(res.data!.rollbackMapping.segments).toEqual(v1.data!.mappingVersion.segments);
    expect(
      (await api.gql<{ mapping: { version: number } }>(`{ mapping { version } }`)).data!.mapping.version,
    ).toBe(4);
  });

  it("createExport's signed URL downloads the audience, equal row by row to the database", async () => {
    const ticket = await api.gql<{ createExport: { url: string; rows: number; columns: string[] } }>(
      `mutation { createExport(segment: "champions", format: CSV, columns: ["customer_id", "name", "monetary", "code"]) { url rows columns } }`,
      {},
      api.tokens.editor,
    );
    expect(ticket.errors).toBeUndefined();
    const { url, rows } = ticket.data!.createExport;
    const response = await fetch(`${api.url}${url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await response.text()).split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toBe("customer_id,name,monetary,code");
    const codes = (
      await api.gql<{ segment: { codes: string[] } }>(`{ segment(name: "Champions") { codes } }`)
    ).data!.segment.codes;
    const expected = await sql<{ id: string; cents: number; code: number }>(
      `SELECT c.external_id AS "id", s.monetary_cents AS "cents", s.code AS "code" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
       WHERE s.run_id = $1 AND s.code IN (${codes.map((c) => indexOfCode(c as RfmCode, 4)).join(",")}) ORDER BY s.customer_id`,
      [api.runId],
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
      exports: { tokenName: string; segment: string; rows: number; format: string }[];
    }>(`{ exports(first: 1) { tokenName segment rows format } }`);
    expect(log.data!.exports[0]).toEqual({
      tokenName: "editor-token",
      segment: "Champions",
      rows: expected.length,
      format: "csv",
    });
  });

  it("GET /exports/segments/{name}.jsonl with an editor token streams JSON lines; unknown names are 404", async () => {
    const ok = await fetch(`${api.url}/exports/segments/Lost%20Customer.jsonl?columns=customer_id,segment`, {
      headers: { authorization: `Bearer ${api.tokens.editor}` },
    });
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
    const stored = await sql<{ orderId: string }>(
      `SELECT order_id AS "orderId" FROM transactions WHERE order_id LIKE 'HTTP-%' ORDER BY order_id`,
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
    const started = await api.gql<{ runScoring: { id: number; status: string } }>(
      `mutation { runScoring(input: { bins: 4, asOf: "2025-12-31" }) { id status } }`,
    );
    expect(started.errors).toBeUndefined();
    const id = started.data!.runScoring.id;
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
    const [both] = await sql<{ n: number }>(
      `SELECT count(*) AS "n" FROM customer_scores a JOIN customer_scores b ON b.customer_id = a.customer_id AND b.run_id = $2 WHERE a.run_id = $1`,
      [api.runId, id],
    );
    expect(m.moved + m.stayed).toBe(Number(both!.n));
    // The SQL join agrees with its oracle, rfm-core's reference movement over the stored codes.
    const oracle = await referenceMovement(sql, await segments(), api.runId, id);
    expect({ ...m, transitions: sortTransitions(m.transitions) }).toMatchObject(oracle);
    const [a, b] = await Promise.all([
      api.gql<{ runScoring: { id: number } }>(`mutation { runScoring(input: { bins: 4 }) { id } }`),
      api.gql<{ runScoring: { id: number } }>(`mutation { runScoring(input: { bins: 4 }) { id } }`),
    ]);
    const outcomes = [a, b].map((r) => (r.data?.runScoring ? "started" : r.errors?.[0]?.extensions.code));
    expect(outcomes.sort()).toEqual(["CONFLICT", "started"]);
    expect([a, b].find((r) => r.errors)?.errors?.[0]?.extensions.reason).toBe("SCORING_IN_PROGRESS");
    // The run that started finishes before the next test scores again.
    const concurrent = [a, b].find((r) => r.data?.runScoring)!.data!.runScoring.id;
    expect(await finalStatus(concurrent)).toBe("COMPLETE");
    const bad = await api.gql(`mutation { runScoring(input: { bins: 12 }) { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.bins" });
  });

  it("refuses a 3-bin run under the 4-bin mapping; a 3-bin profile scores beside it with code queries", async () => {
    const runsBefore = await sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`);
    const refused = await api.gql(`mutation { runScoring(input: { bins: 3 }) { id } }`);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: "FAILED_PRECONDITION",
      reason: "MAPPING_BINS_MISMATCH",
    });
    expect(await sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`)).toEqual(runsBefore);
    expect((await api.gql(`{ segments { name } }`)).errors).toBeUndefined();

    const created = await api.gql(
      `mutation { createProfile(input: { key: "three", name: "Three bins", settings: { bins: 3 } }) { key } }`,
    );
    expect(created.errors).toBeUndefined();
    const started = await api.gql<{ runScoring: { id: number } }>(
      `mutation { runScoring(input: { bins: 3 }, profile: "three") { id } }`,
    );
    expect(started.errors).toBeUndefined();
    const id = started.data!.runScoring.id;
    expect(await finalStatus(id)).toBe("COMPLETE");
    const [expected] = await sql<{ n: number }>(
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
