import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { pipeline } from "node:stream/promises";
import type { NextApiRequest, NextApiResponse } from "next";
import { serverEnv } from "../../../env";

/**
 * `POST /api/imports/{kind}`: the Import page's upload, piped to the API's `POST /imports/{kind}`
 * with backpressure, so a file of any size passes through the admin in constant memory. Neither
 * of Next's other ways can: its request-time proxy (src/proxy.ts) copies a body into memory and
 * cuts it at 10 MB, and an App Router route handler's `request.body` is fed from the socket
 * without backpressure (measured: a 100 MB upload to a slower API grew the admin by 120 MB). A
 * Pages Router API route with the body parser off gets the socket's own stream; `pipeline`
 * reads it only as fast as the API takes it.
 */
export const config = { api: { bodyParser: false, responseLimit: false } };

const FORWARDED = [
  "authorization",
  "content-type",
  "content-length",
  "x-file-name",
  "x-rfm-profile",
] as const;

function refuse(res: NextApiResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).json({ errors: [{ message }] });
}

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  if (req.method !== "POST") {
    res.setHeader("allow", "POST");
    refuse(res, 405, "Uploads are POST requests.");
    return;
  }
  const { RFM_API_URL } = serverEnv();
  const url = req.url ?? "";
  const search = url.includes("?") ? url.slice(url.indexOf("?")) : "";
  const target = new URL(`/imports/${encodeURIComponent(String(req.query.kind))}${search}`, RFM_API_URL);
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  if (headers["content-length"] === undefined) headers["transfer-encoding"] = "chunked";
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  await new Promise<void>((resolve) => {
    const upstream = send(target, { method: "POST", headers }, (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, {
        "content-type": answer.headers["content-type"] ?? "application/json; charset=utf-8",
        "cache-control": "no-store",
      });
      pipeline(answer, res).then(resolve, resolve);
    });
    upstream.on("error", () => {
      refuse(res, 502, "The API could not be reached. Check that it is running, then try again.");
      resolve();
    });
    // The browser going away stops the upload to the API too (batches committed so far stay).
    pipeline(req, upstream).catch(() => upstream.destroy());
  });
}
