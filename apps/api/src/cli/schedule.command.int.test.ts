import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";

/** `rfm <args>` in a child process against `url`, as a user runs it. */
const rfm = (url: string, ...args: string[]) => runCli(args, url, { STORE_TIME_ZONE: "America/Toronto" });

describe.each(PROVIDERS)("rfm schedule on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("creates, lists, updates and deletes a schedule, refusing a bad expression with croner's reason", {
    timeout: 120_000,
  }, async () => {
    const bad = await rfm(t.url, "schedule", "create", "--cron", "0 24 * * *");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'rfm: INVALID_CRON: "0 24 * * *" is not a valid cron expression: Invalid value for hour: 24',
    );
    expect(await t.db.raw.query("SELECT id FROM scoring_schedules")).toEqual([]);

    const created = await rfm(t.url, "schedule", "create", "--cron", "0 2 * * 1-5");
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const [row] = await t.db.raw.query<{ id: number; cron: string; time_zone: string; profile_id: number }>(
      "SELECT id, cron, time_zone, profile_id FROM scoring_schedules",
    );
    expect({ ...row, id: Number(row!.id), profile_id: Number(row!.profile_id) }).toEqual({
      id: 1,
      cron: "0 2 * * 1-5",
      time_zone: "America/Toronto", // the store's zone by default
      profile_id: 1,
    });
    expect(created.stdout).toContain("Created schedule 1.");

    const listed = await rfm(t.url, "schedule", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /│ 1\s+│ default\s+│ 0 2 \* \* 1-5\s+│ America\/Toronto\s+│ yes\s+│ 20\d\d-\d\d-\d\dT0[67]:00:00Z/,
    );

    const off = await rfm(t.url, "schedule", "update", "1", "--disable", "--time-zone", "Europe/Paris");
    expect(off.code).toBe(0);
    const [updated] = await t.db.raw.query<{ enabled: unknown; next_run_at: unknown; time_zone: string }>(
      "SELECT enabled, next_run_at, time_zone FROM scoring_schedules",
    );
    expect({ ...updated, enabled: Boolean(updated!.enabled) }).toEqual({
      enabled: false,
      next_run_at: null,
      time_zone: "Europe/Paris",
    });

    const unknown = await rfm(t.url, "schedule", "delete", "7");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("rfm: NOT_FOUND: no scoring schedule 7");
    const deleted = await rfm(t.url, "schedule", "delete", "1");
    expect(deleted.code).toBe(0);
    expect(await t.db.raw.query("SELECT id FROM scoring_schedules")).toEqual([]);
  });
});
