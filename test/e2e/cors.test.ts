/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * A browser app on another origin calls the API (issue 11, "Done when"): two storefront pages
 * served from two loopback origins (two ports of 127.0.0.1, so two origins to the browser), an
 * API whose CORS_ORIGINS lists only the first. In Chromium, the listed page's `fetch` of
 * /graphql with a Bearer token (which makes the browser send a preflight) gets the data; the
 * other page's fetch fails with the browser's CORS error, and the API saw only its preflight.
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer } from "@rfm/api/server";
import { createTestDatabase, type TestDatabase } from "@rfm/api/testing";
import { createApiToken } from "@rfm/api/tokens";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, launchBrowser } from "./support/browser";
import { TIMEOUT } from "./support/session";

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>storefront</title></head>
<body><p id="status">loaded</p></body></html>`;

/** A static storefront page on its own loopback port: its own origin. */
async function storefront(): Promise<{ server: Server; origin: string }> {
  const server = createHttpServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

interface CallResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly body?: unknown;
  readonly error?: string;
}

describe("CORS in Chromium: a storefront on another origin calls /graphql", () => {
  let test: TestDatabase;
  let api: FastifyInstance;
  let apiUrl: string;
  let token: string;
  let listed: { server: Server; origin: string };
  let unlisted: { server: Server; origin: string };
  let browser: BrowserHarness;
  /** Requests the API answered: method and Origin. */
  const seen: { method: string; origin: string | undefined }[] = [];

  beforeAll(async () => {
    listed = await storefront();
    unlisted = await storefront();
    test = await createTestDatabase("sqlite");
    token = (await createApiToken(test.db, { name: "storefront", role: "viewer" })).token;
    api = await createServer({ db: test.db, warmUp: false, corsOrigins: [listed.origin] });
    api.addHook("onResponse", async (request) => {
      seen.push({ method: request.method, origin: request.headers.origin });
    });
    apiUrl = await api.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await test?.drop();
    listed?.server.close();
    unlisted?.server.close();
  });

  async function callFrom(origin: string): Promise<CallResult> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const result = await page.evaluate(
      async ({ url, bearer }) => {
        try {
          const response = await fetch(`${url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
            body: JSON.stringify({ query: "{ __typename profiles { key } }" }),
          });
          return { ok: true, status: response.status, body: await response.json() };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      },
      { url: apiUrl, bearer: token },
    );
    await context.close();
    return result;
  }

  it(
    "gives the listed origin's page the data, after a preflight answered without a token",
    async () => {
      seen.length = 0;
      const result = await callFrom(listed.origin);
      expect(result).toEqual({
        ok: true,
        status: 200,
        body: { data: { __typename: "Query", profiles: [{ key: "default" }] } },
      });
      // The Authorization header makes the call non-simple: the browser asked first.
      expect(seen).toEqual([
        { method: "OPTIONS", origin: listed.origin },
        { method: "POST", origin: listed.origin },
      ]);
    },
    TIMEOUT,
  );

  it(
    "fails the unlisted origin's fetch with the browser's CORS error; the API ran nothing for it",
    async () => {
      seen.length = 0;
      const result = await callFrom(unlisted.origin);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/TypeError: Failed to fetch/);
      expect(seen).toEqual([{ method: "OPTIONS", origin: unlisted.origin }]);
    },
    TIMEOUT,
  );
});
