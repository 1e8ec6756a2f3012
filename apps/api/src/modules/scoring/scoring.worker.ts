/**
 * A scoring run in a worker thread, on its own database connections (see scoring.jobs.ts).
 * Reports progress, then `done` or `failed`, to the thread that started it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/client";
import { runBackfill } from "./backfill";
import {
  type BackfillWorkerOptions,
  type FromScoringWorker,
  failureOf,
  type WorkerOptions,
} from "./scoring.messages";
import { runScoring } from "./scoring.service";

const { url, analyticsUrl, options, backfill } = workerData as {
  url: string;
  /** The facts' ClickHouse (null: the facts are in the app database). */
  analyticsUrl: string | null;
  options: WorkerOptions;
  /** Set: a backfill (its runs one after another under one lock) instead of one run. */
  backfill?: BackfillWorkerOptions;
};
const post = (message: FromScoringWorker) => parentPort!.postMessage(message);

const db = await openDatabase(url, { migrate: false, analyticsUrl });
try {
  if (backfill) {
    const result = await runBackfill({
      ...backfill,
      db,
      onStart: (periods, future) =>
        post({ type: "backfill-start", days: periods.map((p) => p.asOfDay), future }),
      onPeriod: (e) =>
        post({
          type: "backfill-period",
          index: e.index,
          event: e.event,
          ...(e.run ? { runId: e.run.id } : {}),
        }),
      onProgress: (p) => post({ type: "progress", runId: p.runId, phase: p.phase, event: p.event }),
    });
    post({ type: "backfill-done", aborted: result.aborted });
  } else {
    const result = await runScoring({
      ...options,
      db,
      onProgress: (p) => post({ type: "progress", runId: p.runId, phase: p.phase, event: p.event }),
      onComplete: (run) => post({ type: "complete", runId: run.id }),
    });
    post({ type: "done", runId: result.run.id });
  }
} catch (error) {
  post(failureOf(error));
} finally {
  await db.close();
}
