/**
 * The data migration `data_segment_identities` on a database written before identities: rows
 * are inserted at the migration before `segment_identities`, then the rest is applied and the
 * result read back with SQL.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultMigrationsDir, migrate } from "../../db/migrate";
import { PROVIDERS, useTestDatabase } from "../../db/testing";

describe.each(PROVIDERS)("data migration data_segment_identities on %s", (provider) => {
  const t = useTestDatabase(provider, { migrate: false });
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "rfm-identity-migration-"));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The real migrations up to (not including) the one whose name ends with `stop`. */
  function migrationsBefore(stop: string): string {
    const source = defaultMigrationsDir(provider);
    const dir = join(scratch, "before");
    for (const entry of readdirSync(source)) {
      if (entry.endsWith(".toml") || entry < readdirSync(source).find((e) => e.endsWith(stop))!) {
        cpSync(join(source, entry), join(dir, entry), { recursive: true });
      }
    }
    return dir;
  }

  const now = provider === "sqlite" ? Date.now() : new Date();

  async function version(id: number, profileId: number, version: number | null, names: string[]) {
    await t.db.raw.execute(
      `INSERT INTO mapping_versions (id, profile_id, version, status, author, bins, created_at)
       VALUES ($1, $2, $3, $4, 'tester', 2, $5)`,
      [id, profileId, version, version === null ? "draft" : "published", now],
    );
    for (const [position, name] of names.entries()) {
      await t.db.raw.execute(
        `INSERT INTO mapping_segments (version_id, position, name, codes) VALUES ($1, $2, $3, $4)`,
        [id, position, name, provider === "sqlite" ? "[]" : JSON.stringify([])],
      );
    }
  }

  const identities = () =>
    t.db.raw.query<{ profile: number; key: string; names: string }>(
      `SELECT s.profile_id AS profile, s.key AS key,
              ${provider === "sqlite" ? "group_concat(m.name, '|')" : "string_agg(m.name, '|' ORDER BY m.version_id)"} AS names
       FROM segments s JOIN mapping_segments m ON m.segment_id = s.id
       GROUP BY s.id, s.profile_id, s.key ORDER BY s.id`,
    );

  it("gives one identity per (profile, name) across versions, keys slugged and deduplicated, and a second run changes nothing", async () => {
    await migrate(t.url, { migrationsDir: migrationsBefore("_segment_identities") });
    await t.db.raw.execute(
      `INSERT INTO scoring_profiles (id, key, name, settings, is_default, created_at, updated_at)
       VALUES (2, 'online', 'Online', $1, $2, $3, $3)`,
      [provider === "sqlite" ? "{}" : JSON.stringify({}), provider === "sqlite" ? 0 : false, now],
    );
    await version(1, 1, 1, ["Champions", "Can't Lose Them", "Über Kunden"]);
    await version(2, 1, 2, ["champions", "Can't Lose Them", "Top Customers", "Top customers!"]);
    await version(3, 1, null, ["Champions", "Top Customers", "★★★"]);
    await version(4, 2, 1, ["Champions", "Lost"]);

    const result = await migrate(t.url);
    expect(result.applied.some((name) => name.endsWith("_data_segment_identities"))).toBe(true);

    const after = await identities();
    expect(after).toEqual([
      { profile: 1, key: "champions", names: "Champions|champions|Champions" },
      { profile: 1, key: "cant-lose-them", names: "Can't Lose Them|Can't Lose Them" },
      { profile: 1, key: "uber-kunden", names: "Über Kunden" },
      { profile: 1, key: "top-customers", names: "Top Customers|Top Customers" },
      { profile: 1, key: "top-customers-2", names: "Top customers!" },
      { profile: 1, key: "segment", names: "★★★" },
      { profile: 2, key: "champions", names: "Champions" },
      { profile: 2, key: "lost", names: "Lost" },
    ]);
    const [unfilled] = await t.db.raw.query<{ n: number | string }>(
      "SELECT count(*) AS n FROM mapping_segments WHERE segment_id IS NULL",
    );
    expect(Number(unfilled!.n)).toBe(0);

    // Idempotent: the same SQL applied again (as a later migration) finds nothing to do.
    const source = defaultMigrationsDir(provider);
    const again = join(scratch, "again");
    cpSync(source, again, { recursive: true });
    const name = readdirSync(source).find((e) => e.endsWith("_data_segment_identities"))!;
    mkdirSync(join(again, "29990101000000_again"));
    copyFileSync(join(source, name, "migration.sql"), join(again, "29990101000000_again", "migration.sql"));
    expect((await migrate(t.url, { migrationsDir: again })).applied).toEqual(["29990101000000_again"]);
    expect(await identities()).toEqual(after);
  });
});
