import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { type DemoOptions, generateDemo } from "./generate";

/** Header of the transactions file: our own column names, so it imports with no --map. */
export const TRANSACTION_HEADER = "order_id,customer_id,occurred_at,amount,channel";
export const CUSTOMER_HEADER = "customer_id,name,email,province,region,city,created_at";

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
  await write(transactions, `${TRANSACTION_HEADER}\n`);
  if (customers) await write(customers, `${CUSTOMER_HEADER}\n`);
  const iso = isoFormatter();
  for (const batch of generateDemo(options)) {
    let chunk = "";
    for (let i = 0; i < batch.customerId.length; i++) {
      chunk += `${batch.orderId[i]},${batch.customerId[i]},${iso(batch.occurredAt[i]!)},${batch.amount[i]!.toFixed(2)},${batch.channel[i]}\n`;
    }
    result.transactions += batch.customerId.length;
    await write(transactions, chunk);
    if (customers) {
      let lines = "";
      for (const c of batch.customers) {
        lines += `${c.id},${c.name},${c.email},${c.province},${c.region},${c.city},${new Date(c.createdAt).toISOString().slice(0, 10)}\n`;
      }
      await write(customers, lines);
    }
    result.customers += batch.customers.length;
  }
  await Promise.all([close(transactions), customers ? close(customers) : Promise.resolve()]);
  return result;
}

/** `Date#toISOString` with the date part cached per day: the same text, several times faster. */
function isoFormatter(): (ms: number) => string {
  const days = new Map<number, string>();
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return (ms) => {
    const day = Math.floor(ms / 86_400_000);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * 86_400_000).toISOString().slice(0, 11);
      days.set(day, date);
    }
    const rest = ms - day * 86_400_000;
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
