/** The PostgreSQL engine of the facts store, on the pool shared with Prisma (pg). */
import type { PostgresDatabase } from "../../client";
import { restoreTransactionIndexes, suspendTransactionIndexes } from "../../indexes";
import { postgresTransactionRaw, withPostgresTransaction } from "../../raw";
import { sqlAnalytics } from "../analytics";
import type { FactsEngine } from "../engine";
import { membershipFacts } from "../membership";
import { postgresAggregates } from "./aggregates";
import { postgresAudiences } from "./audiences";
import { postgresCustomers } from "./customers";
import { postgresMembership } from "./membership";
import { postgresOrders } from "./orders";
import { postgresScoreReads, postgresScores } from "./scores";

export function postgresEngine(db: PostgresDatabase): FactsEngine {
  return {
    dialect: "postgresql",
    transaction: (fn) =>
      withPostgresTransaction(db.pool, (client) =>
        fn({
          customers: postgresCustomers(client),
          orders: postgresOrders(client),
          scores: postgresScores(client),
          raw: postgresTransactionRaw(client),
        }),
      ),
    aggregates: postgresAggregates(db),
    analytics: sqlAnalytics(db),
    audiences: postgresAudiences(db),
    membership: membershipFacts(postgresMembership(db)),
    scoreReads: postgresScoreReads(db),
    // Checkpoints are the server's business.
    relaxCheckpoints: () => () => undefined,
    suspendOrderIndexes: () => suspendTransactionIndexes(db.raw),
    restoreOrderIndexes: () => restoreTransactionIndexes(db.raw),
    async storedOrdersBound() {
      const [row] = await db.raw.query<{ stored: number | null }>(
        "SELECT max(id) AS stored FROM transactions",
      );
      return row?.stored ?? 0;
    },
    /**
     * PostgreSQL plans from its statistics and its autovacuum may not have run yet (or be off):
     * without them it took a 350,000-row segment for 238 rows. ANALYZE samples a fixed number of
     * rows, so it costs a fraction of a second at any size.
     */
    async refreshStatistics(tables) {
      if (tables.length === 0) return;
      await db.raw.execute(`ANALYZE ${tables.join(", ")}`);
    },
  };
}
