/**
 * Segment membership on the ClickHouse cluster: the same behaviour as the SQL engines
 * (db/facts/membership.ts), with the members, the change log and the recordings' commits in
 * ClickHouse tables sharded by customer (schema.ts: segment_members, segment_changes,
 * segment_recordings) and the diff run on each shard against its own customer_scores rows
 * (shard-local INSERT ... SELECT: no customer row comes to Node).
 *
 * A recording of profile p (under the per-profile lock, `withProfileLock`):
 * 1. reads the committed state: the latest row of segment_recordings (seq S-1, last change id B);
 *    the pair recorded already: nothing to do;
 * 2. removes what an earlier attempt that died left behind (changes with id > B, members with
 *    seq >= S: never read, see below) with ALTER TABLE ... DELETE, waited for;
 * 3. on every shard at once, stages its changed customers (old and new key) in segment_diffs,
 *    from one pass grouping the members and the run's scores by customer;
 * 4. numbers them from each shard's counts, every shard at once, on from the last committed id
 *    (ids are dense and increase: the lefts of every shard before the entries, each shard's in
 *    customer order), and checks the ids came out dense;
 * 5. appends each changed customer's new membership (seq S) on each shard, from the staging rows;
 * 6. commits: one row (S, run, mapping, last id) in segment_recordings, one atomic insert; then
 *    drops the profile's staging rows.
 * Every step runs on all shards at once: a recording takes the time of one shard's share, not
 * the sum over shards.
 * Every read takes the committed state first and reads only changes with id <= its last id and
 * members with seq <= its seq, so a half-done recording is invisible, and re-running it after a
 * crash (the next run, publish or start does) clears its leftovers and gives the same result.
 *
 * SQL both ClickHouse 18.16 and current releases run: `ANY LEFT JOIN` (missing right rows get
 * the column's default, '' here: `join_use_nulls` is 0 by default on both), `transform`,
 * `argMax`, `rowNumberInAllBlocks()` over an ordered subquery (numbers rows in that order),
 * `ALTER TABLE ... DELETE` and `system.mutations` (asynchronous on both, hence the wait).
 * Local tables in a subquery are named with their database: a shard resolves unqualified names
 * in its own default database.
 */
import { withFileLock } from "../../../file-lock";
import type { Database } from "../../client";
import { namedMutex, sqlIntegers, withPostgresTransaction } from "../../raw";
import type {
  ChangeKind,
  MemberRow,
  MembershipFacts,
  MembershipRecording,
  MembershipResult,
  SegmentChangeRow,
} from "../membership";
import { segmentNamesOf } from "../membership";
import type { ClickHouse } from "./connection";
import { allShards } from "./keys";
import { chInt, chString } from "./literals";

interface Committed {
  /** 0: nothing recorded yet. */
  readonly seq: number;
  readonly runId: number;
  readonly mappingVersionId: number;
  readonly lastChangeId: number;
}

/** A change as read from ClickHouse (64-bit integers arrive as strings). */
interface ChangeRowRead {
  readonly id: number;
  readonly customerId: number;
  readonly externalId: string;
  readonly segmentKey: string;
  readonly segmentName: string;
  readonly kind: ChangeKind;
  readonly at: string;
  readonly runId: number;
  readonly mappingVersionId: number;
}

/** Ids read at first by a filtered page of changes (doubled until the page is full). */
const FILTERED_WINDOW = 262_144;

/** How often to look whether a delete of leftovers finished (ms), and for how long at most. */
const MUTATION_POLL_MS = 100;
const MUTATION_TIMEOUT_MS = 600_000;

/** The first key of PostgreSQL's advisory lock: the same as postgres/membership.ts. */
const LOCK_SPACE = "hashtext('rfm.segment_membership')";

/**
 * Runs `fn` while no other recording of the profile runs, in this process or another.
 * PostgreSQL: a transaction-scoped advisory lock per profile. SQLite: a mutex per profile in
 * this process, then a lock file per profile beside the database for other processes
 * (file-lock.ts). Not SQLite's write transaction: held across the cluster's round trips, any
 * other write of this process (the API's Prisma client publishing a mapping) would wait for it
 * synchronously (better-sqlite3's busy wait), blocking the event loop those round trips need.
 */
function withProfileLock<T>(db: Database, profileId: number, fn: () => Promise<T>): Promise<T> {
  if (db.provider === "postgresql") {
    return withPostgresTransaction(db.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${LOCK_SPACE}, $1::int)`, [profileId]);
      return fn();
    });
  }
  const path = db.path;
  return namedMutex(`membership ${db.url} ${profileId}`).run(() =>
    path === ":memory:" ? fn() : withFileLock(`${path}.membership-${profileId}.lock`, fn),
  );
}

export function clickhouseMembership(db: Database, ch: ClickHouse): MembershipFacts {
  const dbName = ch.database;
  const local = (table: string) => `${dbName}.${table}_local`;

  async function committed(profileId: number): Promise<Committed> {
    const p = chInt(profileId, "membership profile id");
    const [row] = await ch.query<{
      n: string;
      s: number;
      runId: number;
      mappingVersionId: number;
      last: number;
    }>(
      `SELECT count() AS n, max(seq) AS s, argMax(run_id, seq) AS runId,
         argMax(mapping_version_id, seq) AS mappingVersionId, argMax(last_change_id, seq) AS last
       FROM segment_recordings WHERE profile_id = ${p}`,
    );
    if (!row || Number(row.n) === 0) return { seq: 0, runId: 0, mappingVersionId: 0, lastChangeId: 0 };
    return {
      seq: Number(row.s),
      runId: Number(row.runId),
      mappingVersionId: Number(row.mappingVersionId),
      lastChangeId: Number(row.last),
    };
  }

  /** Deletes what a recording that died left (never read: above the committed state), and waits. */
  async function clearLeftovers(p: string, lastChangeId: number, seq: number): Promise<void> {
    const [changes] = await ch.query<{ n: string }>(
      `SELECT count() AS n FROM segment_changes WHERE profile_id = ${p} AND id > ${lastChangeId}`,
    );
    const [members] = await ch.query<{ n: string }>(
      `SELECT count() AS n FROM segment_members WHERE profile_id = ${p} AND seq >= ${seq}`,
    );
    if (Number(changes?.n ?? 0) === 0 && Number(members?.n ?? 0) === 0) return;
    await ch.commandOnEachShard(
      `ALTER TABLE ${local("segment_changes")} DELETE WHERE profile_id = ${p} AND id > ${lastChangeId}`,
    );
    await ch.commandOnEachShard(
      `ALTER TABLE ${local("segment_members")} DELETE WHERE profile_id = ${p} AND seq >= ${seq}`,
    );
    const deadline = Date.now() + MUTATION_TIMEOUT_MS;
    for (let shard = 0; shard < ch.shardCount; shard++) {
      for (;;) {
        const [row] = await ch.queryShard<{ n: string }>(
          shard,
          `SELECT count() AS n FROM system.mutations WHERE database = ${chString(dbName)}
             AND table IN ('segment_changes_local', 'segment_members_local') AND is_done = 0`,
        );
        if (Number(row?.n ?? 0) === 0) break;
        if (Date.now() > deadline)
          throw new Error("ClickHouse: the delete of a dead recording's rows did not finish");
        await new Promise((resolve) => setTimeout(resolve, MUTATION_POLL_MS));
      }
    }
  }

  async function record(recording: MembershipRecording): Promise<MembershipResult> {
    const { profileId, runId, mappingVersionId, codes } = recording;
    const p = chInt(profileId, "membership profile id");
    const r = chInt(runId, "membership run id");
    const v = chInt(mappingVersionId, "membership mapping version id");
    const asOf = String(Math.trunc(recording.asOf));
    const at = String(Math.trunc(recording.at));
    if (!Number.isFinite(recording.asOf) || !Number.isFinite(recording.at)) {
      throw new RangeError("membership asOf and at must be finite epoch ms");
    }
    const names = segmentNamesOf(codes);
    return withProfileLock(db, profileId, async () => {
      const state = await committed(profileId);
      if (state.seq > 0 && state.runId === runId && state.mappingVersionId === mappingVersionId) {
        return { recorded: false, entered: 0, left: 0, lastChangeId: state.lastChangeId };
      }
      const seq = state.seq + 1;
      const base = state.lastChangeId;
      await clearLeftovers(p, base, seq);
      // Segments the members are in that this mapping no longer has: they leave under the name
      // they were entered with (the latest change of that key), as on the SQL engines.
      const known = [...names.keys()];
      const gone = await ch.query<{ key: string; name: string }>(
        `SELECT segment_key AS key, argMax(segment_name, id) AS name FROM segment_changes
         WHERE profile_id = ${p} AND id <= ${base}${known.length > 0 ? ` AND segment_key NOT IN (${known.map(chString).join(", ")})` : ""}
         GROUP BY segment_key`,
      );
      const leftNames = new Map(names);
      for (const row of gone) leftNames.set(row.key, row.name);
      const array = (values: readonly string[]) => `[${values.map(chString).join(", ")}]`;
      // `transform` needs non-empty arrays: with no codes every customer maps to ''.
      const segmentOfCode =
        codes.length === 0
          ? "''"
          : `transform(code, [${codes.map((c) => `toUInt16(${c.code})`).join(", ")}], ${array(codes.map((c) => c.key))}, '')`;
      const nameOf = (column: string, names: ReadonlyMap<string, string>) =>
        names.size === 0
          ? column
          : `transform(${column}, ${array([...names.keys()])}, ${array([...names.values()])}, ${column})`;
      // 3. Each shard's changed customers, on every shard at once, into its staging rows: one
      // pass over the members and the run's scores, grouped by customer (a hash join of the two
      // sides, as two ANY LEFT JOINs did, took longer for each of them than this for both).
      // A customer's old key is their latest member row's, '' without one; their new key the
      // segment of their code, '' when not scored or in no segment.
      const diffs = local("segment_diffs");
      const diffRows = `${diffs} WHERE profile_id = ${p} AND seq = ${seq}`;
      await ch.commandOnEachShard(`ALTER TABLE ${diffs} DROP PARTITION ${p}`);
      await ch.commandOnEachShard(
        `INSERT INTO ${diffs} (profile_id, seq, customer_id, old_key, new_key)
         SELECT ${p}, ${seq}, customer_id, argMaxIf(key, member_seq, side = 0) AS old_key, anyIf(key, side = 1) AS new_key
         FROM (
           SELECT customer_id, segment_key AS key, seq AS member_seq, toUInt8(0) AS side FROM ${local("segment_members")}
           WHERE profile_id = ${p} AND seq < ${seq}
           UNION ALL
           SELECT customer_id, ${segmentOfCode} AS key, toUInt32(0) AS member_seq, toUInt8(1) AS side
           FROM ${local("customer_scores")} WHERE run_id = ${r}
         )
         GROUP BY customer_id HAVING old_key != new_key`,
      );
      // 4. Ids: the lefts of shard 0, of shard 1, ..., then the entries of shard 0, 1, ...; each
      // shard's in customer order. Each shard's counts give its ranges, and the shards number
      // their own rows at once (one after the other, a recording took as many passes as shards).
      const counts = await Promise.all(
        ch.clients.map((_, shard) =>
          ch.queryShard<{ lefts: string; entries: string }>(
            shard,
            `SELECT countIf(old_key != '') AS lefts, countIf(new_key != '') AS entries FROM ${diffRows}`,
          ),
        ),
      );
      const lefts = counts.map(([row]) => Number(row?.lefts ?? 0));
      const entries = counts.map(([row]) => Number(row?.entries ?? 0));
      const leftFrom: number[] = [];
      const enteredFrom: number[] = [];
      let last = base;
      for (let shard = 0; shard < ch.shardCount; shard++) {
        leftFrom.push(last);
        last += lefts[shard]!;
      }
      const afterLeft = last;
      for (let shard = 0; shard < ch.shardCount; shard++) {
        enteredFrom.push(last);
        last += entries[shard]!;
      }
      const columns =
        "profile_id, id, seq, customer_id, segment_key, segment_name, kind, at, run_id, mapping_version_id";
      const numbered = (shard: number, kind: ChangeKind, from: number) => {
        const key = kind === "left" ? "old_key" : "new_key";
        return ch.clients[shard]!.command({
          query: `INSERT INTO ${local("segment_changes")} (${columns})
            SELECT ${p}, ${from} + rowNumberInAllBlocks() + 1, ${seq}, customer_id, ${key},
              ${nameOf(key, kind === "left" ? leftNames : names)}, '${kind}', ${at}, ${r}, ${v}
            FROM (SELECT customer_id, ${key} FROM ${diffRows} AND ${key} != '' ORDER BY customer_id)`,
        });
      };
      await allShards(
        ch.clients.flatMap((_, shard) => [
          ...(lefts[shard]! > 0 ? [numbered(shard, "left", leftFrom[shard]!)] : []),
          ...(entries[shard]! > 0 ? [numbered(shard, "entered", enteredFrom[shard]!)] : []),
        ]),
      );
      // The ids are the change feed's cursor: check they came out dense before committing them.
      // (n rows, n distinct ids, all in base+1..last when the greatest is last: exactly that range.)
      const [written] = await ch.query<{ n: string; ids: string; top: number }>(
        `SELECT count() AS n, uniqExact(id) AS ids, max(id) AS top FROM segment_changes
         WHERE profile_id = ${p} AND id > ${base}`,
      );
      const n = Number(written?.n ?? 0);
      if (n !== last - base || Number(written?.ids ?? 0) !== n || (n > 0 && Number(written?.top) !== last)) {
        throw new Error(
          `ClickHouse: the recording wrote changes ${base + 1}..${written?.top} (${written?.n} rows), expected ${base + 1}..${last}`,
        );
      }
      // 5. The changed customers' new membership: the segment they entered, or none ('').
      await ch.commandOnEachShard(
        `INSERT INTO ${local("segment_members")} (profile_id, customer_id, segment_key, since, since_run_id, seq)
         SELECT ${p}, customer_id, new_key, if(new_key = '', 0, ${asOf}), if(new_key = '', 0, ${r}), ${seq}
         FROM ${diffRows}`,
      );
      await ch.insertShard(ch.shardOf(profileId), "segment_recordings_local", [
        {
          profile_id: profileId,
          seq,
          run_id: runId,
          mapping_version_id: mappingVersionId,
          last_change_id: last,
          recorded_at: Date.now(),
        },
      ]);
      // Committed: the staging rows are not needed any more (if this fails, the profile's next
      // recording drops them first; the recording itself is done).
      await ch.commandOnEachShard(`ALTER TABLE ${diffs} DROP PARTITION ${p}`).catch(() => undefined);
      return { recorded: true, entered: last - afterLeft, left: afterLeft - base, lastChangeId: last };
    });
  }

  return {
    record,
    async recorded(profileId) {
      const state = await committed(profileId);
      return state.seq === 0
        ? null
        : { runId: state.runId, mappingVersionId: state.mappingVersionId, seq: state.seq };
    },
    async lastChangeId(profileId) {
      return (await committed(profileId)).lastChangeId;
    },
    async changes(query) {
      const state = await committed(query.profileId);
      const p = chInt(query.profileId, "membership profile id");
      const limit = Number(chInt(query.limit, "change limit"));
      const filters: string[] = [];
      if (query.segmentKey !== undefined) filters.push(`segment_key = ${chString(query.segmentKey)}`);
      if (query.since !== undefined) filters.push(`at >= ${Math.trunc(query.since)}`);
      if (query.kind !== undefined) filters.push(`kind = ${chString(query.kind)}`);
      // Ids are dense up to the committed last id, so a page is read from a bounded id range:
      // 18.16 does not stop reading at the LIMIT of an ORDER BY on the key (later releases can),
      // and an open range read every later change for each page. Without filters the range of
      // `limit` ids is the page; with filters the range widens until the page is full.
      const rows: ChangeRowRead[] = [];
      let from = Number(chInt(query.afterId ?? 0, "change cursor"));
      let window = filters.length === 0 ? limit : Math.max(limit * 8, FILTERED_WINDOW);
      while (rows.length < limit && from < state.lastChangeId) {
        const to = Math.min(state.lastChangeId, from + window);
        const where = [`profile_id = ${p}`, `id > ${from}`, `id <= ${to}`, ...filters].join(" AND ");
        // The customers' store ids joined on each shard, from the customers of these changes only
        // (a long IN list sent from Node took seconds a page on 18.16).
        rows.push(
          ...(await ch.query<ChangeRowRead>(
            `SELECT id, customer_id AS customerId, external_id AS externalId, segment_key AS segmentKey,
               segment_name AS segmentName, kind, at, run_id AS runId, mapping_version_id AS mappingVersionId
             FROM segment_changes
             ANY LEFT JOIN (SELECT id AS customer_id, external_id FROM ${local("customers")} FINAL
               WHERE id IN (SELECT customer_id FROM ${local("segment_changes")} WHERE ${where})) USING customer_id
             WHERE ${where} ORDER BY id LIMIT ${limit - rows.length}`,
          )),
        );
        from = to;
        window *= 2;
      }
      return rows.map(
        (row): SegmentChangeRow => ({
          id: Number(row.id),
          profileId: query.profileId,
          customerId: Number(row.customerId),
          // '' from the join: the customer is gone (a store id is never empty).
          externalId: row.externalId === "" ? null : row.externalId,
          segmentKey: row.segmentKey,
          segmentName: row.segmentName,
          kind: row.kind,
          at: Number(row.at),
          runId: Number(row.runId),
          mappingVersionId: Number(row.mappingVersionId),
        }),
      );
    },
    async members(profileId, customerIds) {
      if (customerIds.length === 0) return [];
      const ids = sqlIntegers(customerIds, "membership customer id");
      const state = await committed(profileId);
      if (state.seq === 0) return [];
      const rows = await ch.query<{
        customerId: number;
        segmentKey: string;
        sinceMs: string;
        sinceRunId: number;
      }>(
        `SELECT customer_id AS customerId, argMax(segment_key, seq) AS segmentKey,
           argMax(since, seq) AS sinceMs, argMax(since_run_id, seq) AS sinceRunId
         FROM segment_members
         WHERE profile_id = ${chInt(profileId, "membership profile id")} AND seq <= ${state.seq}
           AND customer_id IN (${ids.join(", ")})
         GROUP BY customer_id HAVING segmentKey != ''`,
      );
      return rows.map(
        (row): MemberRow => ({
          customerId: Number(row.customerId),
          segmentKey: row.segmentKey,
          since: Number(row.sinceMs),
          sinceRunId: Number(row.sinceRunId),
        }),
      );
    },
  };
}
