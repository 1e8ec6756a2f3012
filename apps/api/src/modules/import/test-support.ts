/**
 * Shared by the import integration tests: the six real files with the options docs/import.md
 * gives them, table checksums, an independent reckoning of what a file should store, and running
 * the real `rfm` command.
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "../../db/client";
import { childEnv } from "../../env";
import { type ImportInput, type ParseOptions, parseTransactions } from "../../import";

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "../../../../..");
/**
 * The real files, committed byte for byte in `test/fixtures/data` (see its README): the one path
 * every test that reads them uses (these, the parser's and test/clv-cdnow.test.ts).
 */
export const DATA_DIR = path.resolve(REPO_ROOT, "test/fixtures/data");

export interface RealFile {
  readonly file: string;
  readonly options: ParseOptions;
  readonly expected: {
    readonly rowsRead: number;
    readonly ordersCreated: number;
    readonly customersCreated: number;
    readonly rejected: number;
  };
}

/** The options of docs/import.md's worked examples; counts checked independently (Python csv). */
export const REAL_FILES: readonly RealFile[] = [
  {
    file: "superstore-canada.csv",
    options: {
      // Sales has up to four decimals (4965.7595): rounded to cents, half-up.
      roundAmounts: "half-up",
      encoding: "latin1",
      dateFormats: ["M/d/yyyy", "M-d-yyyy"],
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer Name",
        name: "Customer Name",
        amount: "Sales",
      },
    },
    // 21 order ids are shared by two customers: the second customer's 28 lines are rejected.
    expected: { rowsRead: 8399, ordersCreated: 5496, customersCreated: 795, rejected: 28 },
  },
  {
    file: "superstore-us.csv",
    options: {
      roundAmounts: "half-up",
      dateFormats: ["M/d/yyyy"],
      columns: {
        order_id: "Order ID",
        occurred_at: "Order Date",
        customer_id: "Customer ID",
        name: "Customer Name",
        amount: "Sales",
        province: "State",
      },
    },
    expected: { rowsRead: 9994, ordersCreated: 5009, customersCreated: 793, rejected: 0 },
  },
  {
    file: "superstore-orders-2011-2014.csv",
    options: {
      encoding: "macintosh",
      dateFormats: ["M/d/yy"],
      columns: {
        occurred_at: "order_date",
        customer_id: "customer",
        name: "customer",
        amount: "grand_total",
      },
    },
    expected: { rowsRead: 5009, ordersCreated: 5009, customersCreated: 793, rejected: 0 },
  },
  {
    file: "cdnow-master.txt",
    options: {
      delimiter: "whitespace",
      dateFormats: ["yyyyMMdd"],
      columns: { order_id: "@auto", occurred_at: "date", amount: "dollar_value" },
    },
    expected: { rowsRead: 69659, ordersCreated: 69659, customersCreated: 23570, rejected: 0 },
  },
  {
    file: "online-retail-invoices.csv",
    options: {
      // Float noise from the export: 22.200000000000003.
      roundAmounts: "half-up",
      columns: {
        order_id: "InvoiceNo",
        occurred_at: "InvoiceDate",
        customer_id: "CustomerID",
        amount: "TotalPrice",
      },
    },
    expected: { rowsRead: 18532, ordersCreated: 18532, customersCreated: 4338, rejected: 0 },
  },
  {
    file: "r-rfm-orders.csv",
    options: {
      columns: { order_id: "@auto", occurred_at: "order_date", amount: "revenue", name: "customer_id" },
    },
    expected: { rowsRead: 4906, ordersCreated: 4906, customersCreated: 995, rejected: 0 },
  },
];

/** A file of {@link DATA_DIR} as an input stream. */
export function dataFile(file: string): ImportInput {
  return createReadStream(path.join(DATA_DIR, file), { highWaterMark: 1 << 16 });
}

/** Text as an input stream of UTF-8 chunks of `size` bytes (split anywhere). */
export async function* textInput(text: string, size = 64): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export interface Checksum {
  orders: number;
  cents: number;
  lines: number;
  customers: number;
}

/** What the tables hold, in four numbers (on ClickHouse: the latest version of each row). */
export async function checksum(db: Database): Promise<Checksum> {
  if (db.analytics) {
    const [t] = await db.analytics.query<{ orders: string; cents: string; lines: string }>(
      "SELECT count() AS orders, sum(amount_cents) AS cents, sum(line_count) AS lines FROM transactions FINAL",
    );
    const [c] = await db.analytics.query<{ customers: string }>(
      "SELECT count() AS customers FROM customers FINAL",
    );
    return {
      orders: Number(t!.orders),
      cents: Number(t!.cents),
      lines: Number(t!.lines),
      customers: Number(c!.customers),
    };
  }
  const [t] = await db.raw.query<{ orders: number; cents: number | string | null; lines: number | null }>(
    "SELECT count(*) AS orders, sum(amount_cents) AS cents, sum(line_count) AS lines FROM transactions",
  );
  const [c] = await db.raw.query<{ customers: number }>("SELECT count(*) AS customers FROM customers");
  return { orders: t!.orders, cents: Number(t!.cents ?? 0), lines: t!.lines ?? 0, customers: c!.customers };
}

/**
 * What a transactions file should store, reckoned here without the database: each order id
 * belongs to the customer of its first line, other customers' lines are left out; the other lines
 * add up (cents: Math.round(amount * 100)).
 */
export async function expectedFromFile(input: ImportInput, options: ParseOptions): Promise<Checksum> {
  const owner = new Map<string, string>();
  const customers = new Set<string>();
  let cents = 0;
  let lines = 0;
  for await (const batch of parseTransactions(input, options)) {
    for (let i = 0; i < batch.size; i++) {
      const order = batch.orderId[i]!;
      const customer = batch.customerId[i]!;
      customers.add(customer);
      if (!owner.has(order)) owner.set(order, customer);
      if (owner.get(order) !== customer) continue;
      cents += Math.round(batch.amount[i]! * 100);
      lines++;
    }
  }
  return { orders: owner.size, cents, lines, customers: customers.size };
}

// ---------------------------------------------------------------------------------------------
// The real command

const BIN = path.join(REPO_ROOT, "apps/api/bin/rfm.mjs");

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcess {
  readonly pid: number | undefined;
  kill(signal: NodeJS.Signals): void;
  readonly done: Promise<CliRun>;
}

/** The database a command runs on: a DATABASE_URL, or a test database's `env` (ANALYTICS_URL too). */
export type CliDatabase = string | { readonly env: Readonly<Record<string, string>> };

/**
 * Starts `node apps/api/bin/rfm.mjs <args>` with DATABASE_URL and ANALYTICS_URL (and any
 * `extraEnv`, such as STORE_TIME_ZONE) set, from the repository root (or `cwd`).
 */
export function startCli(
  args: readonly string[],
  database: CliDatabase,
  extraEnv: Readonly<Record<string, string>> = {},
  cwd: string = REPO_ROOT,
): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: childEnv({
      ...extraEnv,
      ...(typeof database === "string" ? { DATABASE_URL: database, ANALYTICS_URL: "" } : database.env),
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { pid: child.pid, kill: (signal) => child.kill(signal), done };
}

export function runCli(
  args: readonly string[],
  database: CliDatabase,
  extraEnv: Readonly<Record<string, string>> = {},
  cwd?: string,
): Promise<CliRun> {
  return startCli(args, database, extraEnv, cwd).done;
}
