/** Audiences on SQLite: a read-only connection of its own stepping one statement. */
import type { SqliteDatabase } from "../../client";
import { openSqliteReader } from "../../connection";
import {
  type AudienceFacts,
  type AudienceRow,
  audienceSql,
  byCodeIndex,
  DEFAULT_AUDIENCE_BATCH,
  relationalAreaValues,
  relationalCountConsent,
} from "../audiences";

export function sqliteAudiences(db: SqliteDatabase): AudienceFacts {
  return {
    countConsent: (query) => relationalCountConsent(db, query),
    areaValues: (column, limit) => relationalAreaValues(db, column, limit),
    async *read(query) {
      const batchSize = query.batchSize ?? DEFAULT_AUDIENCE_BATCH;
      const sql = audienceSql(query.runId, query.codes, byCodeIndex(query), query.conditions);
      // A memory database exists only on its own connection; a file gets a reader of its own.
      const own = db.path !== ":memory:";
      const reader = own ? openSqliteReader(db.path) : db.sqlite;
      try {
        let batch: AudienceRow[] = [];
        for (const row of reader.prepare(sql).iterate() as Iterable<AudienceRow>) {
          batch.push(row);
          if (batch.length === batchSize) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      } finally {
        if (own) reader.close();
      }
    },
  };
}
