/**
 * Finding a customer over real HTTP on SQLite and PostgreSQL with the demo store
 * (searchCustomers): part of an email, an id in another letter case, a name's start, a customer
 * that is not scored, and the audience search. Expected customers come from SQL written here.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

interface Hit {
  match: string;
  field: string;
  customer: { externalId: string; email: string | null; name: string | null; score: { code: string } | null };
}

const SEARCH = `query($q: String!, $first: Int) { searchCustomers(query: $q, first: $first) {
  match field customer { externalId email name score { code } } } }`;

describe.each(FACT_ENGINES)("customer search over HTTP on %s", (engine) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(engine);
  }, 120_000);
  afterAll(async () => api?.close());

  /** `instr` / `strpos`: a plain substring test in SQL, no LIKE wildcards. */
  const contains = (column: string, param: string) =>
    engine === "sqlite" ? `instr(${column}, ${param}) > 0` : `strpos(${column}, ${param}) > 0`;
  /** A ClickHouse string literal (the cluster's SQL takes no parameters). */
  const lit = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

  async function search(query: string, first = 10): Promise<Hit[]> {
    const res = await api.gql<{ searchCustomers: Hit[] }>(SEARCH, { q: query, first }, api.tokens.viewer);
    expect(res.errors).toBeUndefined();
    return res.data!.searchCustomers;
  }

  it("part of an email finds exactly the customers whose email holds it", async () => {
    const [row] = await api.facts<{ email: string }>(
      `SELECT email AS "email" FROM customers WHERE email IS NOT NULL ORDER BY id LIMIT 1 OFFSET 137`,
      [],
      "SELECT email FROM customers FINAL WHERE email IS NOT NULL ORDER BY id LIMIT 137, 1",
    );
    // "owen.wilson.1@example.ca" -> "wilson.1@exa": the end of the name, the number, the domain's start.
    const email = row!.email;
    const at = email.indexOf("@");
    const fragment = email.slice(
      Math.max(0, email.lastIndexOf(".", email.lastIndexOf(".", at) - 1) + 1),
      at + 4,
    );
    expect(fragment.length).toBeGreaterThanOrEqual(8);
    const expected = await api.facts<{ id: string }>(
      `SELECT external_id AS "id" FROM customers WHERE ${contains("lower(email)", "$1")} ORDER BY external_id`,
      [fragment.toLowerCase()],
      `SELECT external_id AS id FROM customers FINAL
       WHERE position(lower(ifNull(email, '')), ${lit(fragment.toLowerCase())}) > 0 ORDER BY external_id`,
    );
    expect(expected.length).toBeGreaterThanOrEqual(1);
    const hits = await search(fragment.toUpperCase(), 50);
    expect(hits.map((h) => h.customer.externalId).sort()).toEqual(expected.map((r) => r.id));
    expect(hits.every((h) => h.field === "EMAIL" && h.match === "SUBSTRING")).toBe(true);
  });

  it("an id in lower case is an exact match, ranked first", async () => {
    const [row] = (
      await api.facts<{ id?: string; xid?: string }>(
        `SELECT external_id AS "id" FROM customers ORDER BY id LIMIT 1 OFFSET 42`,
        [],
        // Not `AS id`: ORDER BY id would then sort by that alias.
        "SELECT external_id AS xid FROM customers FINAL ORDER BY id LIMIT 42, 1",
      )
    ).map((found) => ({ id: (found.xid ?? found.id)! }));
    const hits = await search(row!.id.toLowerCase());
    expect(hits[0]).toMatchObject({ match: "EXACT", field: "ID", customer: { externalId: row!.id } });
    const prefixed = await api.facts<{ n: number | string }>(
      `SELECT count(*) AS "n" FROM customers WHERE substr(lower(external_id), 1, $2) = $1`,
      [row!.id.toLowerCase(), row!.id.length],
      `SELECT count() AS n FROM customers FINAL
       WHERE substring(lower(external_id), 1, ${row!.id.length}) = ${lit(row!.id.toLowerCase())}`,
    );
    // Everything else is a longer id starting with it, or the text elsewhere.
    expect(
      hits.filter((h) => h.match === "EXACT" || (h.match === "PREFIX" && h.field === "ID")),
    ).toHaveLength(Number(prefixed[0]!.n));
  });

  it("a name's first letters find customers whose name starts with them, all prefix matches", async () => {
    const [row] = await api.facts<{ name: string }>(
      `SELECT name AS "name" FROM customers WHERE name IS NOT NULL ORDER BY id LIMIT 1 OFFSET 7`,
      [],
      "SELECT name FROM customers FINAL WHERE name IS NOT NULL ORDER BY id LIMIT 7, 1",
    );
    const start = row!.name.slice(0, row!.name.indexOf(" ") + 2); // "Owen W"
    const expected = await api.facts<{ id: string }>(
      `SELECT external_id AS "id" FROM customers WHERE substr(lower(name), 1, $2) = $1 ORDER BY external_id`,
      [start.toLowerCase(), start.length],
      `SELECT external_id AS id FROM customers FINAL
       WHERE substring(lower(ifNull(name, '')), 1, ${start.length}) = ${lit(start.toLowerCase())} ORDER BY external_id`,
    );
    const hits = await search(start, 50);
    const named = hits
      .filter((h) => h.field === "NAME" && h.match === "PREFIX")
      .map((h) => h.customer.externalId);
    expect(named.sort()).toEqual(
      expected
        .slice(0, 50)
        .map((r) => r.id)
        .sort(),
    );
  });

  // The SQL engines: a customer written by plain SQL, which their search index follows. On
  // ClickHouse the importer is the customers' only writer (no index beside them); an unscored
  // customer is found there too (modules/customer/customer-search.int.test.ts).
  if (engine !== "clickhouse")
    it("a customer imported after the run (not scored) is found, with no score", async () => {
      // Every demo customer has orders and is scored: add one as another tool would (plain SQL;
      // the index follows the table), its import time copied from a stored row.
      await api.test.db.raw.execute(
        `INSERT INTO customers (external_id, name, email, imported_at)
       SELECT 'NEW-UNSCORED', 'Nadia Newcomer', 'nadia.newcomer@example.org', imported_at FROM customers LIMIT 1`,
      );
      const [row] = await api.sql<{ id: string }>(
        `SELECT c.external_id AS "id" FROM customers c
       LEFT JOIN customer_scores s ON s.customer_id = c.id AND s.run_id = $1
       WHERE s.customer_id IS NULL AND lower(c.email) = 'nadia.newcomer@example.org'`,
        [api.runId],
      );
      expect(row?.id).toBe("NEW-UNSCORED");
      const [hit] = await search("Nadia.Newcomer@EXAMPLE.org");
      expect(hit).toMatchObject({
        match: "EXACT",
        field: "EMAIL",
        customer: { externalId: "NEW-UNSCORED", score: null },
      });
      const [part] = await search("newcomer@");
      expect(part).toMatchObject({
        match: "SUBSTRING",
        field: "EMAIL",
        customer: { externalId: "NEW-UNSCORED" },
      });
    });

  it("the audience search counts what SQL counts", async () => {
    const text = "macdonald";
    const [expected] = await api.facts<{ n: number | string }>(
      `SELECT count(*) AS "n" FROM customers c JOIN customer_scores s ON s.customer_id = c.id AND s.run_id = $1
       WHERE ${contains("lower(c.external_id)", "$2")} OR ${contains("lower(coalesce(c.name, ''))", "$2")}
          OR ${contains("lower(coalesce(c.email, ''))", "$2")}`,
      [api.runId, text],
      `SELECT count() AS n FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id, name, email FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${api.runId} AND (position(lower(external_id), ${lit(text)}) > 0
         OR position(lower(ifNull(name, '')), ${lit(text)}) > 0 OR position(lower(ifNull(email, '')), ${lit(text)}) > 0)`,
    );
    expect(Number(expected!.n)).toBeGreaterThan(0);
    const res = await api.gql<{ customers: { totalCount: number } }>(
      `query($s: String) { customers(first: 5, filter: { search: $s }) { totalCount } }`,
      { s: "MacDonald" },
      api.tokens.viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.customers.totalCount).toBe(Number(expected!.n));
  });
});
