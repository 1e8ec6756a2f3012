/** What a scoring run reports to the server thread, from a worker (scoring.worker.ts) or not. */
import type { RunScoringOptions } from "./scoring.service";

export type WorkerOptions = Omit<RunScoringOptions, "db" | "onProgress" | "onComplete" | "writeScores">;

export type FromScoringWorker =
  | { type: "progress"; runId: number; phase: string; event: "start" | "end" }
  /** The run is complete and current, and the next one may start. */
  | { type: "complete"; runId: number }
  /** Everything is over (statistics refreshed): the worker is closing. */
  | { type: "done"; runId: number }
  | { type: "failed"; message: string; code?: string; runId?: number };

/** A failed run as a message: the error's text, its domain code and run id when it has them. */
export function failureOf(error: unknown): FromScoringWorker {
  const { code, runId } = error as { code?: unknown; runId?: unknown };
  return {
    type: "failed",
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof runId === "number" ? { runId } : {}),
  };
}
