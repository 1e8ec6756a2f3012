/** The SQLite engine of the facts store, on the bulk connection (better-sqlite3). */
import type { SqliteDatabase } from "../../client";
import { restoreImportIndexes, suspendImportIndexes } from "../../indexes";
import { sqliteStatements } from "../../raw";
import { sqlAnalytics } from "../analytics";
import type { FactsEngine } from "../engine";
import { membershipFacts } from "../membership";
import { relationalCustomerReads } from "../relational-customer-reads";
import { sqliteAggregates } from "./aggregates";
import { sqliteAudiences } from "./audiences";
import { sqliteCustomers } from "./customers";
import { sqliteMembership } from "./membership";
import { sqliteOrders } from "./orders";
import { sqliteScoreReads, sqliteScores } from "./scores";

/** WAL pages between automatic checkpoints during a long bulk load (64 MiB instead of 4 MiB). */
const BULK_WAL_AUTOCHECKPOINT = 16_384;

export function sqliteEngine(db: SqliteDatabase): FactsEngine {
  // One connection: the writers are the same in every transaction, which `db.raw.transaction`
  // opens under the connection's lock.
  const tx = { db: db.sqlite, prepare: sqliteStatements(db.sqlite) };
  const customers = sqliteCustomers(tx);
  const orders = sqliteOrders(tx);
  const scores = sqliteScores(db.sqlite);
  return {
    dialect: "sqlite",
    transaction: (fn) => db.raw.transaction((raw) => fn({ customers, orders, scores, raw })),
    aggregates: sqliteAggregates(db),
    analytics: sqlAnalytics(db),
    audiences: sqliteAudiences(db),
    membership: membershipFacts(sqliteMembership(db)),
    scoreReads: sqliteScoreReads(db),
    customerReads: relationalCustomerReads(db),
    /**
     * Checkpoint the write-ahead log every 64 MiB instead of SQLite's 4 MiB. Each checkpoint
     * copies pages into the database file and syncs it; fewer of them write shared pages
     * (indexes, customers) fewer times. Commits are as durable as before (WAL,
     * synchronous=NORMAL).
     */
    relaxCheckpoints() {
      const before = db.sqlite.pragma("wal_autocheckpoint", { simple: true }) as number;
      db.sqlite.pragma(`wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT}`);
      return () => {
        db.sqlite.pragma(`wal_autocheckpoint = ${before}`);
      };
    },
    suspendOrderIndexes: (options) => suspendImportIndexes(db.raw, "sqlite", options),
    restoreOrderIndexes: () => restoreImportIndexes(db.raw, "sqlite"),
    async storedOrdersBound() {
      const [row] = await db.raw.query<{ stored: number | null }>(
        "SELECT max(id) AS stored FROM transactions",
      );
      return row?.stored ?? 0;
    },
    // SQLite plans from its indexes' shape alone here: nothing to refresh.
    refreshStatistics: async () => undefined,
  };
}
