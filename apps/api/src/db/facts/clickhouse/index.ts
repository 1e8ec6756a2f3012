/**
 * The ClickHouse engine of the facts store (`ANALYTICS_URL`): the facts on a sharded cluster
 * (schema.ts), the app's own state in the Prisma database as always. ClickHouse has no
 * transactions: `transaction(fn)` runs `fn` with the facts written as they come and the app
 * database's statements (`raw`) each committed on its own; a write that dies half-way is made
 * whole by re-running it, because every write is idempotent (orders.ts, customers.ts,
 * scores.ts of this folder; docs/clickhouse.md, "What a crash leaves").
 *
 * `fn` does not run inside an app-database transaction: on SQLite that would hold the file's
 * write lock across the cluster's round trips, and any other write of the same process (another
 * import's log row, the API's Prisma client) would wait for it synchronously (better-sqlite3's
 * busy wait), blocking the event loop that must finish those round trips, until its timeout.
 * Instead the store's transactions take turns on a mutex per app database in a process
 * (customer ids are assigned from the largest stored one); across processes, imports hold the
 * import lock.
 */
import type { Database } from "../../client";
import { namedMutex } from "../../raw";
import type { FactsEngine } from "../engine";
import { clickhouseAggregates } from "./aggregates";
import { clickhouseAnalytics } from "./analytics";
import { clickhouseAudiences } from "./audiences";
import type { ClickHouse } from "./connection";
import { clickhouseCustomerReads } from "./customer-reads";
import { clickhouseCustomers } from "./customers";
import { clickhouseMembership } from "./membership";
import { clickhouseOrders } from "./orders";
import { clickhouseRunFacts } from "./runs";
import { clickhouseScoreReads, clickhouseScores } from "./scores";
import { clickhouseScoringPushdown } from "./scoring-pushdown";

export function clickhouseEngine(db: Database, ch: ClickHouse): FactsEngine {
  const customers = clickhouseCustomers(ch);
  const orders = clickhouseOrders(ch);
  const scores = clickhouseScores(ch);
  return {
    dialect: "clickhouse",
    transaction: (fn) =>
      namedMutex(`facts-transaction ${db.url}`).run(() => fn({ customers, orders, scores, raw: db.raw })),
    aggregates: clickhouseAggregates(ch),
    analytics: clickhouseAnalytics(ch),
    audiences: clickhouseAudiences(ch),
    membership: clickhouseMembership(db, ch),
    scoreReads: clickhouseScoreReads(ch),
    customerReads: clickhouseCustomerReads(db, ch),
    // No write-ahead log to tune, no secondary indexes to suspend, no planner statistics.
    relaxCheckpoints: () => () => undefined,
    suspendOrderIndexes: async () => undefined,
    restoreOrderIndexes: async () => undefined,
    async storedOrdersBound() {
      const [row] = await ch.query<{ n: string }>("SELECT count() AS n FROM transactions");
      return Number(row?.n ?? 0);
    },
    refreshStatistics: async () => undefined,
    runs: clickhouseRunFacts(ch),
    scoringPushdown: clickhouseScoringPushdown(ch),
  };
}
