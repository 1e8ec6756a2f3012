/**
 * The scheduler `rfm serve` runs (docs/api.md, "Scheduled scoring"): every `intervalMs` it reads
 * the enabled schedules whose next firing has come, claims each firing (one conditional UPDATE:
 * of all the processes serving one database, exactly one wins it), starts the profile's scoring
 * run through the same path as `runScoring` (a worker holding the scoring lock, so two runs
 * never overlap, whichever process started them), then records the firing and moves the
 * schedule to its next firing after now.
 *
 * - Missed firings (the server was down, or busy): a schedule whose next firing is in the past
 *   fires once when the scheduler next ticks, and its next firing is computed from then, so a
 *   server down for three days of a daily schedule runs once on start, not three times.
 * - Restarts: everything is in the database (next firing, last run, lease); nothing is kept in
 *   memory between ticks.
 * - A claimer that dies between its claim and its record holds a lease (`leaseMs`, default 10
 *   minutes); once it ends, another process claims the same firing and runs it (at least once).
 * - A firing that cannot start its run (another run is in progress, the profile is gone, bad
 *   settings) is recorded `not_started` with the reason, and the schedule moves on to its next
 *   firing; a run that starts is recorded `started`, and its own status says how it ended.
 */

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "../../db/client";
import { Periodic } from "../common/periodic";
import type { WorkerOptions } from "../scoring/scoring.messages";
import { asOfDayOf, nextFiring, parseCron } from "./cron";
import { claimFiring, dueSchedules, recordFiring, type Schedule, scheduleById } from "./schedule.repository";

export const DEFAULT_SCHEDULER_INTERVAL_MS = 5_000;
export const DEFAULT_LEASE_MS = 10 * 60_000;

export interface SchedulerOptions {
  readonly db: Database;
  /** Starts a scoring run and resolves with its id once it is recorded (ScoringJobs.start). */
  readonly startRun: (options: WorkerOptions) => Promise<number>;
  /** The store's zone: a run's days, and its as-of day (the store day before the firing). */
  readonly storeTimeZone: string;
  readonly intervalMs?: number;
  readonly leaseMs?: number;
  /** Who claims (default host:pid:random); tests name their instances. */
  readonly name?: string;
  /** "Now" (tests pin it). */
  readonly now?: () => number;
  /** Reports a firing that could not be recorded or a tick that failed (the server's log). */
  readonly onError?: (error: unknown) => void;
  /** Reports each firing (the server's log). */
  readonly onFiring?: (firing: Firing) => void;
}

export interface Firing {
  readonly scheduleId: number;
  readonly profileId: number;
  /** The firing claimed (the schedule's next run when it was due). */
  readonly due: Date;
  readonly asOfDay: string;
  readonly runId: number | null;
  readonly error: string | null;
}

export class Scheduler {
  readonly name: string;
  private readonly periodic: Periodic<Firing[]>;
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.name = options.name ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
    this.now = options.now ?? Date.now;
    this.periodic = new Periodic(
      () => this.fireDue(),
      options.intervalMs ?? DEFAULT_SCHEDULER_INTERVAL_MS,
      options.onError,
    );
  }

  /** Ticks now, then every interval, until `stop()`. */
  start(): void {
    this.periodic.start();
  }

  /** Stops ticking; resolves once a tick in progress has recorded its firings. */
  async stop(): Promise<void> {
    await this.periodic.stop();
  }

  /**
   * One pass: fires every due schedule this instance wins the claim of, and returns those
   * firings. Ticks of one instance never overlap (a tick in progress is waited for).
   */
  tick(): Promise<Firing[]> {
    return this.periodic.once();
  }

  private async fireDue(): Promise<Firing[]> {
    const { db } = this.options;
    const due = await dueSchedules(db, new Date(this.now()));
    const fired: Firing[] = [];
    for (const schedule of due) {
      const claimed = await claimFiring(
        db,
        schedule,
        this.name,
        new Date(this.now()),
        this.options.leaseMs ?? DEFAULT_LEASE_MS,
      );
      if (!claimed) continue;
      try {
        fired.push(await this.fire(schedule));
      } catch (error) {
        // Recording failed (the database went away): the lease ends and the firing is retried.
        this.options.onError?.(error);
      }
    }
    return fired;
  }

  private async fire(schedule: Schedule): Promise<Firing> {
    const { db } = this.options;
    const startedAt = this.now();
    const asOfDay = asOfDayOf(startedAt, this.options.storeTimeZone);
    let runId: number | null = null;
    let error: string | null = null;
    try {
      runId = await this.options.startRun({
        profileId: schedule.profileId,
        asOfDay,
        timeZone: this.options.storeTimeZone,
      });
    } catch (failure) {
      const code = (failure as { code?: unknown }).code;
      const message = failure instanceof Error ? failure.message : String(failure);
      error = typeof code === "string" ? `${code}: ${message}` : message;
    }
    // The next firing by the schedule as it is now (it may have been changed meanwhile).
    const current = (await scheduleById(db, schedule.id)) ?? schedule;
    const ended = this.now();
    let next: Date | null = null;
    try {
      next = current.enabled
        ? nextFiring(parseCron(current.cron, current.timeZone, "cron"), Math.max(ended, startedAt))
        : null;
    } catch (failure) {
      // A row changed by hand to an expression croner refuses: recorded, and no next firing
      // (rather than a lease that ends and fires again every ten minutes).
      const reason = failure instanceof Error ? failure.message : String(failure);
      error = error === null ? `no next firing: ${reason}` : `${error}; no next firing: ${reason}`;
    }
    await recordFiring(db, schedule.id, this.name, {
      startedAt: new Date(startedAt),
      runId,
      error,
      nextRunAt: next,
    });
    const firing: Firing = {
      scheduleId: schedule.id,
      profileId: schedule.profileId,
      due: schedule.nextRunAt ?? new Date(startedAt),
      asOfDay,
      runId,
      error,
    };
    this.options.onFiring?.(firing);
    return firing;
  }
}
