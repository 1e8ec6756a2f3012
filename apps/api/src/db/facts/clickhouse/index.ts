/**
 * The ClickHouse engine of the facts store (`ANALYTICS_URL`): the facts on a sharded cluster
 * (schema.ts), the app's own state in the Prisma database as always. ClickHouse has no
 * transactions: `transaction(fn)` runs `fn` with the facts written as they come and the app
 * database's statements (`raw`) in one transaction there; a write that dies half-way is made
 * whole by re-running it, because every write is idempotent (orders.ts, customers.ts,
 * scores.ts of this folder; docs/clickhouse.md, "What a crash leaves").
 */
import type { Database } from "../../client";
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
    transaction: (fn) => db.raw.transaction((raw) => fn({ customers, orders, scores, raw })),
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
