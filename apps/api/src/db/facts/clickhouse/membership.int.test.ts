/**
 * Membership recording on the ClickHouse cluster, on scores written straight into the shards'
 * local tables (the suites in modules/membership cover it end to end through scoring). The
 * expected changes are written out by hand.
 */
import { existsSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../testing";
import { factsStoreOf, type SegmentOfCode } from "..";
import type { ClickHouse } from "./connection";

/** Codes 0 -> a (A), 1 -> b (B); code 2 is in no segment. */
const CODES: readonly SegmentOfCode[] = [
  { code: 0, key: "a", name: "A" },
  { code: 1, key: "b", name: "B" },
];

async function addCustomers(ch: ClickHouse, ids: readonly number[]): Promise<void> {
  for (const id of ids) {
    await ch.insertShard(ch.shardOf(id), "customers_local", [
      { id, external_id: `C${id}`, imported_at: 0, version: 1 },
    ]);
  }
}

async function addScores(
  ch: ClickHouse,
  runId: number,
  codes: Readonly<Record<number, number>>,
): Promise<void> {
  for (const [id, code] of Object.entries(codes)) {
    await ch.insertShard(ch.shardOf(Number(id)), "customer_scores_local", [
      {
        run_id: runId,
        customer_id: Number(id),
        recency_days: 1,
        frequency: 1,
        monetary_cents: 100,
        r: 1,
        f: 1,
        m: 1,
        code,
        clv: null,
      },
    ]);
  }
}

const recording = (runId: number, mappingVersionId: number, codes = CODES) => ({
  profileId: 1,
  runId,
  asOf: runId * 1000,
  mappingVersionId,
  at: runId * 1000 + 5,
  codes,
});

describe("segment membership on the ClickHouse cluster", () => {
  const t = useTestDatabase("clickhouse");

  it("logs entries, then lefts before entries with dense increasing ids, skips a pair recorded already, and redoes a recording that died half-way", async () => {
    const ch = t.db.analytics!;
    const facts = factsStoreOf(t.db).membership;
    await addCustomers(ch, [1, 2, 3, 4, 5, 6]);
    await addScores(ch, 1, { 1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 0 });

    expect(await facts.recorded(1)).toBeNull();
    const first = await facts.record(recording(1, 10));
    expect(first).toEqual({ recorded: true, entered: 5, left: 0, lastChangeId: 5 });
    const entries = await facts.changes({ profileId: 1, limit: 100 });
    expect(entries.map((c) => c.id)).toEqual([1, 2, 3, 4, 5]);
    expect(
      entries.map((c) => [c.externalId, c.kind, c.segmentKey, c.segmentName, c.at, c.runId]).sort(),
    ).toEqual([
      ["C1", "entered", "a", "A", 1005, 1],
      ["C2", "entered", "a", "A", 1005, 1],
      ["C3", "entered", "b", "B", 1005, 1],
      ["C4", "entered", "b", "B", 1005, 1],
      ["C6", "entered", "a", "A", 1005, 1],
    ]);
    expect(await facts.record(recording(1, 10))).toEqual({
      recorded: false,
      entered: 0,
      left: 0,
      lastChangeId: 5,
    });

    // Run 2: 1 moves a -> b, 2 is no longer scored, 3 stays, 4 falls into no segment, 5 enters a.
    await addScores(ch, 2, { 1: 1, 3: 1, 4: 2, 5: 0, 6: 0 });
    const second = await facts.record(recording(2, 10));
    expect(second).toEqual({ recorded: true, entered: 2, left: 3, lastChangeId: 10 });
    const moves = await facts.changes({ profileId: 1, afterId: 5, limit: 100 });
    expect(moves.map((c) => c.id)).toEqual([6, 7, 8, 9, 10]);
    expect(moves.slice(0, 3).every((c) => c.kind === "left")).toBe(true);
    expect(moves.map((c) => `${c.externalId}:${c.kind}:${c.segmentKey}`).sort()).toEqual([
      "C1:entered:b",
      "C1:left:a",
      "C2:left:a",
      "C4:left:b",
      "C5:entered:a",
    ]);
    expect(
      await facts.changes({ profileId: 1, afterId: 5, kind: "entered", segmentKey: "a", limit: 10 }),
    ).toEqual([expect.objectContaining({ customerId: 5, kind: "entered", segmentKey: "a" })]);
    const members = await facts.members(1, [1, 2, 3, 4, 5, 6, 99]);
    expect(members.sort((x, y) => x.customerId - y.customerId)).toEqual([
      { customerId: 1, segmentKey: "b", since: 2000, sinceRunId: 2 },
      { customerId: 3, segmentKey: "b", since: 1000, sinceRunId: 1 },
      { customerId: 5, segmentKey: "a", since: 2000, sinceRunId: 2 },
      { customerId: 6, segmentKey: "a", since: 1000, sinceRunId: 1 },
    ]);

    // A recording that died after writing some rows (never committed): invisible, then redone.
    const db = ch.database;
    await ch.insertShard(0, "segment_changes_local", [
      {
        profile_id: 1,
        id: 11,
        seq: 3,
        customer_id: 6,
        segment_key: "b",
        segment_name: "B",
        kind: "entered",
        at: 1,
        run_id: 9,
        mapping_version_id: 9,
      },
    ]);
    await ch.insertShard(0, "segment_members_local", [
      { profile_id: 1, customer_id: 6, segment_key: "b", since: 1, since_run_id: 9, seq: 3 },
    ]);
    // ... and its staged diff: customer 6 moving a -> b, which the redo must not number.
    await ch.insertShard(ch.shardOf(6), "segment_diffs_local", [
      { profile_id: 1, seq: 3, customer_id: 6, old_key: "a", new_key: "b" },
    ]);
    expect(await facts.lastChangeId(1)).toBe(10);
    expect(await facts.changes({ profileId: 1, afterId: 10, limit: 10 })).toEqual([]);
    expect((await facts.members(1, [6]))[0]?.segmentKey).toBe("a");
    expect(db).toMatch(/^t_/);

    // Mapping 11 drops segment b: its members leave under the name they entered with.
    const third = await facts.record(recording(2, 11, [{ code: 0, key: "a", name: "A2" }]));
    expect(third).toEqual({ recorded: true, entered: 0, left: 2, lastChangeId: 12 });
    const dropped = await facts.changes({ profileId: 1, afterId: 10, limit: 10 });
    expect(
      dropped
        .map((c) => [c.id, c.externalId, c.kind, c.segmentKey, c.segmentName, c.mappingVersionId])
        .sort(),
    ).toEqual(
      [
        [11, "C1", "left", "b", "B", 11],
        [12, "C3", "left", "b", "B", 11],
      ].sort(),
    );
    expect(await facts.recorded(1)).toEqual({ runId: 2, mappingVersionId: 11, seq: 3 });
    expect((await facts.members(1, [1, 3, 5, 6])).map((m) => m.customerId).sort()).toEqual([5, 6]);
  }, 60_000);
  it("a recording holds a lock file per profile, not the app database's write lock: another connection writes meanwhile without waiting", async () => {
    const ch = t.db.analytics!;
    await addCustomers(ch, [1, 2, 3]);
    await addScores(ch, 1, { 1: 0, 2: 1, 3: 0 });
    if (t.db.provider !== "sqlite")
      throw new Error("the ClickHouse test store keeps its app state in SQLite");
    const lockFile = `${t.db.path}.membership-1.lock`;
    // A second connection that does not wait: SQLITE_BUSY at once if the write lock is held.
    const other = new BetterSqlite3(t.db.path, { timeout: 0 });
    let writes = 0;
    let sawLockFile = false;
    try {
      let done = false;
      const recorded = factsStoreOf(t.db)
        .membership.record(recording(1, 10))
        .finally(() => {
          done = true;
        });
      while (!done) {
        sawLockFile ||= existsSync(lockFile);
        other.exec("BEGIN IMMEDIATE; COMMIT");
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(await recorded).toEqual({ recorded: true, entered: 3, left: 0, lastChangeId: 3 });
    } finally {
      other.close();
    }
    expect(writes).toBeGreaterThan(0);
    expect(sawLockFile).toBe(true);
    expect(existsSync(lockFile)).toBe(false);
  });
});
