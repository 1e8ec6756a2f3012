/**
 * CORS over real HTTP (docs/api.md, "Calling from a browser"): with `CORS_ORIGINS` set, a
 * preflight from a listed origin is answered 204 before authentication, with the methods,
 * headers and max-age a browser needs; an unlisted origin gets no Access-Control-Allow-Origin
 * (its browser blocks the call); without the setting no CORS header is sent at all, and the
 * preflight meets the token check as any other request. Credentials are never allowed.
 */

import { request } from "node:http";
import { createServer } from "@rfm/api/server";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "@rfm/api/testing";
import { createApiToken } from "@rfm/api/tokens";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SHOP = "https://shop.example.com";
const LOCAL = "http://127.0.0.1:5173";
const OTHER = "https://evil.example.net";

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * A raw HTTP request: `Origin` and the `Access-Control-Request-*` headers are sent as given
 * (as a browser sends them), which fetch implementations may refuse or rewrite.
 */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const preflight = (base: string, origin: string, requestHeaders = "authorization,content-type") =>
  send(`${base}/graphql`, "OPTIONS", {
    origin,
    "access-control-request-method": "POST",
    "access-control-request-headers": requestHeaders,
  });

const QUERY = JSON.stringify({ query: "{ __typename }" });

describe.each(PROVIDERS)("CORS on %s", (provider) => {
  let test: TestDatabase;
  let token: string;
  let configured: FastifyInstance;
  let plain: FastifyInstance;
  let withCors: string;
  let withoutCors: string;

  beforeAll(async () => {
    test = await createTestDatabase(provider);
    token = (await createApiToken(test.db, { name: "cors", role: "viewer" })).token;
    configured = await createServer({ db: test.db, warmUp: false, corsOrigins: [SHOP, LOCAL] });
    withCors = await configured.listen({ port: 0, host: "127.0.0.1" });
    plain = await createServer({ db: test.db, warmUp: false, corsOrigins: [] });
    withoutCors = await plain.listen({ port: 0, host: "127.0.0.1" });
  }, 120_000);
  afterAll(async () => {
    await configured?.close();
    await plain?.close();
    await test?.drop();
  });

  it.each([SHOP, LOCAL])(
    "answers the preflight of listed origin %s with 204 before any token is checked",
    async (origin) => {
      const answer = await preflight(withCors, origin);
      expect(answer.status).toBe(204);
      expect(answer.body).toBe("");
      expect(answer.headers["access-control-allow-origin"]).toBe(origin);
      expect(answer.headers["access-control-allow-methods"]).toBe("GET, POST");
      expect(answer.headers["access-control-allow-headers"]).toBe(
        "Authorization, Content-Type, X-Rfm-Profile",
      );
      expect(answer.headers["access-control-max-age"]).toBe("3600");
      expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
      expect(String(answer.headers.vary)).toMatch(/\bOrigin\b/);
    },
  );

  it("gives an unlisted origin's preflight no Access-Control-Allow-Origin, so its browser blocks the call", async () => {
    const answer = await preflight(withCors, OTHER);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    expect(answer.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(String(answer.headers.vary)).toMatch(/\bOrigin\b/);
  });

  it("matches origins exactly: another port or scheme of a listed host is not listed", async () => {
    for (const near of [
      "http://127.0.0.1:5174",
      "http://shop.example.com",
      "https://shop.example.com.evil.net",
    ]) {
      const answer = await preflight(withCors, near);
      expect(answer.headers["access-control-allow-origin"], near).toBeUndefined();
    }
  });

  it("puts the allowed origin on the actual call, with the token still required", async () => {
    const ok = await send(
      `${withCors}/graphql`,
      "POST",
      { origin: SHOP, "content-type": "application/json", authorization: `Bearer ${token}` },
      QUERY,
    );
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ data: { __typename: "Query" } });
    expect(ok.headers["access-control-allow-origin"]).toBe(SHOP);
    expect(String(ok.headers["access-control-expose-headers"])).toMatch(/Content-Disposition/);

    // No token: refused as always (401), and readable by the allowed page.
    const refused = await send(
      `${withCors}/graphql`,
      "POST",
      { origin: SHOP, "content-type": "application/json" },
      QUERY,
    );
    expect(refused.status).toBe(401);
    expect(refused.headers["access-control-allow-origin"]).toBe(SHOP);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe("UNAUTHENTICATED");

    const other = await send(
      `${withCors}/graphql`,
      "POST",
      { origin: OTHER, "content-type": "application/json", authorization: `Bearer ${token}` },
      QUERY,
    );
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("sends no CORS header at all without CORS_ORIGINS: the preflight meets the token check (401)", async () => {
    const answer = await preflight(withoutCors, SHOP);
    expect(answer.status).toBe(401);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    expect(answer.headers["access-control-allow-methods"]).toBeUndefined();
    const call = await send(
      `${withoutCors}/graphql`,
      "POST",
      { origin: SHOP, "content-type": "application/json", authorization: `Bearer ${token}` },
      QUERY,
    );
    expect(call.status).toBe(200);
    expect(Object.keys(call.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
  });
});
