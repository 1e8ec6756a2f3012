/**
 * Segment identities (table `segments`): what stays the same about a segment while its name,
 * codes and position change from one mapping version to the next. An identity has a stable id
 * (the API's `gid://rfm/Segment/<id>`) and an immutable key (`champions`), unique in its
 * profile. Every `mapping_segments` row belongs to one identity: the same segment in successive
 * versions of a profile's mapping shares it, so a rename keeps id and key.
 *
 * A key once used keeps naming its identity: identities are never deleted (but with their
 * profile), so a segment deleted from the mapping and added again with the same key is the same
 * segment again, with the same id. Writers match segments to identities by key only
 * (`writeMappingSegments`); keys come from rfm-core (mapping/keys.ts).
 */
import type { EditableSegment } from "@rfm/core";
import type { Database, Prisma, PrismaTx } from "../../db/client";

/** A segment of one mapping version with its identity. */
export interface SegmentIdentity {
  /** The identity's id: the same in every version the segment is in. */
  id: number;
  /** The immutable key. */
  key: string;
  /** The name in this version. */
  name: string;
  /** Every code of the segment in this version (rules expanded). */
  codes: string[];
  /** Display position in this version, from 0. */
  position: number;
}

/** An identity row: id, profile and key. */
export interface IdentityRow {
  readonly id: number;
  readonly profileId: number;
  readonly key: string;
}

/** The segments of one mapping version with their identity id and key, in position order. */
export async function segmentIdentities(db: Database, mappingVersionId: number): Promise<SegmentIdentity[]> {
  const rows = await db.prisma.mappingSegment.findMany({
    where: { versionId: mappingVersionId },
    orderBy: { position: "asc" },
    select: { segmentId: true, name: true, codes: true, position: true, segment: { select: { key: true } } },
  });
  return rows.map((row) => ({
    id: row.segmentId,
    key: row.segment.key,
    name: row.name,
    codes: [...((row.codes as string[] | null) ?? [])],
    position: row.position,
  }));
}

/** The identity with this id, or null. */
export async function findIdentityById(db: Database, id: number): Promise<IdentityRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null;
  return db.prisma.segment.findUnique({ where: { id }, select: { id: true, profileId: true, key: true } });
}

/** The profile's identity with this key, or null (a key not used yet). */
export async function findIdentityByKey(
  db: Database,
  profileId: number,
  key: string,
): Promise<IdentityRow | null> {
  return db.prisma.segment.findUnique({
    where: { profileId_key: { profileId, key } },
    select: { id: true, profileId: true, key: true },
  });
}

/**
 * The identities whose segment was ever called `name` (trimmed, ignoring case) in a published
 * version of the profile's mapping, the one that had it most recently first.
 */
export async function identitiesOnceNamed(db: Database, profileId: number, name: string): Promise<number[]> {
  const wanted = name.trim().toLowerCase();
  // Compared here, not in SQL: SQLite's lower() folds only ASCII ("Über" would not match).
  const rows = await db.prisma.mappingSegment.findMany({
    where: { version: { profileId, status: "published" } },
    select: { segmentId: true, name: true, version: { select: { version: true } } },
  });
  const latest = new Map<number, number>();
  for (const row of rows) {
    if (row.name.trim().toLowerCase() !== wanted) continue;
    const version = row.version.version ?? 0;
    if ((latest.get(row.segmentId) ?? -1) < version) latest.set(row.segmentId, version);
  }
  return [...latest].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

/**
 * The names identities had in published versions of their profile's mapping other than
 * `currentName` of each, newest first (a name used in several versions counts once, at its
 * latest), for many identities in one query.
 */
export async function formerNamesOf(
  db: Database,
  current: readonly { readonly id: number; readonly name: string }[],
): Promise<string[][]> {
  if (current.length === 0) return [];
  const ids = [...new Set(current.map((c) => c.id))];
  const rows = await db.prisma.mappingSegment.findMany({
    where: { segmentId: { in: ids }, version: { status: "published" } },
    select: { segmentId: true, name: true, version: { select: { version: true } } },
  });
  rows.sort((a, b) => (b.version.version ?? 0) - (a.version.version ?? 0));
  return current.map(({ id, name }) => {
    const seen = new Set<string>([name.trim().toLowerCase()]);
    const names: string[] = [];
    for (const row of rows) {
      if (row.segmentId !== id) continue;
      const lower = row.name.trim().toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      names.push(row.name);
    }
    return names;
  });
}

/**
 * Writes a version's segments (replacing any it had), each tied to the profile's identity of
 * its key, created when the key is new. Keys must be unique in `segments` (rfm-core's edits and
 * file reader guarantee it; the database refuses otherwise).
 */
export async function writeMappingSegments(
  tx: PrismaTx,
  profileId: number,
  versionId: number,
  segments: readonly EditableSegment[],
): Promise<void> {
  const keys = segments.map((s) => s.key);
  const existing = await tx.segment.findMany({
    where: { profileId, key: { in: keys } },
    select: { id: true, key: true },
  });
  const idOf = new Map(existing.map((row) => [row.key, row.id]));
  for (const key of keys) {
    if (idOf.has(key)) continue;
    const created = await tx.segment.create({ data: { profileId, key }, select: { id: true } });
    idOf.set(key, created.id);
  }
  await tx.mappingSegment.deleteMany({ where: { versionId } });
  await tx.mappingSegment.createMany({
    data: segments.map((s, position) => ({
      versionId,
      segmentId: idOf.get(s.key)!,
      position,
      name: s.name,
      description: s.description,
      action: s.action,
      color: s.color,
      codes: [...s.codes],
      ...(s.rules.length > 0 ? { rules: s.rules as unknown as Prisma.InputJsonValue } : {}),
    })),
  });
}
