import type { ServerResponse } from "node:http";

/** Waits for the socket to take more, or fails when the client goes away (no listener left behind). */
export function drained(raw: ServerResponse): Promise<void> {
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
