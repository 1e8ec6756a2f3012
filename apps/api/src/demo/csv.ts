import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { DAY_MS } from "@rfm/core";
import { type DemoOptions, generateDemo } from "./generate";

/** Header of the transactions file: our own column names, so it imports with no --map. */
export const TRANSACTION_HEADER = "order_id,customer_id,occurred_at,amount,channel";
export const CUSTOMER_HEADER =
  "customer_id,name,email,province,region,city,created_at,phone,marketing_consent";

export interface DemoCsvResult {
  transactions: number;
  customers: number;
}

/**
 * Writes the demo store as two CSV files (transactions, customers) with our own headers,
 * streaming with back-pressure so that 20 million rows never sit in memory. Times are ISO
 * 8601 UTC. Names may contain an apostrophe but never a comma or quote, so no quoting is needed.
 */
export async function writeDemoCsv(
  options: DemoOptions & { readonly transactionsPath: string; readonly customersPath?: string },
): Promise<DemoCsvResult> {
  const transactions = createWriteStream(options.transactionsPath);
  const customers = options.customersPath ? createWriteStream(options.customersPath) : null;
  const result = { transactions: 0, customers: 0 };
  for (const chunk of demoCsvChunks(options)) {
    await write(transactions, chunk.transactions);
    if (customers) await write(customers, chunk.customers);
    result.transactions = chunk.transactionsSoFar;
    result.customers = chunk.customersSoFar;
  }
  await Promise.all([close(transactions), customers ? close(customers) : Promise.resolve()]);
  return result;
}

export interface DemoCsvChunk {
  /** CSV text: the header in the first chunk, then whole lines. */
  readonly transactions: string;
  readonly customers: string;
  readonly transactionsSoFar: number;
  readonly customersSoFar: number;
}

/**
 * The demo store as CSV text, one chunk per generated batch, headers first: what
 * `writeDemoCsv` writes to files, and what `rfm demo` streams straight into the importer
 * without a temporary file.
 */
export function* demoCsvChunks(options: DemoOptions = {}): Generator<DemoCsvChunk> {
  const iso = isoFormatter();
  let transactionsSoFar = 0;
  let customersSoFar = 0;
  let first = true;
  for (const batch of generateDemo(options)) {
    let transactions = first ? `${TRANSACTION_HEADER}\n` : "";
    let customers = first ? `${CUSTOMER_HEADER}\n` : "";
    first = false;
    for (let i = 0; i < batch.customerId.length; i++) {
      transactions += `${batch.orderId[i]},${batch.customerId[i]},${iso(batch.occurredAt[i]!)},${batch.amount[i]!.toFixed(2)},${batch.channel[i]}\n`;
    }
    for (const c of batch.customers) {
      customers += `${c.id},${c.name},${c.email},${c.province},${c.region},${c.city},${new Date(c.createdAt).toISOString().slice(0, 10)},${c.phone},${c.marketingConsent}\n`;
    }
    transactionsSoFar += batch.customerId.length;
    customersSoFar += batch.customers.length;
    yield { transactions, customers, transactionsSoFar, customersSoFar };
  }
}

/** `Date#toISOString` with the date part cached per day: the same text, several times faster. */
function isoFormatter(): (ms: number) => string {
  const days = new Map<number, string>();
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return (ms) => {
    const day = Math.floor(ms / DAY_MS);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MS).toISOString().slice(0, 11);
      days.set(day, date);
    }
    const rest = ms - day * DAY_MS;
    const millis = rest % 1000;
    const seconds = Math.floor(rest / 1000);
    return `${date}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${String(millis).padStart(3, "0")}Z`;
  };
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}
