import type { MappingDefinition } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../days";
import type { Database } from "../../db/client";
import { FACT_ENGINES, factsQuery, portableFactsQuery, useTestDatabase } from "../../db/testing";
import { getPublishedMapping } from "../mapping/mapping.repository";
import { editDraft, publishDraft, replaceDraft, rollbackTo } from "../mapping/mapping.service";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, seedStore } from "../scoring/test-store";
import { CurrentState } from "../segment/current";
import { segmentTable } from "../segment/segment.service";
import {
  createProfile,
  DEFAULT_PROFILE_ID,
  deleteProfile,
  listProfiles,
  resolveProfile,
  updateProfile,
} from "./profile.repository";

const ONLINE = {
  key: "online-365",
  name: "Online, last 365 days, 5 bins",
  settings: { bins: 5, windowDays: 365, channels: ["online"] },
};

/** The hand-made store of seed 5, every other order (even number) placed online and the rest in a store. */
async function seedWithChannels(db: Database): Promise<void> {
  const store = handMadeStore(5);
  await seedStore(db, {
    customers: store.customers,
    orders: store.orders.map((o) => ({
      ...o,
      channel: Number(o.order.slice(1)) % 2 === 0 ? "online" : "store",
    })),
  });
}

/** Customers per segment name, read with SQL from the scores and the stored mapping rows. */
async function segmentSizesBySql(
  db: Database,
  runId: number,
  mappingId: number,
): Promise<Record<string, number>> {
  const segments = await db.raw.query<{ name: string; codes: unknown }>(
    "SELECT name, codes FROM mapping_segments WHERE version_id = $1 ORDER BY position",
    [mappingId],
  );
  const perCode = await portableFactsQuery<{ r: number; f: number; m: number; n: number | string }>(
    db,
    "SELECT r, f, m, count(*) AS n FROM customer_scores WHERE run_id = $1 GROUP BY r, f, m",
    [runId],
  );
  const sizes: Record<string, number> = {};
  for (const s of segments) {
    const codes = new Set((typeof s.codes === "string" ? JSON.parse(s.codes) : s.codes) as string[]);
    sizes[s.name] = perCode
      .filter((c) => codes.has(`${c.r}${c.f}${c.m}`))
      .reduce((sum, c) => sum + Number(c.n), 0);
  }
  return sizes;
}

describe.each(FACT_ENGINES)("scoring profiles on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("scores two profiles side by side, each with its own current run and mapping", async () => {
    await seedWithChannels(t.db);
    const online = await createProfile(t.db, "tester", ONLINE);
    // What was stored, read back with SQL: the channels are kept for the aggregation.
    const [stored] = await t.db.raw.query<{ settings: unknown; is_default: unknown }>(
      "SELECT settings, is_default FROM scoring_profiles WHERE key = $1",
      ["online-365"],
    );
    const settings = typeof stored!.settings === "string" ? JSON.parse(stored!.settings) : stored!.settings;
    expect(settings).toMatchObject({
      bins: 5,
      windowDays: 365,
      channels: ["online"],
      monetaryBasis: "total",
    });
    expect(Boolean(stored!.is_default)).toBe(false);
    // Its first mapping is published with it: version 1, 5 bins.
    const onlineMapping = await getPublishedMapping(t.db, online.id);
    expect(onlineMapping).toMatchObject({ version: 1, profileId: online.id });
    expect(onlineMapping.compiled.bins).toBe(5);

    const base = await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    const other = await runScoring({ db: t.db, asOf: AS_OF, clv: "none", profileId: online.id });
    expect(base.run).toMatchObject({ profileId: DEFAULT_PROFILE_ID, bins: 4, windowFrom: null });
    // The profile's settings were used: 5 bins, the 365 days before 2024-07-01.
    expect(other.run).toMatchObject({ profileId: online.id, bins: 5, windowFrom: Date.UTC(2023, 6, 2) });
    // The run's scores go up to 5, and the run stored is the profile's (the scores may be in
    // another store than the runs: two reads).
    const [scores] = await portableFactsQuery<{ r: number }>(
      t.db,
      "SELECT max(r) AS r FROM customer_scores WHERE run_id = $1",
      [other.run.id],
    );
    expect(Number(scores!.r)).toBe(5);
    const [runRow] = await t.db.raw.query<{ profile: number }>(
      "SELECT profile_id AS profile FROM scoring_runs WHERE id = $1",
      [other.run.id],
    );
    expect(Number(runRow!.profile)).toBe(online.id);
    // Its channels were counted, and only those: the orders it read are the online orders of its
    // window, counted with SQL.
    const [window] = await factsQuery<{ n: number | string }>(t.db, {
      sql: `SELECT count(*) AS n FROM transactions WHERE channel = 'online' AND occurred_at >= $1 AND occurred_at < $2`,
      params:
        t.db.provider === "sqlite"
          ? [Date.UTC(2023, 6, 2), AS_OF]
          : [new Date(Date.UTC(2023, 6, 2)), new Date(AS_OF)],
      // Epoch milliseconds there; FINAL: the latest version of each order.
      clickhouse: `SELECT count() AS n FROM transactions FINAL WHERE channel = 'online' AND occurred_at >= ${Date.UTC(2023, 6, 2)} AND occurred_at < ${AS_OF}`,
    });
    expect(Number(window!.n)).toBeGreaterThan(0);
    expect(other.run.transactionsRead).toBe(Number(window!.n));
    expect(base.run.transactionsRead).toBeGreaterThan(other.run.transactionsRead ?? 0);

    const state = new CurrentState(t.db);
    const defaultView = await state.get(DEFAULT_PROFILE_ID);
    const onlineView = await state.get(online.id);
    expect(defaultView.run?.id).toBe(base.run.id);
    expect(onlineView.run?.id).toBe(other.run.id);
    expect(defaultView.mapping.compiled.bins).toBe(4);
    expect(onlineView.mapping.compiled.bins).toBe(5);

    // Each profile's segment table is its own run under its own mapping.
    const defaultBefore = await segmentTable(t.db);
    const onlineTable = await segmentTable(t.db, online.id);
    expect(defaultBefore.run.id).toBe(base.run.id);
    expect(onlineTable.run.id).toBe(other.run.id);
    expect(Object.fromEntries(onlineTable.stats.segments.map((s) => [s.name, s.customers]))).toEqual(
      await segmentSizesBySql(t.db, other.run.id, onlineTable.mapping.id),
    );

    // Publishing in the online profile: its version 2; the default profile's mapping and segments stay.
    await editDraft(
      t.db,
      "tester",
      { kind: "setSegmentRules", segment: "Champions", rules: ["R4-5 F4-5 M*"] },
      online.id,
    );
    const published = await publishDraft(t.db, "tester", 1, "online only", online.id);
    expect(published.version).toBe(2);
    state.invalidate();
    expect((await state.get(online.id)).mapping.version).toBe(2);
    const defaultAfter = await segmentTable(t.db);
    expect(defaultAfter.mapping.id).toBe(defaultBefore.mapping.id);
    expect(defaultAfter.mapping.version).toBe(1);
    expect(defaultAfter.stats.segments.map((s) => [s.name, s.customers])).toEqual(
      defaultBefore.stats.segments.map((s) => [s.name, s.customers]),
    );
    // And the online one changed: Champions took R4 F4-5 from Loyal Customers.
    const onlineAfter = await segmentTable(t.db, online.id);
    expect(Object.fromEntries(onlineAfter.stats.segments.map((s) => [s.name, s.customers]))).toEqual(
      await segmentSizesBySql(t.db, other.run.id, onlineAfter.mapping.id),
    );

    // Version numbers are per profile: the default profile's next version is 2, not 3.
    await editDraft(t.db, "tester", { kind: "assignCodes", codes: ["444"], segment: "Loyal Customer" });
    expect((await publishDraft(t.db, "tester", 1, null)).version).toBe(2);
    // A rollback in one profile restores that profile's version.
    const rolled = await rollbackTo(t.db, "tester", 1, null, online.id);
    expect(rolled).toMatchObject({ version: 3, bins: 5 });
    expect((await getPublishedMapping(t.db)).version).toBe(2);
  }, 60_000);

  it("refuses a run with other bins than the profile's mapping before writing anything", async () => {
    await seedWithChannels(t.db);
    const online = await createProfile(t.db, "tester", ONLINE);
    await runScoring({ db: t.db, asOf: AS_OF, clv: "none" });
    // `rfm score --bins 5` on the default profile: refused, naming what to do.
    await expect(runScoring({ db: t.db, asOf: AS_OF, clv: "none", bins: 5 })).rejects.toMatchObject({
      code: "MAPPING_BINS_MISMATCH",
      message: expect.stringMatching(/profile "default" scores with 4 bins.*rfm profile create/),
    });
    await expect(
      runScoring({ db: t.db, asOf: AS_OF, clv: "none", bins: 4, profileId: online.id }),
    ).rejects.toMatchObject({ code: "MAPPING_BINS_MISMATCH" });
    const [count] = await t.db.raw.query<{ n: number }>("SELECT count(*) AS n FROM scoring_runs");
    expect(Number(count!.n)).toBe(1);
    // Every page of the default profile still reads: its table is the 4-bin run's.
    expect((await segmentTable(t.db)).run.bins).toBe(4);
  }, 60_000);

  it("changes bins only together with a mapping of the new bins; the old runs are then not current", async () => {
    await seedWithChannels(t.db);
    const online = await createProfile(t.db, "tester", ONLINE);
    await runScoring({ db: t.db, asOf: AS_OF, clv: "none", profileId: online.id });
    await expect(
      updateProfile(t.db, "tester", { key: online.key, settings: { bins: 3 } }),
    ).rejects.toMatchObject({
      code: "MAPPING_BINS_MISMATCH",
      message: expect.stringMatching(/version 1, 5 bins.*reseedMapping/),
    });
    expect((await resolveProfile(t.db, online.key)).settings.bins).toBe(5);
    // Other settings change freely.
    const renamed = await updateProfile(t.db, "tester", {
      key: online.key,
      name: "Online, last 180 days",
      settings: { windowDays: 180 },
    });
    expect(renamed.settings).toMatchObject({ bins: 5, windowDays: 180, channels: ["online"] });

    const rebinned = await updateProfile(t.db, "tester", {
      key: online.key,
      settings: { bins: 3 },
      reseedMapping: true,
    });
    expect(rebinned.settings.bins).toBe(3);
    const mapping = await getPublishedMapping(t.db, online.id);
    expect(mapping).toMatchObject({ version: 2 });
    expect(mapping.compiled.bins).toBe(3);
    // The 5-bin run is history, not the current run under a 3-bin mapping.
    expect((await new CurrentState(t.db).get(online.id)).run).toBeNull();
    await expect(segmentTable(t.db, online.id)).rejects.toMatchObject({ code: "NO_SCORING_RUN" });
    const next = await runScoring({ db: t.db, asOf: AS_OF, clv: "none", profileId: online.id });
    expect(next.run).toMatchObject({ bins: 3, windowFrom: AS_OF - 180 * DAY_MS });
    expect((await new CurrentState(t.db).get(online.id)).run?.id).toBe(next.run.id);
    // A rollback to the 5-bin version would break the rule: refused.
    await expect(rollbackTo(t.db, "tester", 1, null, online.id)).rejects.toMatchObject({
      code: "MAPPING_BINS_MISMATCH",
    });
    // The changes are audited.
    const audit = await t.db.prisma.auditLog.findMany({
      where: { entity: "scoring_profile" },
      orderBy: { id: "asc" },
      select: { action: true, actor: true },
    });
    expect(audit.map((a) => a.action)).toEqual(["profile.create", "profile.update", "profile.update"]);
  }, 60_000);

  it("publishing an imported mapping of other bins makes the profile score with them, unless it has thresholds", async () => {
    await seedStore(t.db, handMadeStore(5));
    const spare = await createProfile(t.db, "tester", { key: "spare", name: "Spare" });
    const twoBins: MappingDefinition = {
      bins: 2,
      segments: [
        { name: "Recent", description: "", action: "", color: "#15803d", rules: [{ r: 2 }] },
        { name: "Lapsed", description: "", action: "", color: "#be185d", rules: [{ r: 1 }] },
      ],
    };
    await replaceDraft(t.db, "tester", twoBins, { form: "test" }, spare.id);
    await publishDraft(t.db, "tester", 1, null, spare.id);
    const [row] = await t.db.raw.query<{ settings: unknown }>(
      "SELECT settings FROM scoring_profiles WHERE key = 'spare'",
    );
    const settings = typeof row!.settings === "string" ? JSON.parse(row!.settings) : row!.settings;
    expect(settings.bins).toBe(2);
    const run = await runScoring({ db: t.db, asOf: AS_OF, clv: "none", profileId: spare.id });
    expect(run.run.bins).toBe(2);
    // The default profile kept its 4 bins.
    expect((await resolveProfile(t.db)).settings.bins).toBe(4);

    const fixed = await createProfile(t.db, "tester", {
      key: "fixed",
      name: "Fixed",
      settings: { methods: { recency: { kind: "thresholds", bounds: [30, 90, 180] } } },
    });
    await replaceDraft(t.db, "tester", twoBins, { form: "test" }, fixed.id);
    await expect(publishDraft(t.db, "tester", 1, null, fixed.id)).rejects.toMatchObject({
      code: "MAPPING_BINS_MISMATCH",
    });
    expect((await getPublishedMapping(t.db, fixed.id)).compiled.bins).toBe(4);
  }, 60_000);

  it("deletes only a profile without runs, never the default; refuses unknown keys and bad settings", async () => {
    await seedWithChannels(t.db);
    const online = await createProfile(t.db, "tester", ONLINE);
    await createProfile(t.db, "tester", { key: "spare", name: "Spare" });
    expect((await listProfiles(t.db)).map((p) => p.key)).toEqual(["default", "online-365", "spare"]);
    await runScoring({ db: t.db, asOf: AS_OF, clv: "none", profileId: online.id });
    await expect(deleteProfile(t.db, "tester", "default")).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(deleteProfile(t.db, "tester", online.key)).rejects.toMatchObject({ code: "PROFILE_IN_USE" });
    expect(await deleteProfile(t.db, "tester", "spare")).toBe(true);
    const [left] = await t.db.raw.query<{ n: number }>(
      "SELECT count(*) AS n FROM mapping_versions WHERE profile_id NOT IN (SELECT id FROM scoring_profiles)",
    );
    expect(Number(left!.n)).toBe(0);

    await expect(resolveProfile(t.db, "nope")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining('"nope"'),
      field: "profile",
    });
    await expect(
      createProfile(t.db, "tester", { key: "x", name: "X", settings: { bins: 10 } }),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "settings.bins" });
    await expect(
      createProfile(t.db, "tester", {
        key: "x",
        name: "X",
        settings: { bins: 4, methods: { recency: { kind: "thresholds", bounds: [30, 90] } } },
      }),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "settings.methods.recency.bounds" });
    await expect(createProfile(t.db, "tester", { key: "Bad Key", name: "X" })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      field: "input.key",
    });
    await expect(createProfile(t.db, "tester", { key: "again", name: ONLINE.name })).rejects.toMatchObject({
      code: "CONFLICT",
      field: "input.name",
    });
  }, 60_000);
});
