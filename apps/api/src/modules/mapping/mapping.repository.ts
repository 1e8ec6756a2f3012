/**
 * Segment mappings as stored: versions (`draft` | `published`) with their segments in display
 * order, per scoring profile. A profile's published mapping is its latest version published; applying it to a run's codes
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
import { AppError } from "../../app-error";
import type { Database, Prisma } from "../../db/client";
import { withWriteRetry } from "../../db/write-retry";
import { DEFAULT_PROFILE_ID, ensureDefaultProfile, publishDefinitionTx } from "../profile/profile.repository";
import { seedMappingFor } from "../profile/profile.seed";
import { parseSettings } from "../profile/profile.settings";

export interface PublishedMapping {
  /** Row id of the version. */
  readonly id: number;
  /** The scoring profile whose mapping it is. */
  readonly profileId: number;
  /** The version number people see (1, 2, ...). */
  readonly version: number;
  readonly author: string;
  readonly note: string | null;
  /** Epoch ms. */
  readonly publishedAt: number | null;
  readonly definition: MappingDefinition;
  readonly compiled: SegmentMapping;
  /** Per segment, in mapping order: its identity's id (modules/segment/identity.ts). */
  readonly segmentIds: readonly number[];
}

/** Who publishes the default mapping on first use, in the audit log. */
export const SYSTEM_ACTOR = "system";

/** A version's segments in display order, with their identity's key (mapping.service reads them too). */
export const segmentsSelect = {
  select: {
    name: true,
    description: true,
    action: true,
    color: true,
    codes: true,
    rules: true,
    segmentId: true,
    segment: { select: { key: true } },
  },
  orderBy: { position: "asc" },
} satisfies Prisma.MappingVersion$segmentsArgs;

const versionSelect = {
  id: true,
  profileId: true,
  version: true,
  author: true,
  note: true,
  bins: true,
  publishedAt: true,
  segments: segmentsSelect,
} satisfies Prisma.MappingVersionSelect;

type StoredVersion = Prisma.MappingVersionGetPayload<{ select: typeof versionSelect }>;

function toPublished(row: StoredVersion): PublishedMapping {
  const definition: MappingDefinition = {
    bins: row.bins as MappingDefinition["bins"],
    segments: row.segments.map(
      (s): SegmentDefinition => ({
        name: s.name,
        key: s.segment.key,
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
    profileId: row.profileId,
    version: row.version ?? 0,
    author: row.author,
    note: row.note,
    publishedAt: row.publishedAt?.getTime() ?? null,
    definition,
    compiled: compileMapping(definition),
    segmentIds: row.segments.map((s) => s.segmentId),
  };
}

/** The profile's latest published mapping version, or null when none has been published yet. */
export async function findPublishedMapping(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<PublishedMapping | null> {
  const row = await db.prisma.mappingVersion.findFirst({
    where: { profileId, status: "published" },
    orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
    select: versionSelect,
  });
  return row ? toPublished(row) : null;
}

/**
 * The profile's published mapping, publishing the preset of the profile's bins first when
 * there is none (a fresh database: the default profile's version 1 is the default preset),
 * author "system", with an audit-log entry. Safe to race: the transaction is serializable, so
 * of two first uses at once one publishes and the other is refused by the database, retried,
 * and finds the winner's.
 */
export async function ensurePublishedMapping(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<PublishedMapping> {
  const existing = await findPublishedMapping(db, profileId);
  if (existing) return existing;
  if (profileId === DEFAULT_PROFILE_ID) await ensureDefaultProfile(db);
  try {
    await withWriteRetry(db, { what: "the default mapping", queue: "mapping" }, async (tx) => {
      if (
        await tx.mappingVersion.findFirst({ where: { profileId, status: "published" }, select: { id: true } })
      )
        return;
      const profile = await tx.scoringProfile.findUnique({
        where: { id: profileId },
        select: { settings: true },
      });
      if (!profile)
        throw new AppError("NOT_FOUND", `no scoring profile with id ${profileId}`, { field: "profile" });
      const bins = parseSettings(profile.settings).bins;
      const definition = seedMappingFor(bins);
      const isDefault = definition === DEFAULT_MAPPING;
      await publishDefinitionTx(
        tx,
        profileId,
        definition,
        SYSTEM_ACTOR,
        isDefault ? "default preset" : `preset for ${bins} bins`,
        isDefault ? "default" : `bins-${bins}`,
      );
    });
  } catch (error) {
    // Another process or request published first: the database refused this transaction
    // (serialization failure, or the unique version number); use theirs.
    const published = await findPublishedMapping(db, profileId);
    if (published) return published;
    throw error;
  }
  const published = await findPublishedMapping(db, profileId);
  if (!published) throw new Error("the default mapping could not be published");
  return published;
}

/** The profile's published mapping (its preset on first use): version, definition and compiled form. */
export function getPublishedMapping(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<PublishedMapping> {
  return ensurePublishedMapping(db, profileId);
}
