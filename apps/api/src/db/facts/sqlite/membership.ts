/**
 * Membership recording on SQLite: the connection's write transaction (BEGIN IMMEDIATE, under
 * the connection's lock) already keeps any other recording out; the temporary tables live on
 * the connection and are emptied before and after each use.
 */
import type { SqliteDatabase } from "../../client";
import type { MembershipEngine } from "../membership";

const TEMP_TABLES = [
  "CREATE TEMP TABLE IF NOT EXISTS membership_codes (code INTEGER PRIMARY KEY, segment_key TEXT NOT NULL)",
  "CREATE TEMP TABLE IF NOT EXISTS membership_names (segment_key TEXT PRIMARY KEY, segment_name TEXT NOT NULL)",
];

export function sqliteMembership(db: SqliteDatabase): MembershipEngine {
  const empty = () => {
    db.sqlite.exec("DELETE FROM temp.membership_codes; DELETE FROM temp.membership_names;");
  };
  return {
    transaction: (_profileId, fn) =>
      db.raw.transaction(async (raw) => {
        for (const sql of TEMP_TABLES) db.sqlite.exec(sql);
        empty();
        try {
          return await fn(raw);
        } finally {
          empty();
        }
      }),
    // DateTime columns hold epoch milliseconds on SQLite.
    timeLiteral: (ms) => String(Math.trunc(ms)),
    timeParam: (ms) => ms,
    reads: db.reads,
    // SQLite plans these joins from the indexes' shape alone.
    refreshStatistics: async () => undefined,
  };
}
