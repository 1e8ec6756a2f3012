/**
 * A real HTTP receiver on loopback for webhook tests and the benchmark: records every request
 * (headers and exact body) and answers as the test's `respond` says: a status, after a delay,
 * or never (a receiver that hangs, for timeouts).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status answered; null when the receiver hung. */
  readonly status: number | null;
}

/** A status now, a status after a delay or once `after` resolves, or no answer at all. */
export type Answer = number | { status: number; delayMs?: number; after?: Promise<unknown> } | "hang";

export interface Receiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Most requests ever handled at once for the same Rfm-Delivery-Id. */
  maxConcurrentPerDelivery: number;
  close(): Promise<void>;
}

export async function startReceiver(
  respond: (request: { headers: IncomingHttpHeaders; body: string; index: number }) => Answer,
  options: { keepBodies?: boolean } = {},
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const active = new Map<string, number>();
  const receiver: Receiver = {
    url: "",
    requests,
    maxConcurrentPerDelivery: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(req.headers["rfm-delivery-id"]);
      const now = (active.get(id) ?? 0) + 1;
      active.set(id, now);
      receiver.maxConcurrentPerDelivery = Math.max(receiver.maxConcurrentPerDelivery, now);
      const answer = respond({ headers: req.headers, body, index: requests.length });
      const status = answer === "hang" ? null : typeof answer === "number" ? answer : answer.status;
      requests.push({ headers: req.headers, body: options.keepBodies === false ? "" : body, status });
      if (answer === "hang") return;
      const delay = typeof answer === "number" ? 0 : (answer.delayMs ?? 0);
      const after = typeof answer === "number" ? undefined : answer.after;
      void Promise.resolve(after).then(() =>
        setTimeout(() => {
          active.set(id, (active.get(id) ?? 1) - 1);
          res.writeHead(status ?? 500, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "nope");
        }, delay),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(receiver, { url: `http://127.0.0.1:${port}/hook` });
  return receiver;
}
