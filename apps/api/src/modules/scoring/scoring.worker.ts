/**
 * A scoring run in a worker thread, on its own database connections (see scoring.jobs.ts).
 * Reports progress, then `done` or `failed`, to the thread that started it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/client";
import { type RunScoringOptions, runScoring } from "./scoring.service";

export type WorkerOptions = Omit<RunScoringOptions, "db" | "onProgress" | "writeScores">;

export type FromScoringWorker =
  | { type: "progress"; runId: number; phase: string; event: "start" | "end" }
  | { type: "done"; runId: number }
  | { type: "failed"; message: string; code?: string; runId?: number };

const { url, options } = workerData as { url: string; options: WorkerOptions };
const post = (message: FromScoringWorker) => parentPort!.postMessage(message);

const db = await openDatabase(url, { migrate: false });
try {
  const result = await runScoring({
    ...options,
    db,
    onProgress: (p) => post({ type: "progress", runId: p.runId, phase: p.phase, event: p.event }),
  });
  post({ type: "done", runId: result.run.id });
} catch (error) {
  const { code, runId } = error as { code?: unknown; runId?: unknown };
  post({
    type: "failed",
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof runId === "number" ? { runId } : {}),
  });
} finally {
  await db.close();
}
