/**
 * Scoring profiles as stored (`scoring_profiles`): list, find by key, create (with its first
 * published mapping), update (settings and name; the key never changes) and delete.
 *
 * Each profile has its own mapping versions and its own runs (`profile_id` on both). The
 * default profile (id 1, key `default`) is inserted by a data migration and owns everything
 * that existed before profiles; it cannot be deleted. A profile with scoring runs cannot be
 * deleted either: its runs are history (movement, exports logged against them).
 *
 * One rule ties a profile to its mapping: its bins are its published mapping's bins. A new
 * profile publishes mapping version 1 from the seed of its bins in the same transaction; a
 * change of bins is refused unless the caller asks to publish the seed of the new bins with it
 * (`reseedMapping`), also in the same transaction.
 */
import { assignSegmentKeys, compileMapping, type MappingDefinition } from "@rfm/core";
import { AppError } from "../../app-error";
import type { Database, Prisma, PrismaTx } from "../../db/client";
import { withWriteRetry } from "../../db/write-retry";
import { writeMappingSegments } from "../segment/identity";
import { seedMappingFor } from "./profile.seed";
import { type ProfileSettings, parseSettings, type SettingsInput } from "./profile.settings";

/** The default profile's row id (the data migration inserts it; runs and versions default to it). */
export const DEFAULT_PROFILE_ID = 1;
export const DEFAULT_PROFILE_KEY = "default";

export interface Profile {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly settings: ProfileSettings;
  readonly isDefault: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const select = {
  id: true,
  key: true,
  name: true,
  settings: true,
  isDefault: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ScoringProfileSelect;

type Row = Prisma.ScoringProfileGetPayload<{ select: typeof select }>;

function toProfile(row: Row): Profile {
  return { ...row, settings: parseSettings(row.settings) };
}

/** Lower-case letters, digits and dashes, starting with a letter: it goes into URLs and flags. */
const KEY = /^[a-z][a-z0-9-]{0,39}$/;

export async function listProfiles(db: Database): Promise<Profile[]> {
  await ensureDefaultProfile(db);
  const rows = await db.prisma.scoringProfile.findMany({
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    select,
  });
  return rows.map(toProfile);
}

export async function findProfile(db: Database, key: string): Promise<Profile | null> {
  const row = await db.prisma.scoringProfile.findUnique({ where: { key }, select });
  return row ? toProfile(row) : null;
}

export async function profileById(db: Database, id: number): Promise<Profile | null> {
  const row = await db.prisma.scoringProfile.findUnique({ where: { id }, select });
  return row ? toProfile(row) : null;
}

/**
 * The default profile. The data migration inserts it; a database whose row was removed by hand
 * gets it back here (today's settings), so nothing depends on a row people can delete in SQL.
 */
export async function ensureDefaultProfile(db: Database): Promise<Profile> {
  const row = await db.prisma.scoringProfile.findFirst({ where: { isDefault: true }, select });
  if (row) return toProfile(row);
  const created = await db.prisma.scoringProfile.upsert({
    where: { key: DEFAULT_PROFILE_KEY },
    create: {
      id: DEFAULT_PROFILE_ID,
      key: DEFAULT_PROFILE_KEY,
      name: "All channels",
      settings: parseSettings({}) as unknown as Prisma.InputJsonValue,
      isDefault: true,
    },
    update: { isDefault: true },
    select,
  });
  return toProfile(created);
}

/** The profile a `profile` argument names (null or omitted: the default); NOT_FOUND naming it. */
export async function resolveProfile(db: Database, key?: string | null, field = "profile"): Promise<Profile> {
  if (key === undefined || key === null) return ensureDefaultProfile(db);
  const found = await findProfile(db, key);
  if (!found) {
    throw new AppError("NOT_FOUND", `no scoring profile "${key}" (rfm profile list shows them)`, {
      field,
      details: { profile: key },
    });
  }
  return found;
}

/** Writes a published mapping version from a definition (used for a profile's seed). */
export async function publishDefinitionTx(
  tx: PrismaTx,
  profileId: number,
  definition: MappingDefinition,
  actor: string,
  note: string,
  preset: string,
): Promise<{ id: number; version: number }> {
  const compiled = compileMapping(definition);
  const last = await tx.mappingVersion.findFirst({
    where: { profileId, version: { not: null } },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  const now = new Date();
  const created = await tx.mappingVersion.create({
    data: {
      profileId,
      version: (last?.version ?? 0) + 1,
      basedOn: last?.version ?? null,
      status: "published",
      author: actor,
      note,
      bins: definition.bins,
      createdAt: now,
      publishedAt: now,
    },
    select: { id: true, version: true },
  });
  // Each segment gets the profile's identity of its key (the preset's keys: rfm-core presets).
  const keys = assignSegmentKeys(definition.segments);
  await writeMappingSegments(
    tx,
    profileId,
    created.id,
    definition.segments.map((segment, position) => ({
      name: compiled.segments[position]!.name,
      key: keys[position]!,
      description: segment.description,
      action: segment.action,
      color: segment.color,
      codes: [...compiled.segments[position]!.codes],
      rules: [...(segment.rules ?? [])],
    })),
  );
  await tx.auditLog.create({
    data: {
      at: now,
      actor,
      action: "mapping.publish",
      entity: "mapping_version",
      entityId: String(created.id),
      after: {
        profileId,
        version: created.version,
        note,
        preset,
        segments: compiled.segments.map((s) => ({ name: s.name, codes: [...s.codes] })),
      },
    },
  });
  return { id: created.id, version: created.version! };
}

function profileJson(profile: Pick<Profile, "key" | "name" | "settings">): Prisma.InputJsonValue {
  return {
    key: profile.key,
    name: profile.name,
    settings: profile.settings as unknown as Prisma.InputJsonValue,
  };
}

function write<T>(db: Database, fn: (tx: PrismaTx) => Promise<T>): Promise<T> {
  // The mapping queue: a profile's first mapping is written with it.
  return withWriteRetry(db, { what: "the scoring profile", queue: "mapping" }, fn);
}

async function checkNameFree(tx: PrismaTx, name: string, except: number | null): Promise<void> {
  const clash = await tx.scoringProfile.findUnique({ where: { name }, select: { id: true } });
  if (clash && clash.id !== except) {
    throw new AppError("CONFLICT", `a scoring profile is already named "${name}"`, { field: "input.name" });
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 80) {
    throw new AppError("BAD_USER_INPUT", "a profile name is 1 to 80 characters", { field: "input.name" });
  }
  return trimmed;
}

export interface NewProfile {
  readonly key: string;
  readonly name: string;
  readonly settings?: SettingsInput;
}

/** Creates a profile and publishes its first mapping (version 1, the seed of its bins). */
export async function createProfile(db: Database, actor: string, input: NewProfile): Promise<Profile> {
  if (!KEY.test(input.key)) {
    throw new AppError(
      "BAD_USER_INPUT",
      `a profile key is 1-40 lower-case letters, digits and dashes, starting with a letter; got "${input.key}"`,
      { field: "input.key" },
    );
  }
  const name = checkName(input.name);
  const settings = parseSettings(input.settings ?? {});
  await ensureDefaultProfile(db);
  const row = await write(db, async (tx) => {
    if (await tx.scoringProfile.findUnique({ where: { key: input.key }, select: { id: true } })) {
      throw new AppError("CONFLICT", `a scoring profile with key "${input.key}" exists`, {
        field: "input.key",
      });
    }
    await checkNameFree(tx, name, null);
    const created = await tx.scoringProfile.create({
      data: {
        key: input.key,
        name,
        settings: settings as unknown as Prisma.InputJsonValue,
        isDefault: false,
      },
      select,
    });
    await publishDefinitionTx(
      tx,
      created.id,
      seedMappingFor(settings.bins),
      actor,
      `preset for ${settings.bins} bins`,
      `bins-${settings.bins}`,
    );
    await tx.auditLog.create({
      data: {
        actor,
        action: "profile.create",
        entity: "scoring_profile",
        entityId: String(created.id),
        after: profileJson({ key: created.key, name, settings }),
      },
    });
    return created;
  });
  return toProfile(row);
}

export interface ProfileChange {
  readonly key: string;
  readonly name?: string;
  readonly settings?: SettingsInput;
  /** When bins change: publish the seed mapping of the new bins in the same transaction. */
  readonly reseedMapping?: boolean;
}

/**
 * Changes a profile's name or settings (fields not given keep their value). A change of bins
 * while the published mapping has other bins is refused (MAPPING_BINS_MISMATCH) unless
 * `reseedMapping`: then the seed mapping of the new bins is published as the next version.
 */
export async function updateProfile(db: Database, actor: string, change: ProfileChange): Promise<Profile> {
  const current = await resolveProfile(db, change.key, "input.key");
  const name = change.name === undefined ? current.name : checkName(change.name);
  const settings = parseSettings(change.settings ?? {}, current.settings);
  const row = await write(db, async (tx) => {
    await checkNameFree(tx, name, current.id);
    const published = await tx.mappingVersion.findFirst({
      where: { profileId: current.id, status: "published" },
      orderBy: { version: "desc" },
      select: { version: true, bins: true },
    });
    if (published && published.bins !== settings.bins) {
      if (!change.reseedMapping) {
        throw new AppError(
          "MAPPING_BINS_MISMATCH",
          `profile "${current.key}" scores with the bins of its published mapping (version ${published.version}, ` +
            `${published.bins} bins): to score with ${settings.bins} bins, ask to publish the ${settings.bins}-bin ` +
            "preset mapping with the change (reseedMapping: true; CLI --reseed-mapping) and then edit it, " +
            `or create another profile with ${settings.bins} bins`,
          {
            field: "input.settings.bins",
            details: { mappingBins: published.bins, mappingVersion: published.version },
          },
        );
      }
      await publishDefinitionTx(
        tx,
        current.id,
        seedMappingFor(settings.bins),
        actor,
        `preset for ${settings.bins} bins (profile changed from ${published.bins} bins)`,
        `bins-${settings.bins}`,
      );
      // The draft was for the old bins: it cannot be published any more.
      await tx.mappingVersion.deleteMany({ where: { profileId: current.id, status: "draft" } });
    }
    const updated = await tx.scoringProfile.update({
      where: { id: current.id },
      data: { name, settings: settings as unknown as Prisma.InputJsonValue },
      select,
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: "profile.update",
        entity: "scoring_profile",
        entityId: String(current.id),
        before: profileJson(current),
        after: profileJson({ key: current.key, name, settings }),
      },
    });
    return updated;
  });
  return toProfile(row);
}

/**
 * Deletes a profile and its mapping versions. Refused for the default profile, and for a
 * profile with scoring runs (FAILED_PRECONDITION: its runs are history that exports and
 * movement refer to).
 */
export async function deleteProfile(db: Database, actor: string, key: string): Promise<boolean> {
  const profile = await resolveProfile(db, key, "key");
  if (profile.isDefault) {
    throw new AppError("BAD_USER_INPUT", "the default profile cannot be deleted", { field: "key" });
  }
  return write(db, async (tx) => {
    const runs = await tx.scoringRun.count({ where: { profileId: profile.id } });
    if (runs > 0) {
      throw new AppError(
        "PROFILE_IN_USE",
        `profile "${key}" has ${runs} scoring run${runs === 1 ? "" : "s"}: a profile with runs is kept as history and cannot be deleted`,
        { field: "key", details: { runs } },
      );
    }
    await tx.mappingVersion.deleteMany({ where: { profileId: profile.id } });
    // Its scoring schedule goes with it: nothing is left to score.
    await tx.scoringSchedule.deleteMany({ where: { profileId: profile.id } });
    await tx.segment.deleteMany({ where: { profileId: profile.id } });
    await tx.scoringProfile.delete({ where: { id: profile.id } });
    await tx.auditLog.create({
      data: {
        actor,
        action: "profile.delete",
        entity: "scoring_profile",
        entityId: String(profile.id),
        before: profileJson(profile),
      },
    });
    return true;
  });
}
