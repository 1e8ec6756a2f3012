/**
 * Per-request batching of the customer 360 reads: however many customers a query lists, their
 * histories and transaction counts take one query each (no N+1).
 */
import DataLoader from "dataloader";
import type { Database } from "../../db/client";
import {
  countTransactions,
  firstTransactions,
  type ScoreRow,
  scoreHistory,
  scoresInRun,
  type TransactionRow,
} from "./customer.repository";

export interface CustomerLoaders {
  /** Scores in every complete run, newest first, by internal customer id. */
  readonly history: DataLoader<
    number,
    (ScoreRow & {
      asOf: number;
      bins: number;
      currency: string | null;
      timeZone: string;
      profileId: number;
    })[]
  >;
  /** Orders per customer. */
  readonly transactionCount: DataLoader<number, number>;
  /** The newest N orders, keyed `${customerId}:${N}`. */
  readonly firstTransactions: DataLoader<string, TransactionRow[]>;
  /** Scores in a run, keyed `${runId}:${customerId}`. */
  readonly score: DataLoader<string, ScoreRow | null>;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

export function createCustomerLoaders(db: Database): CustomerLoaders {
  return {
    history: new DataLoader(async (ids) => {
      const groups = groupBy(await scoreHistory(db, ids), (r) => r.customerId);
      return ids.map((id) => groups.get(id) ?? []);
    }),
    transactionCount: new DataLoader(async (ids) => {
      const counts = await countTransactions(db, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    firstTransactions: new DataLoader(async (keys) => {
      const byLimit = new Map<number, number[]>();
      for (const key of keys) {
        const [id, limit] = key.split(":").map(Number) as [number, number];
        byLimit.set(limit, [...(byLimit.get(limit) ?? []), id]);
      }
      const results = new Map<string, TransactionRow[]>();
      for (const [limit, ids] of byLimit) {
        const groups = groupBy(await firstTransactions(db, ids, limit), (r) => r.customerId);
        for (const id of ids) results.set(`${id}:${limit}`, groups.get(id) ?? []);
      }
      return keys.map((key) => results.get(key) ?? []);
    }),
    score: new DataLoader(async (keys) => {
      const byRun = new Map<number, number[]>();
      for (const key of keys) {
        const [run, id] = key.split(":").map(Number) as [number, number];
        byRun.set(run, [...(byRun.get(run) ?? []), id]);
      }
      const results = new Map<string, ScoreRow>();
      for (const [run, ids] of byRun) {
        for (const row of await scoresInRun(db, run, ids)) results.set(`${run}:${row.customerId}`, row);
      }
      return keys.map((key) => results.get(key) ?? null);
    }),
  };
}
