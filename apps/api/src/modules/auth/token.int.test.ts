/**
 * API tokens on a real SQLite file and a real PostgreSQL schema: expiry (refused with the day,
 * through the 5 s cache too), revocation (at once in the server that revokes, audited once), and
 * the roles of the mutations issue 10 changed or added (runScoring for editors; apiTokens,
 * createApiToken, revokeApiToken for admins), through the real server (`inject`). Expected rows
 * are read back with SQL written here.
 */
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { createServer } from "../../server";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, seedStore } from "../scoring/test-store";
import { createApiToken, currentPrincipal, revokeToken, TokenVerifier } from "./token.service";

interface GqlResult<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions: { code: string; reason?: string } }[];
}

describe.each(FACT_ENGINES)("API tokens on %s", (engine) => {
  const t = useTestDatabase(engine);
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("an expired token is refused with the instant it expired, even while its principal is cached", async () => {
    // 3 s: room for the first check on a loaded machine (1.5 s was once too little), and the
    // second, just past the expiry, still lands inside the first check's 5 s cache.
    const expiresAt = new Date(Date.now() + 3_000);
    const made = await createApiToken(t.db, { name: "short-lived", role: "viewer", expiresAt });
    const verifier = new TokenVerifier(t.db);
    expect(await verifier.verify(made.token)).toEqual({
      tokenId: made.id,
      name: "short-lived",
      role: "viewer",
    });
    // Within the 5 s cache, past the expiry: the cached entry must not let it through.
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
    const written = `${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
    await expect(verifier.verify(made.token)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: `the token "short-lived" expired on ${written}: ask an admin for a new one (Team access in the admin, or rfm token create)`,
    });
    expect(await currentPrincipal(t.db, made.id)).toBeNull();
  });

  it("stores the expiry as given, and a token past it is refused over HTTP with 401 and TOKEN_EXPIRED", async () => {
    const made = await createApiToken(t.db, {
      name: "agency",
      role: "editor",
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    });
    const [row] = await t.db.raw.query<{ expires_at: unknown }>(
      "SELECT expires_at FROM api_tokens WHERE id = $1",
      [made.id],
    );
    expect(new Date(row!.expires_at as string | number | Date).toISOString()).toBe(
      "2030-01-01T00:00:00.000Z",
    );
    // Time passes: the row says it expired on 2026-01-02 03:04 UTC.
    await t.db.prisma.apiToken.update({
      where: { id: made.id },
      data: { expiresAt: new Date("2026-01-02T03:04:05Z") },
    });
    app = await createServer({ db: t.db, warmUp: false });
    const response = await app.inject({
      method: "POST",
      url: "/graphql",
      headers: { authorization: `Bearer ${made.token}`, "content-type": "application/json" },
      payload: { query: "{ me { name } }" },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      errors: [
        {
          message:
            'the token "agency" expired on 2026-01-02 03:04 UTC: ask an admin for a new one (Team access in the admin, or rfm token create)',
          extensions: { code: "UNAUTHENTICATED", reason: "TOKEN_EXPIRED" },
        },
      ],
    });
  });

  it("revokes once, audited with the actor in the same change; a second revoke changes nothing", async () => {
    const made = await createApiToken(t.db, { name: "temp", role: "viewer", actor: "boss" });
    const first = await revokeToken(t.db, made.id, "boss");
    expect(first?.revoked).toBe(true);
    const again = await revokeToken(t.db, made.id, "boss");
    expect(again?.revoked).toBe(false);
    expect(again?.token.revokedAt?.getTime()).toBe(first?.token.revokedAt?.getTime());
    expect(await revokeToken(t.db, 999_999, "boss")).toBeNull();
    const audit = await t.db.raw.query<{ actor: string; action: string; entity_id: string }>(
      "SELECT actor, action, entity_id FROM audit_log WHERE entity = 'api_token' ORDER BY id",
    );
    expect(audit).toEqual([
      { actor: "boss", action: "token.create", entity_id: String(made.id) },
      { actor: "boss", action: "token.revoke", entity_id: String(made.id) },
    ]);
  });

  describe("through the server", () => {
    let tokens: Record<"viewer" | "editor" | "admin", { id: number; token: string }>;
    beforeEach(async () => {
      await seedStore(t.db, handMadeStore(6));
      await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
      tokens = {
        viewer: await createApiToken(t.db, { name: "v", role: "viewer" }),
        editor: await createApiToken(t.db, { name: "e", role: "editor" }),
        admin: await createApiToken(t.db, { name: "a", role: "admin" }),
      };
      app = await createServer({ db: t.db, warmUp: false });
    });

    async function gql<T>(token: string, query: string, variables: Record<string, unknown> = {}) {
      const response = await app!.inject({
        method: "POST",
        url: "/graphql",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        payload: { query, variables },
      });
      return { status: response.statusCode, ...(response.json() as object) } as GqlResult<T>;
    }

    it("runScoring is for editors and admins; viewers get FORBIDDEN naming the editor role", async () => {
      const RUN = `mutation { runScoring(input: {}) { run { id status } userErrors { code message } } }`;
      const refused = await gql(tokens.viewer.token, RUN);
      expect(refused.errors?.[0]).toMatchObject({
        message: 'this needs the editor role; your token "v" is viewer',
        extensions: { code: "FORBIDDEN" },
      });
      const started = await gql<{ runScoring: { run: { id: number } | null; userErrors: unknown[] } }>(
        tokens.editor.token,
        RUN,
      );
      expect(started.errors).toBeUndefined();
      expect(started.data?.runScoring.userErrors).toEqual([]);
      const id = started.data!.runScoring.run!.id;
      let status = "";
      for (let i = 0; i < 300 && status !== "complete" && status !== "failed"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const [row] = await t.db.raw.query<{ status: string }>(
          "SELECT status FROM scoring_runs WHERE id = $1",
          [id],
        );
        status = row!.status;
      }
      expect(status).toBe("complete");
    });

    it("apiTokens, createApiToken and revokeApiToken are for admins only", async () => {
      for (const [query, what] of [
        ["{ apiTokens { totalCount } }", "query"],
        [`mutation { createApiToken(input: { name: "x", role: VIEWER }) { secret } }`, "create"],
        [
          `mutation { revokeApiToken(input: { id: "${tokens.viewer.id}" }) { apiToken { status } } }`,
          "revoke",
        ],
      ] as const) {
        const refused = await gql(tokens.editor.token, query);
        expect(refused.errors?.[0]?.extensions.code, what).toBe("FORBIDDEN");
        expect(refused.errors?.[0]?.message, what).toBe(
          'this needs the admin role; your token "e" is editor',
        );
      }
      const [row] = await t.db.raw.query<{ n: number; revoked: number }>(
        "SELECT count(*) AS n, count(revoked_at) AS revoked FROM api_tokens",
      );
      expect([Number(row!.n), Number(row!.revoked)]).toEqual([3, 0]);
    });

    it("a token revoked through the API is refused by that server at once, not after the 5 s cache", async () => {
      expect((await gql(tokens.viewer.token, "{ me { name } }")).status).toBe(200);
      const revoked = await gql<{ revokeApiToken: { apiToken: { status: string }; userErrors: unknown[] } }>(
        tokens.admin.token,
        `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { status } userErrors { code } } }`,
        { id: `gid://rfm/ApiToken/${tokens.viewer.id}` },
      );
      expect(revoked.data?.revokeApiToken).toEqual({ apiToken: { status: "REVOKED" }, userErrors: [] });
      const after = await gql(tokens.viewer.token, "{ me { name } }");
      expect(after.status).toBe(401);
      expect(after.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    });

    it("an admin's own token is revoked only with confirmOwnToken", async () => {
      const REVOKE = `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { status current } userErrors { field code message } } }`;
      const refused = await gql<{ revokeApiToken: { apiToken: null; userErrors: unknown[] } }>(
        tokens.admin.token,
        REVOKE,
        { input: { id: String(tokens.admin.id) } },
      );
      expect(refused.data?.revokeApiToken).toEqual({
        apiToken: null,
        userErrors: [
          {
            field: ["input", "id"],
            code: "REVOKES_OWN_TOKEN",
            message: `token #${tokens.admin.id} "a" is the one you are signed in with: revoking it signs you out and every request with it is refused; send confirmOwnToken: true to revoke it anyway`,
          },
        ],
      });
      const done = await gql<{ revokeApiToken: { apiToken: { status: string; current: boolean } } }>(
        tokens.admin.token,
        REVOKE,
        { input: { id: String(tokens.admin.id), confirmOwnToken: true } },
      );
      expect(done.data?.revokeApiToken.apiToken).toEqual({ status: "REVOKED", current: true });
      expect((await gql(tokens.admin.token, "{ me { name } }")).status).toBe(401);
    });
  });
});
