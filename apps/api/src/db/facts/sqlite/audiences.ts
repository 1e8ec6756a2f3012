/**
 * Audiences on SQLite: a read-only connection of its own stepping one statement. Rows come as
 * arrays (better-sqlite3's raw mode: no per-row object with 19 named properties built in C++)
 * and are made AudienceRows here, in the SELECT's column order (`audienceSql`). The reader gets a
 * page cache of its own: the walk looks every audience customer up in `customers` by id, and
 * with SQLite's default 2 MB those pages are read from the OS again and again.
 */
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

/** The export reader's page cache, KiB: bounded, well under the 1 GB an export may use. */
const READER_CACHE_KIB = 65_536;

type RawRow = [
  number,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number | null,
  string | null,
  string | null,
  string | null,
  number | null,
];

function toRow(v: RawRow): AudienceRow {
  return {
    id: v[0],
    externalId: v[1],
    name: v[2],
    email: v[3],
    province: v[4],
    region: v[5],
    city: v[6],
    recencyDays: v[7],
    frequency: v[8],
    monetaryCents: v[9],
    r: v[10],
    f: v[11],
    m: v[12],
    code: v[13],
    clv: v[14],
    firstName: v[15],
    lastName: v[16],
    phone: v[17],
    marketingConsent: v[18],
  };
}

export function sqliteAudiences(db: SqliteDatabase): AudienceFacts {
  return {
    countConsent: (query) => relationalCountConsent(db, query),
    areaValues: (column, limit) => relationalAreaValues(db, column, limit),
    async *read(query) {
      const batchSize = query.batchSize ?? DEFAULT_AUDIENCE_BATCH;
      const sql = audienceSql(query.runId, query.codes, byCodeIndex(query), query.conditions);
      // A memory database exists only on its own connection; a file gets a reader of its own.
      const own = db.path !== ":memory:";
      const reader = own ? openSqliteReader(db.path, { cacheKiB: READER_CACHE_KIB }) : db.sqlite;
      try {
        let batch: AudienceRow[] = [];
        for (const row of reader.prepare(sql).raw(true).iterate() as Iterable<RawRow>) {
          batch.push(toRow(row));
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
