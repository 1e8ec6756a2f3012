/**
 * `prepareTransactions` in a worker thread: the importing thread only reads the input and hands
 * its chunks over, then receives prepared batches, so parsing the next batch overlaps writing
 * this one (SQLite writes are synchronous: the importing thread is busy meanwhile, which is why
 * the worker is always given a few chunks ahead).
 */
import { Worker } from "node:worker_threads";
import { ImportError, type ImportInput, type ImportProblem } from "../../import";
import { decodeBatch, type PreparedBatch, type PrepareOptions, type WireBatch } from "./prepare";

export type ToWorker = { type: "chunk"; chunk: Uint8Array | string } | { type: "end" };
export type FromWorker =
  | { type: "consumed" }
  | { type: "batch"; batch: WireBatch }
  | { type: "done" }
  | { type: "error"; message: string; problems?: readonly ImportProblem[] };

/** Chunks handed to the worker and not yet taken by its parser: enough for a batch or two. */
const CHUNKS_AHEAD = 4;

export async function* prepareInWorker(
  input: ImportInput,
  options: PrepareOptions,
): AsyncGenerator<PreparedBatch, void, undefined> {
  const worker = new Worker(new URL("./prepare-worker.mjs", import.meta.url), { workerData: options });
  const inbox: (FromWorker | { type: "crash"; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const deliver = (message: FromWorker | { type: "crash"; error: Error }) => {
    inbox.push(message);
    wake?.();
    wake = null;
  };
  worker.on("message", deliver);
  worker.on("error", (error) => deliver({ type: "crash", error }));
  worker.on("exit", (code) => {
    if (code !== 0)
      deliver({ type: "crash", error: new Error(`the import's parsing thread exited with code ${code}`) });
  });

  const source = input[Symbol.asyncIterator]();
  let ahead = 0;
  let ended = false;
  let pumping = false;
  let readError: unknown = null;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (!ended && ahead < CHUNKS_AHEAD) {
        const next = await source.next();
        if (next.done) {
          ended = true;
          worker.postMessage({ type: "end" } satisfies ToWorker);
          break;
        }
        const chunk = next.value;
        ahead++;
        if (typeof chunk === "string") {
          worker.postMessage({ type: "chunk", chunk } satisfies ToWorker);
        } else {
          // A copy of our own to transfer: the stream may reuse or share the original's memory.
          const copy = new Uint8Array(chunk);
          worker.postMessage({ type: "chunk", chunk: copy } satisfies ToWorker, [copy.buffer]);
        }
      }
    } catch (error) {
      readError = error;
      deliver({ type: "done" });
    } finally {
      pumping = false;
    }
  };

  try {
    void pump();
    for (;;) {
      while (inbox.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      const message = inbox.shift()!;
      if (readError !== null) throw readError;
      switch (message.type) {
        case "consumed":
          ahead--;
          void pump();
          break;
        case "batch":
          yield decodeBatch(message.batch);
          break;
        case "done":
          return;
        case "error":
          throw message.problems ? new ImportError(message.problems) : new Error(message.message);
        case "crash":
          throw message.error;
      }
    }
  } finally {
    await worker.terminate();
    await source.return?.();
  }
}
