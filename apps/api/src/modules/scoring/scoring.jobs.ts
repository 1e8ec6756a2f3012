/**
 * Scoring runs started over the API run in a worker thread of the server process, on the
 * worker's own database connections: a run is seconds of CPU (scoring, the CLV fit) and, on
 * SQLite, seconds of synchronous score writes, which on the server's thread would hold every
 * other request (8.5 s at 2.38M customers). The mutation answers as soon as the run is
 * recorded (status RUNNING), and `scoringRun(id)` shows its phase until it completes or fails.
 * One run at a time per database (the scoring lock); a second start while one runs is
 * refused, not queued.
 */
import { Worker } from "node:worker_threads";
import { AppError, isErrorCode } from "../../app-error";
import type { Database } from "../../db/client";
import { clickhouseUrlOf } from "../../db/facts/clickhouse/connection";
import type { BackfillWorkerOptions, FromScoringWorker, WorkerOptions } from "./scoring.messages";
import type { ScoringPhase } from "./scoring.service";

const WORKER = new URL("./scoring-worker.mjs", import.meta.url);

/**
 * An error from the worker: an AppError again when it was one (SCORING_IN_PROGRESS,
 * INVALID_OPTIONS...), naming the option it named (`convert`, `currency`...).
 */
function workerError(message: string, code?: string, field?: string): Error {
  return isErrorCode(code)
    ? new AppError(code, message, field === undefined ? {} : { field })
    : new Error(message);
}

export type BackfillPeriodStatus = "pending" | "running" | "scored" | "skipped" | "empty" | "failed";

/** The latest backfill started by this server, as it goes (its runs are in `scoring_runs`). */
export interface BackfillState {
  readonly id: number;
  readonly options: BackfillWorkerOptions;
  status: "running" | "complete" | "stopped" | "failed";
  periods: { readonly asOfDay: string; status: BackfillPeriodStatus; runId: number | null }[];
  /** Periods of the range that end after today, left out. */
  future: number;
  error: string | null;
  readonly startedAt: number;
  finishedAt: number | null;
}

export class ScoringJobs {
  private latestBackfill: BackfillState | null = null;
  private backfills = 0;
  private readonly phases = new Map<number, ScoringPhase>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Runs started here that are neither complete nor failed (their workers may still be closing). */
  private active = 0;

  constructor(
    private readonly db: Database,
    /** Called when a run started here completes (the current run changed). */
    private readonly onComplete: () => void = () => undefined,
  ) {}

  /** Starts a run; resolves with its id once it is recorded, rejects if it cannot start. */
  start(options: WorkerOptions): Promise<number> {
    if (this.active > 0) {
      // Refused here, at once: the scoring lock would also refuse it, but only once a new
      // worker had started, by which time a short run may be over (a race, not a rule).
      return Promise.reject(
        workerError("a scoring run started by this server is in progress", "SCORING_IN_PROGRESS"),
      );
    }
    this.active++;
    return new Promise<number>((resolve, reject) => {
      let started = false;
      let ended = false;
      const end = () => {
        if (!ended) {
          ended = true;
          this.active--;
        }
      };
      const handle = (message: FromScoringWorker): void => {
        if (message.type === "progress") {
          if (message.event === "start") this.phases.set(message.runId, message.phase as ScoringPhase);
          if (!started) {
            started = true;
            resolve(message.runId);
          }
        } else if (message.type === "complete") {
          end();
          this.phases.delete(message.runId);
          this.onComplete();
        } else if (message.type === "done") {
          end();
          this.phases.delete(message.runId);
        } else if (message.type === "failed") {
          end();
          if (message.runId !== undefined) this.phases.delete(message.runId);
          // Before the run was recorded: the caller gets the error (busy, bad options).
          if (!started) reject(workerError(message.message, message.code, message.field));
        }
      };
      const finished = this.runInWorker({ options }, handle, (error) => {
        end();
        if (!started) reject(error);
      });
      this.track(finished);
    });
  }

  private runInWorker(
    data: { options: WorkerOptions; backfill?: BackfillWorkerOptions },
    handle: (message: FromScoringWorker) => void,
    fail: (error: Error) => void,
  ): Promise<void> {
    // The worker opens its own connections: to the same app database and the same facts store.
    const analyticsUrl = this.db.analytics ? clickhouseUrlOf(this.db.analytics.target) : null;
    const worker = new Worker(WORKER, { workerData: { url: this.db.url, analyticsUrl, ...data } });
    worker.on("message", handle);
    worker.once("error", fail);
    return new Promise<void>((settle) => {
      worker.once("exit", () => {
        fail(new Error("the scoring worker stopped before the run started"));
        settle();
      });
    });
  }

  private track(job: Promise<unknown>): void {
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  /**
   * Starts a backfill (backfill.ts) in a worker; resolves with its state once it holds the
   * scoring lock, rejects if it cannot start (another run in progress, a bad range). One run or
   * backfill at a time, as for runs.
   */
  startBackfill(options: BackfillWorkerOptions): Promise<BackfillState> {
    if (this.active > 0) {
      return Promise.reject(
        workerError("a scoring run started by this server is in progress", "SCORING_IN_PROGRESS"),
      );
    }
    this.active++;
    const state: BackfillState = {
      id: ++this.backfills,
      options,
      status: "running",
      periods: [],
      future: 0,
      error: null,
      startedAt: Date.now(),
      finishedAt: null,
    };
    return new Promise<BackfillState>((resolve, reject) => {
      let started = false;
      let ended = false;
      const end = (status: BackfillState["status"], error: string | null) => {
        if (ended) return;
        ended = true;
        this.active--;
        if (!started) return;
        state.status = status;
        state.error = error;
        state.finishedAt = Date.now();
        for (const p of state.periods) if (p.status === "running") p.status = error ? "failed" : "pending";
      };
      const handle = (message: FromScoringWorker): void => {
        if (message.type === "backfill-start") {
          state.periods = message.days.map((asOfDay) => ({ asOfDay, status: "pending", runId: null }));
          state.future = message.future;
          started = true;
          this.latestBackfill = state;
          resolve(state);
        } else if (message.type === "backfill-period") {
          const period = state.periods[message.index];
          if (!period) return;
          period.status = message.event === "start" ? "running" : message.event;
          if (message.runId !== undefined) period.runId = message.runId;
          // Over: its phase is no longer shown (the backfill's next period has its own run).
          if (message.event === "scored" && period.runId !== null) this.phases.delete(period.runId);
          // A backfilled run is current when no later one exists (the first runs of a store).
          if (message.event === "scored") this.onComplete();
        } else if (message.type === "progress") {
          const running = state.periods.find((p) => p.status === "running");
          if (running && running.runId === null) running.runId = message.runId;
          if (message.event === "start") this.phases.set(message.runId, message.phase as ScoringPhase);
        } else if (message.type === "backfill-done") {
          for (const runId of state.periods.map((p) => p.runId))
            if (runId !== null) this.phases.delete(runId);
          end(message.aborted ? "stopped" : "complete", null);
        } else if (message.type === "failed") {
          if (message.runId !== undefined) this.phases.delete(message.runId);
          end("failed", message.message);
          if (!started) reject(workerError(message.message, message.code, message.field));
        }
      };
      const finished = this.runInWorker({ options: {}, backfill: options }, handle, (error) => {
        end("failed", error.message);
        if (!started) reject(error);
      });
      this.track(finished);
    });
  }

  /** The latest backfill started by this server (running or over); null when none was. */
  backfill(): BackfillState | null {
    return this.latestBackfill;
  }

  /** The phase a run started by this process is in; null when it is not running here. */
  phaseOf(runId: number): ScoringPhase | null {
    return this.phases.get(runId) ?? null;
  }

  /** Resolves when every run started here has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
