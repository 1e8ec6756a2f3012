/**
 * The customer reads on the ClickHouse cluster, over rows written straight into each shard's
 * local tables (several versions of a customer and of an order among them, as re-imports and
 * folds leave them), every expectation computed here from those same rows: latest versions
 * only, pages in keyset order, runs from the app database joined to scores from the cluster.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  compareHits,
  type RankedCandidate,
  rankHit,
  searchConditionSql,
  searchCustomerCandidates,
} from "../../../modules/customer/customer-search.repository";
import { useTestDatabase } from "../../testing";
import { factsStoreOf } from "..";
import type { CustomerConditions, CustomerPageQuery, ListedCustomer, SortValue } from "../customer-reads";
import type { ClickHouse } from "./connection";
import { chString as lit } from "./literals";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 5, 1);
const CODES = [0, 1, 2, 3, 4, 5, 6];

interface Customer {
  id: number;
  externalId: string;
  name: string | null;
  email: string | null;
  province: string | null;
}
interface Score {
  runId: number;
  customerId: number;
  monetary: number;
  recency: number;
  frequency: number;
  code: number;
  clv: number | null;
}
interface Order {
  customerId: number;
  orderId: string;
  at: number;
  cents: number;
}

/** 40 customers (their current versions), two complete runs and one running, orders with ties. */
function fixture() {
  const customers: Customer[] = [];
  for (let id = 1; id <= 40; id++) {
    customers.push({
      id,
      externalId: `C${String(id).padStart(3, "0")}`,
      name: id === 9 ? null : id === 17 ? "Zoë Ångström" : `Customer ${id}`,
      email: id === 7 || id === 12 ? `Shared.Mail@Example.com` : id === 9 ? null : `c${id}@example.ca`,
      province: id % 3 === 0 ? "Ontario" : "Quebec",
    });
  }
  customers.push({ id: 41, externalId: "customer 4", name: "Exact Id", email: null, province: null });
  const scores: Score[] = [];
  for (const runId of [1, 2, 3]) {
    for (const c of customers) {
      if (c.id % 10 === 0 && runId === 1) continue; // not scored in run 1
      scores.push({
        runId,
        customerId: c.id,
        monetary: ((c.id * 37) % 11) * 100 + runId, // ties within a run
        recency: (c.id * 13) % 9,
        frequency: 1 + (c.id % 4),
        code: (c.id + runId) % 7,
        clv: c.id % 5 === 0 ? null : c.id * 1.5,
      });
    }
  }
  const orders: Order[] = [];
  for (const c of customers) {
    for (let k = 0; k < 1 + (c.id % 5); k++) {
      // k = 1 and k = 2 share an instant: the tie-breaker orders them.
      orders.push({
        customerId: c.id,
        orderId: `O${c.id}-${k}`,
        at: T0 + (k === 2 ? 1 : k) * DAY,
        cents: 100 * (k + 1),
      });
    }
  }
  return { customers, scores, orders };
}

const RUNS = [
  { id: 1, asOf: T0 + 10 * DAY, status: "complete" },
  { id: 2, asOf: T0 + 20 * DAY, status: "complete" },
  { id: 3, asOf: T0 + 30 * DAY, status: "running" },
];

async function seed(ch: ClickHouse, db: Parameters<typeof factsStoreOf>[0]) {
  const { customers, scores, orders } = fixture();
  for (const run of RUNS) {
    await db.prisma.scoringRun.create({
      data: {
        id: run.id,
        asOf: new Date(run.asOf),
        bins: 4,
        method: { recency: { kind: "quantile" } },
        monetaryBasis: "total",
        status: run.status,
      },
    });
  }
  const shardRows = <T>(rows: T[], id: (row: T) => number) => {
    const groups = new Map<number, T[]>();
    for (const row of rows)
      groups.set(ch.shardOf(id(row)), [...(groups.get(ch.shardOf(id(row))) ?? []), row]);
    return [...groups];
  };
  const customerRow = (c: Customer, version: number) => ({
    id: c.id,
    external_id: c.externalId,
    name: c.name,
    first_name: null,
    last_name: null,
    email: c.email,
    phone: null,
    marketing_consent: null,
    province: c.province,
    region: c.province,
    city: null,
    created_at: T0 - c.id * DAY,
    imported_at: T0,
    version,
  });
  // Older versions first, in their own insert (their own part): stale names, a stale email.
  const stale = customers
    .filter((c) => c.id % 4 === 1)
    .map((c) => ({ ...customerRow(c, 1), name: `Stale ${c.id}`, email: `stale${c.id}@example.ca` }));
  for (const [shard, rows] of shardRows(stale, (r) => r.id))
    await ch.insertShard(shard, "customers_local", rows);
  for (const [shard, rows] of shardRows(
    customers.map((c) => customerRow(c, 2)),
    (r) => r.id,
  ))
    await ch.insertShard(shard, "customers_local", rows);
  for (const [shard, rows] of shardRows(scores, (s) => s.customerId)) {
    await ch.insertShard(
      shard,
      "customer_scores_local",
      rows.map((s) => ({
        run_id: s.runId,
        customer_id: s.customerId,
        recency_days: s.recency,
        frequency: s.frequency,
        monetary_cents: s.monetary,
        r: 1,
        f: 2,
        m: 3,
        code: s.code,
        clv: s.clv,
      })),
    );
  }
  const orderRow = (o: Order, version: number, cents: number) => ({
    customer_id: o.customerId,
    order_id: o.orderId,
    occurred_at: o.at,
    amount_cents: cents,
    line_count: 1,
    channel: "web",
    currency: null,
    province: null,
    region: null,
    city: null,
    version,
  });
  // Every third order also has an earlier version (a fold before the last line arrived).
  const earlier = orders.filter((_, i) => i % 3 === 0).map((o) => orderRow(o, 1, o.cents - 50));
  for (const [shard, rows] of shardRows(earlier, (r) => r.customer_id))
    await ch.insertShard(shard, "transactions_local", rows);
  for (const [shard, rows] of shardRows(
    orders.map((o) => orderRow(o, 2, o.cents)),
    (r) => r.customer_id,
  ))
    await ch.insertShard(shard, "transactions_local", rows);
  return { customers, scores, orders };
}

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  return (a ?? "") < (b ?? "") ? -1 : 1;
}

// Each test reads the cluster tens of times: slow when the machine is shared.
describe("customer reads on the ClickHouse cluster", { timeout: 60_000 }, () => {
  const t = useTestDatabase("clickhouse");
  let data: ReturnType<typeof fixture>;
  beforeEach(async () => {
    data = await seed(t.db.analytics!, t.db);
  });
  const reads = () => factsStoreOf(t.db).customerReads;
  const customerOf = (id: number) => data.customers.find((c) => c.id === id)!;

  async function allPages(query: Omit<CustomerPageQuery, "after">): Promise<ListedCustomer[]> {
    const seen: ListedCustomer[] = [];
    let after: CustomerPageQuery["after"] = null;
    for (;;) {
      const { rows } = await reads().page({ ...query, after });
      expect(rows.length).toBeLessThanOrEqual(query.first + 1);
      seen.push(...rows.slice(0, query.first));
      if (rows.length <= query.first) return seen;
      const last = rows[query.first - 1]!;
      after = [last.sortValue, last.customer.id];
    }
  }

  const NONE: CustomerConditions = { sql: "", readsCustomer: false, search: false };

  it("pages by spend, descending, visit a run's customers of the codes once each, ties by id", async () => {
    const codes = [1, 3, 4];
    const expected = data.scores
      .filter((s) => s.runId === 2 && codes.includes(s.code))
      .sort((a, b) => b.monetary - a.monetary || b.customerId - a.customerId);
    const pages = await allPages({
      runId: 2,
      codes,
      conditions: NONE,
      orderBy: "MONETARY",
      direction: "DESC",
      first: 4,
    });
    expect(pages.map((p) => p.customer.id)).toEqual(expected.map((s) => s.customerId));
    expect(pages.map((p) => p.score.monetaryCents)).toEqual(expected.map((s) => s.monetary));
    // The latest version of each customer, never a stale one.
    for (const p of pages) {
      expect(p.customer.name).toBe(customerOf(p.customer.id).name);
      expect(p.customer.createdAt).toBe(T0 - p.customer.id * DAY);
    }
    expect(await reads().count(2, codes, NONE)).toBe(expected.length);
  });

  it.each([
    ["NAME", "ASC"],
    ["ID", "DESC"],
    ["CLV", "ASC"],
    ["RECENCY", "DESC"],
    ["FREQUENCY", "ASC"],
  ] as const)(
    "pages by %s %s follow the sort, then the id, through every customer",
    async (orderBy, direction) => {
      const value = (s: Score): SortValue => {
        const c = customerOf(s.customerId);
        return orderBy === "NAME"
          ? (c.name ?? "")
          : orderBy === "ID"
            ? c.externalId
            : orderBy === "CLV"
              ? (s.clv ?? -1)
              : orderBy === "RECENCY"
                ? s.recency
                : s.frequency;
      };
      const sign = direction === "ASC" ? 1 : -1;
      const expected = data.scores
        .filter((s) => s.runId === 1)
        .sort((a, b) => sign * (compare(value(a), value(b)) || a.customerId - b.customerId));
      const pages = await allPages({
        runId: 1,
        codes: CODES,
        conditions: NONE,
        orderBy,
        direction,
        first: 6,
      });
      expect(pages.map((p) => p.customer.id)).toEqual(expected.map((s) => s.customerId));
      expect(pages.map((p) => p.sortValue)).toEqual(expected.map(value));
    },
  );

  it("a name-sorted page merges the shards in ClickHouse's byte order, not JavaScript's UTF-16 order", async () => {
    // U+FF21 (UTF-8 EF BC A1) sorts before U+1F600 (F0 9F 98 80) by bytes, after it by UTF-16
    // units (FF21 > D83D). Customers 42 and 43 are on different shards: the merge decides.
    const ch = t.db.analytics!;
    const extra = [
      { id: 42, name: "\u{1F600} smile" },
      { id: 43, name: "\uFF21 wide" },
    ];
    for (const c of extra) {
      await ch.insertShard(ch.shardOf(c.id), "customers_local", [
        {
          id: c.id,
          external_id: `X${c.id}`,
          name: c.name,
          first_name: null,
          last_name: null,
          email: null,
          phone: null,
          marketing_consent: null,
          province: null,
          region: null,
          city: null,
          created_at: null,
          imported_at: T0,
          version: 2,
        },
      ]);
      await ch.insertShard(ch.shardOf(c.id), "customer_scores_local", [
        {
          run_id: 2,
          customer_id: c.id,
          recency_days: 1,
          frequency: 1,
          monetary_cents: 1,
          r: 1,
          f: 1,
          m: 1,
          code: 6,
          clv: null,
        },
      ]);
    }
    expect(ch.shardOf(42)).not.toBe(ch.shardOf(43));
    const named = data.scores.filter((s) => s.runId === 2 && s.code === 6).map((s) => s.customerId);
    for (const first of [1, 50]) {
      const pages = await allPages({
        runId: 2,
        codes: [6],
        conditions: NONE,
        orderBy: "NAME",
        direction: "ASC",
        first,
      });
      // Every fixture name starts with an ASCII letter: below both.
      expect(pages.map((p) => p.customer.id).slice(-2)).toEqual([43, 42]);
      expect(pages).toHaveLength(named.length + 2);
    }
  });

  it("a customer-field condition and a search filter the page, its count and its total", async () => {
    const province: CustomerConditions = {
      sql: ` AND customer_id IN (SELECT id FROM ${t.db.analytics!.database}.customers_local FINAL WHERE province = ${lit("Ontario")})`,
      readsCustomer: true,
      search: false,
    };
    const inOntario = data.scores.filter(
      (s) => s.runId === 1 && customerOf(s.customerId).province === "Ontario",
    );
    const ontario = await allPages({
      runId: 1,
      codes: CODES,
      conditions: province,
      orderBy: "MONETARY",
      direction: "ASC",
      first: 5,
    });
    expect(ontario.map((p) => p.customer.id)).toEqual(
      inOntario
        .sort((a, b) => a.monetary - b.monetary || a.customerId - b.customerId)
        .map((s) => s.customerId),
    );
    expect(await reads().count(1, CODES, province)).toBe(inOntario.length);

    // Stale versions' names and emails ("Stale 1", "stale1@...") must not match; current ones must.
    for (const term of ["CUSTOMER 1", "stale", "ångs", "@EXAMPLE.CA", "c0"]) {
      const search: CustomerConditions = {
        sql: ` AND ${searchConditionSql("clickhouse", term, lit, t.db.analytics!.database)}`,
        readsCustomer: true,
        search: true,
      };
      const q = term.toLowerCase();
      const matches = data.scores
        .filter((s) => s.runId === 2)
        .filter((s) => {
          const c = customerOf(s.customerId);
          return [c.externalId, c.name, c.email].some((v) => v?.toLowerCase().includes(q) === true);
        })
        .sort((a, b) => b.monetary - a.monetary || b.customerId - a.customerId);
      const first = await reads().page({
        runId: 2,
        codes: CODES,
        conditions: search,
        orderBy: "MONETARY",
        direction: "DESC",
        first: 3,
      });
      expect(first.total, term).toBe(matches.length);
      const pages = await allPages({
        runId: 2,
        codes: CODES,
        conditions: search,
        orderBy: "MONETARY",
        direction: "DESC",
        first: 3,
      });
      expect(
        pages.map((p) => p.customer.id),
        term,
      ).toEqual(matches.map((s) => s.customerId));
      expect(await reads().count(2, CODES, search), term).toBe(matches.length);
    }
  });

  it("the search condition's text is a literal: quotes and backslashes match themselves", async () => {
    const sql = searchConditionSql("clickhouse", "o'b\\x", lit, t.db.analytics!.database);
    expect(await reads().count(2, CODES, { sql: ` AND ${sql}`, readsCustomer: true, search: true })).toBe(0);
  });

  it("lookups by the store's id and by email read the latest version, with the run's score or none", async () => {
    const found = await reads().byExternalIds(["C003", "C010", "nope", "C005", "customer 4"], 1);
    expect([...found.keys()].sort()).toEqual(["C003", "C005", "C010", "customer 4"]);
    expect(found.get("C005")!.customer).toMatchObject({ id: 5, name: "Customer 5", email: "c5@example.ca" });
    expect(found.get("C005")!.score).toMatchObject({ runId: 1, customerId: 5, clv: null });
    expect(found.get("C003")!.score?.monetaryCents).toBe(
      data.scores.find((s) => s.runId === 1 && s.customerId === 3)!.monetary,
    );
    expect(found.get("C010")!.score).toBeNull(); // not scored in run 1
    expect((await reads().byExternalIds(["C010"], null)).get("C010")!.score).toBeNull();

    const shared = await reads().byEmail("shared.mail@EXAMPLE.com", 2);
    expect(shared?.customer.id).toBe(12);
    expect(shared?.score?.runId).toBe(2);
    expect(await reads().byEmail("stale5@example.ca", 2)).toBeNull(); // an old version's email
    expect(await reads().byEmail("c5@example.ca", null)).toMatchObject({ customer: { id: 5 }, score: null });
  });

  it("a customer's history joins the app database's complete runs to the cluster's scores", async () => {
    const history = await reads().historyPage(20, 1, null, 10);
    expect(history.map((h) => [h.runId, h.asOf])).toEqual([[2, RUNS[1]!.asOf]]); // not scored in run 1; run 3 running
    const h3 = await reads().historyPage(3, 1, null, 1);
    expect(h3.map((h) => h.runId)).toEqual([2]);
    const next = await reads().historyPage(3, 1, [h3[0]!.asOf, h3[0]!.runId], 5);
    expect(next.map((h) => h.runId)).toEqual([1]);
    expect(next[0]).toMatchObject({ bins: 4, timeZone: "UTC", currency: null, mappingVersionId: null });

    const all = await reads().scoreHistory([3, 20]);
    expect(all.map((s) => [s.runId, s.customerId])).toEqual([
      [2, 3],
      [2, 20],
      [1, 3],
    ]);
    expect(all[0]).toMatchObject({ profileId: 1, asOf: RUNS[1]!.asOf });
    const inRun = await reads().scoresInRun(3, [1, 2, 999]);
    expect(inRun.map((s) => s.customerId).sort()).toEqual([1, 2]);
  });

  it("orders: one row per order (its latest version), newest first, pages after a cursor, counted", async () => {
    const ids = [4, 9, 14, 33];
    const newest = (id: number) => data.orders.filter((o) => o.customerId === id).sort((a, b) => b.at - a.at);
    const first = await reads().firstTransactions(ids, 2);
    for (const id of ids) {
      const mine = first.filter((o) => o.customerId === id);
      expect(mine.map((o) => o.occurredAt)).toEqual(
        newest(id)
          .slice(0, 2)
          .map((o) => o.at),
      );
      for (const o of mine)
        expect(o.amountCents).toBe(data.orders.find((x) => x.orderId === o.orderId)!.cents);
    }
    const counts = await reads().countTransactions([...ids, 999]);
    expect([...counts].sort((a, b) => a[0] - b[0])).toEqual(ids.map((id) => [id, newest(id).length]));

    // Customer 14 has 5 orders, two at the same instant: paging 2 at a time visits each once.
    const seen: string[] = [];
    let page = await reads().firstTransactions([14], 2);
    while (page.length > 0) {
      seen.push(...page.map((o) => o.orderId));
      const last = page.at(-1)!;
      page = await reads().transactionsAfter(14, [last.occurredAt, last.id], 2);
    }
    expect(seen.sort()).toEqual(
      newest(14)
        .map((o) => o.orderId)
        .sort(),
    );
    expect(new Set(seen).size).toBe(5);
  });

  it("a search ranks the best matches over every customer as JavaScript's ranking does", async () => {
    for (const [term, limit] of [
      ["customer 4", 5],
      ["C01", 4],
      ["CUSTOMER", 50],
      ["ström", 5],
      ["@example", 3],
      ["c", 10],
    ] as const) {
      const expected = data.customers
        .map((c) => rankHit({ id: c.id, externalId: c.externalId, name: c.name, email: c.email }, term))
        .filter((hit): hit is RankedCandidate => hit !== null)
        // Texts under 3 characters are searched as exact and prefix matches only.
        .filter((hit) => [...term].length >= 3 || hit.kind === "EXACT" || hit.kind === "PREFIX")
        .sort(compareHits)
        .slice(0, limit);
      const got = await searchCustomerCandidates(t.db, term, limit);
      expect(
        got.map((h) => [h.externalId, h.kind, h.field]),
        term,
      ).toEqual(expected.map((h) => [h.externalId, h.kind, h.field]));
    }
  });
});
