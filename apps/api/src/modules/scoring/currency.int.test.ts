/**
 * Runs over orders in several currencies and channels (docs/scoring.md, "Currencies" and
 * "Channels"), on a literal file (test/fixtures/currencies) imported by the real importer.
 * Oracles: SQL written here over the stored orders, and values computed by hand from the files.
 * On each facts engine; ClickHouse refuses converted runs by design (INVALID_OPTIONS, field
 * convert), and those tests assert the refusal there.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../app-error";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../../db/testing";
import { importTransactions } from "../import/import.service";
import { REPO_ROOT, textInput } from "../import/test-support";
import { createProfile } from "../profile/profile.repository";
import { importRates } from "../rates/rates.service";
import { runScoring } from "./scoring.service";
import { storedScores } from "./test-store";

const DIR = path.join(REPO_ROOT, "test/fixtures/currencies");
const file = (name: string) => readFileSync(path.join(DIR, name), "utf8");
/** The end of 2024-03-31: every order of the file counts. */
const AS_OF = Date.UTC(2024, 3, 1);
const STORE = { storeCurrency: "USD", asOf: AS_OF, clv: "none" as const };

describe.each(FACT_ENGINES)("runs over several currencies and channels on %s", (engine) => {
  const t = useTestDatabase(engine);

  async function load(): Promise<void> {
    const summary = await importTransactions({
      db: t.db,
      input: textInput(file("orders.csv")),
      parse: { now: Date.UTC(2025, 0, 1) },
      source: "orders.csv",
    });
    expect(summary.rejected).toBe(0);
  }

  /**
   * Net spend and purchases per customer, by SQL over the stored orders: `where` on the orders
   * `t`, `clickhouse` the same condition on the cluster's columns (the latest version of each
   * order, joined on each shard with its own customers).
   */
  async function bySql(
    where: string,
    clickhouse: string,
  ): Promise<Record<string, { cents: number; purchases: number }>> {
    const rows = await factsQuery<{ id: string; cents: unknown; purchases: unknown }>(t.db, {
      sql: `SELECT c.external_id AS id, sum(t.amount_cents) AS cents,
              sum(CASE WHEN t.amount_cents > 0 THEN 1 ELSE 0 END) AS purchases
       FROM transactions t JOIN customers c ON c.id = t.customer_id
       WHERE ${where} GROUP BY c.external_id`,
      clickhouse: `SELECT external_id AS id, sum(amount_cents) AS cents, sum(amount_cents > 0) AS purchases
       FROM transactions FINAL
       ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
       WHERE ${clickhouse} GROUP BY external_id`,
    });
    return Object.fromEntries(
      rows
        .filter((row) => Number(row.purchases) > 0)
        .map((row) => [row.id, { cents: Number(row.cents), purchases: Number(row.purchases) }]),
    );
  }

  async function scores(runId: number): Promise<Record<string, { cents: number; purchases: number }>> {
    const stored = await storedScores(t.db, runId);
    return Object.fromEntries(
      [...stored].map(([id, s]) => [id, { cents: Number(s.monetaryCents), purchases: s.frequency }]),
    );
  }

  async function refusal(run: Promise<unknown>): Promise<AppError> {
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  /** A converted run on ClickHouse: refused by design (docs/clickhouse.md), and no run is stored. */
  async function expectConversionRefused(run: Promise<unknown>): Promise<void> {
    const error = await refusal(run);
    expect([error.code, error.field, error.message]).toEqual([
      "INVALID_OPTIONS",
      "convert",
      "converting currencies is not available when the facts are on ClickHouse: score one currency (--currency without --convert)",
    ]);
    expect(await t.db.prisma.scoringRun.count()).toBe(0);
  }

  it("stores the file's currencies upper-case, none given as null", async () => {
    await load();
    const rows = await factsQuery<{ order_id: string; currency: string | null }>(t.db, {
      sql: "SELECT order_id, currency FROM transactions ORDER BY order_id",
      clickhouse: "SELECT order_id, currency FROM transactions FINAL ORDER BY order_id",
    });
    expect(Object.fromEntries(rows.map((r) => [r.order_id, r.currency]))).toEqual({
      "1": "EUR",
      "2": "USD",
      "3": null,
      "4": "EUR",
      "5": "JPY",
      "6": "EUR",
      "7": "EUR",
      "8": "GBP",
      "9": "EUR",
      "10": "USD",
      "11": "USD",
    });
  });

  it("refuses to sum several currencies when the run names none (MIXED_CURRENCIES, listing them), and stores no run", async () => {
    await load();
    const error = await refusal(runScoring({ db: t.db, ...STORE }));
    expect(error.code).toBe("MIXED_CURRENCIES");
    expect(error.message).toContain(
      "in 4 currencies (EUR: 5 orders, GBP: 1 orders, JPY: 1 orders, USD: 4 orders)",
    );
    expect(await t.db.prisma.scoringRun.count()).toBe(0);
  });

  it("a EUR run counts EUR orders only: monetary equals SQL's sums, the others are left out, counted per currency and reported", async () => {
    await load();
    const { run } = await runScoring({ db: t.db, ...STORE, currency: "eur" });
    const expected = await bySql("coalesce(t.currency, 'USD') = 'EUR'", "ifNull(currency, 'USD') = 'EUR'");
    // By hand from orders.csv: alice 100.00, bob 80.00, carol 30.00, erin 24.50; dave refunds only.
    expect(expected).toEqual({
      alice: { cents: 10000, purchases: 1 },
      bob: { cents: 8000, purchases: 1 },
      carol: { cents: 3000, purchases: 1 },
      erin: { cents: 2450, purchases: 1 },
    });
    expect(await scores(run.id)).toEqual(expected);
    expect(run.currency).toBe("EUR");
    expect(run.currencyConverted).toBe(false);
    expect(run.transactionsRead).toBe(5);
    expect(run.customersWithoutPurchases).toBe(1);
    expect(run.leftOut).toEqual({ orders: 6, byCurrency: { GBP: 1, JPY: 1, USD: 4 }, byChannel: {} });
    expect(run.warnings.find((w) => w.code === "ORDERS_LEFT_OUT")?.message).toBe(
      "6 orders of the window left out: 1 in GBP, 1 in JPY, 4 in USD (the run counts EUR only).",
    );
  });

  it("a converted EUR run converts each order at the latest rate on or before its day, to the cent (values by hand)", async () => {
    await load();
    const rates = await importRates(t.db, file("rates-eur.csv"), { base: "EUR" });
    expect(rates).toEqual({ rows: 4, inserted: 4, replaced: 0, bases: ["EUR"] });
    if (engine === "clickhouse") {
      await expectConversionRefused(runScoring({ db: t.db, ...STORE, currency: "EUR", convert: true }));
      return;
    }
    const { run } = await runScoring({ db: t.db, ...STORE, currency: "EUR", convert: true });
    expect(await scores(run.id)).toEqual({
      // 100.00 EUR + 50.00 USD on 02-15 at 0.92 (the 02-01 rate) = 100.00 + 46.00
      alice: { cents: 14600, purchases: 2 },
      // 200.00 USD (none given: the store's) on 01-20 at 0.9 = 180.00, + 80.00 EUR
      bob: { cents: 26000, purchases: 2 },
      // 1000 JPY at 0.0062 = 6.20, + 30.00 EUR
      carol: { cents: 3620, purchases: 2 },
      // 75.50 GBP at 1.16 = 87.58, + 24.50 EUR
      erin: { cents: 11208, purchases: 2 },
      // 12.34 USD on 01-31 at 0.9 = 11.106 -> 11.11; 10.00 USD on 02-01 at that day's 0.92 = 9.20
      frank: { cents: 2031, purchases: 2 },
    });
    expect(run.currency).toBe("EUR");
    expect(run.currencyConverted).toBe(true);
    expect(run.transactionsRead).toBe(11);
    expect(run.leftOut).toEqual({ orders: 0, byCurrency: {}, byChannel: {} });
    expect(run.warnings.map((w) => w.code)).not.toContain("ORDERS_LEFT_OUT");
  });

  it("a profile names its currency and conversion: its runs are in EUR, converted, without options", async () => {
    await load();
    await importRates(t.db, file("rates-eur.csv"), { base: "EUR" });
    const euro = await createProfile(t.db, "tester", {
      key: "euro",
      name: "In euros",
      settings: { currency: "eur", convert: true },
    });
    expect(euro.settings).toMatchObject({ currency: "EUR", convert: true });
    // Converting into no currency is refused when the profile is written.
    await expect(
      createProfile(t.db, "tester", { key: "bad", name: "Bad", settings: { convert: true } }),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "settings.convert" });
    if (engine === "clickhouse") {
      await expectConversionRefused(runScoring({ db: t.db, ...STORE, profileId: euro.id }));
      return;
    }
    const { run } = await runScoring({ db: t.db, ...STORE, profileId: euro.id });
    expect(run).toMatchObject({ profileId: euro.id, currency: "EUR", currencyConverted: true });
    // The same hand-computed values as the converted run above.
    expect(await scores(run.id)).toMatchObject({
      alice: { cents: 14600, purchases: 2 },
      frank: { cents: 2031, purchases: 2 },
    });
  });

  it("a converted run with an order lacking a rate is refused, naming the currency and the first day without one", async () => {
    await load();
    // Rates into EUR only from February: January's USD, JPY and GBP orders have none.
    await importRates(
      t.db,
      "date,currency,rate\n2024-02-01,USD,0.92\n2024-02-01,JPY,0.0062\n2024-02-01,GBP,1.16\n",
      {
        base: "EUR",
      },
    );
    if (engine === "clickhouse") {
      // Refused before any rate is looked up: converting is not available there at all.
      await expectConversionRefused(runScoring({ db: t.db, ...STORE, currency: "EUR", convert: true }));
      await expectConversionRefused(runScoring({ db: t.db, ...STORE, currency: "USD", convert: true }));
      return;
    }
    const error = await refusal(runScoring({ db: t.db, ...STORE, currency: "EUR", convert: true }));
    expect(error.code).toBe("MISSING_EXCHANGE_RATE");
    expect(error.message).toBe(
      "no exchange rate into EUR for GBP on or before 2024-01-05 (1 orders without a rate), USD on or before 2024-01-20 (2 orders without a rate): import rates with base EUR (rfm import rates FILE --base EUR)",
    );
    // Into USD there is no rate at all.
    const usd = await refusal(runScoring({ db: t.db, ...STORE, currency: "USD", convert: true }));
    expect(usd.message).toMatch(
      /^no exchange rate into USD for EUR on or before 2024-01-10 \(5 orders without a rate\), GBP/,
    );
    expect(await t.db.prisma.scoringRun.count()).toBe(0);
  });

  it("channels: only orders of the listed channels count, case-insensitively; the others are counted per channel", async () => {
    await load();
    const { run } = await runScoring({ db: t.db, ...STORE, currency: "EUR", channels: ["Online"] });
    const expected = await bySql(
      "coalesce(t.currency, 'USD') = 'EUR' AND lower(t.channel) = 'online'",
      "ifNull(currency, 'USD') = 'EUR' AND lower(ifNull(channel, '')) = 'online'",
    );
    expect(expected).toEqual({
      alice: { cents: 10000, purchases: 1 },
      bob: { cents: 8000, purchases: 1 },
      erin: { cents: 2450, purchases: 1 },
    });
    expect(await scores(run.id)).toEqual(expected);
    expect(run.transactionsRead).toBe(4);
    // Orders 2 and 6 are in the store, 8, 10 and 11 have no channel; 2, 8, 10, 11 are also not in EUR.
    expect(run.leftOut).toEqual({
      orders: 7,
      byCurrency: { GBP: 1, JPY: 1, USD: 4 },
      byChannel: { "": 3, store: 2 },
    });
  });

  it("one currency with channels: the run's currency is the data's, and a channel list alone is enough", async () => {
    await importTransactions({
      db: t.db,
      input: textInput(
        "order_id,customer_id,occurred_at,amount,channel\na,x,2024-01-02,10.00,web\nb,x,2024-01-03,5.00,shop\nc,y,2024-01-04,7.00,WEB\n",
      ),
      parse: { now: Date.UTC(2025, 0, 1) },
      source: "one-currency.csv",
    });
    const all = await runScoring({ db: t.db, ...STORE });
    expect(all.run.currency).toBe("USD");
    expect(all.run.leftOut).toBeNull();
    const web = await runScoring({ db: t.db, ...STORE, channels: ["web"] });
    expect(await scores(web.run.id)).toEqual({
      x: { cents: 1000, purchases: 1 },
      y: { cents: 700, purchases: 1 },
    });
    expect(web.run.leftOut).toEqual({ orders: 1, byCurrency: {}, byChannel: { shop: 1 } });
    const error = await refusal(runScoring({ db: t.db, ...STORE, currency: "EURO" }));
    expect([error.code, error.field]).toEqual(["UNKNOWN_CURRENCY", "currency"]);
  });

  it("an order's lines in two currencies: the later line is a CURRENCY_CONFLICT reject, in the same batch or a later one", async () => {
    for (const batchSize of [10, 1]) {
      const summary = await importTransactions({
        db: t.db,
        input: textInput(
          `order_id,customer_id,occurred_at,amount,Devise\nL${batchSize},x,2024-01-02,10.00,EUR\nL${batchSize},x,2024-01-02,5.00,USD\nL${batchSize},x,2024-01-02,2.00,eur\n`,
        ),
        parse: { now: Date.UTC(2025, 0, 1), batchSize, columns: { currency: "Devise" } },
        source: "lines.csv",
        keepRejects: 10,
      });
      expect(summary.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
        [3, "Devise", "CURRENCY_CONFLICT"],
      ]);
      const [order] = await factsQuery<{ amount_cents: number; currency: string; line_count: number }>(t.db, {
        sql: `SELECT amount_cents, currency, line_count FROM transactions WHERE order_id = 'L${batchSize}'`,
        clickhouse: `SELECT amount_cents, currency, line_count FROM transactions FINAL WHERE order_id = 'L${batchSize}'`,
      });
      expect(order).toEqual({ amount_cents: 1200, currency: "EUR", line_count: 3 });
    }
  });

  it("rates: a file with bad rows stores nothing and names each row's line, column and reason; re-importing replaces", async () => {
    const error = await refusal(importRates(t.db, file("rates-bad.csv")));
    expect(error.code).toBe("INVALID_RATES");
    const rejects = (error.details.rejects as { line: number; column: string | null; code: string }[]).map(
      (r) => [r.line, r.column, r.code],
    );
    expect(rejects).toEqual([
      [3, "date", "BAD_DATE"],
      [4, "currency", "UNKNOWN_CURRENCY"],
      [5, "rate", "BAD_RATE"],
      [6, "base", "UNKNOWN_CURRENCY"],
      [7, null, "DUPLICATE_RATE"],
      [8, "currency", "SAME_CURRENCY"],
    ]);
    expect(error.message).toContain(
      'line 3, column date: BAD_DATE: date "2024-02-30" is not a calendar day YYYY-MM-DD',
    );
    expect(await t.db.prisma.exchangeRate.count()).toBe(0);

    await importRates(t.db, file("rates-eur.csv"), { base: "EUR" });
    const again = await importRates(
      t.db,
      "date,currency,rate,base\n2024-01-01,USD,0.95,EUR\n2024-01-01,USD,1.1,CHF\n",
    );
    expect(again).toEqual({ rows: 2, inserted: 1, replaced: 1, bases: ["CHF", "EUR"] });
    const rows = await t.db.raw.query<{ currency: string; base: string; rate: number; date: number }>(
      "SELECT currency, base, rate, date FROM exchange_rates WHERE currency = 'USD' ORDER BY base, date",
    );
    expect(rows).toEqual([
      { currency: "USD", base: "CHF", rate: 1.1, date: Date.UTC(2024, 0, 1) },
      { currency: "USD", base: "EUR", rate: 0.95, date: Date.UTC(2024, 0, 1) },
      { currency: "USD", base: "EUR", rate: 0.92, date: Date.UTC(2024, 1, 1) },
    ]);
  });
});
