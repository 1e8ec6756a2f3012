/** The PostgreSQL engine of the facts store, on the pool shared with Prisma (pg). */
import type { PostgresDatabase } from "../../client";
import { restoreImportIndexes, suspendImportIndexes } from "../../indexes";
import { postgresTransactionRaw, withPostgresTransaction } from "../../raw";
import { sqlAnalytics } from "../analytics";
import type { FactsEngine } from "../engine";
import { membershipFacts } from "../membership";
import { relationalCustomerReads } from "../relational-customer-reads";
import { postgresAggregates } from "./aggregates";
import { postgresAudiences } from "./audiences";
import { postgresCustomers } from "./customers";
import { postgresMembership } from "./membership";
import { type OrderWriteHint, postgresOrders } from "./orders";
import { postgresScoreReads, postgresScores } from "./scores";

export function postgresEngine(db: PostgresDatabase): FactsEngine {
  let relaxed = 0;
  const orderHint: OrderWriteHint = { lookUpFirst: false };
  return {
    dialect: "postgresql",
    transaction: (fn) =>
      withPostgresTransaction(db.pool, async (client) => {
        if (relaxed > 0) await client.query("SET LOCAL synchronous_commit = off");
        return fn({
          customers: postgresCustomers(client),
          orders: postgresOrders(client, orderHint),
          scores: postgresScores(client),
          raw: postgresTransactionRaw(client),
        });
      }),
    aggregates: postgresAggregates(db),
    analytics: sqlAnalytics(db),
    audiences: postgresAudiences(db),
    membership: membershipFacts(postgresMembership(db)),
    scoreReads: postgresScoreReads(db),
    customerReads: relationalCustomerReads(db),
    /**
     * An import's batches commit without waiting for their WAL to reach the disk (one flush per
     * batch, about a thousand for 20 million rows). A crash of the server may lose the last
     * batches' commits, never corrupt anything: the import log's counts commit with their rows,
     * and the import's closing statement (its log row marked complete, on another connection)
     * commits synchronously, which flushes every earlier commit first: an import reported
     * complete is on disk whole. Checkpoints themselves are the server's business.
     */
    relaxCheckpoints: () => {
      relaxed++;
      let undone = false;
      return () => {
        if (!undone) relaxed--;
        undone = true;
      };
    },
    suspendOrderIndexes: (options) => suspendImportIndexes(db.raw, "postgresql", options),
    restoreOrderIndexes: () => restoreImportIndexes(db.raw, "postgresql"),
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
