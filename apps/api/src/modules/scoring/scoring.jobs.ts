/**
 * Scoring runs started over the API run in a worker thread of the server process, on the
 * worker's own database connections: a run is seconds of CPU (scoring, the CLV fit) and, on
 * SQLite, seconds of synchronous score writes, which on the server's thread would hold every
 * other request (8.5 s at 2.38M customers). The mutation answers as soon as the run is
 * recorded (status RUNNING), and `scoringRun(id)` shows its phase until it completes or fails.
 * One run at a time per database (the scoring lock); a second start while one runs is
 * refused, not queued. An in-memory SQLite database cannot be shared with a thread: its runs
 * run here.
 */
import { Worker } from "node:worker_threads";
import type { Database } from "../../db/client";
import { runScoring, type ScoringPhase } from "./scoring.service";
import type { FromScoringWorker, WorkerOptions } from "./scoring.worker";

const WORKER = new URL("./scoring-worker.mjs", import.meta.url);

/** An error from the worker, with the domain code the API maps (SCORING_IN_PROGRESS...). */
function workerError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

export class ScoringJobs {
  private readonly phases = new Map<number, ScoringPhase>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    /** Called when a run started here completes (the current run changed). */
    private readonly onComplete: () => void = () => undefined,
  ) {}

  /** Starts a run; resolves with its id once it is recorded, rejects if it cannot start. */
  start(options: WorkerOptions): Promise<number> {
    return this.db.provider === "sqlite" && this.db.path === ":memory:"
      ? this.startHere(options)
      : this.startInWorker(options);
  }

  private startInWorker(options: WorkerOptions): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let started = false;
      const worker = new Worker(WORKER, { workerData: { url: this.db.url, options } });
      const finished = new Promise<void>((settle) => {
        worker.on("message", (message: FromScoringWorker) => {
          if (message.type === "progress") {
            if (message.event === "start") this.phases.set(message.runId, message.phase as ScoringPhase);
            if (!started) {
              started = true;
              resolve(message.runId);
            }
          } else if (message.type === "done") {
            this.phases.delete(message.runId);
            this.onComplete();
          } else {
            if (message.runId !== undefined) this.phases.delete(message.runId);
            // Before the run was recorded: the caller gets the error (busy, bad options).
            if (!started) reject(workerError(message.message, message.code));
          }
        });
        worker.once("error", (error) => {
          if (!started) reject(error);
        });
        worker.once("exit", () => {
          if (!started) reject(new Error("the scoring worker stopped before the run started"));
          settle();
        });
      });
      this.track(finished);
    });
  }

  private startHere(options: WorkerOptions): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let started = false;
      const job = runScoring({
        ...options,
        db: this.db,
        onProgress: (progress) => {
          if (progress.event === "start") this.phases.set(progress.runId, progress.phase);
          if (!started) {
            started = true;
            resolve(progress.runId);
          }
        },
      }).then(
        (result) => {
          this.phases.delete(result.run.id);
          this.onComplete();
        },
        (error: unknown) => {
          const runId = (error as { runId?: number }).runId;
          if (runId !== undefined) this.phases.delete(runId);
          if (!started) reject(error);
        },
      );
      this.track(job);
    });
  }

  private track(job: Promise<unknown>): void {
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
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
