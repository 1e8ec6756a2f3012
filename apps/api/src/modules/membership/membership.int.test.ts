import { DAY_MS, DEFAULT_MAPPING, type MappingDefinition } from "@rfm/core";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../../db/testing";
import { Random } from "../../demo/random";
import { findPublishedMapping } from "../mapping/mapping.repository";
import { publishDraft, replaceDraft, rollbackTo } from "../mapping/mapping.service";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, seedStore, type TestOrder, type TestStore } from "../scoring/test-store";
import { segmentIdentities } from "../segment/identity";
import { createSubscription } from "../webhook/subscription.service";
import { catchUpMembership, enqueueMembershipEvents, recordMembership } from "./membership.service";

/** 400 customers with 1-8 orders each in the first half of 2024: every 4-bin code is populated. */
function store(seed = 11): TestStore {
  const rng = new Random(seed);
  const customers = Array.from({ length: 400 }, (_, c) => ({ id: `K${String(c).padStart(3, "0")}` }));
  const orders: TestOrder[] = [];
  let n = 0;
  for (const { id } of customers) {
    const count = 1 + rng.int(8);
    for (let k = 0; k < count; k++) {
      orders.push({
        customer: id,
        order: `P${++n}`,
        at: Date.UTC(2024, 0, 1) + rng.int(181) * DAY_MS + rng.int(DAY_MS),
        cents: 100 * (5 + rng.int(400)),
      });
    }
  }
  return { customers, orders };
}

/** The default mapping with 344 moved from Champions to Loyal Customer (the issue's example). */
const MOVED_344: MappingDefinition = {
  bins: 4,
  segments: DEFAULT_MAPPING.segments.map((s) =>
    s.name === "Champions"
      ? { ...s, codes: (s.codes ?? []).filter((c) => c !== "344") }
      : s.name === "Loyal Customer"
        ? { ...s, codes: [...(s.codes ?? []), "344"] }
        : { ...s },
  ),
};

/** 344 as customer_scores stores it: ((3-1)*4 + (4-1))*4 + (4-1) = 47. */
const CODE_344 = 47;

/** A 4-bin dense code index back to its three digits, written out here (the test's own decoding). */
function digits(index: number): string {
  return `${Math.floor(index / 16) + 1}${(Math.floor(index / 4) % 4) + 1}${(index % 4) + 1}`;
}

/** Each scored customer's segment name in a run under a definition, from customer_scores with SQL. */
async function segmentsBySql(db: Database, runId: number, definition: MappingDefinition) {
  const nameOf = new Map<string, string>();
  for (const s of definition.segments) for (const code of s.codes ?? []) nameOf.set(code, s.name);
  const rows = await factsQuery<{ customer: string; code: number }>(db, {
    sql: `SELECT c.external_id AS "customer", s.code AS "code" FROM customer_scores s JOIN customers c ON c.id = s.customer_id WHERE s.run_id = $1`,
    params: [runId],
    clickhouse: `SELECT external_id AS customer, code FROM customer_scores
      ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
      WHERE run_id = ${Number(runId)}`,
  });
  return new Map(rows.map((row) => [row.customer, nameOf.get(digits(Number(row.code)))!]));
}

interface LoggedChange {
  id: number;
  customer: string;
  kind: string;
  key: string;
  name: string;
  runId: number;
}

async function changesAfter(db: Database, afterId = 0): Promise<LoggedChange[]> {
  const rows = await factsQuery<LoggedChange>(db, {
    sql: `SELECT sc.id AS "id", c.external_id AS "customer", sc.kind AS "kind", sc.segment_key AS "key",
       sc.segment_name AS "name", sc.run_id AS "runId"
     FROM segment_changes sc JOIN customers c ON c.id = sc.customer_id WHERE sc.id > $1 ORDER BY sc.id`,
    params: [afterId],
    // On ClickHouse the change log is append-only: every row is a committed change here (the
    // tests make recordings fail before they write).
    clickhouse: `SELECT id, external_id AS customer, toString(kind) AS kind, segment_key AS key,
       segment_name AS name, run_id AS runId
     FROM segment_changes ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
     WHERE id > ${Number(afterId)} ORDER BY id`,
  });
  return rows.map((row) => ({ ...row, id: Number(row.id), runId: Number(row.runId) }));
}

/** One number from the app database. */
async function scalar(db: Database, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.raw.query<{ n: number | string | null }>(sql, params);
  return Number(row?.n ?? 0);
}

/** One number from the facts: `sql` on the SQL engines, `clickhouse` on the cluster. */
async function factScalar(db: Database, sql: string, params: unknown[], clickhouse: string): Promise<number> {
  const [row] = await factsQuery<{ n: number | string | null }>(db, { sql, params, clickhouse });
  return Number(row?.n ?? 0);
}

const scoredIn = (db: Database, runId: number) =>
  factScalar(
    db,
    "SELECT count(*) AS n FROM customer_scores WHERE run_id = $1",
    [runId],
    `SELECT count() AS n FROM customer_scores WHERE run_id = ${Number(runId)}`,
  );

const changeCount = (db: Database) =>
  factScalar(db, "SELECT count(*) AS n FROM segment_changes", [], "SELECT count() AS n FROM segment_changes");

const maxChangeId = (db: Database) =>
  factScalar(db, "SELECT max(id) AS n FROM segment_changes", [], "SELECT max(id) AS n FROM segment_changes");

/** Segment keys by name in the published mapping (keys are identities, not figures). */
async function keysByName(db: Database): Promise<Map<string, string>> {
  const mapping = await findPublishedMapping(db);
  return new Map((await segmentIdentities(db, mapping!.id)).map((s) => [s.name, s.key]));
}

/** Members by store id: segment key and since (epoch ms), from SQL. */
async function membersBySql(db: Database): Promise<Map<string, { key: string; since: number }>> {
  const rows = await factsQuery<{ customer: string; key: string; since: number | string }>(db, {
    sql: `SELECT c.external_id AS "customer", m.segment_key AS "key", m.since AS "since"
     FROM segment_members m JOIN customers c ON c.id = m.customer_id WHERE m.profile_id = 1`,
    // On ClickHouse a customer's membership is its row of the latest recording that changed it.
    clickhouse: `SELECT external_id AS customer, key, since_ms AS since FROM
       (SELECT customer_id, argMax(segment_key, seq) AS key, argMax(since, seq) AS since_ms
        FROM segment_members WHERE profile_id = 1 GROUP BY customer_id HAVING key != '')
     ANY INNER JOIN (SELECT id AS customer_id, external_id FROM customers FINAL) USING customer_id`,
  });
  return new Map(rows.map((row) => [row.customer, { key: row.key, since: Number(row.since) }]));
}

/** What a diff from `before` to `after` (customer -> segment name) must log, as sorted "customer kind key". */
function expectedDiff(
  before: Map<string, string>,
  after: Map<string, string>,
  keys: Map<string, string>,
): string[] {
  const out: string[] = [];
  for (const [customer, name] of before) {
    if (after.get(customer) !== name) out.push(`${customer} left ${keys.get(name)}`);
  }
  for (const [customer, name] of after) {
    if (before.get(customer) !== name) out.push(`${customer} entered ${keys.get(name)}`);
  }
  return out.sort();
}

/** A subscription to membership events: without one, changes are not copied to the outbox. */
async function listenToMembership(
  db: Database,
  events = ["customer.entered_segment", "customer.left_segment"],
) {
  await createSubscription(db, "test", { url: "http://127.0.0.1:9/hook", events });
}

const asText = (changes: readonly LoggedChange[]) =>
  changes.map((c) => `${c.customer} ${c.kind} ${c.key}`).sort();

describe.each(FACT_ENGINES)("segment membership changes on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("a first run enters every scored customer; publishing 344 into Loyal Customer moves exactly the 344 customers, left before entered, once", async () => {
    const { db } = t;
    await seedStore(db, store());
    await listenToMembership(db);
    const { run } = await runScoring({ db, asOf: AS_OF, clv: "none" });
    const scored = await scoredIn(db, run.id);
    expect(scored).toBe(400);
    const keys = await keysByName(db);
    const first = await changesAfter(db);
    expect(asText(first)).toEqual(
      expectedDiff(new Map(), await segmentsBySql(db, run.id, DEFAULT_MAPPING), keys),
    );
    expect(new Set(first.map((c) => c.runId))).toEqual(new Set([run.id]));
    const members = await membersBySql(db);
    expect(members.size).toBe(400);
    expect(new Set([...members.values()].map((m) => m.since))).toEqual(new Set([AS_OF]));
    expect(await scalar(db, "SELECT count(*) AS n FROM webhook_events WHERE id LIKE 'evt_chg_%'")).toBe(400);

    const lastBefore = first.at(-1)!.id;
    const with344 = (
      await factsQuery<{ customer: string }>(db, {
        sql: `SELECT c.external_id AS "customer" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
         WHERE s.run_id = $1 AND s.code = ${CODE_344} ORDER BY c.external_id`,
        params: [run.id],
        clickhouse: `SELECT external_id AS customer FROM customer_scores
         ANY INNER JOIN (SELECT id AS customer_id, external_id FROM {db}.customers_local FINAL) USING customer_id
         WHERE run_id = ${Number(run.id)} AND code = ${CODE_344} ORDER BY external_id`,
      })
    ).map((row) => row.customer);
    expect(with344.length).toBeGreaterThan(0);

    await replaceDraft(db, "editor@test", MOVED_344, { test: true });
    await publishDraft(db, "editor@test", 1, "344 is loyal, not a champion");
    const moved = await changesAfter(db, lastBefore);
    const champions = keys.get("Champions")!;
    const loyal = keys.get("Loyal Customer")!;
    expect(asText(moved)).toEqual(
      [
        ...with344.map((c) => `${c} left ${champions}`),
        ...with344.map((c) => `${c} entered ${loyal}`),
      ].sort(),
    );
    // Every `left` before every `entered`; names as the mapping had them.
    const kinds = moved.map((c) => c.kind);
    expect(kinds).toEqual([...with344.map(() => "left"), ...with344.map(() => "entered")]);
    expect(new Set(moved.map((c) => `${c.kind}:${c.name}`))).toEqual(
      new Set(["left:Champions", "entered:Loyal Customer"]),
    );
    const after = await membersBySql(db);
    for (const c of with344) expect(after.get(c)).toEqual({ key: loyal, since: AS_OF });

    // The outbox has one event per change, with the body receivers get.
    const events = await db.raw.query<{ id: string; type: string; segmentKey: string; data: unknown }>(
      `SELECT id AS "id", type AS "type", segment_key AS "segmentKey", data AS "data" FROM webhook_events
       WHERE id IN (${moved.map((c) => `'evt_chg_${c.id}'`).join(", ")}) ORDER BY id`,
    );
    expect(events).toHaveLength(moved.length);
    const left = moved[0]!;
    const event = events.find((e) => e.id === `evt_chg_${left.id}`)!;
    const data = typeof event.data === "string" ? JSON.parse(event.data) : event.data;
    expect(event).toMatchObject({ type: "customer.left_segment", segmentKey: champions });
    expect(data).toMatchObject({
      customerId: left.customer,
      segment: { key: champions, name: "Champions" },
      runId: run.id,
      mappingVersion: 2,
    });

    // Recording the same pair again adds nothing.
    const again = await recordMembership(db, { profileId: 1, reason: "publish" });
    expect(again).toMatchObject({ recorded: false, entered: 0, left: 0, enqueued: 0 });
    expect((await changesAfter(db)).length).toBe(400 + 2 * with344.length);

    // A rollback to version 1 moves them back.
    await rollbackTo(db, "editor@test", 1, null);
    const back = await changesAfter(db, moved.at(-1)!.id);
    expect(asText(back)).toEqual(
      [
        ...with344.map((c) => `${c} left ${loyal}`),
        ...with344.map((c) => `${c} entered ${champions}`),
      ].sort(),
    );
  });

  it("a later run logs exactly the customers whose segment changed (and those no longer scored leave); a backfill of an older day logs nothing", async () => {
    const { db } = t;
    const data = store(3);
    await seedStore(db, data);
    const { run: run1 } = await runScoring({ db, asOf: AS_OF, clv: "none" });
    const keys = await keysByName(db);
    const before = await segmentsBySql(db, run1.id, DEFAULT_MAPPING);
    const last1 = (await changesAfter(db)).at(-1)!.id;

    // Big July orders for 40 customers, then a run over the last 120 days as of 1 August:
    // customers without an order since early April are not scored and leave.
    const rng = new Random(99);
    const july: TestOrder[] = Array.from({ length: 40 }, (_, i) => ({
      customer: data.customers[i * 10]!.id,
      order: `J${i}`,
      at: Date.UTC(2024, 6, 1) + rng.int(30) * DAY_MS,
      cents: 500_000 + rng.int(100_000),
    }));
    await seedStore(db, { customers: [], orders: july });
    const asOf2 = Date.UTC(2024, 7, 1);
    const { run: run2 } = await runScoring({ db, asOf: asOf2, clv: "none", window: { days: 120 } });
    const after = await segmentsBySql(db, run2.id, DEFAULT_MAPPING);
    expect(after.size).toBeLessThan(400);
    const logged = await changesAfter(db, last1);
    expect(asText(logged)).toEqual(expectedDiff(before, after, keys));
    expect(logged.some((c) => c.kind === "left" && !after.has(c.customer))).toBe(true);

    const members = await membersBySql(db);
    expect(members.size).toBe(after.size);
    for (const [customer, name] of after) {
      expect(members.get(customer)).toEqual({
        key: keys.get(name),
        since: before.get(customer) === name ? AS_OF : asOf2,
      });
    }

    // A backfill month (older as-of) is not current: nothing is logged, members stay.
    const count = (await changesAfter(db)).length;
    const { run: old } = await runScoring({ db, asOf: Date.UTC(2024, 5, 1), clv: "none" });
    expect(old.status).toBe("complete");
    expect((await changesAfter(db)).length).toBe(count);
    expect(await membersBySql(db)).toEqual(members);
    expect(await factsRecorded(db)).toEqual({ runId: run2.id });
  });

  it("copies no change to the outbox while no subscription asks for membership events, and moves its cursor past them", async () => {
    const { db } = t;
    await seedStore(db, store(3));
    await listenToMembership(db, ["run.completed"]);
    await runScoring({ db, asOf: AS_OF, clv: "none" });
    const total = await changeCount(db);
    expect(total).toBeGreaterThan(0);
    expect(await scalar(db, "SELECT count(*) AS n FROM webhook_events WHERE id LIKE 'evt_chg_%'")).toBe(0);
    expect(
      await scalar(db, "SELECT enqueued_through AS n FROM membership_outbox_cursors WHERE profile_id = 1"),
    ).toBe(await maxChangeId(db));
    // A subscriber from now on gets the changes recorded after it, not the backlog.
    await listenToMembership(db);
    expect(await enqueueMembershipEvents(db, 1)).toBe(0);
  });

  it("a recording that failed after the run committed is caught up later, and lost outbox events are enqueued again once", async () => {
    const { db } = t;
    const data = store(5);
    await seedStore(db, data);
    await listenToMembership(db);
    const { run: run1 } = await runScoring({ db, asOf: AS_OF, clv: "none" });
    const keys = await keysByName(db);
    const before = await segmentsBySql(db, run1.id, DEFAULT_MAPPING);
    const last1 = (await changesAfter(db)).at(-1)!.id;

    // The recording of run 2 fails mid-way (its last table is missing): the run stays complete
    // and nothing of the recording is kept.
    await breakRecordings(db, true);
    const { run: run2 } = await runScoring({
      db,
      asOf: Date.UTC(2024, 7, 1),
      clv: "none",
      window: { days: 90 },
    });
    expect(run2.status).toBe("complete");
    expect((await changesAfter(db, last1)).length).toBe(0);
    await breakRecordings(db, false);

    const [outcome] = await catchUpMembership(db);
    expect(outcome).toMatchObject({ recorded: true, runId: run2.id });
    const after = await segmentsBySql(db, run2.id, DEFAULT_MAPPING);
    const logged = await changesAfter(db, last1);
    expect(logged.length).toBeGreaterThan(0);
    expect(asText(logged)).toEqual(expectedDiff(before, after, keys));
    const total = await changeCount(db);
    expect(await scalar(db, "SELECT count(*) AS n FROM webhook_events WHERE id LIKE 'evt_chg_%'")).toBe(
      total,
    );

    // A crash after recording, before the outbox: the cursor is behind and the last 10 events missing.
    const lastId = logged.at(-1)!.id;
    await db.raw.execute(
      `DELETE FROM webhook_events WHERE id IN (${Array.from({ length: 10 }, (_, i) => `'evt_chg_${lastId - i}'`).join(", ")})`,
    );
    await db.raw.execute("UPDATE membership_outbox_cursors SET enqueued_through = $1 WHERE profile_id = 1", [
      lastId - 10,
    ]);
    expect(await enqueueMembershipEvents(db, 1)).toBe(10);
    // A cursor lost altogether enqueues every change again, and the outbox keeps one of each.
    await db.raw.execute("DELETE FROM membership_outbox_cursors");
    expect(await enqueueMembershipEvents(db, 1)).toBe(0);
    expect(await scalar(db, "SELECT count(*) AS n FROM webhook_events WHERE id LIKE 'evt_chg_%'")).toBe(
      total,
    );
    expect(
      await scalar(db, "SELECT enqueued_through AS n FROM membership_outbox_cursors WHERE profile_id = 1"),
    ).toBe(lastId);
  });
});

describe.each(FACT_ENGINES)("segment membership recordings at once on %s", (engine) => {
  const t = useTestDatabase(engine);

  it("two recordings of the same pair at once log each change once (the second waits, then finds it recorded)", async () => {
    const { db } = t;
    await seedStore(db, store(7));
    const { run } = await runScoring({ db, asOf: AS_OF, clv: "none" });
    // Back to before the first recording (as after an upgrade), then two recordings at once.
    for (const table of ["segment_changes", "segment_members", "segment_recordings"]) {
      if (db.analytics) await db.analytics.commandOnEachShard(`TRUNCATE TABLE ${table}_local`);
      else await db.raw.execute(`DELETE FROM ${table}`);
    }
    const outcomes = await Promise.all([
      recordMembership(db, { profileId: 1, reason: "catch-up" }),
      recordMembership(db, { profileId: 1, reason: "catch-up" }),
    ]);
    expect(outcomes.map((o) => o.recorded).sort()).toEqual([false, true]);
    const scored = await scoredIn(db, run.id);
    expect(await changeCount(db)).toBe(scored);
    expect(
      await factScalar(
        db,
        "SELECT count(*) AS n FROM segment_members",
        [],
        "SELECT count() AS n FROM (SELECT argMax(segment_key, seq) AS k FROM segment_members GROUP BY customer_id HAVING k != '')",
      ),
    ).toBe(scored);
  });
});

async function factsRecorded(db: Database): Promise<{ runId: number } | null> {
  const [row] = await factsQuery<{ runId: number; n?: string }>(db, {
    sql: `SELECT run_id AS "runId" FROM segment_recordings WHERE profile_id = 1`,
    clickhouse:
      "SELECT argMax(run_id, seq) AS runId, count() AS n FROM segment_recordings WHERE profile_id = 1",
  });
  return row && Number(row.n ?? 1) > 0 ? { runId: Number(row.runId) } : null;
}

/**
 * Makes the next recordings fail (`broken`), or work again: the table of the recordings' state
 * is renamed away (on ClickHouse the profile's shard's local table, which its first read needs).
 */
async function breakRecordings(db: Database, broken: boolean): Promise<void> {
  const [from, to] = broken
    ? ["segment_recordings", "segment_recordings_gone"]
    : ["segment_recordings_gone", "segment_recordings"];
  if (db.analytics) {
    const ch = db.analytics;
    await ch.commandOnEachShard(`RENAME TABLE ${ch.database}.${from}_local TO ${ch.database}.${to}_local`);
  } else {
    await db.raw.execute(`ALTER TABLE ${from} RENAME TO ${to}`);
  }
}
