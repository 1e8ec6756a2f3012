/**
 * Scoring profiles over HTTP: a second profile ("Online, last 365 days, 5 bins") beside the
 * default 4-bin one, scored, segmented, edited and exported through the `profile` argument,
 * on SQLite, PostgreSQL and the ClickHouse cluster. Expected figures come from SQL on the scores
 * (in ClickHouse's form on the cluster). Tests run in order.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

type Segments = { segments: { name: string; codes: string[]; customerCount: number }[] };
const KEY = "online-365";

describe.each(FACT_ENGINES)("scoring profiles over the API on %s", (engine) => {
  let api: ApiHarness;
  let onlineRun = 0;
  beforeAll(async () => {
    api = await startApi(engine);
  }, 120_000);
  afterAll(async () => api?.close());
  /** The app's state (profiles, runs, audit) by SQL: in the app database on every engine. */
  const sql = <T>(text: string, params: unknown[] = []) => api.sql<T>(text, params);
  /**
   * SQL on the scores that both dialects read alike once its numeric parameters are inlined (one
   * table, no joins): as given on the SQL engines, with the numbers in the text on ClickHouse.
   */
  const factsSql = <T>(text: string, params: readonly number[] = []) =>
    api.facts<T>(
      text,
      params,
      text.replace(/\$(\d+)/g, (_, i: string) => String(Number(params[Number(i) - 1]))),
    );
  const segments = async (profile?: string) =>
    (
      await api.gql<Segments>(`query($p: String) { segments(profile: $p) { name codes customerCount } }`, {
        p: profile ?? null,
      })
    ).data!.segments;

  async function finalStatus(id: number): Promise<string> {
    let run: { status: string; phase: string | null } = { status: "RUNNING", phase: null };
    for (let i = 0; i < 300 && (run.status === "RUNNING" || run.phase !== null); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (
        await api.gql<{ scoringRun: typeof run }>(
          `query($id: Int!) { scoringRun(id: $id) { status phase } }`,
          {
            id,
          },
        )
      ).data!.scoringRun;
    }
    return run.status;
  }

  it("lists the default profile, and an editor creates another with its first mapping", async () => {
    const listed = await api.gql<{ profiles: { key: string; isDefault: boolean; bins: number }[] }>(
      `{ profiles { key isDefault bins } }`,
    );
    expect(listed.data!.profiles).toEqual([{ key: "default", isDefault: true, bins: 4 }]);

    const create = `mutation($input: CreateProfileInput!) { createProfile(input: $input) { profile { key name bins windowDays channels monetaryBasis clvMethod } userErrors { field code message } } }`;
    const input = {
      key: KEY,
      name: "Online, last 365 days, 5 bins",
      // The demo store sells on "web", "mobile" and "store": online is the first two.
      settings: { bins: 5, windowDays: 365, channels: ["web", "mobile"] },
    };
    const refused = await api.gql(create, { input }, api.tokens.viewer);
    expect(refused.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    const created = await api.gql<{ createProfile: Record<string, unknown> }>(
      create,
      { input },
      api.tokens.editor,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createProfile).toEqual({
      profile: {
        key: KEY,
        name: "Online, last 365 days, 5 bins",
        bins: 5,
        windowDays: 365,
        channels: ["web", "mobile"],
        monetaryBasis: "TOTAL",
        clvMethod: "MODEL",
      },
      userErrors: [],
    });
    // The caller's mistakes come back as userErrors naming the input field; nothing is written.
    const again = await api.gql<{ createProfile: Record<string, unknown> }>(
      create,
      { input: { key: KEY, name: "Another name" } },
      api.tokens.editor,
    );
    expect(again.data!.createProfile).toEqual({
      profile: null,
      userErrors: [
        { field: ["input", "key"], code: expect.any(String), message: expect.stringContaining(KEY) },
      ],
    });
    const badBins = await api.gql<{ createProfile: Record<string, unknown> }>(
      create,
      { input: { key: "nine-plus", name: "Too many bins", settings: { bins: 12 } } },
      api.tokens.editor,
    );
    expect(badBins.data!.createProfile).toEqual({
      profile: null,
      userErrors: [
        {
          field: ["input", "settings", "bins"],
          code: "BAD_USER_INPUT",
          message: "bins must be an integer from 2 to 9, got 12",
        },
      ],
    });
    expect(
      await sql(`SELECT key FROM scoring_profiles WHERE key IN ('nine-plus') OR name = 'Another name'`),
    ).toEqual([]);
    const audit = await sql<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'profile.create'`);
    expect(audit).toEqual([{ actor: "editor-token" }]);

    // Its mapping: version 1 for 5 bins, 125 codes; no run yet, so no customers.
    const mapping = await api.gql<{ mapping: { version: number; bins: number } }>(
      `{ mapping(profile: "${KEY}") { version bins } }`,
    );
    expect(mapping.data!.mapping).toEqual({ version: 1, bins: 5 });
    const before = await segments(KEY);
    expect(before.flatMap((s) => s.codes)).toHaveLength(125);
    expect(before.every((s) => s.customerCount === 0)).toBe(true);
  });

  it("scores the profile with its settings; each profile reads its own current run", async () => {
    const defaultBefore = await segments();
    const started = await api.gql<{
      runScoring: { run: { id: number; profile: string; bins: number }; userErrors: unknown[] };
    }>(
      `mutation { runScoring(input: { profile: "${KEY}" }) { run { id profile bins } userErrors { field code message } } }`,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.runScoring.userErrors).toEqual([]);
    expect(started.data!.runScoring.run).toMatchObject({ profile: KEY, bins: 5 });
    onlineRun = started.data!.runScoring.run.id;
    expect(await finalStatus(onlineRun)).toBe("COMPLETE");

    // The 5-bin R-F map (SQL oracle of three of its cells): Champions R5 F4-5, New Customers
    // R5 F1, Lost R1 F1-2 or R2 F1; every customer scored is in one segment.
    const [cells] = await factsSql<{ champions: number; fresh: number; lost: number; all: number }>(
      `SELECT sum(CASE WHEN r = 5 AND f >= 4 THEN 1 ELSE 0 END) AS "champions",
              sum(CASE WHEN r = 5 AND f = 1 THEN 1 ELSE 0 END) AS "fresh",
              sum(CASE WHEN (r = 1 AND f <= 2) OR (r = 2 AND f = 1) THEN 1 ELSE 0 END) AS "lost",
              count(*) AS "all"
       FROM customer_scores WHERE run_id = $1`,
      [onlineRun],
    );
    const online = await segments(KEY);
    const count = (name: string) => online.find((s) => s.name === name)?.customerCount;
    expect(count("Champions")).toBe(Number(cells!.champions));
    expect(count("New Customers")).toBe(Number(cells!.fresh));
    expect(count("Lost")).toBe(Number(cells!.lost));
    expect(online.reduce((sum, s) => sum + s.customerCount, 0)).toBe(Number(cells!.all));
    // The default profile's segments did not move.
    expect(await segments()).toEqual(defaultBefore);

    type Runs<T> = { scoringRuns: { edges: { node: T }[]; pageInfo: { hasNextPage: boolean } } };
    const runs = await api.gql<Runs<{ id: number; current: boolean; profile: string }>>(
      `{ scoringRuns(profile: "${KEY}") { edges { node { id current profile } } pageInfo { hasNextPage } } }`,
    );
    expect(runs.data!.scoringRuns).toEqual({
      edges: [{ node: { id: onlineRun, current: true, profile: KEY } }],
      pageInfo: { hasNextPage: false },
    });
    const defaults = await api.gql<Runs<{ id: number; current: boolean }>>(
      `{ scoringRuns { edges { node { id current } } pageInfo { hasNextPage } } }`,
    );
    expect(defaults.data!.scoringRuns).toEqual({
      edges: [{ node: { id: api.runId, current: true } }],
      pageInfo: { hasNextPage: false },
    });

    const overview = await api.gql<{
      overview: { run: { id: number; profile: string }; mappingVersion: number };
    }>(`{ overview(profile: "${KEY}") { run { id profile } mappingVersion } }`);
    expect(overview.data!.overview).toEqual({ run: { id: onlineRun, profile: KEY }, mappingVersion: 1 });
    const grid = await api.gql<{ analytics: { rfGrid: { customers: number }[] } }>(
      `{ analytics(profile: "${KEY}") { rfGrid { customers } } }`,
    );
    expect(grid.data!.analytics.rfGrid).toHaveLength(25);
  });

  it("shows a customer's scores and segment in the profile asked for", async () => {
    const [row] = await api.facts<{ id: string; r: number; f: number; m: number }>(
      `SELECT c.external_id AS "id", s.r AS "r", s.f AS "f", s.m AS "m" FROM customer_scores s
       JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1 AND s.r = 5 AND s.f >= 4 ORDER BY c.id LIMIT 1`,
      [onlineRun],
      // Each shard joins its own customers' latest versions (co-sharded by customer).
      `SELECT external_id AS id, r, f, m FROM customer_scores
       ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
       WHERE run_id = ${Number(onlineRun)} AND r = 5 AND f >= 4 ORDER BY customer_id LIMIT 1`,
    );
    const found = await api.gql<{
      customer: {
        segment: { name: string };
        score: { runId: number; code: string };
        segmentHistory: { edges: { node: { runId: number; segmentName: string } }[] };
      };
    }>(
      `query($id: ID!) { customer(id: $id, profile: "${KEY}") { segment { name } score { runId code } segmentHistory { edges { node { runId segmentName } } } } }`,
      {
        id: row!.id,
      },
    );
    expect(found.data!.customer).toEqual({
      segment: { name: "Champions" },
      score: { runId: onlineRun, code: `${row!.r}${row!.f}${row!.m}` },
      segmentHistory: { edges: [{ node: { runId: onlineRun, segmentName: "Champions" } }] },
    });
    const page = await api.gql<{
      customers: { totalCount: number; edges: { node: { segment: { name: string } } }[] };
    }>(
      `{ customers(profile: "${KEY}", first: 5, filter: { segment: "Champions" }) { totalCount edges { node { segment { name } } } } }`,
    );
    const [active] = await factsSql<{ n: number }>(
      `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND r = 5 AND f >= 4`,
      [onlineRun],
    );
    expect(page.data!.customers.totalCount).toBe(Number(active!.n));
    expect(page.data!.customers.edges.every((e) => e.node.segment.name === "Champions")).toBe(true);
  });

  it("publishes in one profile without changing the other's mapping or segments", async () => {
    const defaultBefore = await segments();
    const edited = await api.gql(
      `mutation { setSegmentRules(input: { segment: "champions", rules: ["R4-5 F4-5 M*"], profile: "${KEY}" }) { draft { version } userErrors { code } } }`,
      {},
      api.tokens.editor,
    );
    expect(edited.errors).toBeUndefined();
    expect((await api.gql(`{ mappingDraft { version } }`)).data).toEqual({ mappingDraft: null });
    expect(edited.data).toEqual({ setSegmentRules: { draft: { version: null }, userErrors: [] } });
    const published = await api.gql<{ publishMapping: { mapping: { version: number } } }>(
      `mutation { publishMapping(input: { expectedVersion: 1, profile: "${KEY}" }) { mapping { version } } }`,
      {},
      api.tokens.editor,
    );
    expect(published.data!.publishMapping.mapping.version).toBe(2);
    const [r45] = await factsSql<{ n: number }>(
      `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND r >= 4 AND f >= 4`,
      [onlineRun],
    );
    const online = await segments(KEY);
    expect(online.find((s) => s.name === "Champions")!.customerCount).toBe(Number(r45!.n));
    expect(await segments()).toEqual(defaultBefore);
    const versions = await api.gql<{ mappingVersions: { edges: { node: { version: number } }[] } }>(
      `{ mappingVersions { edges { node { version } } } }`,
    );
    expect(versions.data!.mappingVersions.edges.map((e) => e.node.version)).toEqual([1]);
  });

  it("exports a profile's audience, from the signed URL and with a token", async () => {
    const ticket = await api.gql<{ createExport: { export: { url: string; rows: number } } }>(
      `mutation { createExport(input: { segment: "Champions", columns: ["customer_id"], purpose: ANALYSIS, profile: "${KEY}" }) { export { url rows } } }`,
      {},
      api.tokens.editor,
    );
    expect(ticket.errors).toBeUndefined();
    const { url, rows } = ticket.data!.createExport.export;
    expect(url).toContain(`profile=${KEY}`);
    const [r45] = await factsSql<{ n: number }>(
      `SELECT count(*) AS "n" FROM customer_scores WHERE run_id = $1 AND r >= 4 AND f >= 4`,
      [onlineRun],
    );
    expect(rows).toBe(Number(r45!.n));
    const signed = await fetch(`${api.url}${url}`);
    expect(signed.status).toBe(200);
    expect((await signed.text()).split(/\r?\n/).filter(Boolean)).toHaveLength(rows + 1);
    // The signature covers the profile: another profile in the same URL is refused.
    const altered = await fetch(`${api.url}${url.replace(`profile=${KEY}`, "profile=default")}`);
    expect(altered.status).toBe(401);
    const direct = await fetch(
      `${api.url}/exports/segments/Champions.csv?profile=${KEY}&columns=customer_id&purpose=ANALYSIS`,
      {
        headers: { authorization: `Bearer ${api.tokens.editor}` },
      },
    );
    expect((await direct.text()).split(/\r?\n/).filter(Boolean)).toHaveLength(rows + 1);
  });

  it("takes the profile from the X-Rfm-Profile header where no argument names one (the admin's switcher)", async () => {
    const post = async (query: string, profile: string) => {
      const response = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${api.tokens.viewer}`,
          "x-rfm-profile": profile,
        },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as {
        data?: Record<string, unknown>;
        errors?: { extensions: { code: string } }[];
      };
    };
    const res = await post(
      `{ profile { key } mapping { bins version } defaults: mapping(profile: "default") { bins } }`,
      KEY,
    );
    expect(res.data).toEqual({
      profile: { key: KEY },
      mapping: { bins: 5, version: 2 },
      defaults: { bins: 4 },
    });
    const unknown = await post(`{ segments { name } }`, "nope");
    expect(unknown.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND naming an unknown profile, and refuses a run of other bins than the mapping's", async () => {
    for (const query of [
      `{ segments(profile: "nope") { name } }`,
      `{ customers(profile: "nope") { totalCount } }`,
      `{ mapping(profile: "nope") { version } }`,
      `{ scoringRuns(profile: "nope") { edges { node { id } } } }`,
      `{ analytics(profile: "nope") { rfGrid { r } } }`,
      `{ profile(key: "nope") { key } }`,
    ]) {
      const res = await api.gql(query);
      expect(res.errors?.[0]?.extensions.code, query).toBe("NOT_FOUND");
      expect(res.errors?.[0]?.message, query).toContain('"nope"');
    }
    const route = await fetch(`${api.url}/exports/segments/Champions.csv?profile=nope`, {
      headers: { authorization: `Bearer ${api.tokens.editor}` },
    });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({
      errors: [{ extensions: { code: "NOT_FOUND", field: "profile" } }],
    });

    const runsBefore = await sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`);
    type Refused = {
      runScoring: { run: null; userErrors: { field: string[] | null; code: string; message: string }[] };
    };
    const mismatch = await api.gql<Refused>(
      `mutation { runScoring(input: { bins: 5 }) { run { id } userErrors { field code message } } }`,
    );
    expect(mismatch.errors).toBeUndefined();
    expect(mismatch.data!.runScoring.userErrors).toHaveLength(1);
    expect(mismatch.data!.runScoring.userErrors[0]).toMatchObject({ code: "MAPPING_BINS_MISMATCH" });
    expect(mismatch.data!.runScoring.userErrors[0]!.message).toMatch(/profile "default" scores with 4 bins/);
    const nope = await api.gql<Refused>(
      `mutation { runScoring(input: { profile: "nope" }) { run { id } userErrors { field code message } } }`,
    );
    expect(nope.data!.runScoring).toEqual({
      run: null,
      userErrors: [
        { field: ["input", "profile"], code: "NOT_FOUND", message: expect.stringContaining('"nope"') },
      ],
    });
    expect(await sql<{ n: number }>(`SELECT count(*) AS "n" FROM scoring_runs`)).toEqual(runsBefore);
    // Nothing broke: the default profile's pages still read.
    expect((await api.gql(`{ segments { name } }`)).errors).toBeUndefined();
  });

  it("updates and deletes profiles with payloads: enums in, the caller's refusals as userErrors", async () => {
    type Payload = { profile: Record<string, unknown> | null; userErrors: unknown[] };
    const update = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { profile { key monetaryBasis clvMethod methods { dimension kind bounds } } userErrors { field code message } } }`;
    const updated = await api.gql<{ updateProfile: Payload }>(
      update,
      {
        input: {
          key: KEY,
          settings: {
            monetaryBasis: "MEAN_ORDER",
            clvMethod: "HISTORIC",
            methods: [{ dimension: "RECENCY", kind: "THRESHOLDS", bounds: [7, 30, 90, 180] }],
          },
        },
      },
      api.tokens.editor,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateProfile).toEqual({
      profile: {
        key: KEY,
        monetaryBasis: "MEAN_ORDER",
        clvMethod: "HISTORIC",
        methods: [
          { dimension: "RECENCY", kind: "THRESHOLDS", bounds: [7, 30, 90, 180] },
          { dimension: "FREQUENCY", kind: "QUANTILE", bounds: null },
          { dimension: "MONETARY", kind: "QUANTILE", bounds: null },
        ],
      },
      userErrors: [],
    });
    // Stored as rfm-core's values, not the enum names.
    const [stored] = await sql<{ settings: string | Record<string, unknown> }>(
      `SELECT settings FROM scoring_profiles WHERE key = $1`,
      [KEY],
    );
    const settings = typeof stored!.settings === "string" ? JSON.parse(stored!.settings) : stored!.settings;
    expect(settings).toMatchObject({ monetaryBasis: "mean-order", clv: "historic" });

    const unknown = await api.gql<{ updateProfile: Payload }>(
      update,
      { input: { key: "nope", name: "Nobody" } },
      api.tokens.editor,
    );
    expect(unknown.data!.updateProfile).toMatchObject({
      profile: null,
      userErrors: [{ field: ["input", "key"], code: "NOT_FOUND" }],
    });

    const remove = `mutation($key: String!) { deleteProfile(input: { key: $key }) { deletedKey userErrors { field code message } } }`;
    const inUse = await api.gql<{ deleteProfile: { deletedKey: string | null; userErrors: unknown[] } }>(
      remove,
      { key: KEY },
      api.tokens.editor,
    );
    expect(inUse.data!.deleteProfile).toEqual({
      deletedKey: null,
      userErrors: [
        { field: ["input", "key"], code: "PROFILE_IN_USE", message: expect.stringContaining(KEY) },
      ],
    });
    const theDefault = await api.gql<{ deleteProfile: { deletedKey: string | null; userErrors: unknown[] } }>(
      remove,
      { key: "default" },
      api.tokens.editor,
    );
    expect(theDefault.data!.deleteProfile).toEqual({
      deletedKey: null,
      userErrors: [
        { field: ["input", "key"], code: "BAD_USER_INPUT", message: "the default profile cannot be deleted" },
      ],
    });
    await api.gql(
      `mutation { createProfile(input: { key: "spare", name: "Spare" }) { profile { key } } }`,
      {},
      api.tokens.editor,
    );
    const deleted = await api.gql<{ deleteProfile: { deletedKey: string | null; userErrors: unknown[] } }>(
      remove,
      { key: "spare" },
      api.tokens.editor,
    );
    expect(deleted.data!.deleteProfile).toEqual({ deletedKey: "spare", userErrors: [] });
    expect(await sql(`SELECT key FROM scoring_profiles WHERE key = 'spare'`)).toEqual([]);
  });
});
