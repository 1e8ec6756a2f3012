/**
 * The worker side of {@link prepareInWorker}: receives the input's chunks, runs
 * `prepareTransactions` on them and posts each prepared batch back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ImportError } from "../../import";
import { encodeBatch, type PrepareOptions, prepareTransactions } from "./prepare";
import type { FromWorker, ToWorker } from "./prepare-in-worker";

const port = parentPort!;
const options = workerData as PrepareOptions;
const chunks: (Uint8Array | string)[] = [];
let ended = false;
let wake: (() => void) | null = null;

port.on("message", (message: ToWorker) => {
  if (message.type === "chunk") chunks.push(message.chunk);
  else ended = true;
  wake?.();
  wake = null;
});

async function* input(): AsyncGenerator<Uint8Array | string> {
  for (;;) {
    const chunk = chunks.shift();
    if (chunk !== undefined) {
      port.postMessage({ type: "consumed" } satisfies FromWorker);
      yield chunk;
    } else if (ended) {
      return;
    } else {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
}

try {
  for await (const prepared of prepareTransactions(input(), options)) {
    const { message, transfer } = encodeBatch(prepared);
    port.postMessage({ type: "batch", batch: message } satisfies FromWorker, transfer);
  }
  port.postMessage({ type: "done" } satisfies FromWorker);
} catch (error) {
  const failure: FromWorker =
    error instanceof ImportError
      ? { type: "error", message: error.message, problems: error.problems }
      : { type: "error", message: error instanceof Error ? error.message : String(error) };
  port.postMessage(failure);
}
port.close();
