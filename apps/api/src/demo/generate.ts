import { DAY_MS } from "@rfm/core";
import type { TransactionBatch } from "@rfm/core/reference";
import { Random } from "./random";

/** Canadian provinces and territories with population weights and the store's regions. */
export const PROVINCES = [
  { name: "Ontario", region: "Ontario", weight: 38.5 },
  { name: "Quebec", region: "Quebec", weight: 22.0 },
  { name: "British Columbia", region: "West", weight: 13.6 },
  { name: "Alberta", region: "West", weight: 11.8 },
  { name: "Manitoba", region: "Prairies", weight: 3.6 },
  { name: "Saskatchewan", region: "Prairies", weight: 3.0 },
  { name: "Nova Scotia", region: "Atlantic", weight: 2.6 },
  { name: "New Brunswick", region: "Atlantic", weight: 2.1 },
  { name: "Newfoundland and Labrador", region: "Atlantic", weight: 1.3 },
  { name: "Prince Edward Island", region: "Atlantic", weight: 0.4 },
  { name: "Yukon", region: "North", weight: 0.1 },
  { name: "Northwest Territories", region: "North", weight: 0.1 },
  { name: "Nunavut", region: "North", weight: 0.1 },
] as const;

const CITIES: Record<string, readonly string[]> = {
  Ontario: ["Toronto", "Ottawa", "Mississauga", "Hamilton", "London"],
  Quebec: ["Montreal", "Quebec City", "Laval", "Gatineau"],
  "British Columbia": ["Vancouver", "Victoria", "Surrey", "Kelowna"],
  Alberta: ["Calgary", "Edmonton", "Red Deer"],
  Manitoba: ["Winnipeg", "Brandon"],
  Saskatchewan: ["Saskatoon", "Regina"],
  "Nova Scotia": ["Halifax", "Sydney"],
  "New Brunswick": ["Moncton", "Saint John", "Fredericton"],
  "Newfoundland and Labrador": ["St. John's", "Corner Brook"],
  "Prince Edward Island": ["Charlottetown"],
  Yukon: ["Whitehorse"],
  "Northwest Territories": ["Yellowknife"],
  Nunavut: ["Iqaluit"],
};

const FIRST = [
  "Emma",
  "Liam",
  "Olivia",
  "Noah",
  "Chloé",
  "William",
  "Sophie",
  "Lucas",
  "Ava",
  "Benjamin",
  "Zoé",
  "Ethan",
  "Mia",
  "Jacob",
  "Léa",
  "Owen",
];
const LAST = [
  "Smith",
  "Tremblay",
  "Brown",
  "Roy",
  "Wilson",
  "Gagnon",
  "MacDonald",
  "Côté",
  "Lee",
  "Martin",
  "Taylor",
  "Bouchard",
  "Campbell",
  "Nguyen",
  "Singh",
  "O'Brien",
];
const CHANNELS = ["web", "store", "mobile"] as const;

export interface DemoOptions {
  /** Customers to generate (default 20 000). */
  readonly customers?: number;
  /** PRNG seed; the same seed always gives the same data. */
  readonly seed?: number;
  /** First and last day of purchases, ISO dates. */
  readonly from?: string;
  readonly to?: string;
  /** Rows per yielded batch. */
  readonly batchSize?: number;
  /** Multiplies every customer's purchase rate (1 by default, about 2.9 orders per customer; 4 gives about 8.4). */
  readonly ordersScale?: number;
}

export interface DemoCustomer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly province: string;
  readonly region: string;
  readonly city: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** A fictional North American number (555-01xx) written in one of several ways, or "" (none). */
  readonly phone: string;
  /** `yes` (about 80%), `no` (about 12%) or "" (not recorded, about 8%). */
  readonly marketingConsent: string;
}

/** Area codes of each province's main city, for demo phones. */
const AREA_CODES: Record<string, string> = {
  Ontario: "416",
  Quebec: "514",
  "British Columbia": "604",
  Alberta: "403",
  Manitoba: "204",
  Saskatchewan: "306",
  "Nova Scotia": "902",
  "New Brunswick": "506",
  "Newfoundland and Labrador": "709",
  "Prince Edward Island": "902",
  Yukon: "867",
  "Northwest Territories": "867",
  Nunavut: "867",
};

/**
 * A well-mixed 32-bit hash of the customer's number and the seed (murmur3's finaliser): the
 * demo's phones and consent come from it, not from the generator's random stream, so adding
 * them changed no order, amount or score of the demo (README's figures stay).
 */
function mix(n: number, seed: number): number {
  let h = Math.imul(n ^ Math.imul(seed, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The demo customer `c`'s phone and consent (see {@link DemoCustomer}). */
export function demoContact(
  c: number,
  seed: number,
  province: string,
): { phone: string; marketingConsent: string } {
  const h = mix(c + 1, seed);
  const consent = h % 100;
  const marketingConsent = consent < 80 ? "yes" : consent < 92 ? "no" : "";
  const line = `01${String((h >>> 8) % 100).padStart(2, "0")}`;
  const area = AREA_CODES[province] ?? "416";
  const style = (h >>> 16) % 20;
  const phone =
    style === 0
      ? ""
      : style < 8
        ? `(${area}) 555-${line}`
        : style < 14
          ? `${area}-555-${line}`
          : style < 18
            ? `+1 ${area} 555 ${line}`
            : `1${area}555${line}`;
  return { phone, marketingConsent };
}

export interface DemoBatch extends TransactionBatch {
  readonly channel: readonly string[];
  /** Customers whose first row is in this batch (every customer appears in exactly one batch's list). */
  readonly customers: readonly DemoCustomer[];
}

export const DEMO_DEFAULTS = {
  customers: 20_000,
  seed: 42,
  from: "2024-01-01",
  to: "2025-12-31",
  batchSize: 10_000,
};

/**
 * A deterministic synthetic store with the shapes real data has: most customers buy once
 * (order counts from a gamma-Poisson mixture, with churn), spend is heavy-tailed (log-normal
 * per customer and per order), purchases follow weekly and yearly seasonality (weekends,
 * November-December), about 3% of orders are partly refunded later, and customers live in
 * Canadian provinces and regions in proportion to population.
 *
 * Yields column batches so that millions of rows never sit in memory at once.
 */
export function* generateDemo(options: DemoOptions = {}): Generator<DemoBatch> {
  const customers = options.customers ?? DEMO_DEFAULTS.customers;
  const rng = new Random(options.seed ?? DEMO_DEFAULTS.seed);
  const start = Date.parse(`${options.from ?? DEMO_DEFAULTS.from}T00:00:00Z`);
  const end = Date.parse(`${options.to ?? DEMO_DEFAULTS.to}T00:00:00Z`) + DAY_MS;
  const days = Math.round((end - start) / DAY_MS);
  const batchSize = options.batchSize ?? DEMO_DEFAULTS.batchSize;
  const ordersScale = options.ordersScale ?? 1;

  const dayWeights = new Float64Array(days);
  let acc = 0;
  for (let d = 0; d < days; d++) {
    const date = new Date(start + d * DAY_MS);
    const weekday = date.getUTCDay();
    const month = date.getUTCMonth();
    const weekly = weekday === 0 || weekday === 6 ? 1.25 : 1;
    const yearly = month === 10 ? 1.5 : month === 11 ? 1.9 : month === 0 ? 0.75 : 1;
    acc += weekly * yearly;
    dayWeights[d] = acc;
  }
  const provinceWeights = new Float64Array(PROVINCES.length);
  acc = 0;
  PROVINCES.forEach((p, i) => {
    acc += p.weight;
    provinceWeights[i] = acc;
  });

  let rows = newRows();
  let orderSeq = 0;
  for (let c = 0; c < customers; c++) {
    const id = `C${String(c + 1).padStart(7, "0")}`;
    const province = PROVINCES[rng.weighted(provinceWeights)]!;
    const cities = CITIES[province.name]!;
    const first = FIRST[rng.int(FIRST.length)]!;
    const last = LAST[rng.int(LAST.length)]!;
    // The customer's active span: joins at a seasonal day, may churn before the end.
    const joinDay = rng.weighted(dayWeights);
    const activeDays = rng.next() < 0.45 ? rng.int(days - joinDay) + 1 : days - joinDay;
    const rate = rng.gamma(0.55) * 0.012 * ordersScale; // purchases per active day, heavy heterogeneity
    const orders = 1 + rng.poisson(rate * activeDays);
    const meanSpend = rng.logNormal(3.7, 0.85);
    const channel = CHANNELS[rng.int(CHANNELS.length)]!;
    rows.customers.push({
      id,
      name: `${first} ${last}`,
      email: `${first}.${last}.${c + 1}@example.ca`.toLowerCase().replace(/[^a-z0-9.@]/g, ""),
      province: province.name,
      region: province.region,
      city: cities[rng.int(cities.length)]!,
      createdAt: start + joinDay * DAY_MS - rng.int(90) * DAY_MS,
      ...demoContact(c, options.seed ?? DEMO_DEFAULTS.seed, province.name),
    });
    for (let k = 0; k < orders; k++) {
      const day = k === 0 ? joinDay : joinDay + rng.int(activeDays);
      const at = start + Math.min(day, days - 1) * DAY_MS + rng.int(DAY_MS);
      const amount = Math.max(1, Math.round(meanSpend * rng.logNormal(0, 0.45) * 100) / 100);
      const orderId = `O${String(++orderSeq).padStart(9, "0")}`;
      pushRow(rows, id, orderId, at, amount, channel);
      if (rng.next() < 0.03) {
        const refundAt = Math.min(at + (1 + rng.int(20)) * DAY_MS, end - 1);
        pushRow(
          rows,
          id,
          `${orderId}-R`,
          refundAt,
          -Math.round(amount * (0.2 + 0.8 * rng.next()) * 100) / 100,
          channel,
        );
      }
    }
    if (rows.customerId.length >= batchSize) {
      yield rows;
      rows = newRows();
    }
  }
  if (rows.customerId.length > 0 || rows.customers.length > 0) yield rows;
}

interface MutableRows {
  customerId: string[];
  orderId: string[];
  occurredAt: number[];
  amount: number[];
  channel: string[];
  customers: DemoCustomer[];
}

function newRows(): MutableRows {
  return { customerId: [], orderId: [], occurredAt: [], amount: [], channel: [], customers: [] };
}

function pushRow(
  rows: MutableRows,
  customer: string,
  order: string,
  at: number,
  amount: number,
  channel: string,
): void {
  rows.customerId.push(customer);
  rows.orderId.push(order);
  rows.occurredAt.push(at);
  rows.amount.push(amount);
  rows.channel.push(channel);
}
