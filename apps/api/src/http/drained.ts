import type { ServerResponse } from "node:http";

/** Waits for the socket to take more, or fails when the client goes away (no listener left behind). */
export function drained(raw: ServerResponse): Promise<void> {
  // Gone already: its "close" was emitted before we could listen, and would never come again
  // (an export's reader would wait forever, its PostgreSQL transaction open).
  if (raw.destroyed || raw.closed) return Promise.reject(new Error("the client went away"));
  return new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      raw.off("close", onClose);
      resolve();
    };
    const onClose = () => {
      raw.off("drain", onDrain);
      reject(new Error("the client went away"));
    };
    raw.once("drain", onDrain);
    raw.once("close", onClose);
  });
}
