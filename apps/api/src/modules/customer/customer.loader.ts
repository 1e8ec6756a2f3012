/**
 * Per-request batching of the customer 360 reads: however many customers a query lists, their
 * histories and transaction counts take one query each (no N+1).
 */
import DataLoader from "dataloader";
import type { Database } from "../../db/client";
import {
  type CustomerWithScore,
  countTransactions,
  findCustomersByExternalIds,
  firstTransactions,
  mappingVersionNames,
  type ScoreRow,
  scoreHistory,
  scoresInRun,
  type TransactionRow,
  type VersionNames,
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
  /**
   * Customers by the store's id with their score in a run, keyed `lookupKey(runId, externalId)`:
   * every lookup of a request (customer, customersByIds, node, nodes) that reaches the loader
   * in the same tick is one SELECT ... WHERE external_id IN (...) per run.
   */
  readonly byExternalId: DataLoader<string, CustomerWithScore | null>;
  /** Segment names of published mapping versions, by version row id. */
  readonly versionNames: DataLoader<number, VersionNames | null>;
}

/** The key of `byExternalId`: a run id (or "-" for none) and the store's id. */
export function lookupKey(runId: number | null, externalId: string): string {
  return `${runId ?? "-"}:${externalId}`;
}

/** Published versions never change: their names are kept per database for the process's life. */
const versionNameCache = new WeakMap<Database, Map<number, VersionNames>>();

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
    byExternalId: new DataLoader(
      async (keys) => {
        const byRun = new Map<string, string[]>();
        for (const key of keys) {
          const colon = key.indexOf(":");
          const run = key.slice(0, colon);
          byRun.set(run, [...(byRun.get(run) ?? []), key.slice(colon + 1)]);
        }
        const results = new Map<string, CustomerWithScore>();
        for (const [run, ids] of byRun) {
          const runId = run === "-" ? null : Number(run);
          for (const [id, found] of await findCustomersByExternalIds(db, ids, runId))
            results.set(lookupKey(runId, id), found);
        }
        return keys.map((key) => results.get(key) ?? null);
      },
      // A batch lookup names at most MAX_LOOKUP_IDS ids; node(s) lookups add to it. Keep each
      // statement's parameter list bounded anyway.
      { maxBatchSize: 1000 },
    ),
    versionNames: new DataLoader(async (ids) => {
      let cache = versionNameCache.get(db);
      if (!cache) {
        cache = new Map();
        versionNameCache.set(db, cache);
      }
      const missing = ids.filter((id) => !cache.has(id));
      if (missing.length > 0) {
        for (const [id, names] of await mappingVersionNames(db, missing)) cache.set(id, names);
      }
      return ids.map((id) => cache.get(id) ?? null);
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
