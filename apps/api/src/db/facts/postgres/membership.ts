/**
 * Membership recording on PostgreSQL: a transaction-scoped advisory lock per profile makes
 * recordings of one profile wait for each other (two at once would diff against the same
 * members and log the same changes twice); the temporary tables are dropped at commit or
 * rollback.
 */
import type { PostgresDatabase } from "../../client";
import { postgresTransactionRaw, timeParam, withPostgresTransaction } from "../../raw";
import type { MembershipEngine } from "../membership";

/** The first key of the advisory lock (the profile id is the second). */
const LOCK_SPACE = "hashtext('rfm.segment_membership')";

export function postgresMembership(db: PostgresDatabase): MembershipEngine {
  return {
    transaction: (profileId, fn) =>
      withPostgresTransaction(db.pool, async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock(${LOCK_SPACE}, $1::int)`, [profileId]);
        await client.query(
          "CREATE TEMP TABLE membership_codes (code integer PRIMARY KEY, segment_key text NOT NULL) ON COMMIT DROP",
        );
        await client.query(
          "CREATE TEMP TABLE membership_names (segment_key text PRIMARY KEY, segment_name text NOT NULL) ON COMMIT DROP",
        );
        return fn(postgresTransactionRaw(client));
      }),
    // `timestamp` holds UTC: the literal is the UTC wall time without a zone.
    timeLiteral: (ms) => `TIMESTAMP '${new Date(ms).toISOString().replace("T", " ").replace("Z", "")}'`,
    timeParam: (ms) => timeParam("postgresql", ms),
    reads: db.reads,
    async refreshStatistics() {
      await db.raw.execute("ANALYZE segment_members, segment_changes");
    },
  };
}
