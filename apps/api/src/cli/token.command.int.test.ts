/**
 * `rfm token` in a child process, as a user runs it, on a SQLite file and a PostgreSQL schema:
 * create with --expires (days or a last day), list with expiry and status, revoke; a bad
 * --expires is refused naming the value. Stored instants are read back with SQL.
 */
import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "../db/testing";
import { runCli } from "../modules/import/test-support";

const rfm = (url: string, ...args: string[]) => runCli(args, url);
const DAY = 86_400_000;

describe.each(PROVIDERS)("rfm token on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("creates tokens expiring in N days or after a day, lists them with status, and revokes one", async () => {
    const before = Date.now();
    const inDays = await rfm(
      t.url,
      "token",
      "create",
      "--role",
      "viewer",
      "--name",
      "agency",
      "--expires",
      "30d",
    );
    const after = Date.now();
    expect(inDays.code).toBe(0);
    expect(inDays.stdout).toMatch(
      /^Token #1 "agency" \(viewer\):\n\n {2}rfm_[A-Za-z0-9_-]{43}\n\nIt expires on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. It is shown only now\./,
    );
    const lastDay = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    const dated = await rfm(
      t.url,
      "token",
      "create",
      "--role",
      "editor",
      "--name",
      "laptop",
      "--expires",
      lastDay,
    );
    expect(dated.code).toBe(0);
    const bad = await rfm(t.url, "token", "create", "--role", "editor", "--name", "x", "--expires", "soon");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"soon" is not an expiry');

    const rows = await t.db.raw.query<{ id: number; expires_at: unknown }>(
      "SELECT id, expires_at FROM api_tokens ORDER BY id",
    );
    expect(rows).toHaveLength(2);
    const first = new Date(rows[0]!.expires_at as string).getTime();
    expect(first).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(first).toBeLessThanOrEqual(after + 30 * DAY);
    expect(new Date(rows[1]!.expires_at as string).toISOString()).toBe(
      new Date(Date.parse(`${lastDay}T00:00:00Z`) + DAY).toISOString(),
    );

    expect((await rfm(t.url, "token", "revoke", "1")).stdout).toBe("Token #1 revoked.\n");
    const list = await rfm(t.url, "token", "list");
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^#1 agency \(viewer\) created .* UTC, last used -, REVOKED .* UTC$/);
    const end = new Date(Date.parse(`${lastDay}T00:00:00Z`) + DAY)
      .toISOString()
      .slice(0, 16)
      .replace("T", " ");
    expect(lines[1]).toMatch(
      new RegExp(`^#2 laptop \\(editor\\) created .* UTC, last used -, expires ${end} UTC$`),
    );
  }, 300_000);
});
