/** Shared by the facts store's integration tests. */
import { DAY_MS } from "@rfm/core";
import type { Database } from "../client";
import type { OrderGroupColumns } from "./orders";

export const T0 = Date.UTC(2024, 0, 1);

/** One-line orders o<start>..o<start+n-1> spread over the given customers. */
export function orders(customerIds: readonly number[], n: number, start = 0): OrderGroupColumns {
  const orderId: string[] = [];
  const customerId: number[] = [];
  const occurredAt: number[] = [];
  const amountCents: number[] = [];
  for (let i = start; i < start + n; i++) {
    orderId.push(`o${i}`);
    customerId.push(customerIds[i % customerIds.length]!);
    occurredAt.push(T0 + i * DAY_MS + 123);
    amountCents.push(1000 + i);
  }
  const ones = orderId.map(() => 1);
  return { orderId, customerId, occurredAt, amountCents, firstLine: ones, lastLine: ones };
}

export async function count(db: Database, table: string): Promise<number> {
  return (await db.raw.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n;
}

/**
 * Rows of a facts table as its engine stores them: through the app database on SQLite and
 * PostgreSQL, on ClickHouse the latest version of each row (`FINAL`) across the shards.
 */
export async function factCount(db: Database, table: "customers" | "transactions"): Promise<number> {
  if (!db.analytics) return count(db, table);
  return Number((await db.analytics.query<{ n: string }>(`SELECT count() AS n FROM ${table} FINAL`))[0]!.n);
}
