/**
 * Segment membership in the facts store: each scored customer's current segment per scoring
 * profile (`segment_members`) and the log of who entered and who left (`segment_changes`).
 *
 * A recording diffs the members against the segments of one run under one mapping, set-based,
 * in one transaction: the mapping's code -> segment table is loaded into a temporary table,
 * the changes are two INSERT ... SELECT (first everyone who left: no longer scored, or scored
 * into another segment; then everyone who entered), and the members follow from the changes
 * just written (DELETE the ones who left, INSERT the ones who entered). A customer who moved
 * gets a `left` and an `entered` change, `left` first (lower id). With no members yet (the
 * profile's first recording) everyone enters. Recording the (run, mapping) pair recorded last
 * again changes nothing and costs one read.
 *
 * The SQL here is the same on both SQL engines; what differs (serialising a profile's
 * recordings, temporary tables, time literals) is each engine's `MembershipEngine`
 * (sqlite/membership.ts, postgres/membership.ts).
 */
import type { RawSql } from "../raw";
import { sqlIntegers } from "../raw";

/** One RFM code's segment under the mapping recorded with. */
export interface SegmentOfCode {
  /** Dense code index (rfm-core `codeIndex`), as in customer_scores.code. */
  readonly code: number;
  /** The segment's immutable key. */
  readonly key: string;
  /** Its name in that mapping version. */
  readonly name: string;
}

export interface MembershipRecording {
  readonly profileId: number;
  /** The profile's current run: its scores are the customers and codes recorded. */
  readonly runId: number;
  /** The run's as-of instant, epoch ms: `since` of the customers who enter. */
  readonly asOf: number;
  /** The published mapping version (row id) the codes come from. */
  readonly mappingVersionId: number;
  /** When the changes happened (epoch ms): when the pair (run, mapping) became current. */
  readonly at: number;
  /** Every code of the run's bins with its segment. */
  readonly codes: readonly SegmentOfCode[];
}

export interface MembershipResult {
  /** False when this pair was recorded already (nothing was done). */
  readonly recorded: boolean;
  readonly entered: number;
  readonly left: number;
  /** The greatest change id of the profile after the recording (0: none yet). */
  readonly lastChangeId: number;
}

export type ChangeKind = "entered" | "left";

export interface SegmentChangeRow {
  readonly id: number;
  readonly profileId: number;
  /** Internal customer id. */
  readonly customerId: number;
  /** The store's customer id; null when the customer was deleted since. */
  readonly externalId: string | null;
  readonly segmentKey: string;
  readonly segmentName: string;
  readonly kind: ChangeKind;
  /** Epoch ms. */
  readonly at: number;
  readonly runId: number;
  readonly mappingVersionId: number;
}

export interface ChangeQuery {
  readonly profileId: number;
  /** One segment's changes; omitted: every segment's. */
  readonly segmentKey?: string;
  /** Changes at or after this instant (epoch ms). */
  readonly since?: number;
  /** Changes with a greater id (a page's cursor). */
  readonly afterId?: number;
  readonly kind?: ChangeKind;
  /** At most this many, in id order (oldest first). */
  readonly limit: number;
}

export interface MemberRow {
  /** Internal customer id. */
  readonly customerId: number;
  readonly segmentKey: string;
  /** Epoch ms: the as-of of the run the customer entered the segment in. */
  readonly since: number;
  readonly sinceRunId: number;
}

/** A profile's last committed recording. */
export interface RecordedPair {
  readonly runId: number;
  readonly mappingVersionId: number;
  /**
   * On ClickHouse, the recording's number: `segment_members` rows with a greater `seq` belong to
   * a recording not committed (running, or dead half-way) and must not be read. 0 on the SQL
   * engines, whose members table is the committed state itself.
   */
  readonly seq: number;
}

export interface MembershipFacts {
  /** Records the changes of one (run, mapping) pair and updates the members, in one transaction. */
  record(recording: MembershipRecording): Promise<MembershipResult>;
  /** The pair recorded last for the profile, or null before its first recording. */
  recorded(profileId: number): Promise<RecordedPair | null>;
  /** Changes in id order (oldest first). */
  changes(query: ChangeQuery): Promise<SegmentChangeRow[]>;
  /** The members among these internal customer ids. */
  members(profileId: number, customerIds: readonly number[]): Promise<MemberRow[]>;
  /** The greatest change id of the profile (0: none). */
  lastChangeId(profileId: number): Promise<number>;
}

/** What an engine implements: the parts of a recording that differ between engines. */
export interface MembershipEngine {
  /**
   * Runs `fn` in one transaction in which no other recording of the profile runs (or waits for
   * one to finish), with the temporary tables `membership_codes (code, segment_key)` and
   * `membership_names (segment_key, segment_name)` empty at the start (dropped or emptied after).
   */
  transaction<T>(profileId: number, fn: (raw: RawSql) => Promise<T>): Promise<T>;
  /** A DateTime column's value as an SQL literal. */
  timeLiteral(ms: number): string;
  /** A DateTime column's value as a bound parameter. */
  timeParam(ms: number): unknown;
  /** Reads, off the writers' connection. */
  readonly reads: RawSql;
  /** Refreshes the planner's statistics of the membership tables after a large recording. */
  refreshStatistics(): Promise<void>;
}

/**
 * Changes in one recording from which the statistics are refreshed: the first recording fills
 * empty tables, and PostgreSQL then planned the outbox's paged reads of the changes (and the next
 * diff) as if they were still empty.
 */
const REFRESH_AFTER_CHANGES = 10_000;

/** Rows per multi-row INSERT of the code table (2 parameters a row). */
const CODE_ROWS = 400;

export function membershipFacts(engine: MembershipEngine): MembershipFacts {
  return {
    async record(recording) {
      const result = await record(engine, recording);
      if (result.entered + result.left >= REFRESH_AFTER_CHANGES) await engine.refreshStatistics();
      return result;
    },
    async recorded(profileId) {
      const [row] = await engine.reads.query<{ runId: number; mappingVersionId: number }>(
        `SELECT run_id AS "runId", mapping_version_id AS "mappingVersionId" FROM segment_recordings WHERE profile_id = $1`,
        [profileId],
      );
      return row
        ? { runId: Number(row.runId), mappingVersionId: Number(row.mappingVersionId), seq: 0 }
        : null;
    },
    async lastChangeId(profileId) {
      const [row] = await engine.reads.query<{ id: number | string | null }>(
        "SELECT max(id) AS id FROM segment_changes WHERE profile_id = $1",
        [profileId],
      );
      return Number(row?.id ?? 0);
    },
    async changes(query) {
      const params: unknown[] = [query.profileId, query.afterId ?? 0];
      const where = ["c.profile_id = $1", "c.id > $2"];
      if (query.segmentKey !== undefined) {
        params.push(query.segmentKey);
        where.push(`c.segment_key = $${params.length}`);
      }
      if (query.since !== undefined) {
        params.push(engine.timeParam(query.since));
        where.push(`c.at >= $${params.length}`);
      }
      if (query.kind !== undefined) {
        params.push(query.kind);
        where.push(`c.kind = $${params.length}`);
      }
      params.push(query.limit);
      // The page first, then its customers: joined before the LIMIT, PostgreSQL hashed every
      // customer for each page (0.5 s a page at 500,000 customers).
      const rows = await engine.reads.query<SegmentChangeRow>(
        `SELECT c.id AS "id", c.profile_id AS "profileId", c.customer_id AS "customerId",
           cu.external_id AS "externalId", c.segment_key AS "segmentKey", c.segment_name AS "segmentName",
           c.kind AS "kind", c.at AS "at", c.run_id AS "runId", c.mapping_version_id AS "mappingVersionId"
         FROM (SELECT * FROM segment_changes c WHERE ${where.join(" AND ")} ORDER BY c.id LIMIT $${params.length}) c
         LEFT JOIN customers cu ON cu.id = c.customer_id
         ORDER BY c.id`,
        params,
      );
      return rows.map((row) => ({ ...row, at: Number(row.at) }));
    },
    async members(profileId, customerIds) {
      if (customerIds.length === 0) return [];
      const ids = sqlIntegers(customerIds, "membership customer id");
      const rows = await engine.reads.query<MemberRow>(
        `SELECT customer_id AS "customerId", segment_key AS "segmentKey", since AS "since", since_run_id AS "sinceRunId"
         FROM segment_members WHERE profile_id = $1 AND customer_id IN (${ids.join(", ")})`,
        [profileId],
      );
      return rows.map((row) => ({ ...row, since: Number(row.since) }));
    },
  };
}

async function record(engine: MembershipEngine, recording: MembershipRecording): Promise<MembershipResult> {
  const { profileId, runId, mappingVersionId, codes } = recording;
  // Integers checked, inlined: PostgreSQL types a bare parameter in a SELECT list as text.
  const [p, r, v] = sqlIntegers(
    [profileId, runId, mappingVersionId],
    "membership profile, run or mapping id",
  );
  const asOf = engine.timeLiteral(recording.asOf);
  const at = engine.timeLiteral(recording.at);
  return engine.transaction(profileId, async (raw) => {
    const [state] = await raw.query<{ runId: number; mappingVersionId: number }>(
      `SELECT run_id AS "runId", mapping_version_id AS "mappingVersionId" FROM segment_recordings WHERE profile_id = ${p}`,
    );
    const lastId = async () =>
      Number(
        (
          await raw.query<{ id: number | null }>(
            `SELECT max(id) AS "id" FROM segment_changes WHERE profile_id = ${p}`,
          )
        )[0]?.id ?? 0,
      );
    if (state && Number(state.runId) === r && Number(state.mappingVersionId) === v) {
      return { recorded: false, entered: 0, left: 0, lastChangeId: await lastId() };
    }
    await loadCodes(raw, codes);
    const before = await lastId();
    const columns =
      "profile_id, customer_id, segment_key, segment_name, kind, at, run_id, mapping_version_id";
    // Left: members no longer scored, or scored into another segment. The name is the
    // segment's in this mapping, or (a segment no longer in it) the name it was entered under.
    const left = await raw.execute(
      `INSERT INTO segment_changes (${columns})
       SELECT m.profile_id, m.customer_id, m.segment_key,
         COALESCE(n.segment_name, (SELECT c.segment_name FROM segment_changes c
           WHERE c.profile_id = ${p} AND c.segment_key = m.segment_key ORDER BY c.id DESC LIMIT 1), m.segment_key),
         'left', ${at}, ${r}, ${v}
       FROM segment_members m
       LEFT JOIN customer_scores s ON s.run_id = ${r} AND s.customer_id = m.customer_id
       LEFT JOIN membership_codes k ON k.code = s.code
       LEFT JOIN membership_names n ON n.segment_key = m.segment_key
       WHERE m.profile_id = ${p} AND (k.segment_key IS NULL OR k.segment_key <> m.segment_key)
       ORDER BY m.customer_id`,
    );
    // Entered: scored customers who are not members of their segment yet.
    const entered = await raw.execute(
      `INSERT INTO segment_changes (${columns})
       SELECT ${p}, s.customer_id, k.segment_key, n.segment_name, 'entered', ${at}, ${r}, ${v}
       FROM customer_scores s
       JOIN membership_codes k ON k.code = s.code
       JOIN membership_names n ON n.segment_key = k.segment_key
       LEFT JOIN segment_members m ON m.profile_id = ${p} AND m.customer_id = s.customer_id
       WHERE s.run_id = ${r} AND (m.segment_key IS NULL OR m.segment_key <> k.segment_key)
       ORDER BY s.customer_id`,
    );
    // Nobody left (always so on a profile's first recording): nothing to delete, and no scan of
    // the changes just written (2.38M of them on a first recording at 2.38M customers).
    if (left > 0) {
      await raw.execute(
        `DELETE FROM segment_members WHERE profile_id = ${p} AND customer_id IN
           (SELECT customer_id FROM segment_changes WHERE profile_id = ${p} AND id > ${before} AND kind = 'left')`,
      );
    }
    await raw.execute(
      `INSERT INTO segment_members (profile_id, customer_id, segment_key, since, since_run_id)
       SELECT ${p}, customer_id, segment_key, ${asOf}, ${r}
       FROM segment_changes WHERE profile_id = ${p} AND id > ${before} AND kind = 'entered'`,
    );
    await raw.execute(
      `INSERT INTO segment_recordings (profile_id, run_id, mapping_version_id, recorded_at)
       VALUES (${p}, ${r}, ${v}, ${engine.timeLiteral(Date.now())})
       ON CONFLICT (profile_id) DO UPDATE SET run_id = excluded.run_id,
         mapping_version_id = excluded.mapping_version_id, recorded_at = excluded.recorded_at`,
    );
    return { recorded: true, entered, left, lastChangeId: await lastId() };
  });
}

/**
 * Each segment key's name in a recording's codes, checked: every code a non-negative integer
 * (it reaches SQL as a literal), one name per key. Every engine's recording starts with it.
 */
export function segmentNamesOf(codes: readonly SegmentOfCode[]): Map<string, string> {
  sqlIntegers(
    codes.map((c) => c.code),
    "membership code",
  );
  const names = new Map<string, string>();
  for (const c of codes) {
    const name = names.get(c.key);
    if (name !== undefined && name !== c.name) {
      throw new RangeError(`segment key ${c.key} has two names: ${name} and ${c.name}`);
    }
    names.set(c.key, c.name);
  }
  return names;
}

/** Fills the temporary code and name tables from the mapping's segments. */
async function loadCodes(raw: RawSql, codes: readonly SegmentOfCode[]): Promise<void> {
  const names = segmentNamesOf(codes);
  for (let start = 0; start < codes.length; start += CODE_ROWS) {
    const chunk = codes.slice(start, start + CODE_ROWS);
    await raw.execute(
      `INSERT INTO membership_codes (code, segment_key) VALUES ${chunk.map((c, i) => `(${c.code}, $${i + 1})`).join(", ")}`,
      chunk.map((c) => c.key),
    );
  }
  const entries = [...names];
  for (let start = 0; start < entries.length; start += CODE_ROWS) {
    const chunk = entries.slice(start, start + CODE_ROWS);
    await raw.execute(
      `INSERT INTO membership_names (segment_key, segment_name) VALUES ${chunk
        .map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`)
        .join(", ")}`,
      chunk.flat(),
    );
  }
}
