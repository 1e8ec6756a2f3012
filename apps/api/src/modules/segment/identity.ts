/**
 * Segment identities: each segment of a mapping version with its stable id and immutable key.
 *
 * TEMPORARY BODY, replaced by helper A's at merge (A adds the `segments` table and
 * `MappingSegment.segmentId`; the signature below is the agreed one). Here the key is a slug of
 * the segment's name and the id its position + 1, which is enough for membership recording,
 * which uses only `key`, `name` and `codes`.
 */
import type { Database } from "../../db/client";

export interface SegmentIdentity {
  id: number;
  key: string;
  name: string;
  codes: string[];
  position: number;
}

/** TEMPORARY (replaced by helper A's at merge): `champions` for "Champions", `at-risk` for "At Risk". */
function slugOf(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "segment"
  );
}

/** The segments of a mapping version in display order, with their ids and keys. */
export async function segmentIdentities(db: Database, mappingVersionId: number): Promise<SegmentIdentity[]> {
  const rows = await db.prisma.mappingSegment.findMany({
    where: { versionId: mappingVersionId },
    select: { position: true, name: true, codes: true },
    orderBy: { position: "asc" },
  });
  return rows.map((row) => ({
    id: row.position + 1,
    key: slugOf(row.name),
    name: row.name,
    codes: row.codes as string[],
    position: row.position,
  }));
}
