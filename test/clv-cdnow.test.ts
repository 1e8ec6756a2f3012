/**
 * The CLV models against published figures, on the CDNOW master file (23,570 customers who
 * first bought in Q1 1997, purchases to June 1998). The published figures come from the 1/10
 * sample (2,357 customers) of the same cohort:
 *
 * - BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"), 39-week
 *   calibration ending 1997-09-30, weeks: r 0.243, α 4.414, a 0.793, b 2.426, LL −9,582.4.
 * - Gamma-Gamma (Fader & Hardie 2013; lifetimes' GammaGammaFitter docs), mean value of the
 *   calibration-period repeat transactions of the 946 repeat buyers: p 6.25, q 3.74, v 15.45.
 *
 * The full file is ten times the sample, so its estimates should sit near the sample's, within
 * the sample's sampling error. The measured values are in docs/clv.md.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DATA_DIR } from "@rfm/api/testing/import";
import {
  type BgNbdFit,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  DAY_MS,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaFit,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  type LifetimesSummary,
  predictClv,
  toLifetimesSummary,
} from "@rfm/core";
import { beforeAll, describe, expect, it } from "vitest";

const MASTER_FILE = path.join(DATA_DIR, "cdnow-master.txt");
/** Calibration: purchases up to and including 1997-09-30; T counts days to that day. */
const CALIBRATION_END = Date.UTC(1997, 9, 1);
/** Holdout: 1997-10-01 to 1998-06-30 inclusive, 39 weeks. */
const HOLDOUT_END = Date.UTC(1998, 6, 1);
const HOLDOUT_WEEKS = (HOLDOUT_END - CALIBRATION_END) / (7 * DAY_MS);

const PUBLISHED_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PUBLISHED_BGNBD_LL = -9582.4;
const PUBLISHED_BGNBD_CUSTOMERS = 2357;
const PUBLISHED_GG = { p: 6.25, q: 3.74, v: 15.45 };

interface Cdnow {
  summary: LifetimesSummary;
  customers: number;
  /** Repeat transactions (purchase days) per customer in the holdout. */
  holdoutPurchases: Float64Array;
  /** Dollars spent per customer in the holdout. */
  holdoutSpend: Float64Array;
}

/**
 * Parses the master file (customer id, YYYYMMDD, CDs, dollars; whitespace-separated, CRLF) and
 * combines a customer's purchases of one day into one transaction, the BTYD/lifetimes
 * convention, then builds the aggregator-style columns for the calibration period.
 */
function loadCdnow(): Cdnow {
  const lines = readFileSync(MASTER_FILE, "utf8").split(/\r?\n/);
  const ids: number[] = [];
  const days: number[] = [];
  const dollars: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (fields.length < 4) continue;
    const date = fields[1]!;
    ids.push(Number(fields[0]));
    days.push(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))));
    dollars.push(Number(fields[3]));
  }
  const order = ids.map((_, i) => i).sort((i, j) => ids[i]! - ids[j]! || days[i]! - days[j]!);
  const customerIds = [...new Set(ids)].sort((a, b) => a - b);
  const index = new Map(customerIds.map((id, i) => [id, i]));
  const n = customerIds.length;
  const firstPurchase = new Float64Array(n).fill(Number.NaN);
  const lastPurchase = new Float64Array(n);
  const purchases = new Uint32Array(n);
  const monetaryTotal = new Float64Array(n);
  const firstOrderValue = new Float64Array(n);
  const holdoutPurchases = new Float64Array(n);
  const holdoutSpend = new Float64Array(n);
  let previousKey = "";
  for (const row of order) {
    const c = index.get(ids[row]!)!;
    const day = days[row]!;
    const value = dollars[row]!;
    const sameDay = previousKey === `${c}:${day}`;
    previousKey = `${c}:${day}`;
    if (day < CALIBRATION_END) {
      if (Number.isNaN(firstPurchase[c]!)) firstPurchase[c] = day;
      if (!sameDay) purchases[c]! += 1;
      if (day === firstPurchase[c]) firstOrderValue[c]! += value;
      lastPurchase[c] = day;
      monetaryTotal[c]! += value;
    } else if (day < HOLDOUT_END) {
      if (!sameDay) holdoutPurchases[c]! += 1;
      holdoutSpend[c]! += value;
    }
  }
  const summary = toLifetimesSummary({
    firstPurchase,
    lastPurchase,
    purchases,
    monetaryTotal,
    firstOrderValue,
    asOf: CALIBRATION_END,
    unitDays: 7,
  });
  return { summary, customers: n, holdoutPurchases, holdoutSpend };
}

const sum = (values: Float64Array) => values.reduce((s, v) => s + v, 0);

describe("CLV models on the CDNOW master file", () => {
  let data: Cdnow;
  let bgnbd: BgNbdFit;
  let gammaGamma: GammaGammaFit;

  beforeAll(() => {
    data = loadCdnow();
    bgnbd = fitBgNbd(data.summary);
    gammaGamma = fitGammaGamma(data.summary);
  });

  it("reads the whole Q1-1997 cohort, first purchases all in the calibration period", () => {
    expect(data.customers).toBe(23_570);
    // A first purchase on 1997-01-01: (1997-09-30 - 1997-01-01).days = 272, 38.86 weeks, the
    // largest T of the published CDNOW summary (lifetimes counts days to the period's last day).
    expect(Math.max(...data.summary.T)).toBe(272 / 7);
    // The cohort's last first purchases are on 1997-03-25, the end of week 12: 189 days, 27 weeks.
    expect(Math.min(...data.summary.T)).toBe(27);
    expect(HOLDOUT_WEEKS).toBe(39);
  });

  it("fits the BG/NBD near the published sample estimates (measured r 0.252, α 4.79, a 0.723, b 2.16)", () => {
    expect(bgnbd.converged).toBe(true);
    // The sample's sampling error dominates the gap (the full file's own error is √10 smaller).
    // From simulated fits (5,000 customers: sd r 0.012, α 0.2, a 0.09, b 0.4) scaled to 2,357
    // customers, these bounds are roughly 2–3 standard errors; a wrong likelihood term, the wrong
    // time unit or uncombined same-day purchases each move an estimate well outside them.
    expect(Math.abs(bgnbd.r - PUBLISHED_BGNBD.r)).toBeLessThan(0.05);
    expect(Math.abs(bgnbd.alpha - PUBLISHED_BGNBD.alpha)).toBeLessThan(1.0);
    expect(Math.abs(bgnbd.a - PUBLISHED_BGNBD.a)).toBeLessThan(0.25);
    expect(Math.abs(bgnbd.b - PUBLISHED_BGNBD.b)).toBeLessThan(1.0);
  });

  it("the log-likelihood per customer matches the published one (measured −4.046 vs −4.066 nats)", () => {
    const perCustomer = bgnbd.logLikelihood / data.customers;
    // The mean of per-customer terms over 2,357 customers has a standard error of about 0.05.
    expect(Math.abs(perCustomer - PUBLISHED_BGNBD_LL / PUBLISHED_BGNBD_CUSTOMERS)).toBeLessThan(0.1);
  });

  it("the published parameters are near-optimal on the full file (measured 5.6 nats below the optimum)", () => {
    const atPublished = bgnbdLogLikelihood({ ...data.summary, params: PUBLISHED_BGNBD });
    const gap = bgnbd.logLikelihood - atPublished;
    expect(gap).toBeGreaterThanOrEqual(0);
    // A 1/10 subsample's estimate sits about 9·χ²₄/2 nats below the full optimum (mean 18,
    // 99th percentile 60).
    expect(gap).toBeLessThan(60);
  });

  it("reproduces the calibration period's repeat purchases in aggregate (measured within 0.5 %)", () => {
    // Unconditional expectation E[X(T_i)] summed over customers against the 24,337 observed.
    const actual = sum(data.summary.frequency);
    let expected = 0;
    const byT = new Map<number, number>();
    for (const T of data.summary.T) byT.set(T, (byT.get(T) ?? 0) + 1);
    for (const [T, count] of byT) {
      const [one] = bgnbdExpectedPurchases({
        params: bgnbd,
        t: T,
        frequency: Float64Array.of(0),
        recency: Float64Array.of(0),
        T: Float64Array.of(0),
      });
      expected += count * one!;
    }
    expect(Math.abs(expected / actual - 1)).toBeLessThan(0.02);
  });

  it("forecasts the 39-week holdout's repeat purchases in aggregate (measured 16,874 vs 19,684 actual: −14.3 %)", () => {
    const expected = sum(bgnbdExpectedPurchases({ ...data.summary, params: bgnbd, t: HOLDOUT_WEEKS }));
    const actual = sum(data.holdoutPurchases);
    expect(actual).toBe(19_684);
    // CDNOW buys more in the holdout than a stationary model projects: the published sample
    // parameters give the same shortfall here (16,577) while the calibration period is matched
    // to 0.5 %, and on simulated data the same code forecasts the holdout within 1 %. So the
    // bound is 20 % below to 10 % above, not ±10 %. Dropping equation (10)'s P(alive)
    // denominator, for one, gives +29 %.
    expect(expected / actual).toBeGreaterThan(0.8);
    expect(expected / actual).toBeLessThan(1.1);
  });

  it("fits the Gamma-Gamma near the published estimates (measured p 6.28, q 3.62, v 14.98)", () => {
    expect(gammaGamma.converged).toBe(true);
    // 9,450 repeat buyers with a positive mean, ten times the sample's 946.
    expect(gammaGamma.customers).toBeGreaterThan(9000);
    // p and v trade off along a ridge (individually loose at the sample's size, so their
    // bounds are regression guards around the measured values); q is sharper, and the implied
    // population mean spend p v / (q − 1) sharper still (published $35.24, measured $35.83).
    // Using the mean over all purchases instead of repeat purchases gives p ≈ 14.
    expect(Math.abs(gammaGamma.p - PUBLISHED_GG.p)).toBeLessThan(1.0);
    expect(Math.abs(gammaGamma.q - PUBLISHED_GG.q)).toBeLessThan(0.5);
    expect(Math.abs(gammaGamma.v - PUBLISHED_GG.v)).toBeLessThan(3.0);
    const mean = (p: { p: number; q: number; v: number }) => (p.p * p.v) / (p.q - 1);
    expect(Math.abs(mean(gammaGamma) / mean(PUBLISHED_GG) - 1)).toBeLessThan(0.05);
    const atPublished = gammaGammaLogLikelihood({ ...data.summary, params: PUBLISHED_GG });
    expect(gammaGamma.logLikelihood - atPublished).toBeGreaterThanOrEqual(0);
    expect(gammaGamma.logLikelihood - atPublished).toBeLessThan(30);
  });

  it("predicts holdout revenue in aggregate like purchases (measured $642,340 vs $776,961: −17 %), one CLV per customer", () => {
    const clv = predictClv({ ...data.summary, bgnbd, gammaGamma, horizon: HOLDOUT_WEEKS });
    expect(clv).toBeInstanceOf(Float64Array);
    expect(clv.length).toBe(data.customers);
    expect(clv.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    // Undiscounted CLV over the holdout = E[purchases] × E[spend per purchase]; revenue falls
    // short by about the same share as purchases do.
    const ratio = sum(clv) / sum(data.holdoutSpend);
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.1);
    const spend = gammaGammaExpectedSpend({ ...data.summary, params: gammaGamma });
    expect(spend.every((v) => v > 0)).toBe(true);
    // A year, discounted monthly at 1 %: below the undiscounted year.
    const year = predictClv({ ...data.summary, bgnbd, gammaGamma, horizon: 52 });
    const discounted = predictClv({
      ...data.summary,
      bgnbd,
      gammaGamma,
      horizon: 52,
      periodLength: 52 / 12,
      discountRatePerPeriod: 0.01,
    });
    expect(sum(discounted)).toBeLessThan(sum(year));
    expect(sum(discounted)).toBeGreaterThan(0.9 * sum(year));
  });
});
