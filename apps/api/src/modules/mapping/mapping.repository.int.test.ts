import { compileMapping, DEFAULT_MAPPING, PERSONAS_MAPPING } from "@rfm/core";
import { describe, expect, it } from "vitest";
import { PROVIDERS, useTestDatabase } from "../../db/testing";
import { publishMapping } from "../scoring/test-store";
import { ensurePublishedMapping, findPublishedMapping, getPublishedMapping } from "./mapping.repository";

describe.each(PROVIDERS)("published mapping on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("publishes the default preset as version 1 by system on first use, once, with an audit-log entry", async () => {
    expect(await findPublishedMapping(t.db)).toBeNull();
    // Two first uses at once: one publishes, the other reads it.
    const [first, racer] = await Promise.all([ensurePublishedMapping(t.db), ensurePublishedMapping(t.db)]);
    expect(racer.id).toBe(first.id);
    expect(first).toMatchObject({ version: 1, author: "system", note: "default preset" });
    expect(first.publishedAt).not.toBeNull();
    const want = compileMapping(DEFAULT_MAPPING);
    expect(first.compiled.segments.map((s) => [s.name, s.codes])).toEqual(
      want.segments.map((s) => [s.name, s.codes]),
    );
    expect(Array.from(first.compiled.segmentOfCode)).toEqual(Array.from(want.segmentOfCode));
    expect(first.definition.segments[0]).toMatchObject({
      name: "Champions",
      description: DEFAULT_MAPPING.segments[0]!.description,
      action: DEFAULT_MAPPING.segments[0]!.action,
      color: DEFAULT_MAPPING.segments[0]!.color,
    });

    // Later calls reuse it.
    expect((await getPublishedMapping(t.db)).id).toBe(first.id);
    expect(await t.db.prisma.mappingVersion.count()).toBe(1);
    const audit = await t.db.prisma.auditLog.findMany();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: "system",
      action: "mapping.publish",
      entity: "mapping_version",
      entityId: String(first.id),
    });
  });

  it("returns the latest published version, with rules kept beside the codes they expand to", async () => {
    await ensurePublishedMapping(t.db);
    const version = await publishMapping(t.db, PERSONAS_MAPPING);
    const published = await getPublishedMapping(t.db);
    expect(published.version).toBe(version);
    expect(published.compiled.segments.map((s) => s.name)).toEqual(
      PERSONAS_MAPPING.segments.map((s) => s.name),
    );
    expect(Array.from(published.compiled.segmentOfCode)).toEqual(
      Array.from(compileMapping(PERSONAS_MAPPING).segmentOfCode),
    );
    const withRules = published.definition.segments.find((s) => s.rules !== undefined);
    expect(withRules?.rules).toEqual(
      PERSONAS_MAPPING.segments.find((s) => s.name === withRules?.name)?.rules,
    );
  });
});
