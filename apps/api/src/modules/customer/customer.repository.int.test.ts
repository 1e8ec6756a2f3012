import { codeCount } from "@rfm/core";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { chString as lit } from "../../db/facts/clickhouse/literals";
import { toSqliteStatement } from "../../db/raw";
import { FACT_ENGINES, type FactEngine, useTestDatabase } from "../../db/testing";
import { searchCondition } from "../audience/audience.compile";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, seedStore } from "../scoring/test-store";
import {
  type CustomerConditions,
  type CustomerPageQuery,
  countCustomers,
  customerPageSql,
  type ListedCustomer,
  listCustomers,
  NO_CONDITIONS,
} from "./customer.repository";
import { searchConditionSql } from "./customer-search.repository";

/** The conditions of a search term, as the audience compiler writes them. */
const searching = (db: Database, term: string): CustomerConditions => ({
  sql: db.analytics
    ? ` AND ${searchConditionSql("clickhouse", term, lit, db.analytics.database)}`
    : ` AND ${searchCondition(db.provider, term)}`,
  readsCustomer: true,
  search: true,
});

const ALL_CODES = Array.from({ length: codeCount(4) }, (_, i) => i);

const totals: (number | null)[] = [];

/** Every page of a query, following the keyset. */
async function allPages(db: Database, query: Omit<CustomerPageQuery, "after">): Promise<ListedCustomer[]> {
  const seen: ListedCustomer[] = [];
  let after: CustomerPageQuery["after"] = null;
  for (;;) {
    const { rows, total } = await listCustomers(db, { ...query, after });
    // A search's first page counts its matches in the same scan.
    if (after === null && query.conditions.search) totals.push(total);
    seen.push(...rows.slice(0, query.first));
    if (rows.length <= query.first) return seen;
    const last = rows[query.first - 1]!;
    after = [last.sortValue, last.customer.id];
  }
}

describe.each(FACT_ENGINES)("customer pages on %s", (engine: FactEngine) => {
  const t = useTestDatabase(engine);

  it("a search pages through every match once, by spend then id, and its count agrees", async () => {
    await seedStore(t.db, handMadeStore(5));
    const { run } = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    // "customer 1" matches Customer 1, 10-19: a term neither rare nor everywhere.
    const conditions = searching(t.db, "CUSTOMER 1");
    const pages = await allPages(t.db, {
      runId: run.id,
      codes: ALL_CODES,
      conditions,
      orderBy: "MONETARY",
      direction: "DESC",
      first: 3,
    });
    const ch = t.db.analytics;
    const expected = ch
      ? (
          await ch.query<{ id: number; m: number }>(
            `SELECT customer_id AS id, toFloat64(monetary_cents) AS m FROM customer_scores
             ANY INNER JOIN (SELECT id AS customer_id, name, external_id, email FROM ${ch.database}.customers_local FINAL) USING customer_id
             WHERE run_id = ${run.id} AND (lowerUTF8(ifNull(name, '')) LIKE '%customer 1%'
               OR lowerUTF8(external_id) LIKE '%customer 1%' OR lowerUTF8(ifNull(email, '')) LIKE '%customer 1%')
             ORDER BY monetary_cents DESC, customer_id DESC`,
          )
        ).map((row) => ({ id: Number(row.id), m: row.m }))
      : await t.db.raw.query<{ id: number; m: number }>(
          `SELECT c.id AS "id", s.monetary_cents AS "m" FROM customers c JOIN customer_scores s ON s.customer_id = c.id AND s.run_id = $1
           WHERE lower(c.name) LIKE '%customer 1%' OR lower(c.external_id) LIKE '%customer 1%' OR lower(c.email) LIKE '%customer 1%'
           ORDER BY s.monetary_cents DESC, c.id DESC`,
          [run.id],
        );
    expect(expected.length).toBeGreaterThan(3);
    expect(pages.map((p) => p.customer.id)).toEqual(expected.map((e) => e.id));
    expect(await countCustomers(t.db, run.id, ALL_CODES, conditions)).toBe(expected.length);
    expect(totals.at(-1)).toBe(expected.length);
  });

  it("a search ordered by name, ascending, gives the same customers as by spend", async () => {
    await seedStore(t.db, handMadeStore(5));
    const { run } = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const base = {
      runId: run.id,
      codes: ALL_CODES,
      conditions: searching(t.db, "@EXAMPLE"),
      first: 7,
    } as const;
    const byName = await allPages(t.db, { ...base, orderBy: "NAME", direction: "ASC" });
    const bySpend = await allPages(t.db, { ...base, orderBy: "MONETARY", direction: "DESC" });
    const names = byName.map((p) => p.customer.name ?? "");
    expect(names).toEqual([...names].sort());
    expect(new Set(byName.map((p) => p.customer.id))).toEqual(new Set(bySpend.map((p) => p.customer.id)));
    expect(byName.length).toBe(await countCustomers(t.db, run.id, ALL_CODES, searching(t.db, "@example")));
  });
});

describe("customer page plans on SQLite", () => {
  const t = useTestDatabase("sqlite");

  async function plan(query: CustomerPageQuery): Promise<string[]> {
    const { sql, params } = customerPageSql("sqlite", query);
    const statement = toSqliteStatement(sql, params);
    const db = t.db;
    if (db.provider !== "sqlite") throw new Error("SQLite only");
    const steps = db.sqlite.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(statement.params) as {
      detail: string;
    }[];
    return steps.map((step) => step.detail);
  }

  it("a page by spend reads each listed customer's score by key, never the run's whole index", async () => {
    const steps = await plan({
      runId: 1,
      codes: ALL_CODES,
      conditions: NO_CONDITIONS,
      orderBy: "MONETARY",
      direction: "DESC",
      first: 50,
      after: [1000, 7],
    });
    expect(steps.filter((s) => /AUTOMATIC|\(run_id=\?\)$/.test(s))).toEqual([]);
    expect(steps).toContain(
      "SEARCH s USING INDEX sqlite_autoindex_customer_scores_1 (run_id=? AND customer_id=?)",
    );
    expect(
      customerPageSql("sqlite", {
        runId: 1,
        codes: [0],
        conditions: NO_CONDITIONS,
        orderBy: "MONETARY",
        direction: "DESC",
        first: 50,
      }).offThread,
    ).toBe(false);
  });

  it("a search reads the matches from the trigram index (customer_search), then only their scores, off the server's thread", async () => {
    const query: CustomerPageQuery = {
      runId: 1,
      codes: ALL_CODES,
      conditions: { sql: ` AND ${searchCondition("sqlite", "smith")}`, readsCustomer: true, search: true },
      orderBy: "MONETARY",
      direction: "DESC",
      first: 50,
    };
    const steps = await plan(query);
    expect(steps.some((step) => step.includes("customer_search VIRTUAL TABLE INDEX"))).toBe(true);
    expect(steps).toContain("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)");
    expect(steps).not.toContain("SCAN c");
    expect(steps.filter((step) => /^(SCAN|SEARCH) s USING COVERING INDEX/.test(step))).toEqual([]);
    expect(steps).toContain(
      "SEARCH s USING INDEX sqlite_autoindex_customer_scores_1 (run_id=? AND customer_id=?)",
    );
    expect(customerPageSql("sqlite", query).offThread).toBe(true);
  });
});
