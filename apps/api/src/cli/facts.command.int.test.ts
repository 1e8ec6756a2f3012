/**
 * `rfm facts copy --to clickhouse://...`: a small store's facts, in SQLite or PostgreSQL, copied
 * into a fresh database of the test cluster. The oracles are SQL on each side: the source's own
 * tables, and ClickHouse SQL on the cluster reading the latest version of every row
 * (argMax by `version`, the tables' read rule), compared row for row by external id.
 * A copy stopped half-way (here: after its first batch of orders) and run again ends with exactly
 * the source's rows.
 */
import { codeOfIndex } from "@rfm/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import type { ClickHouse } from "../db/facts/clickhouse/connection";
import { copyFacts } from "../db/facts/copy";
import { createTestDatabase, PROVIDERS, type TestDatabase, useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";
import { handMadeStore, seedStore } from "../modules/scoring/test-store";
import { withoutPassword } from "./facts.command";

interface OrderRow {
  external_id: string;
  order_id: string;
  occurred_at: number;
  amount_cents: number;
  line_count: number;
  channel: string | null;
}

interface CustomerRow {
  external_id: string;
  name: string | null;
  email: string | null;
  city: string | null;
  marketing_consent: number | null;
}

const byKey = <T extends { external_id: string; order_id?: string }>(rows: T[]): T[] =>
  rows.sort((a, b) =>
    `${a.external_id}\u0000${a.order_id ?? ""}`.localeCompare(`${b.external_id}\u0000${b.order_id ?? ""}`),
  );

/** Every shard's rows of a query over its local tables. */
async function onShards<Row>(ch: ClickHouse, sql: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let shard = 0; shard < ch.shardCount; shard++) rows.push(...(await ch.queryShard<Row>(shard, sql)));
  return rows;
}

/** The cluster's customers, latest version of each. */
async function clusterCustomers(ch: ClickHouse): Promise<CustomerRow[]> {
  const rows = await onShards<CustomerRow>(
    ch,
    `SELECT argMax(external_id, version) AS external_id, argMax(name, version) AS name,
            argMax(email, version) AS email, argMax(city, version) AS city,
            argMax(marketing_consent, version) AS marketing_consent
     FROM customers_local GROUP BY id`,
  );
  return byKey(rows);
}

/** The cluster's orders, latest version of each, with their customer's external id. */
async function clusterOrders(ch: ClickHouse): Promise<OrderRow[]> {
  const rows = await onShards<OrderRow>(
    ch,
    `SELECT external_id, order_id, occurred_at, amount_cents, line_count, channel
     FROM (SELECT customer_id, order_id, argMax(occurred_at, version) AS occurred_at,
                  argMax(amount_cents, version) AS amount_cents, argMax(line_count, version) AS line_count,
                  argMax(channel, version) AS channel
           FROM transactions_local GROUP BY customer_id, order_id)
     ANY INNER JOIN (SELECT id AS customer_id, argMax(external_id, version) AS external_id
                     FROM customers_local GROUP BY id) USING customer_id`,
  );
  return byKey(
    rows.map((row) => ({
      ...row,
      occurred_at: Number(row.occurred_at),
      amount_cents: Number(row.amount_cents),
      line_count: Number(row.line_count),
    })),
  );
}

async function clusterCodes(ch: ClickHouse, runId: number): Promise<Map<string, string>> {
  const rows = await onShards<{ external_id: string; code: number; n: string }>(
    ch,
    `SELECT external_id, code FROM customer_scores_local
     ANY INNER JOIN (SELECT id AS customer_id, argMax(external_id, version) AS external_id
                     FROM customers_local GROUP BY id) USING customer_id
     WHERE run_id = ${runId}`,
  );
  return new Map(rows.map((row) => [row.external_id, codeOfIndex(Number(row.code), 4)]));
}

describe("the URL rfm facts copy prints", () => {
  it.each([
    [
      "clickhouse://rfm:s%40cret@h1:8123,h2:8123/rfm?cluster=c",
      "clickhouse://rfm:***@h1:8123,h2:8123/rfm?cluster=c",
    ],
    ["clickhouses://rfm:x@h1/rfm?cluster=c", "clickhouses://rfm:***@h1/rfm?cluster=c"],
    ["clickhouse://rfm@h1:8123/rfm?cluster=c", "clickhouse://rfm@h1:8123/rfm?cluster=c"],
    ["clickhouse://h1:8123/rfm?cluster=c", "clickhouse://h1:8123/rfm?cluster=c"],
  ])("%s is printed as %s: a password never reaches the output", (url, printed) => {
    expect(withoutPassword(url)).toBe(printed);
  });
});

describe.each(PROVIDERS)("rfm facts copy from %s into a ClickHouse cluster", (provider) => {
  const t = useTestDatabase(provider);
  let cluster: TestDatabase | undefined;
  beforeEach(async () => {
    cluster = await createTestDatabase("clickhouse");
  });
  afterEach(async () => {
    await cluster?.drop();
    cluster = undefined;
  });

  /** A scored store with a multi-line order, details and marketing consent to carry across. */
  async function sourceStore(): Promise<number> {
    await seedStore(t.db, handMadeStore(9));
    await t.db.raw.execute(
      "UPDATE transactions SET line_count = 3, channel = 'web' WHERE order_id = (SELECT min(order_id) FROM transactions)",
    );
    await t.db.raw.execute(
      "UPDATE customers SET marketing_consent = $1 WHERE external_id = (SELECT min(external_id) FROM customers)",
      [provider === "sqlite" ? 1 : true],
    );
    const scored = await runCli(["score"], t.url, { ANALYTICS_URL: "" });
    expect(scored.stderr).toBe("");
    const [run] = await t.db.raw.query<{ id: number }>(
      "SELECT id FROM scoring_runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1",
    );
    return Number(run!.id);
  }

  const sourceCustomers = async (): Promise<CustomerRow[]> =>
    byKey(
      (
        await t.db.raw.query<CustomerRow & { marketing_consent: number | boolean | null }>(
          "SELECT external_id, name, email, city, marketing_consent FROM customers",
        )
      ).map((row) => ({
        ...row,
        marketing_consent: row.marketing_consent === null ? null : Number(row.marketing_consent),
      })),
    );
  const sourceOrders = async (): Promise<OrderRow[]> =>
    byKey(
      (
        await t.db.raw.query<OrderRow>(
          `SELECT c.external_id, t.order_id, t.occurred_at, t.amount_cents, t.line_count, t.channel
           FROM transactions t JOIN customers c ON c.id = t.customer_id`,
        )
      ).map((row) => ({
        ...row,
        occurred_at: Number(row.occurred_at),
        amount_cents: Number(row.amount_cents),
        line_count: Number(row.line_count),
      })),
    );
  const sourceCodes = async (runId: number): Promise<Map<string, string>> => {
    const rows = await t.db.raw.query<{ external_id: string; code: number }>(
      "SELECT c.external_id, s.code FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1",
      [runId],
    );
    return new Map(rows.map((row) => [row.external_id, codeOfIndex(Number(row.code), 4)]));
  };

  it("copies every customer, order and the current run's scores, in batches, and a second copy adds nothing", async () => {
    const runId = await sourceStore();
    const customers = await sourceCustomers();
    const orders = await sourceOrders();
    expect(orders.some((o) => o.line_count === 3)).toBe(true);
    const scored = (await sourceCodes(runId)).size;
    const to = cluster!.analyticsUrl!;

    const first = await runCli(["facts", "copy", "--to", to, "--scores", "--batch", "17"], t.url, {
      ANALYTICS_URL: "",
    });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `customers: ${customers.length} read, ${customers.length} written, 0 already there`,
    );
    expect(first.stdout).toContain(
      `orders: ${orders.length} read, ${orders.length} written, 0 already there`,
    );
    expect(first.stdout).toContain(`scores of run ${runId}: ${scored} read, ${scored} written`);
    expect(first.stdout).toContain(`ANALYTICS_URL=${to}`);

    const ch = cluster!.db.analytics!;
    expect(await clusterCustomers(ch)).toEqual(customers);
    expect(await clusterOrders(ch)).toEqual(orders);
    expect(await clusterCodes(ch, runId)).toEqual(await sourceCodes(runId));

    const again = await runCli(["facts", "copy", "--to", to, "--scores"], t.url, { ANALYTICS_URL: "" });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `customers: ${customers.length} read, 0 written, ${customers.length} already there`,
    );
    expect(again.stdout).toContain(
      `orders: ${orders.length} read, 0 written, ${orders.length} already there`,
    );
    expect(again.stdout).toContain(`scores of run ${runId}: ${scored} read, all already there`);
    expect(await clusterOrders(ch)).toEqual(orders);
    const [counted] = await ch.query<{ n: string }>(
      `SELECT count() AS n FROM customer_scores WHERE run_id = ${runId}`,
    );
    expect(Number(counted!.n)).toBe(scored);
  }, 180_000);

  it("a copy stopped after its first batch of orders, run again, ends with exactly the source's rows", async () => {
    await sourceStore();
    const customers = await sourceCustomers();
    const orders = await sourceOrders();
    const to = cluster!.analyticsUrl!;

    const target = await openDatabase(t.url, { analyticsUrl: to, migrate: false });
    try {
      await expect(
        copyFacts({
          source: t.db,
          target,
          batchSize: 40,
          onProgress: (p) => {
            if (p.table === "transactions" && p.done > 0) throw new Error("killed");
          },
        }),
      ).rejects.toThrow("killed");
    } finally {
      await target.close();
    }
    const ch = cluster!.db.analytics!;
    expect((await clusterOrders(ch)).length).toBe(40);

    const rerun = await runCli(["facts", "copy", "--to", to, "--batch", "40"], t.url, { ANALYTICS_URL: "" });
    expect(rerun.stderr).toBe("");
    expect(rerun.stdout).toContain(
      `customers: ${customers.length} read, 0 written, ${customers.length} already there`,
    );
    expect(rerun.stdout).toContain(
      `orders: ${orders.length} read, ${orders.length - 40} written, 40 already there`,
    );
    expect(await clusterCustomers(ch)).toEqual(customers);
    expect(await clusterOrders(ch)).toEqual(orders);
  }, 180_000);

  it("refuses a --to that is not a ClickHouse URL, naming the form", async () => {
    const run = await runCli(["facts", "copy", "--to", "postgres://x/y"], t.url, { ANALYTICS_URL: "" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--to must be a ClickHouse URL, clickhouse://host:8123");
  }, 60_000);
});
