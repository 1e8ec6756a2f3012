import { once } from "node:events";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { serverEnv } from "../../../../env";

/**
 * `POST /api/imports/{kind}`: the Import page's upload, passed on to the API's
 * `POST /imports/{kind}` with backpressure, so a file of any size crosses the admin in constant
 * memory. Next's other ways do not: its request-time proxy (src/proxy.ts) copies a body into
 * memory and cuts it at 10 MB, and `fetch` with a stream body reads the upload as fast as it
 * arrives (measured: relaying 300 MB to a slower server grew the process by 340 MB, against
 * 50 MB for this loop). Here the body is read only when the connection to the API has taken
 * the last chunk.
 */
export const dynamic = "force-dynamic";

const FORWARDED = [
  "authorization",
  "content-type",
  "content-length",
  "x-file-name",
  "x-rfm-profile",
] as const;

const unreachable = () =>
  Response.json(
    { errors: [{ message: "The API could not be reached. Check that it is running, then try again." }] },
    { status: 502 },
  );

export async function POST(
  request: Request,
  context: { params: Promise<{ kind: string }> },
): Promise<Response> {
  const { kind } = await context.params;
  const { RFM_API_URL } = serverEnv();
  const target = new URL(`/imports/${encodeURIComponent(kind)}${new URL(request.url).search}`, RFM_API_URL);
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  if (headers["content-length"] === undefined) headers["transfer-encoding"] = "chunked";
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const upstream = send(target, { method: "POST", headers });
  const answered = new Promise<IncomingMessage | null>((resolve) => {
    upstream.once("response", resolve);
    upstream.once("error", () => resolve(null));
  });
  // The browser going away stops the upload to the API too (the batches committed so far stay).
  request.signal.addEventListener("abort", () => upstream.destroy());

  const pump = async () => {
    if (request.body === null) return upstream.end();
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return upstream.end();
      if (upstream.destroyed) return reader.cancel();
      if (!upstream.write(value)) await Promise.race([once(upstream, "drain"), once(upstream, "close")]);
    }
  };
  pump().catch(() => upstream.destroy());

  const answer = await answered;
  if (answer === null) return unreachable();
  return new Response(Readable.toWeb(answer) as ReadableStream<Uint8Array>, {
    status: answer.statusCode ?? 502,
    headers: {
      "content-type": answer.headers["content-type"] ?? "application/json; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}
