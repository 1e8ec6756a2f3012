/**
 * Segment identities through every way a mapping changes: edits, publish, rollback, file
 * import, delete and re-add, on both engines. Checked with SQL written here.
 */
import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "../../db/testing";
import { ensurePublishedMapping } from "../mapping/mapping.repository";
import { editDraft, findActiveVersion, publishDraft, rollbackTo } from "../mapping/mapping.service";
import { importMappingFile } from "../mapping/mapping-file";
import { createProfile } from "../profile/profile.repository";
import { findIdentityByKey, formerNamesOf, identitiesOnceNamed, segmentIdentities } from "./identity";

describe.each(PROVIDERS)("segment identities on %s", (provider) => {
  const t = useTestDatabase(provider);

  /** (version, name, key, identity id) of every published row, by SQL. */
  const publishedRows = () =>
    t.db.raw.query<{ version: number; name: string; key: string; id: number }>(
      `SELECT v.version AS version, m.name AS name, s.key AS key, s.id AS id
         FROM mapping_segments m
         JOIN mapping_versions v ON v.id = m.version_id
         JOIN segments s ON s.id = m.segment_id
        WHERE v.status = 'published' AND v.profile_id = 1
        ORDER BY v.version, m.position`,
    );

  const idOfKey = async (key: string) =>
    Number(
      (
        await t.db.raw.query<{ id: number }>("SELECT id FROM segments WHERE profile_id = 1 AND key = $1", [
          key,
        ])
      )[0]!.id,
    );

  it("the default preset's segments get the preset's keys, one identity each", async () => {
    const published = await ensurePublishedMapping(t.db);
    const identities = await segmentIdentities(t.db, published.id);
    expect(identities.map((s) => s.key)).toEqual([
      "champions",
      "loyal-customer",
      "potential-loyalist",
      "promising-customers",
      "new-customer",
      "price-sensitive",
      "needs-attention",
      "about-to-sleep",
      "lost-customer",
    ]);
    expect(identities[0]).toMatchObject({
      name: "Champions",
      position: 0,
      codes: ["344", "434", "443", "444"],
    });
    const [count] = await t.db.raw.query<{ n: number | string }>("SELECT count(*) AS n FROM segments");
    expect(Number(count!.n)).toBe(9);
    expect(new Set(identities.map((s) => s.id)).size).toBe(9);
  });

  it("a rename, publish, rollback and file import keep the identity and key; former names are the earlier ones, newest first", async () => {
    await ensurePublishedMapping(t.db);
    const champions = await idOfKey("champions");

    await editDraft(t.db, "ana", {
      kind: "updateSegment",
      name: "champions",
      changes: { name: "Top Customers" },
    });
    await publishDraft(t.db, "ana", 1, "rename");
    await editDraft(t.db, "ana", { kind: "updateSegment", name: "Top Customers", changes: { name: "Best" } });
    await publishDraft(t.db, "ana", 2, "rename again");
    await rollbackTo(t.db, "ana", 1, null);

    const rows = await publishedRows();
    const championsRows = rows.filter((r) => r.key === "champions");
    expect(championsRows.map((r) => [r.version, r.name, r.id])).toEqual([
      [1, "Champions", champions],
      [2, "Top Customers", champions],
      [3, "Best", champions],
      [4, "Champions", champions],
    ]);
    // Every key keeps one identity across the four versions.
    const idsByKey = new Map<string, Set<number>>();
    for (const r of rows) idsByKey.set(r.key, (idsByKey.get(r.key) ?? new Set()).add(Number(r.id)));
    expect([...idsByKey.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(await formerNamesOf(t.db, [{ id: champions, name: "Champions" }])).toEqual([
      ["Best", "Top Customers"],
    ]);
    expect(await identitiesOnceNamed(t.db, 1, " top customers ")).toEqual([champions]);

    // A file with keys: the segment keyed `champions` keeps its id under another name.
    const active = await findActiveVersion(t.db);
    const file = {
      format: "rfm-mapping",
      version: 1,
      bins: 4,
      segments: active.segments.map((s) => ({
        name: s.key === "champions" ? "VIP" : s.name,
        key: s.key,
        codes: [...s.codes],
      })),
    };
    await importMappingFile(t.db, "ana", { text: JSON.stringify(file), publish: true });
    // A file without keys: segments are matched by name to the draft's (VIP keeps `champions`).
    const { segments: _drop, ...head } = file;
    const keyless = { ...head, segments: file.segments.map(({ key: _key, ...s }) => s) };
    await importMappingFile(t.db, "ana", { text: JSON.stringify(keyless), publish: true });

    const after = await publishedRows();
    expect(
      after
        .filter((r) => r.version >= 5 && r.key === "champions")
        .map((r) => [r.version, r.name, Number(r.id)]),
    ).toEqual([
      [5, "VIP", champions],
      [6, "VIP", champions],
    ]);
    const [count] = await t.db.raw.query<{ n: number | string }>("SELECT count(*) AS n FROM segments");
    expect(Number(count!.n)).toBe(9);
  });

  it("a deleted segment re-added with its key is the same identity; a new key is a new one", async () => {
    await ensurePublishedMapping(t.db);
    const lost = await idOfKey("lost-customer");
    await editDraft(t.db, "ana", {
      kind: "deleteSegment",
      name: "lost-customer",
      reassignTo: "about-to-sleep",
    });
    await publishDraft(t.db, "ana", 1, "no more lost");
    expect((await publishedRows()).filter((r) => r.version === 2).map((r) => r.key)).not.toContain(
      "lost-customer",
    );

    await editDraft(t.db, "ana", {
      kind: "createSegment",
      name: "Gone",
      key: "lost-customer",
      description: "",
      action: "",
      color: "#000000",
    });
    await editDraft(t.db, "ana", { kind: "assignCodes", codes: ["111"], segment: "lost-customer" });
    await editDraft(t.db, "ana", {
      kind: "createSegment",
      name: "Winback",
      description: "",
      action: "",
      color: "#000000",
    });
    await editDraft(t.db, "ana", { kind: "assignCodes", codes: ["112"], segment: "winback" });
    await publishDraft(t.db, "ana", 2, "back");

    const v3 = (await publishedRows()).filter((r) => r.version === 3);
    expect(v3.find((r) => r.key === "lost-customer")).toMatchObject({ name: "Gone" });
    expect(Number(v3.find((r) => r.key === "lost-customer")!.id)).toBe(lost);
    const winback = v3.find((r) => r.key === "winback")!;
    expect(Number(winback.id)).toBeGreaterThan(lost);
    expect((await findIdentityByKey(t.db, 1, "winback"))?.id).toBe(Number(winback.id));
  });

  it("refuses a key another segment of the draft has, naming it, and writes nothing", async () => {
    await ensurePublishedMapping(t.db);
    const before = await t.db.raw.query("SELECT * FROM segments ORDER BY id");
    await expect(
      editDraft(t.db, "ana", {
        kind: "createSegment",
        name: "VIP",
        key: "champions",
        description: "",
        action: "",
        color: "#000000",
      }),
    ).rejects.toMatchObject({ code: "DUPLICATE_SEGMENT", field: "input.key" });
    expect(await t.db.raw.query("SELECT * FROM segments ORDER BY id")).toEqual(before);
  });

  it("keys are per profile: another profile's `champions` is another identity", async () => {
    await ensurePublishedMapping(t.db);
    const other = await createProfile(t.db, "ana", { key: "online", name: "Online", settings: { bins: 4 } });
    const rows = await t.db.raw.query<{ profile: number; id: number }>(
      "SELECT profile_id AS profile, id FROM segments WHERE key = 'champions' ORDER BY profile_id",
    );
    expect(rows.map((r) => Number(r.profile))).toEqual([1, other.id]);
    expect(Number(rows[0]!.id)).not.toBe(Number(rows[1]!.id));
  });
});
