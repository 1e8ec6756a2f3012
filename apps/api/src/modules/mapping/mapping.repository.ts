/**
 * Segment mappings as stored: versions (`draft` | `published`) with their segments in display
 * order. The published mapping is the latest version published; applying it to a run's codes
 * gives every customer's segment (nothing per customer is stored).
 */
import {
  compileMapping,
  DEFAULT_MAPPING,
  type MappingDefinition,
  type SegmentDefinition,
  type SegmentMapping,
  type SegmentRule,
} from "@rfm/core";
import type { Database, Prisma } from "../../db/client";
import { withWriteRetry } from "../../db/write-retry";

export interface PublishedMapping {
  /** Row id of the version. */
  readonly id: number;
  /** The version number people see (1, 2, ...). */
  readonly version: number;
  readonly author: string;
  readonly note: string | null;
  /** Epoch ms. */
  readonly publishedAt: number | null;
  readonly definition: MappingDefinition;
  readonly compiled: SegmentMapping;
}

/** Who publishes the default mapping on first use, in the audit log. */
export const SYSTEM_ACTOR = "system";

const versionSelect = {
  id: true,
  version: true,
  author: true,
  note: true,
  bins: true,
  publishedAt: true,
  segments: {
    select: { name: true, description: true, action: true, color: true, codes: true, rules: true },
    orderBy: { position: "asc" },
  },
} satisfies Prisma.MappingVersionSelect;

type StoredVersion = Prisma.MappingVersionGetPayload<{ select: typeof versionSelect }>;

function toPublished(row: StoredVersion): PublishedMapping {
  const definition: MappingDefinition = {
    bins: row.bins as MappingDefinition["bins"],
    segments: row.segments.map(
      (s): SegmentDefinition => ({
        name: s.name,
        description: s.description ?? "",
        action: s.action ?? "",
        color: s.color ?? "#64748b",
        // `codes` holds every code of the segment (rules expanded); `rules` what they came from.
        codes: s.codes as string[],
        ...(s.rules ? { rules: s.rules as unknown as SegmentRule[] } : {}),
      }),
    ),
  };
  return {
    id: row.id,
    version: row.version ?? 0,
    author: row.author,
    note: row.note,
    publishedAt: row.publishedAt?.getTime() ?? null,
    definition,
    compiled: compileMapping(definition),
  };
}

/** The latest published mapping version, or null when none has been published yet. */
export async function findPublishedMapping(db: Database): Promise<PublishedMapping | null> {
  const row = await db.prisma.mappingVersion.findFirst({
    where: { status: "published" },
    orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
    select: versionSelect,
  });
  return row ? toPublished(row) : null;
}

/**
 * The published mapping, publishing the default preset first when there is none (a fresh
 * database): version 1, author "system", note "default preset", with an audit-log entry.
 * Safe to race: the transaction is serializable, so of two first uses at once one publishes
 * and the other is refused by the database, retried, and finds the winner's.
 */
export async function ensurePublishedMapping(db: Database): Promise<PublishedMapping> {
  const existing = await findPublishedMapping(db);
  if (existing) return existing;
  const compiled = compileMapping(DEFAULT_MAPPING);
  try {
    await withWriteRetry(db, { what: "the default mapping", queue: "mapping" }, async (tx) => {
      if (await tx.mappingVersion.findFirst({ where: { status: "published" }, select: { id: true } })) return;
      const last = await tx.mappingVersion.findFirst({
        orderBy: { version: "desc" },
        select: { version: true },
      });
      const now = new Date();
      const created = await tx.mappingVersion.create({
        data: {
          version: (last?.version ?? 0) + 1,
          status: "published",
          author: SYSTEM_ACTOR,
          note: "default preset",
          bins: DEFAULT_MAPPING.bins,
          createdAt: now,
          publishedAt: now,
          segments: {
            create: DEFAULT_MAPPING.segments.map((segment, position) => ({
              position,
              name: compiled.segments[position]!.name,
              description: segment.description,
              action: segment.action,
              color: segment.color,
              codes: [...compiled.segments[position]!.codes],
              ...(segment.rules ? { rules: segment.rules as unknown as Prisma.InputJsonValue } : {}),
            })),
          },
        },
        select: { id: true, version: true },
      });
      await tx.auditLog.create({
        data: {
          at: now,
          actor: SYSTEM_ACTOR,
          action: "mapping.publish",
          entity: "mapping_version",
          entityId: String(created.id),
          after: {
            version: created.version,
            note: "default preset",
            preset: "default",
            segments: compiled.segments.map((s) => ({ name: s.name, codes: [...s.codes] })),
          },
        },
      });
    });
  } catch (error) {
    // Another process or request published first: the database refused this transaction
    // (serialization failure, or the unique version number); use theirs.
    const published = await findPublishedMapping(db);
    if (published) return published;
    throw error;
  }
  const published = await findPublishedMapping(db);
  if (!published) throw new Error("the default mapping could not be published");
  return published;
}

/** The published mapping (the default preset on first use): version, definition and compiled form. */
export function getPublishedMapping(db: Database): Promise<PublishedMapping> {
  return ensurePublishedMapping(db);
}
