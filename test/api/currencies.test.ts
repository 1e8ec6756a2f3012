/**
 * Currencies over real HTTP on SQLite, PostgreSQL and the ClickHouse cluster (docs/scoring.md,
 * "Currencies"; docs/api.md): money comes with its currency code, rates files are refused row by
 * row, a run over several currencies is refused unless it names one, and a converted run's figures
 * are the hand-computed ones (on ClickHouse a converted run is refused naming `convert`, by design:
 * docs/clickhouse.md, "Scoring pushdown").
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

const BAD_RATES = readFileSync(
  path.join(import.meta.dirname, "../fixtures/currencies/rates-bad.csv"),
  "utf8",
);

describe.each(FACT_ENGINES)("currencies over HTTP on %s", (engine) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(engine, { customers: 150 });
  }, 120_000);
  afterAll(async () => api?.close());

  const post = (route: string, body: string) =>
    fetch(`${api.url}${route}`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.tokens.admin}`, "content-type": "text/csv" },
      body,
    });

  async function finalRun(id: number) {
    type Run = {
      status: string;
      phase: string | null;
      currencyCode: string;
      currencyConverted: boolean;
      ordersLeftOut: number;
      leftOut: { orders: number; byCurrency: { key: string; orders: number }[]; byChannel: unknown[] } | null;
      error: string | null;
    };
    let run = { status: "RUNNING", phase: null } as Run;
    for (let i = 0; i < 300 && (run.status === "RUNNING" || run.phase !== null); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (
        await api.gql<{ scoringRun: Run }>(
          `query($id: Int!) { scoringRun(id: $id) { status phase currencyCode currencyConverted ordersLeftOut leftOut { orders byCurrency { key orders } byChannel { key orders } } error } }`,
          { id },
        )
      ).data!.scoringRun;
    }
    return run;
  }

  it("money comes with its currency code: the store's (USD) for data imported without one", async () => {
    const res = await api.gql<{
      scoringRun: { currencyCode: string; currencyConverted: boolean; ordersLeftOut: number; leftOut: null };
      overview: { revenue: { currencyCode: string } };
      segments: { currencyCode: string }[];
    }>(
      `query($id: Int!) { scoringRun(id: $id) { currencyCode currencyConverted ordersLeftOut leftOut { orders } }
         overview { revenue { currencyCode } } segments { currencyCode } }`,
      { id: api.runId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.scoringRun).toEqual({
      currencyCode: "USD",
      currencyConverted: false,
      ordersLeftOut: 0,
      leftOut: null,
    });
    expect(res.data!.overview.revenue.currencyCode).toBe("USD");
    expect(new Set(res.data!.segments.map((s) => s.currencyCode))).toEqual(new Set(["USD"]));
  });

  it("POST /imports/rates: a file with bad rows is a 400 naming each row's line, column and reason, and stores nothing", async () => {
    const response = await post("/imports/rates", BAD_RATES);
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      errors: {
        message: string;
        extensions: { code: string; reason: string; field: string; rejects: unknown[] };
      }[];
    };
    const error = body.errors[0]!;
    expect(error.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "INVALID_RATES",
      field: "body",
    });
    expect(error.extensions.rejects).toEqual([
      expect.objectContaining({ line: 3, column: "date", code: "BAD_DATE" }),
      expect.objectContaining({ line: 4, column: "currency", code: "UNKNOWN_CURRENCY" }),
      expect.objectContaining({ line: 5, column: "rate", code: "BAD_RATE" }),
      expect.objectContaining({ line: 6, column: "base", code: "UNKNOWN_CURRENCY" }),
      expect.objectContaining({ line: 7, column: null, code: "DUPLICATE_RATE" }),
      expect.objectContaining({ line: 8, column: "currency", code: "SAME_CURRENCY" }),
    ]);
    expect(error.message).toContain("line 5, column rate: BAD_RATE");
    expect((await api.sql<{ n: number }>(`SELECT count(*) AS "n" FROM exchange_rates`))[0]!.n).toBe(0);
    const badBase = await post("/imports/rates?base=EURO", "date,currency,rate\n2024-01-01,USD,0.9\n");
    expect(badBase.status).toBe(400);
    expect(((await badBase.json()) as typeof body).errors[0]!.extensions).toMatchObject({
      reason: "UNKNOWN_CURRENCY",
      field: "base",
    });
  });

  it("orders in a second currency: a run naming none is refused; a USD run leaves them out and says so; a converted run counts them at the rate", async () => {
    const imported = await post(
      "/imports/transactions",
      "order_id,customer_id,occurred_at,amount,currency\nE1,EURO1,2025-06-01,10.00,EUR\nE2,EURO1,2025-06-02,5.00,eur\n",
    );
    expect(imported.status).toBe(200);

    const mixed = await api.gql<{
      runScoring: { run: null; userErrors: { field: string[] | null; code: string; message: string }[] };
    }>(
      `mutation { runScoring(input: { bins: 4, asOf: "2025-12-31" }) { run { id } userErrors { field code message } } }`,
    );
    // The caller's to fix (name a currency): a user error of the payload, not a top-level error.
    expect(mixed.errors).toBeUndefined();
    expect(mixed.data!.runScoring.run).toBeNull();
    expect(mixed.data!.runScoring.userErrors).toMatchObject([
      { field: ["input", "currency"], code: "MIXED_CURRENCIES" },
    ]);
    expect(mixed.data!.runScoring.userErrors[0]!.message).toMatch(
      /in 2 currencies \(EUR: 2 orders, USD: \d+ orders\)/,
    );

    const usd = await api.gql<{ runScoring: { run: { id: number } } }>(
      `mutation { runScoring(input: { bins: 4, asOf: "2025-12-31", currency: "usd" }) { run { id } } }`,
    );
    expect(usd.errors).toBeUndefined();
    const usdRun = await finalRun(usd.data!.runScoring.run.id);
    expect(usdRun).toMatchObject({
      status: "COMPLETE",
      currencyCode: "USD",
      currencyConverted: false,
      ordersLeftOut: 2,
    });
    expect(usdRun.leftOut).toEqual({ orders: 2, byCurrency: [{ key: "EUR", orders: 2 }], byChannel: [] });

    const rates = await post("/imports/rates?base=USD", "date,currency,rate\n2025-01-01,EUR,1.1\n");
    expect(rates.status).toBe(200);
    expect(await rates.json()).toEqual({ rows: 1, inserted: 1, replaced: 0, bases: ["USD"] });
    const runsBefore = await api.sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`);
    const converted = await api.gql<{
      runScoring: { run: { id: number } | null; userErrors: { field: string[] | null; code: string }[] };
    }>(
      `mutation { runScoring(input: { bins: 4, asOf: "2025-12-31", currency: "USD", convert: true }) { run { id } userErrors { field code message } } }`,
    );
    expect(converted.errors).toBeUndefined();
    if (engine === "clickhouse") {
      // By design (docs/clickhouse.md, "Scoring pushdown"): converting needs each order's latest
      // rate on or before its day, a correlated lookup 18.16 cannot run. The caller is told so
      // and no run is started.
      expect(converted.data!.runScoring.run).toBeNull();
      expect(converted.data!.runScoring.userErrors).toEqual([
        {
          field: ["input", "convert"],
          code: "INVALID_OPTIONS",
          message:
            "converting currencies is not available when the facts are on ClickHouse: score one currency (--currency without --convert)",
        },
      ]);
      expect(await api.sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`)).toEqual(runsBefore);
      return;
    }
    const convertedRun = await finalRun(converted.data!.runScoring.run!.id);
    expect(convertedRun).toMatchObject({
      status: "COMPLETE",
      currencyCode: "USD",
      currencyConverted: true,
      ordersLeftOut: 0,
    });
    const customer = await api.gql<{
      customer: {
        score: {
          monetary: { amount: string; currencyCode: string };
          frequency: number;
          currencyCode: string;
        };
      };
    }>(`{ customer(id: "EURO1") { score { monetary { amount currencyCode } frequency currencyCode } } }`);
    // 10.00 EUR and 5.00 EUR at 1.1 USD per EUR.
    expect(customer.data!.customer.score).toEqual({
      monetary: { amount: "16.50", currencyCode: "USD" },
      frequency: 2,
      currencyCode: "USD",
    });
    // Three runs started (each a worker thread), two of them scored: more than the default
    // minute on a loaded two-core machine.
  }, 120_000);
});
