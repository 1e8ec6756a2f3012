/**
 * The lookups a storefront makes per page view, over real HTTP on SQLite and PostgreSQL with the
 * demo store: a 50-id batch with unknown ids, one customer by id (null when unknown), and by
 * email. Expected values are read with SQL written here (scores, and the published mapping's
 * segment names per code), never from the API.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

type Found = {
  id: string;
  externalId: string;
  email: string | null;
  segment: { name: string } | null;
  score: { code: string; monetary: { amount: string; currencyCode: string } } | null;
} | null;

const LOOKUP = `query($ids: [ID!]!) { customersByIds(ids: $ids) {
  id externalId email segment { name } score { code monetary { amount currencyCode } } } }`;

describe.each(FACT_ENGINES)("storefront lookups over HTTP on %s", (engine) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(engine);
  }, 120_000);
  afterAll(async () => api?.close());

  /** The published mapping's segment name per code ("444"), from the tables. */
  async function namesByCode(): Promise<Map<string, string>> {
    const rows = await api.sql<{ name: string; codes: unknown }>(
      `SELECT g.name AS "name", g.codes AS "codes" FROM mapping_segments g
       WHERE g.version_id = (SELECT id FROM mapping_versions WHERE profile_id = 1 AND status = 'published' ORDER BY version DESC LIMIT 1)`,
    );
    const names = new Map<string, string>();
    for (const row of rows) {
      const codes = (typeof row.codes === "string" ? JSON.parse(row.codes) : row.codes) as string[];
      for (const code of codes) names.set(code, row.name);
    }
    return names;
  }

  it("a 50-id batch with unknown ids answers in the order asked, null for the unknown, each as SQL says", async () => {
    // Customers spread over the table: scored and unscored alike.
    const rows = (
      await api.facts<{
        externalId: string;
        email: string | null;
        r: number | null;
        f: number | null;
        m: number | null;
        cents: number | string | null;
        scored?: number;
      }>(
        `SELECT c.external_id AS "externalId", c.email AS "email", s.r AS "r", s.f AS "f", s.m AS "m", s.monetary_cents AS "cents"
       FROM customers c LEFT JOIN customer_scores s ON s.customer_id = c.id AND s.run_id = $1
       WHERE c.id % 13 = 0 ORDER BY c.id LIMIT 44`,
        [api.runId],
        // Each shard's customers with their own scores; a LEFT JOIN gives 0 where nothing
        // matched: `scored` tells.
        `SELECT external_id AS externalId, email, r, f, m, toFloat64(monetary_cents) AS cents, scored FROM customers FINAL
       ANY LEFT JOIN (SELECT customer_id AS id, r, f, m, monetary_cents, 1 AS scored
         FROM {db}.customer_scores_local WHERE run_id = ${api.runId}) USING id
       WHERE id % 13 = 0 ORDER BY id LIMIT 44`,
      )
    ).map((row) =>
      row.scored === undefined || Number(row.scored) === 1
        ? row
        : { ...row, r: null, f: null, m: null, cents: null },
    );
    expect(rows).toHaveLength(44);
    const unknown = ["NO-SUCH-1", "no-such-2", "gid://rfm/Customer/NO-SUCH-3", "C", "  ", "999999999"];
    const ids: string[] = [];
    rows.forEach((row, i) => {
      ids.push(row.externalId);
      if (i % 8 === 3) ids.push(unknown[ids.length % unknown.length]!);
    });
    while (ids.length < 50) ids.push(unknown[ids.length % unknown.length]!);
    expect(ids).toHaveLength(50);
    const names = await namesByCode();

    const res = await api.gql<{ customersByIds: Found[] }>(LOOKUP, { ids }, api.tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const got = res.data!.customersByIds;
    expect(got).toHaveLength(50);
    let nulls = 0;
    got.forEach((customer, i) => {
      const row = rows.find((r) => r.externalId === ids[i]);
      if (!row) {
        nulls++;
        expect(customer, `${i}: ${ids[i]}`).toBeNull();
        return;
      }
      expect(customer!.externalId).toBe(row.externalId);
      expect(customer!.id).toBe(`gid://rfm/Customer/${encodeURIComponent(row.externalId)}`);
      expect(customer!.email).toBe(row.email);
      if (row.r === null) {
        expect(customer!.score).toBeNull();
        expect(customer!.segment).toBeNull();
        return;
      }
      const code = `${row.r}${row.f}${row.m}`;
      expect(customer!.score!.code).toBe(code);
      const cents = Number(row.cents);
      expect(customer!.score!.monetary.amount).toBe(
        `${cents < 0 ? "-" : ""}${(Math.abs(cents) / 100).toFixed(2)}`,
      );
      expect(customer!.segment!.name).toBe(names.get(code));
    });
    expect(nulls).toBe(6);
  });

  it("customer(id:) is null for an unknown id instead of failing the other aliases", async () => {
    const [row] = await api.facts<{ externalId: string }>(
      `SELECT external_id AS "externalId" FROM customers ORDER BY id LIMIT 1`,
      [],
      "SELECT external_id AS externalId FROM customers FINAL ORDER BY id LIMIT 1",
    );
    const res = await api.gql<{ known: { externalId: string }; missing: null }>(
      `query($id: ID!) { known: customer(id: $id) { externalId } missing: customer(id: "NOT-A-CUSTOMER") { externalId } }`,
      { id: row!.externalId },
      api.tokens.viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ known: { externalId: row!.externalId }, missing: null });
  });

  it("customerByEmail finds a customer whatever the letter case", async () => {
    const [row] = await api.facts<{ externalId: string; email: string }>(
      `SELECT external_id AS "externalId", email AS "email" FROM customers WHERE email IS NOT NULL ORDER BY id DESC LIMIT 1`,
      [],
      "SELECT external_id AS externalId, email FROM customers FINAL WHERE email IS NOT NULL ORDER BY id DESC LIMIT 1",
    );
    const res = await api.gql<{ customerByEmail: { externalId: string } | null }>(
      `query($e: String!) { customerByEmail(email: $e) { externalId } }`,
      { e: row!.email.toUpperCase() },
      api.tokens.viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.customerByEmail).toEqual({ externalId: row!.externalId });
  });
});
