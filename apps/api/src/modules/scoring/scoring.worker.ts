/**
 * A scoring run in a worker thread, on its own database connections (see scoring.jobs.ts).
 * Reports progress, then `done` or `failed`, to the thread that started it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/client";
import { type FromScoringWorker, failureOf, type WorkerOptions } from "./scoring.messages";
import { runScoring } from "./scoring.service";

const { url, options } = workerData as { url: string; options: WorkerOptions };
const post = (message: FromScoringWorker) => parentPort!.postMessage(message);

const db = await openDatabase(url, { migrate: false });
try {
  const result = await runScoring({
    ...options,
    db,
    onProgress: (p) => post({ type: "progress", runId: p.runId, phase: p.phase, event: p.event }),
    onComplete: (run) => post({ type: "complete", runId: run.id }),
  });
  post({ type: "done", runId: result.run.id });
} catch (error) {
  post(failureOf(error));
} finally {
  await db.close();
}
