/**
 * A real API for end-to-end tests: a fresh database (SQLite file or PostgreSQL schema) loaded
 * with the demo store and scored, `createServer()` listening on a random loopback port, and a
 * token of each role. Everything is removed by `close()`, which tests call in `afterAll`.
 */

import { type DemoLoad, loadDemo } from "@rfm/api/demo";
import { createServer } from "@rfm/api/server";
import { createTestDatabase, type FactEngine, factsQuery, type TestDatabase } from "@rfm/api/testing";
import { createApiToken, type Role } from "@rfm/api/tokens";
import type { FastifyInstance } from "fastify";

export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: {
    message: string;
    path?: string[];
    extensions: { code: string; [key: string]: unknown };
  }[];
}

export interface ApiHarness {
  readonly url: string;
  readonly test: TestDatabase;
  readonly app: FastifyInstance;
  readonly demo: DemoLoad;
  readonly tokens: Readonly<Record<Role, string>>;
  /** The demo's scoring run (current until a test starts another). */
  readonly runId: number;
  /** Plain SQL on the test database, for expected values computed without the API. */
  sql<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * SQL on the facts, for expected values: `text` (with `$n` parameters) where the facts are in
   * the app database, `clickhouse` on the ClickHouse engine (`{db}`: the test database's name).
   */
  facts<Row>(text: string, params: readonly unknown[], clickhouse: string): Promise<Row[]>;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startApi(
  provider: FactEngine,
  options: { customers?: number } = {},
): Promise<ApiHarness> {
  const test = await createTestDatabase(provider);
  let app: FastifyInstance | undefined;
  try {
    const demo = await loadDemo(test.db, { customers: options.customers ?? 600 });
    app = await createServer({ db: test.db, warmUp: false });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    const tokens = {
      viewer: (await createApiToken(test.db, { name: "viewer-token", role: "viewer" })).token,
      editor: (await createApiToken(test.db, { name: "editor-token", role: "editor" })).token,
      admin: (await createApiToken(test.db, { name: "admin-token", role: "admin" })).token,
    };
    const server = app;
    return {
      url: address,
      test,
      app: server,
      demo,
      tokens,
      runId: demo.scoring.run.id,
      sql: (text, params = []) => test.db.raw.query(text, params),
      facts: (text, params, clickhouse) => factsQuery(test.db, { sql: text, params, clickhouse }),
      async gql(query, variables = {}, token = tokens.admin) {
        const response = await fetch(`${address}/graphql`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as Omit<GraphQLResponse, "status">;
        return { status: response.status, ...body } as GraphQLResponse<never>;
      },
      async close() {
        await server.close();
        await test.drop();
      },
    };
  } catch (error) {
    await app?.close();
    await test.drop();
    throw error;
  }
}
