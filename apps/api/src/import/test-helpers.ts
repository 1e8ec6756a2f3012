import { parseTransactions } from "./parse";
import {
  type CustomerBatch,
  ImportError,
  type ParseOptions,
  type Reject,
  type TransactionBatch,
} from "./types";

/** Test input: the text (or bytes) as UTF-8 chunks of `size` bytes, split anywhere (even inside a character). */
export async function* chunks(data: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export interface TransactionRow {
  line: number;
  orderId: string;
  customerId: string;
  occurredAt: string;
  amount: number;
  channel: string | null;
  province: string | null;
  region: string | null;
  city: string | null;
  name: string | null;
  email: string | null;
}

export interface Collected<R> {
  rows: R[];
  rejects: Reject[];
  sizes: number[];
  rowsRead: number;
  bytesRead: number;
}

/** Every batch turned back into rows (dates as ISO strings), for assertions. */
export async function collectTransactions(
  batches: AsyncIterable<TransactionBatch>,
): Promise<Collected<TransactionRow>> {
  const out: Collected<TransactionRow> = { rows: [], rejects: [], sizes: [], rowsRead: 0, bytesRead: 0 };
  for await (const b of batches) {
    for (let i = 0; i < b.size; i++) {
      out.rows.push({
        line: b.line[i] as number,
        orderId: b.orderId[i] as string,
        customerId: b.customerId[i] as string,
        occurredAt: new Date(b.occurredAt[i] as number).toISOString(),
        amount: b.amount[i] as number,
        channel: b.channel[i] ?? null,
        province: b.province[i] ?? null,
        region: b.region[i] ?? null,
        city: b.city[i] ?? null,
        name: b.name[i] ?? null,
        email: b.email[i] ?? null,
      });
    }
    out.rejects.push(...b.rejects);
    out.sizes.push(b.size);
    out.rowsRead = b.rowsRead;
    out.bytesRead = b.bytesRead;
  }
  return out;
}

export interface CustomerRow {
  line: number;
  customerId: string;
  name: string | null;
  email: string | null;
  province: string | null;
  region: string | null;
  city: string | null;
  createdAt: string | null;
}

export async function collectCustomers(
  batches: AsyncIterable<CustomerBatch>,
): Promise<Collected<CustomerRow>> {
  const out: Collected<CustomerRow> = { rows: [], rejects: [], sizes: [], rowsRead: 0, bytesRead: 0 };
  for await (const b of batches) {
    for (let i = 0; i < b.size; i++) {
      const created = b.createdAt[i] as number;
      out.rows.push({
        line: b.line[i] as number,
        customerId: b.customerId[i] as string,
        name: b.name[i] ?? null,
        email: b.email[i] ?? null,
        province: b.province[i] ?? null,
        region: b.region[i] ?? null,
        city: b.city[i] ?? null,
        createdAt: Number.isNaN(created) ? null : new Date(created).toISOString(),
      });
    }
    out.rejects.push(...b.rejects);
    out.sizes.push(b.size);
    out.rowsRead = b.rowsRead;
    out.bytesRead = b.bytesRead;
  }
  return out;
}

/** The parser's tests' header: our four required columns, in our names. */
export const HEADER = "order_id,customer_id,occurred_at,amount";

/** parseTransactions over `text` in chunks of `size` bytes, collected. */
export const parse = (text: string | Uint8Array, options: ParseOptions = {}, size = 7) =>
  collectTransactions(parseTransactions(chunks(text, size), options));

/** The ImportError `run` throws; any other outcome fails the test. */
export async function importError(run: () => Promise<unknown>): Promise<ImportError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error("expected an ImportError");
}
