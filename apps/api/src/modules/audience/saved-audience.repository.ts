/**
 * Saved audiences: a name (unique per profile, whatever its letter case) and a versioned
 * definition. Each save writes a new version and an audit entry in one transaction; a delete
 * removes the audience with its versions and leaves its last definition in the audit log.
 * The stored filter is the normalised definition (`normaliseFilter`); whether its segment still
 * exists is checked on save and on every use (compileAudience), with a message naming it.
 */
import { AppError } from "../../app-error";
import type { Database, Prisma } from "../../db/client";
import { withWriteRetry } from "../../db/write-retry";
import { type AudienceFilter, normaliseFilter } from "./audience.filter";

/** The longest name a saved audience may have. */
export const MAX_AUDIENCE_NAME = 100;

export interface SavedAudienceRecord {
  readonly id: number;
  readonly profileId: number;
  readonly name: string;
  readonly version: number;
  readonly filter: AudienceFilter;
  readonly note: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

export interface SavedAudienceVersionRecord {
  readonly version: number;
  readonly filter: AudienceFilter;
  readonly note: string | null;
  readonly savedAt: Date;
  readonly savedBy: string;
}

/** A name as compared: trimmed, lower-cased. */
export function audienceNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The trimmed name; BAD_USER_INPUT naming `field` when empty or too long. */
export function checkAudienceName(name: string, field = "name"): string {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > MAX_AUDIENCE_NAME) {
    throw new AppError(
      "BAD_USER_INPUT",
      trimmed === ""
        ? "an audience needs a name"
        : `an audience name has at most ${MAX_AUDIENCE_NAME} characters, got ${trimmed.length}`,
      { field },
    );
  }
  return trimmed;
}

const withLatest = {
  id: true,
  profileId: true,
  name: true,
  version: true,
  createdAt: true,
  createdBy: true,
  updatedAt: true,
  updatedBy: true,
  versions: { orderBy: { version: "desc" }, take: 1, select: { filter: true, note: true } },
} satisfies Prisma.SavedAudienceSelect;

type Row = Prisma.SavedAudienceGetPayload<{ select: typeof withLatest }>;

function filterOf(json: unknown): AudienceFilter {
  return normaliseFilter((typeof json === "string" ? JSON.parse(json) : json) as AudienceFilter);
}

function toRecord(row: Row): SavedAudienceRecord {
  const latest = row.versions[0];
  return {
    id: row.id,
    profileId: row.profileId,
    name: row.name,
    version: row.version,
    filter: filterOf(latest?.filter ?? {}),
    note: latest?.note ?? null,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The saved audience of a profile by name (any letter case), or null. */
export async function getSavedAudience(
  db: Database,
  profileId: number,
  name: string,
): Promise<SavedAudienceRecord | null> {
  const row = await db.prisma.savedAudience.findUnique({
    where: { profileId_nameKey: { profileId, nameKey: audienceNameKey(name) } },
    select: withLatest,
  });
  return row ? toRecord(row) : null;
}

/** As `getSavedAudience`; NOT_FOUND naming `field` (and the profile's audiences) when there is none. */
export async function findSavedAudience(
  db: Database,
  profileId: number,
  name: string,
  field = "name",
): Promise<SavedAudienceRecord> {
  const found = await getSavedAudience(db, profileId, name);
  if (found) return found;
  const names = (
    await db.prisma.savedAudience.findMany({
      where: { profileId },
      orderBy: { nameKey: "asc" },
      take: 20,
      select: { name: true },
    })
  ).map((row) => row.name);
  throw new AppError(
    "NOT_FOUND",
    `no saved audience named "${name}"${names.length > 0 ? `; saved audiences are: ${names.join(", ")}` : " (none saved yet)"}`,
    { field, details: { audiences: names } },
  );
}

/** A page of a profile's saved audiences by name (after the name key `afterKey`), `limit` rows. */
export async function listSavedAudiences(
  db: Database,
  profileId: number,
  limit: number,
  afterKey?: string,
): Promise<SavedAudienceRecord[]> {
  const rows = await db.prisma.savedAudience.findMany({
    where: { profileId, ...(afterKey === undefined ? {} : { nameKey: { gt: afterKey } }) },
    orderBy: { nameKey: "asc" },
    take: limit,
    select: withLatest,
  });
  return rows.map(toRecord);
}

export function countSavedAudiences(db: Database, profileId: number): Promise<number> {
  return db.prisma.savedAudience.count({ where: { profileId } });
}

/** Every version of a saved audience, newest first. */
export async function savedAudienceVersions(
  db: Database,
  audienceId: number,
): Promise<SavedAudienceVersionRecord[]> {
  const rows = await db.prisma.savedAudienceVersion.findMany({
    where: { audienceId },
    orderBy: { version: "desc" },
    select: { version: true, filter: true, note: true, savedAt: true, savedBy: true },
  });
  return rows.map((row) => ({ ...row, filter: filterOf(row.filter) }));
}

/**
 * Saves a definition under a name: a new audience (version 1) or the next version of the one of
 * that name (any letter case; the name's spelling is updated to the one given). The filter must
 * already be checked (the service compiles it first). Audited.
 */
export async function writeSavedAudience(
  db: Database,
  actor: string,
  profileId: number,
  input: { name: string; filter: AudienceFilter; note?: string | null },
): Promise<SavedAudienceRecord> {
  const name = checkAudienceName(input.name);
  const nameKey = audienceNameKey(name);
  const filter = normaliseFilter(input.filter);
  const note = input.note?.trim() || null;
  const json = filter as unknown as Prisma.InputJsonValue;
  // Serialised and retried as mapping edits are: two first saves of one name become versions 1 and 2.
  const row = await withWriteRetry(db, { what: "saved audiences", queue: "audiences" }, async (tx) => {
    const existing = await tx.savedAudience.findUnique({
      where: { profileId_nameKey: { profileId, nameKey } },
      select: withLatest,
    });
    const now = new Date();
    let id: number;
    let version: number;
    if (existing) {
      version = existing.version + 1;
      id = existing.id;
      await tx.savedAudience.update({
        where: { id },
        data: { name, version, updatedAt: now, updatedBy: actor },
      });
    } else {
      version = 1;
      id = (
        await tx.savedAudience.create({
          data: {
            profileId,
            name,
            nameKey,
            version,
            createdAt: now,
            createdBy: actor,
            updatedAt: now,
            updatedBy: actor,
          },
          select: { id: true },
        })
      ).id;
    }
    await tx.savedAudienceVersion.create({
      data: { audienceId: id, version, filter: json, note, savedAt: now, savedBy: actor },
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: existing ? "audience.save" : "audience.create",
        entity: "saved_audience",
        entityId: String(id),
        ...(existing
          ? {
              before: {
                name: existing.name,
                version: existing.version,
                filter: (existing.versions[0]?.filter ?? {}) as Prisma.InputJsonValue,
              },
            }
          : {}),
        after: { profileId, name, version, filter: json, note },
      },
    });
    return tx.savedAudience.findUniqueOrThrow({ where: { id }, select: withLatest });
  });
  return toRecord(row);
}

/** Deletes a saved audience and its versions (its last definition stays in the audit log); false when none. */
export async function deleteSavedAudience(
  db: Database,
  actor: string,
  profileId: number,
  name: string,
): Promise<SavedAudienceRecord | null> {
  return withWriteRetry(db, { what: "saved audiences", queue: "audiences" }, async (tx) => {
    const existing = await tx.savedAudience.findUnique({
      where: { profileId_nameKey: { profileId, nameKey: audienceNameKey(name) } },
      select: withLatest,
    });
    if (!existing) return null;
    await tx.savedAudience.delete({ where: { id: existing.id } });
    await tx.auditLog.create({
      data: {
        actor,
        action: "audience.delete",
        entity: "saved_audience",
        entityId: String(existing.id),
        before: {
          profileId,
          name: existing.name,
          version: existing.version,
          filter: (existing.versions[0]?.filter ?? {}) as Prisma.InputJsonValue,
        },
      },
    });
    return toRecord(existing);
  });
}
