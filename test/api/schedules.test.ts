/**
 * Scoring schedules over real HTTP, on SQLite and PostgreSQL: create, list, update, delete and
 * node(id:); mistakes as userErrors naming the field (bad cron with croner's reason, unknown time
 * zone, unknown profile, a second schedule for a profile); admin only for writes. What is stored
 * is checked with SQL, and next firings are literal instants computed by hand.
 */

import { PROVIDERS } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

interface UserError {
  field: string[] | null;
  code: string;
  message: string;
}

interface ScheduleFields {
  id: string;
  profile: string;
  cron: string;
  timeZone: string;
  enabled: boolean;
  nextRunAt: string | null;
  upcomingRuns: string[];
  lastRunAt: string | null;
  lastStatus: string | null;
  lastRun: { id: number } | null;
}

const FIELDS = "id profile cron timeZone enabled nextRunAt upcomingRuns lastRunAt lastStatus lastRun { id }";

const CREATE = `mutation($input: CreateScoringScheduleInput!) {
  createScoringSchedule(input: $input) { scoringSchedule { ${FIELDS} } userErrors { field code message } }
}`;
const UPDATE = `mutation($input: UpdateScoringScheduleInput!) {
  updateScoringSchedule(input: $input) { scoringSchedule { ${FIELDS} } userErrors { field code message } }
}`;
const DELETE = `mutation($input: DeleteScoringScheduleInput!) {
  deleteScoringSchedule(input: $input) { deletedId userErrors { field code message } }
}`;

type Payload = { scoringSchedule: ScheduleFields | null; userErrors: UserError[] };

/** The next time of day hh:mm UTC strictly after `after`, by hand. */
function nextDaily(after: number, hour: number, minute: number): number {
  const d = new Date(after);
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute);
  while (t <= after) t += 86_400_000;
  return t;
}

describe.each(PROVIDERS)("scoring schedules over HTTP on %s", (provider) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi(provider, { customers: 150 });
  }, 120_000);
  afterAll(async () => api?.close());

  const create = async (input: Record<string, unknown>, token?: string) =>
    (await api.gql<{ createScoringSchedule: Payload }>(CREATE, { input }, token)).data?.createScoringSchedule;

  it("creates the default profile's schedule, lists it and stores it, with its next firing in UTC by default", async () => {
    const before = Date.now();
    const payload = await create({ cron: "30 3 * * *" });
    const after = Date.now();
    expect(payload?.userErrors).toEqual([]);
    const s = payload!.scoringSchedule!;
    expect(s).toMatchObject({
      profile: "default",
      cron: "30 3 * * *",
      timeZone: "UTC",
      enabled: true,
      lastRunAt: null,
      lastStatus: null,
      lastRun: null,
    });
    expect(s.id).toMatch(/^gid:\/\/rfm\/ScoringSchedule\/\d+$/);
    const next = Date.parse(s.nextRunAt!);
    expect([nextDaily(before, 3, 30), nextDaily(after, 3, 30)]).toContain(next);
    expect(s.upcomingRuns.map(Date.parse)).toEqual([next, next + 86_400_000, next + 2 * 86_400_000]);

    const rows = await api.sql<{ profile_id: number; cron: string; time_zone: string; enabled: unknown }>(
      "SELECT profile_id, cron, time_zone, enabled FROM scoring_schedules",
    );
    expect(
      rows.map((r) => ({ ...r, profile_id: Number(r.profile_id), enabled: Boolean(r.enabled) })),
    ).toEqual([{ profile_id: 1, cron: "30 3 * * *", time_zone: "UTC", enabled: true }]);

    const listed = await api.gql<{ scoringSchedules: ScheduleFields[] }>(
      `{ scoringSchedules { ${FIELDS} } }`,
    );
    expect(listed.data?.scoringSchedules).toEqual([s]);
    const node = await api.gql<{ node: { id: string; cron: string } | null }>(
      `query($id: ID!) { node(id: $id) { id ... on ScoringSchedule { cron } } }`,
      { id: s.id },
    );
    expect(node.data?.node).toEqual({ id: s.id, cron: "30 3 * * *" });
  });

  it.each([
    [{ cron: "61 2 * * *" }, ["input", "cron"], "INVALID_CRON", /Invalid value for minute: 61/],
    [{ cron: "0 2 * *" }, ["input", "cron"], "INVALID_CRON", /has 4 fields: a schedule is five fields/],
    [
      { cron: "0 2 * * *", timeZone: "Mars/Olympus" },
      ["input", "timeZone"],
      "INVALID_TIME_ZONE",
      /not an IANA time zone/,
    ],
    [{ cron: "0 2 * * *", profile: "nope" }, ["input", "profile"], "NOT_FOUND", /no scoring profile "nope"/],
    [{ cron: "0 2 * * *" }, ["input", "profile"], "CONFLICT", /has a scoring schedule already/],
    [
      { cron: "x".repeat(201) },
      ["input", "cron"],
      "BAD_USER_INPUT",
      /cron must be shorter than or equal to 200/,
    ],
  ])("refuses %j as a userError on %j (%s), and stores nothing", async (input, field, code, message) => {
    const payload = await create(input);
    expect(payload?.scoringSchedule).toBeNull();
    expect(payload?.userErrors).toHaveLength(1);
    expect(payload?.userErrors[0]).toMatchObject({ field, code });
    expect(payload?.userErrors[0]?.message).toMatch(message);
    const [row] = await api.sql<{ n: number | string }>("SELECT count(*) AS n FROM scoring_schedules");
    expect(Number(row?.n)).toBe(1);
  });

  it("refuses writes by an editor or a viewer (FORBIDDEN, top-level), and lets them read", async () => {
    for (const token of [api.tokens.editor, api.tokens.viewer]) {
      const refused = await api.gql(CREATE, { input: { cron: "0 1 * * *" } }, token);
      expect(refused.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
      const read = await api.gql<{ scoringSchedules: unknown[] }>("{ scoringSchedules { id } }", {}, token);
      expect(read.data?.scoringSchedules).toHaveLength(1);
    }
  });

  it("shows the last firing: the run it started and that run's status, or why it did not start", async () => {
    const lastRunAt = provider === "sqlite" ? Date.UTC(2024, 6, 2, 2) : "2024-07-02 02:00:00";
    await api.test.db.raw.execute(
      "UPDATE scoring_schedules SET last_run_at = $1, last_run_id = $2, last_status = 'started'",
      [lastRunAt, api.runId],
    );
    const started = await api.gql<{ scoringSchedules: ScheduleFields[] }>(
      `{ scoringSchedules { ${FIELDS} lastError } }`,
    );
    expect(started.data?.scoringSchedules[0]).toMatchObject({
      lastRunAt: "2024-07-02T02:00:00.000Z",
      lastRun: { id: api.runId },
      lastStatus: "COMPLETE",
      lastError: null,
    });
    await api.test.db.raw.execute(
      "UPDATE scoring_schedules SET last_run_id = NULL, last_status = 'not_started', last_error = 'SCORING_IN_PROGRESS: busy'",
    );
    const refused = await api.gql<{ scoringSchedules: ScheduleFields[] }>(
      `{ scoringSchedules { ${FIELDS} lastError } }`,
    );
    expect(refused.data?.scoringSchedules[0]).toMatchObject({
      lastRun: null,
      lastStatus: "NOT_STARTED",
      lastError: "SCORING_IN_PROGRESS: busy",
    });
  });

  it("updates the expression and zone (next firing computed again), switches it off, and deletes it", async () => {
    const [existing] = (await api.gql<{ scoringSchedules: ScheduleFields[] }>("{ scoringSchedules { id } }"))
      .data!.scoringSchedules;
    const id = existing!.id;
    const moved = (
      await api.gql<{ updateScoringSchedule: Payload }>(UPDATE, {
        input: { id, cron: "0 0 1 1 *", timeZone: "Asia/Tokyo" },
      })
    ).data!.updateScoringSchedule;
    expect(moved.userErrors).toEqual([]);
    // Midnight on 1 January in Tokyo is 15:00 UTC on 31 December.
    const year = new Date().getUTCFullYear();
    const candidates = [year - 1, year, year + 1]
      .map((y) => Date.UTC(y, 11, 31, 15))
      .filter((t) => t > Date.now());
    expect(Date.parse(moved.scoringSchedule!.nextRunAt!)).toBe(candidates[0]);
    expect(moved.scoringSchedule).toMatchObject({ cron: "0 0 1 1 *", timeZone: "Asia/Tokyo", enabled: true });

    const bad = (
      await api.gql<{ updateScoringSchedule: Payload }>(UPDATE, { input: { id, cron: "0 0 32 * *" } })
    ).data!.updateScoringSchedule;
    expect(bad.scoringSchedule).toBeNull();
    expect(bad.userErrors[0]).toMatchObject({ field: ["input", "cron"], code: "INVALID_CRON" });

    const off = (await api.gql<{ updateScoringSchedule: Payload }>(UPDATE, { input: { id, enabled: false } }))
      .data!.updateScoringSchedule;
    expect(off.scoringSchedule).toMatchObject({
      enabled: false,
      nextRunAt: null,
      upcomingRuns: [],
      cron: "0 0 1 1 *",
    });
    const [stored] = await api.sql<{ next_run_at: unknown }>("SELECT next_run_at FROM scoring_schedules");
    expect(stored?.next_run_at).toBeNull();

    const unknown = (
      await api.gql<{ deleteScoringSchedule: { deletedId: string | null; userErrors: UserError[] } }>(
        DELETE,
        { input: { id: "gid://rfm/ScoringSchedule/999" } },
      )
    ).data!.deleteScoringSchedule;
    expect(unknown).toEqual({
      deletedId: null,
      userErrors: [{ field: ["input", "id"], code: "NOT_FOUND", message: "no scoring schedule 999" }],
    });
    const deleted = (
      await api.gql<{ deleteScoringSchedule: { deletedId: string | null } }>(DELETE, { input: { id } })
    ).data!.deleteScoringSchedule;
    expect(deleted.deletedId).toBe(id);
    expect(await api.sql("SELECT id FROM scoring_schedules")).toEqual([]);
    const audit = await api.sql<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity = 'scoring_schedule' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual([
      "schedule.create",
      "schedule.update",
      "schedule.update",
      "schedule.delete",
    ]);
  });

  it("previews a cron expression's next firings without saving, and names the argument at fault", async () => {
    const ok = await api.gql<{ cronPreview: { nextRuns: string[]; userErrors: UserError[] } }>(
      `{ cronPreview(cron: "0 12 * * *", timeZone: "UTC", count: 2) { nextRuns userErrors { field code message } } }`,
    );
    const first = nextDaily(Date.now(), 12, 0);
    expect(ok.data?.cronPreview.userErrors).toEqual([]);
    // The request ran a moment after `first` was computed above: the same day or, at noon sharp, the next.
    expect(ok.data?.cronPreview.nextRuns.map(Date.parse)).toEqual([first, first + 86_400_000]);
    const bad = await api.gql<{ cronPreview: { nextRuns: string[]; userErrors: UserError[] } }>(
      `{ cronPreview(cron: "0 12 * * 8") { nextRuns userErrors { field code message } } }`,
    );
    expect(bad.data?.cronPreview.nextRuns).toEqual([]);
    expect(bad.data?.cronPreview.userErrors[0]).toMatchObject({ field: ["cron"], code: "INVALID_CRON" });
    expect(await api.sql("SELECT id FROM scoring_schedules")).toEqual([]);
  });
});
