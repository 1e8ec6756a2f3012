/**
 * The scheduler against real databases (SQLite file, PostgreSQL schema; the facts on the ClickHouse
 * cluster too), with real scoring runs in worker threads (ScoringJobs, the server's path),
 * whose scores are rfm-core's for the store as of the firing: a due firing runs once however many
 * schedulers (each on its own connections, as separate processes are) tick at the same moment;
 * missed firings run once after a restart; a dead claimer's lease ends and its firing is run;
 * and a second real `rfm serve` process never fires a firing the first one ran. Counts, as-of
 * instants and next firings are read back with SQL written here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { childEnv, REPO_ROOT } from "../../env";
import { createProfile, deleteProfile } from "../profile/profile.repository";
import { ScoringJobs } from "../scoring/scoring.jobs";
import { acquireScoringLock } from "../scoring/scoring-lock";
import {
  expectedScores,
  handMadeStore,
  seedStore,
  storedScores,
  type TestStore,
} from "../scoring/test-store";
import { claimFiring, createSchedule } from "./schedule.repository";
import { type Firing, Scheduler } from "./scheduler";

const BIN = `${REPO_ROOT}/apps/api/bin/rfm.mjs`;

interface RunRow {
  id: number;
  status: string;
  at: number;
}

/** Every scoring run, with its as-of instant in epoch ms (SQL of each dialect). */
async function runs(db: Database): Promise<RunRow[]> {
  const rows = await db.raw.query<{ id: number; status: string; at: number | string }>(
    db.provider === "sqlite"
      ? "SELECT id, status, as_of AS at FROM scoring_runs ORDER BY id"
      : "SELECT id, status, (extract(epoch FROM as_of) * 1000)::bigint AS at FROM scoring_runs ORDER BY id",
  );
  return rows.map((r) => ({ id: Number(r.id), status: r.status, at: Number(r.at) }));
}

interface ScheduleRow {
  next: number | null;
  lastRunId: number | null;
  lastStatus: string | null;
  claimedBy: string | null;
}

async function scheduleRow(db: Database, id: number): Promise<ScheduleRow> {
  const rows = await db.raw.query<{
    next: number | string | null;
    last_run_id: number | null;
    last_status: string | null;
    claimed_by: string | null;
  }>(
    db.provider === "sqlite"
      ? "SELECT next_run_at AS next, last_run_id, last_status, claimed_by FROM scoring_schedules WHERE id = $1"
      : "SELECT (extract(epoch FROM next_run_at) * 1000)::bigint AS next, last_run_id, last_status, claimed_by FROM scoring_schedules WHERE id = $1",
    [id],
  );
  const row = rows[0]!;
  return {
    next: row.next === null ? null : Number(row.next),
    lastRunId: row.last_run_id === null ? null : Number(row.last_run_id),
    lastStatus: row.last_status,
    claimedBy: row.claimed_by,
  };
}

/**
 * The run scored every customer of `store` as rfm-core does as of `asOf` (its own aggregator and
 * scoring), read back with the test's SQL on the engine's facts (test-store.ts).
 */
async function expectScoredAsOf(db: Database, runId: number, store: TestStore, asOf: number): Promise<void> {
  const expected = expectedScores(store, { asOf });
  expect(expected.byCustomer.size).toBeGreaterThan(60);
  const stored = await storedScores(db, runId);
  expect(stored.size).toBe(expected.byCustomer.size);
  for (const [id, want] of expected.byCustomer) {
    expect({ id, code: stored.get(id)?.code }).toEqual({ id, code: want.code });
  }
}

describe.each(FACT_ENGINES)("the scoring scheduler on %s", (engine) => {
  const t = useTestDatabase(engine);
  const opened: Database[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    for (const db of opened.splice(0)) await db.close();
  });

  /** A scheduler with its own connections and scoring jobs, as another process would have. */
  async function instance(name: string, now: () => number) {
    const db = await openDatabase(t.url, { migrate: false, analyticsUrl: t.analyticsUrl });
    opened.push(db);
    const jobs = new ScoringJobs(db);
    const scheduler = new Scheduler({
      db,
      name,
      now,
      storeTimeZone: "UTC",
      startRun: (options) => jobs.start(options),
    });
    return { db, jobs, scheduler };
  }

  it("fires a due schedule exactly once when two schedulers on two connections tick at the same moment", {
    timeout: 120_000,
  }, async () => {
    const store = handMadeStore();
    await seedStore(t.db, store);
    const created = Date.UTC(2024, 6, 1, 12);
    const schedule = await createSchedule(
      t.db,
      "test",
      { cron: "0 2 * * *" },
      { defaultTimeZone: "UTC", now: created },
    );
    expect(schedule.nextRunAt?.toISOString()).toBe("2024-07-02T02:00:00.000Z");
    const now = Date.UTC(2024, 6, 2, 2, 0, 30); // 30 s after the firing
    const a = await instance("a", () => now);
    const b = await instance("b", () => now);

    const [firedA, firedB] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    const fired: Firing[] = [...firedA, ...firedB];
    expect(fired).toHaveLength(1);
    await Promise.all([a.jobs.idle(), b.jobs.idle()]);

    const all = await runs(t.db);
    expect(all).toHaveLength(1);
    // As of the store day before the firing: all of 2024-07-01, up to 2024-07-02 00:00 UTC.
    expect(all[0]).toEqual({ id: fired[0]!.runId, status: "complete", at: Date.UTC(2024, 6, 2) });
    expect(fired[0]!.asOfDay).toBe("2024-07-01");
    await expectScoredAsOf(t.db, all[0]!.id, store, Date.UTC(2024, 6, 2));
    expect(await scheduleRow(t.db, schedule.id)).toEqual({
      next: Date.UTC(2024, 6, 3, 2),
      lastRunId: all[0]!.id,
      lastStatus: "started",
      claimedBy: null,
    });

    // Ticking again at the same moment fires nothing: the firing has moved to tomorrow.
    expect([...(await a.scheduler.tick()), ...(await b.scheduler.tick())]).toEqual([]);
    expect(await runs(t.db)).toHaveLength(1);
  });

  it("runs once after a restart that missed four daily firings, and next at the following firing", {
    timeout: 120_000,
  }, async () => {
    const store = handMadeStore();
    await seedStore(t.db, store);
    const schedule = await createSchedule(
      t.db,
      "test",
      { cron: "0 2 * * *", timeZone: "UTC" },
      { defaultTimeZone: "UTC", now: Date.UTC(2024, 6, 1, 12) },
    );
    // Down from before 2024-07-02 02:00 until 2024-07-05 12:00: firings of the 2nd to the 5th missed.
    const restarted = await instance("after-restart", () => Date.UTC(2024, 6, 5, 12));
    const fired = await restarted.scheduler.tick();
    expect(fired.map((f) => f.asOfDay)).toEqual(["2024-07-04"]);
    await restarted.jobs.idle();
    expect(await restarted.scheduler.tick()).toEqual([]);
    const all = await runs(t.db);
    expect(all).toEqual([{ id: fired[0]!.runId, status: "complete", at: Date.UTC(2024, 6, 5) }]);
    await expectScoredAsOf(t.db, all[0]!.id, store, Date.UTC(2024, 6, 5));
    expect((await scheduleRow(t.db, schedule.id)).next).toBe(Date.UTC(2024, 6, 6, 2));
  });

  it("leaves a firing claimed by a live claimer alone, and runs it once that claimer's lease has ended", {
    timeout: 120_000,
  }, async () => {
    await seedStore(t.db, handMadeStore());
    const schedule = await createSchedule(
      t.db,
      "test",
      { cron: "0 2 * * *" },
      { defaultTimeZone: "UTC", now: Date.UTC(2024, 6, 1, 12) },
    );
    const claimedAt = Date.UTC(2024, 6, 2, 2, 0, 5);
    // A process claims the firing, then dies before recording it.
    expect(await claimFiring(t.db, schedule, "dead", new Date(claimedAt), 60_000)).toBe(true);
    expect((await scheduleRow(t.db, schedule.id)).claimedBy).toBe("dead");

    let now = claimedAt + 59_000;
    const other = await instance("other", () => now);
    expect(await other.scheduler.tick()).toEqual([]);
    expect(await runs(t.db)).toEqual([]);

    now = claimedAt + 61_000;
    const fired = await other.scheduler.tick();
    expect(fired).toHaveLength(1);
    await other.jobs.idle();
    expect((await runs(t.db)).map((r) => r.id)).toEqual([fired[0]!.runId]);
    expect(await scheduleRow(t.db, schedule.id)).toMatchObject({ claimedBy: null, lastStatus: "started" });
  });

  it("records a firing that cannot start its run (another run holds the scoring lock) as not_started, with the reason, and moves on", {
    timeout: 120_000,
  }, async () => {
    await seedStore(t.db, handMadeStore());
    const schedule = await createSchedule(
      t.db,
      "test",
      { cron: "*/15 * * * *" },
      { defaultTimeZone: "UTC", now: Date.UTC(2024, 6, 1, 12) },
    );
    const lock = await acquireScoringLock(t.db);
    try {
      const s = await instance("s", () => Date.UTC(2024, 6, 1, 12, 20));
      const fired = await s.scheduler.tick();
      expect(fired).toHaveLength(1);
      expect(fired[0]!.runId).toBeNull();
      expect(fired[0]!.error).toMatch(/^SCORING_IN_PROGRESS: another scoring run/);
      expect(await scheduleRow(t.db, schedule.id)).toEqual({
        next: Date.UTC(2024, 6, 1, 12, 30),
        lastRunId: null,
        lastStatus: "not_started",
        claimedBy: null,
      });
      expect(await runs(t.db)).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  it("records a schedule whose expression was broken by hand as having no next firing, instead of firing it again", async () => {
    const schedule = await createSchedule(
      t.db,
      "test",
      { cron: "0 2 * * *" },
      { defaultTimeZone: "UTC", now: Date.UTC(2024, 6, 1, 12) },
    );
    await t.db.raw.execute("UPDATE scoring_schedules SET cron = '0 2 * *' WHERE id = $1", [schedule.id]);
    const lock = await acquireScoringLock(t.db);
    try {
      const s = await instance("s", () => Date.UTC(2024, 6, 2, 3));
      const fired = await s.scheduler.tick();
      expect(fired).toHaveLength(1);
      expect(fired[0]!.error).toMatch(/^SCORING_IN_PROGRESS: .*; no next firing: "0 2 \* \*" has 4 fields/);
      expect(await scheduleRow(t.db, schedule.id)).toEqual({
        next: null,
        lastRunId: null,
        lastStatus: "not_started",
        claimedBy: null,
      });
      expect(await s.scheduler.tick()).toEqual([]);
    } finally {
      await lock.release();
    }
  });

  it("deletes a profile's schedule with the profile (a profile without runs)", async () => {
    const profile = await createProfile(t.db, "test", { key: "weekly", name: "Weekly", settings: {} });
    await createSchedule(t.db, "test", { cron: "0 3 * * 1", profile: "weekly" }, { defaultTimeZone: "UTC" });
    await createSchedule(t.db, "test", { cron: "0 2 * * *" }, { defaultTimeZone: "UTC" });
    await deleteProfile(t.db, "test", "weekly");
    const rows = await t.db.raw.query<{ profile_id: number }>("SELECT profile_id FROM scoring_schedules");
    expect(rows.map((r) => Number(r.profile_id))).toEqual([1]);
    expect(profile.id).not.toBe(1);
  });

  it("a second real `rfm serve` process does not fire the firing the first one ran, nor run another", {
    timeout: 180_000,
  }, async () => {
    const store = handMadeStore();
    await seedStore(t.db, store);
    // Real time here (the processes use the clock): the schedule fires every day at 02:00
    // UTC, and its next firing is made due now, as if 02:00 had just passed.
    const schedule = await createSchedule(t.db, "test", { cron: "0 2 * * *" }, { defaultTimeZone: "UTC" });
    await t.db.prisma.scoringSchedule.update({
      where: { id: schedule.id },
      data: { nextRunAt: new Date(Date.now() - 60_000) },
    });

    const serve = (label: string) => {
      const child = spawn(process.execPath, [BIN, "serve", "--host", "127.0.0.1"], {
        cwd: REPO_ROOT,
        env: childEnv({
          ...t.env,
          PORT: "0",
          SCHEDULER_INTERVAL_MS: "200",
          STORE_TIME_ZONE: "UTC",
        }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let out = "";
      child.stdout!.setEncoding("utf8").on("data", (text: string) => {
        out += text;
      });
      child.stderr!.setEncoding("utf8").on("data", (text: string) => {
        out += text;
      });
      return { label, child, out: () => out };
    };
    const first = serve("first");
    const second = serve("second");
    const listening = (p: { out: () => string }) => p.out().includes("RFM API on");
    const deadline = Date.now() + 120_000;
    while (!(listening(first) && listening(second)) && Date.now() < deadline) await sleep(100);
    expect(listening(first), first.out()).toBe(true);
    expect(listening(second), second.out()).toBe(true);

    // Wait for the firing to be recorded and its run to complete.
    let row = await scheduleRow(t.db, schedule.id);
    while (
      (row.lastRunId === null || (await runs(t.db))[0]?.status !== "complete") &&
      Date.now() < deadline
    ) {
      await sleep(100);
      row = await scheduleRow(t.db, schedule.id);
    }
    // Both processes tick five times a second: let each tick a dozen more times.
    await sleep(2_500);
    const all = await runs(t.db);
    expect(all).toHaveLength(1);
    expect(all[0]!.status).toBe("complete");
    // As of the end of yesterday (store time, UTC): after every order of the store.
    expect(all[0]!.at % 86_400_000).toBe(0);
    expect(all[0]!.at).toBeGreaterThan(Date.UTC(2024, 7, 1));
    await expectScoredAsOf(t.db, all[0]!.id, store, all[0]!.at);
    row = await scheduleRow(t.db, schedule.id);
    expect(row.lastRunId).toBe(all[0]!.id);
    expect(row.lastStatus).toBe("started");
    // The next firing is tomorrow's (or today's, if 02:00 UTC is still ahead): in the future.
    expect(row.next).toBeGreaterThan(Date.now());
    expect(new Date(row.next!).toISOString()).toMatch(/T02:00:00\.000Z$/);
    const logs = [first, second].map((p) => (p.out().match(/started run \d+/g) ?? []).length);
    expect(logs.sort()).toEqual([0, 1]);
  });
});
