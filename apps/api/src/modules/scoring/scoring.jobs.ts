/**
 * Scoring runs started over the API run in the background of the server process: the mutation
 * answers as soon as the run is recorded (status RUNNING), and `scoringRun(id)` shows its
 * phase until it completes or fails. One run at a time per database (the scoring lock); a
 * second start while one runs is refused, not queued.
 */
import type { Database } from "../../db/client";
import { type RunScoringOptions, runScoring, type ScoringPhase } from "./scoring.service";

export class ScoringJobs {
  private readonly phases = new Map<number, ScoringPhase>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    /** Called when a run started here completes (the current run changed). */
    private readonly onComplete: () => void = () => undefined,
  ) {}

  /** Starts a run; resolves with its id once it is recorded, rejects if it cannot start. */
  start(options: Omit<RunScoringOptions, "db" | "onProgress">): Promise<number> {
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
          // Before the run was recorded: the caller gets the error (busy, bad options).
          if (!started) reject(error);
        },
      );
      this.pending.add(job);
      void job.finally(() => this.pending.delete(job));
    });
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
