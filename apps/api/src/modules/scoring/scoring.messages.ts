/** What a scoring run reports to the server thread, from a worker (scoring.worker.ts) or not. */
import { AppError } from "../../app-error";
import type { BackfillOptions } from "./backfill";
import type { RunScoringOptions } from "./scoring.service";

export type WorkerOptions = Omit<
  RunScoringOptions,
  "db" | "onProgress" | "onComplete" | "writeScores" | "lockHeld"
>;

/** A backfill's settings as a worker gets them (backfill.ts). */
export type BackfillWorkerOptions = Omit<
  BackfillOptions,
  "db" | "onStart" | "onPeriod" | "onProgress" | "signal"
>;

export type FromScoringWorker =
  | { type: "progress"; runId: number; phase: string; event: "start" | "end" }
  /** The run is complete and current, and the next one may start. */
  | { type: "complete"; runId: number }
  /** Everything is over (statistics refreshed): the worker is closing. */
  | { type: "done"; runId: number }
  | { type: "failed"; message: string; code?: string; field?: string; runId?: number }
  /** A backfill holds the scoring lock and goes through these as-of days. */
  | { type: "backfill-start"; days: string[]; future: number }
  | {
      type: "backfill-period";
      index: number;
      event: "start" | "scored" | "skipped" | "empty";
      runId?: number;
    }
  | { type: "backfill-done"; aborted: boolean };

/**
 * A failed run as a message: the error's text, its code (the server thread makes an AppError of
 * it again when the code is in the error table), the option it names (so a mutation's userError
 * names the input field, not the input as a whole) and the run's id (SCORING_FAILED's `details`).
 */
export function failureOf(error: unknown): FromScoringWorker {
  const { code } = error as { code?: unknown };
  const runId = error instanceof AppError ? error.details.runId : undefined;
  const field = error instanceof AppError ? error.field : undefined;
  return {
    type: "failed",
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === "string" ? { code } : {}),
    ...(field === undefined ? {} : { field }),
    ...(typeof runId === "number" ? { runId } : {}),
  };
}
