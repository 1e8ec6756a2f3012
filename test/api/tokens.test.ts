/**
 * Team access over real HTTP, on SQLite and PostgreSQL: an admin creates a viewer token through
 * GraphQL (the secret once; its SHA-256 is what the table holds), the viewer reads and is refused
 * a mutation, an editor starts a scoring run, an expired token is refused saying when it
 * expired, a revoked one at once. A run with other bins than its profile's mapping is refused
 * before it starts, naming what to do, and every page's query keeps working. docs/api.md's route
 * rows are held to the running server: one rank below is FORBIDDEN, the role itself is not.
 * Tests run in order and share one API.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { PROVIDERS } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

interface UserError {
  field: string[] | null;
  code: string;
  message: string;
}

interface TokenNode {
  id: string;
  number: number;
  name: string;
  role: string;
  status: string;
  expiresAt: string | null;
  revokedAt: string | null;
  current: boolean;
}

const FIELDS = "id number name role status expiresAt revokedAt current";
const CREATE = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { apiToken { ${FIELDS} } secret userErrors { field code message } }
}`;
const REVOKE = `mutation($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) { apiToken { ${FIELDS} } userErrors { field code message } }
}`;
const DAY = 86_400_000;

const ROUTE_ROWS = [
  ...readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8").matchAll(
    /^\| `(GET|POST) ([^`]+)` \| route \| (viewer|editor|admin) \|$/gm,
  ),
].map((m) => ({ method: m[1]!, path: m[2]!, role: m[3] as "viewer" | "editor" | "admin" }));

describe.each(PROVIDERS)("team access over HTTP on %s", (provider) => {
  let api: ApiHarness;
  let viewer: { secret: string; node: TokenNode };
  beforeAll(async () => {
    api = await startApi(provider, { customers: 300 });
  }, 120_000);
  afterAll(async () => api?.close(), 60_000);

  async function finalStatus(id: number, token: string): Promise<string> {
    let status = "RUNNING";
    for (let i = 0; i < 600 && status === "RUNNING"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const read = await api.gql<{ scoringRun: { status: string } }>(
        `query($id: Int!) { scoringRun(id: $id) { status } }`,
        { id },
        token,
      );
      status = read.data!.scoringRun.status;
    }
    return status;
  }

  it("an admin creates a viewer token: the secret comes once, the table holds only its SHA-256", async () => {
    const before = Date.now();
    const created = await api.gql<{
      createApiToken: { apiToken: TokenNode; secret: string; userErrors: UserError[] };
    }>(CREATE, { input: { name: "Agency", role: "VIEWER", expiresInDays: 30 } });
    const after = Date.now();
    expect(created.errors).toBeUndefined();
    const { apiToken, secret, userErrors } = created.data!.createApiToken;
    expect(userErrors).toEqual([]);
    expect(secret).toMatch(/^rfm_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: "Agency",
      role: "VIEWER",
      status: "ACTIVE",
      revokedAt: null,
      current: false,
    });
    expect(apiToken.id).toBe(`gid://rfm/ApiToken/${apiToken.number}`);
    const expires = Date.parse(apiToken.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(expires).toBeLessThanOrEqual(after + 30 * DAY);
    viewer = { secret, node: apiToken };

    const [row] = await api.sql<{ hash: string; role: string; name: string }>(
      "SELECT hash, role, name FROM api_tokens WHERE id = $1",
      [apiToken.number],
    );
    expect(row).toEqual({
      hash: createHash("sha256").update(secret).digest("hex"),
      role: "viewer",
      name: "Agency",
    });
    const [audit] = await api.sql<{ actor: string; after: unknown }>(
      "SELECT actor, after FROM audit_log WHERE action = 'token.create' AND entity_id = $1",
      [String(apiToken.number)],
    );
    expect(audit!.actor).toBe("admin-token");

    // Listed, newest first, never with the secret; the admin's own token is marked current.
    const list = await api.gql<{ apiTokens: { totalCount: number; edges: { node: TokenNode }[] } }>(
      `{ apiTokens(first: 10) { totalCount edges { node { ${FIELDS} } } } }`,
    );
    expect(list.data!.apiTokens.totalCount).toBe(4);
    expect(list.data!.apiTokens.edges.map((e) => [e.node.name, e.node.role, e.node.current])).toEqual([
      ["Agency", "VIEWER", false],
      ["admin-token", "ADMIN", true],
      ["editor-token", "EDITOR", false],
      ["viewer-token", "VIEWER", false],
    ]);
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it("the refusals of a new token say which field: both expiries, a past day, an empty name", async () => {
    const refused = async (input: Record<string, unknown>) =>
      (await api.gql<{ createApiToken: { secret: null; userErrors: UserError[] } }>(CREATE, { input })).data!
        .createApiToken;
    expect(await refused({ name: "x", role: "VIEWER", expiresOn: "2027-01-31", expiresInDays: 30 })).toEqual({
      apiToken: null,
      secret: null,
      userErrors: [
        {
          field: ["input", "expiresInDays"],
          code: "BAD_USER_INPUT",
          message: "give an expiry date or a number of days, not both",
        },
      ],
    });
    const past = await refused({ name: "x", role: "VIEWER", expiresOn: "2020-01-01" });
    expect(past.userErrors).toMatchObject([{ field: ["input", "expiresOn"], code: "BAD_USER_INPUT" }]);
    expect(past.userErrors[0]!.message).toMatch(/^2020-01-01 is in the past/);
    expect((await refused({ name: "  ", role: "EDITOR" })).userErrors).toEqual([
      { field: ["input", "name"], code: "BAD_USER_INPUT", message: "a token needs a name" },
    ]);
  });

  it("the viewer token reads and is refused a mutation and the token list", async () => {
    const read = await api.gql<{ me: { name: string; role: string }; segments: { name: string }[] }>(
      "{ me { name role } segments { name } }",
      {},
      viewer.secret,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.me).toEqual({ name: "Agency", role: "VIEWER" });
    expect(read.data!.segments.length).toBeGreaterThan(0);
    const write = await api.gql(
      `mutation { assignCodes(input: { codes: ["444"], segment: "Loyal Customer" }) { userErrors { code } } }`,
      {},
      viewer.secret,
    );
    expect(write.errors?.[0]).toMatchObject({
      message: 'this needs the editor role; your token "Agency" is viewer',
      extensions: { code: "FORBIDDEN" },
    });
    const list = await api.gql("{ apiTokens { totalCount } }", {}, viewer.secret);
    expect(list.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
  });

  it("an editor starts a scoring run, which completes and becomes current", async () => {
    const started = await api.gql<{ runScoring: { run: { id: number } | null; userErrors: UserError[] } }>(
      `mutation { runScoring(input: {}) { run { id } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.runScoring.userErrors).toEqual([]);
    const id = started.data!.runScoring.run!.id;
    expect(id).toBeGreaterThan(api.runId);
    expect(await finalStatus(id, api.tokens.editor)).toBe("COMPLETE");
    const [row] = await api.sql<{ status: string }>("SELECT status FROM scoring_runs WHERE id = $1", [id]);
    expect(row!.status).toBe("complete");
    // A viewer still may not.
    const refused = await api.gql(`mutation { runScoring(input: {}) { run { id } } }`, {}, api.tokens.viewer);
    expect(refused.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
  });

  it("an expired token gets 401 UNAUTHENTICATED saying when it expired", async () => {
    // Its last day: 100 days ahead (UTC); it stops at the midnight after it.
    const lastDay = new Date(Date.now() + 100 * DAY).toISOString().slice(0, 10);
    const made = await api.gql<{ createApiToken: { apiToken: TokenNode; secret: string } }>(CREATE, {
      input: { name: "Old laptop", role: "EDITOR", expiresOn: lastDay },
    });
    const { apiToken, secret } = made.data!.createApiToken;
    expect(apiToken.expiresAt).toBe(new Date(Date.parse(`${lastDay}T00:00:00Z`) + DAY).toISOString());
    expect((await api.gql("{ me { name } }", {}, secret)).status).toBe(200);
    // Its last day passes: the row is moved to a past instant, as time would.
    await api.test.db.prisma.apiToken.update({
      where: { id: apiToken.number },
      data: { expiresAt: new Date("2026-03-01T10:20:30Z") },
    });
    // Past the 5 s principal cache of the first request (a fresh request reads the table).
    await new Promise((r) => setTimeout(r, 5_100));
    const refused = await api.gql("{ me { name } }", {}, secret);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]).toMatchObject({
      message:
        'the token "Old laptop" expired on 2026-03-01 10:20 UTC: ask an admin for a new one (Team access in the admin, or rfm token create)',
      extensions: { code: "UNAUTHENTICATED", reason: "TOKEN_EXPIRED" },
    });
    const listed = await api.gql<{ node: TokenNode }>(
      `query($id: ID!) { node(id: $id) { ... on ApiToken { status } } }`,
      {
        id: apiToken.id,
      },
    );
    expect(listed.data!.node).toEqual({ status: "EXPIRED" });
  }, 30_000);

  it("a revoked token is refused at once; revoking one's own token needs confirmOwnToken", async () => {
    const revoked = await api.gql<{ revokeApiToken: { apiToken: TokenNode; userErrors: UserError[] } }>(
      REVOKE,
      {
        input: { id: viewer.node.id },
      },
    );
    expect(revoked.data!.revokeApiToken.userErrors).toEqual([]);
    expect(revoked.data!.revokeApiToken.apiToken.status).toBe("REVOKED");
    const refused = await api.gql("{ me { name } }", {}, viewer.secret);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    const [audit] = await api.sql<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'token.revoke' AND entity_id = $1",
      [String(viewer.node.number)],
    );
    expect(audit).toEqual({ actor: "admin-token" });

    const [own] = await api.sql<{ id: number }>("SELECT id FROM api_tokens WHERE name = 'admin-token'");
    const mine = await api.gql<{ revokeApiToken: { apiToken: null; userErrors: UserError[] } }>(REVOKE, {
      input: { id: String(own!.id) },
    });
    expect(mine.data!.revokeApiToken.apiToken).toBeNull();
    expect(mine.data!.revokeApiToken.userErrors).toMatchObject([
      { field: ["input", "id"], code: "REVOKES_OWN_TOKEN" },
    ]);
    expect((await api.gql("{ me { name } }")).status).toBe(200);
  });

  it("a 4-bin run of a profile whose mapping has 5 bins is refused before it starts; every page keeps working", async () => {
    const created = await api.gql<{ createProfile: { userErrors: UserError[] } }>(
      `mutation { createProfile(input: { key: "five", name: "Five bins", settings: { bins: 5 } }) { userErrors { code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(created.data!.createProfile.userErrors).toEqual([]);
    const first = await api.gql<{ runScoring: { run: { id: number } } }>(
      `mutation { runScoring(input: { profile: "five" }) { run { id } userErrors { code } } }`,
      {},
      api.tokens.editor,
    );
    expect(await finalStatus(first.data!.runScoring.run.id, api.tokens.editor)).toBe("COMPLETE");

    const [before] = await api.sql<{ n: number }>("SELECT count(*) AS n FROM scoring_runs");
    const refused = await api.gql<{ runScoring: { run: null; userErrors: UserError[] } }>(
      `mutation { runScoring(input: { profile: "five", bins: 4 }) { run { id } userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.runScoring.run).toBeNull();
    expect(refused.data!.runScoring.userErrors).toEqual([
      {
        field: ["input", "bins"],
        code: "MAPPING_BINS_MISMATCH",
        message:
          'profile "five" scores with 5 bins: this profile\'s mapping (version 1) uses 5 bins, so a run with 4 bins is refused. ' +
          "Leave bins out to score it with 5; to score with 4 bins, create a profile with 4 bins " +
          "(Scoring > Profiles in the admin, or rfm profile create KEY --name NAME --bins 4) and score that profile, " +
          "or change this profile's bins with its mapping (rfm profile update five --bins 4 --reseed-mapping, or updateProfile with reseedMapping)",
      },
    ]);
    const [after] = await api.sql<{ n: number }>("SELECT count(*) AS n FROM scoring_runs");
    expect(Number(after!.n)).toBe(Number(before!.n));

    // The queries of the dashboard, segments, audiences and segment(name:), on both profiles.
    for (const profile of ["five", "default"]) {
      const segments = await api.gql<{ segments: { name: string; customerCount: number }[] }>(
        `query($p: String) { segments(profile: $p) { name customerCount } }`,
        { p: profile },
      );
      expect(segments.errors, profile).toBeUndefined();
      const name = segments.data!.segments.find((s) => s.customerCount > 0)!.name;
      const pages = await api.gql<{ segment: { customers: { totalCount: number } } }>(
        `query($p: String, $name: String!) {
          overview(profile: $p) { __typename }
          analytics(profile: $p) { rfGrid { __typename } }
          mapping(profile: $p) { bins }
          segment(name: $name, profile: $p) { customers(first: 5) { totalCount edges { node { id } } } }
          customers(first: 5, profile: $p, filter: { segment: $name }) { totalCount }
        }`,
        { p: profile, name },
        api.tokens.viewer,
      );
      expect(pages.errors, profile).toBeUndefined();
      expect(pages.data!.segment.customers.totalCount, profile).toBe(
        segments.data!.segments.find((s) => s.name === name)!.customerCount,
      );
    }
  }, 120_000);

  it("each route of docs/api.md's Roles table refuses the role below it and serves its own", async () => {
    expect(ROUTE_ROWS.length).toBeGreaterThanOrEqual(5);
    const below = { viewer: null, editor: "viewer", admin: "editor" } as const;
    for (const row of ROUTE_ROWS) {
      const path = row.path
        .replace("{segment}", "Champions")
        .replace("{key}", "champions")
        .replace("{id}", "1")
        .replace("{kind}", "transactions")
        .replace("{audience}", "no-such-audience")
        .replace("{province}", "ON");
      const call = (token: string) =>
        fetch(`${api.url}${path}`, {
          method: row.method,
          headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
          ...(row.method === "POST" ? { body: "" } : {}),
        });
      const lower = below[row.role];
      if (lower) {
        const refused = await call(api.tokens[lower]);
        await refused.body?.cancel();
        expect(refused.status, `${row.method} ${row.path} as ${lower}`).toBe(403);
      }
      const served = await call(api.tokens[row.role]);
      await served.body?.cancel();
      expect([401, 403], `${row.method} ${row.path} as ${row.role}`).not.toContain(served.status);
    }
  });
});
