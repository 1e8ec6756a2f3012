/**
 * The kill matrix's transactions file (kill-matrix.int.test.ts), written from a fixed seed, and
 * what the tables must hold after any prefix of it is committed, reckoned from the generated rows
 * alone (never from the importer): each order's customer, cents and line count, each customer's
 * details.
 *
 * The file has what makes folding and resuming hard: orders of one to four lines whose lines are
 * not always next to each other, customers with many orders, refunds (orders with a negative
 * amount), and customer details present on some orders only. Values are clean (two decimals, dates
 * in 2023-2024): the matrix tests kills, not validation.
 */
import { type Random, seededRandom } from "@rfm/core";

export const KILL_FILE_HEADER = "order_id,customer_id,occurred_at,amount,name,email,city";

/** One line of the file; `cents` is the amount exactly (the file says `cents / 100` to two decimals). */
export interface KillFileRow {
  readonly orderId: string;
  readonly customerId: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly cents: number;
  readonly name: string;
  readonly email: string;
  readonly city: string;
}

export interface KillFileOptions {
  readonly seed: number;
  readonly orders: number;
  readonly customers: number;
}

const CITIES = ["Montréal", "Toronto", "Saint John", "Québec", "Halifax"];
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2023, 0, 1);
/** Days from 2023-01-01 to 2024-12-31, both included. */
const DAYS = 731;

const pick = (random: Random, n: number): number => Math.floor(random() * n);

/**
 * The rows, in file order. Deterministic for a seed. Each order has one customer and one day;
 * about one order in twelve is a refund of one line. Lines are shuffled within a window of four,
 * so some orders' lines are apart (the importer's rule: the k-th occurrence is line k).
 */
export function killFileRows(options: KillFileOptions): KillFileRow[] {
  const random = seededRandom(options.seed);
  const rows: KillFileRow[] = [];
  for (let o = 1; o <= options.orders; o++) {
    // Skewed toward low ids: some customers order often, many once.
    const c = 1 + Math.floor(random() ** 2 * options.customers);
    const customerId = `C${String(c).padStart(5, "0")}`;
    const day = new Date(FIRST_DAY + pick(random, DAYS) * DAY_MS).toISOString().slice(0, 10);
    const refund = random() < 1 / 12;
    const lines = refund ? 1 : 1 + pick(random, 4);
    // Details on about two orders in three, on each of their lines, always the customer's own:
    // the importer takes an order's details from its first line in a batch, so details on some
    // lines of an order only would make the outcome depend on where batches end.
    const detailed = random() < 2 / 3;
    for (let l = 0; l < lines; l++) {
      const cents = (refund ? -1 : 1) * (100 + pick(random, 30_000));
      rows.push({
        orderId: `O${String(o).padStart(6, "0")}`,
        customerId,
        day,
        cents,
        name: detailed ? `Doe, Client ${c}` : "",
        email: detailed && c % 3 !== 0 ? `client${c}@example.com` : "",
        city: detailed ? CITIES[c % CITIES.length]! : "",
      });
    }
  }
  for (let i = 0; i + 1 < rows.length; i++) {
    const j = i + pick(random, Math.min(4, rows.length - i));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

const cell = (text: string): string => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** The rows as a CSV file (LF line ends, RFC 4180 quoting). */
export function killFileCsv(rows: readonly KillFileRow[]): string {
  let text = `${KILL_FILE_HEADER}\n`;
  for (const r of rows) {
    const amount = (r.cents / 100).toFixed(2);
    text += `${[r.orderId, r.customerId, r.day, amount, cell(r.name), cell(r.email), cell(r.city)].join(",")}\n`;
  }
  return text;
}

/** What the tables hold when the first rows of the file are committed, as sorted plain rows. */
export interface KillFileState {
  /** `[order_id, customer_id, cents, lines]`, by order id. */
  readonly orders: readonly (readonly [string, string, number, number])[];
  /** `[customer_id, name, email, city]`, by customer id; null where no row gave the detail. */
  readonly customers: readonly (readonly [string, string | null, string | null, string | null])[];
  readonly cents: number;
  readonly lines: number;
}

/**
 * The state after the first `committed` rows: every order with the lines of it seen so far (an
 * order's cents are its lines' sum), every customer seen, each detail the first value given.
 */
export function killFileState(rows: readonly KillFileRow[], committed = rows.length): KillFileState {
  const orders = new Map<string, [string, string, number, number]>();
  const customers = new Map<string, [string, string | null, string | null, string | null]>();
  let cents = 0;
  for (const r of rows.slice(0, committed)) {
    const order = orders.get(r.orderId) ?? [r.orderId, r.customerId, 0, 0];
    order[2] += r.cents;
    order[3] += 1;
    orders.set(r.orderId, order);
    const customer = customers.get(r.customerId) ?? [r.customerId, null, null, null];
    customer[1] ??= r.name || null;
    customer[2] ??= r.email || null;
    customer[3] ??= r.city || null;
    customers.set(r.customerId, customer);
    cents += r.cents;
  }
  const byId = (a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  return {
    orders: [...orders.values()].sort(byId),
    customers: [...customers.values()].sort(byId),
    cents,
    lines: Math.min(committed, rows.length),
  };
}
