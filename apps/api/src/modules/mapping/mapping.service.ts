/**
 * Editing a scoring profile's segment mapping: one shared draft per profile, published as the
 * profile's next version. Every function takes the profile's id (default: the default profile);
 * versions, drafts and rollbacks of one profile never touch another's.
 *
 * The draft is a `mapping_versions` row with status `draft` and no version number; the first
 * edit copies the published mapping into it. Every edit is one transaction that applies
 * rfm-core's `applyEdit` (the edit rules: a segment's stored `codes` hold every code it has,
 * `rules` only while they describe the codes exactly), rewrites the draft's segments and writes
 * an audit entry with the segments before and after. Errors are `AppError`s naming the field
 * (an edit's refusal keeps rfm-core's code: SEGMENT_NOT_FOUND, INVALID_CODE, ...).
 *
 * Publishing checks the version the editor last saw (`expectedVersion`): if someone published
 * since, it is refused with CONFLICT and nothing changes. An invalid draft is refused with
 * every problem, naming codes. Publish and rollback run serializable, and the version number
 * is unique, so two publishes at once cannot both succeed.
 *
 * Every write is one `withWriteRetry` transaction (db/write-retry.ts): one process's mapping
 * writes queue behind each other, a refusal by another process's writer is retried, and what
 * still fails is CONFLICT ("try again"), never an internal error. What a call returns is read
 * inside its transaction: after it, a discard may already have removed the draft.
 */

import {
  applyEdit,
  assertBins,
  assignSegmentKeys,
  type Bins,
  DIMENSIONS,
  type DraftEdit,
  type EditableSegment,
  formatRule,
  type MappingDefinition,
  type MappingProblem,
  RfmError,
  type SegmentRule,
  validateMapping,
} from "@rfm/core";
import { AppError } from "../../app-error";
import type { Database, Prisma, PrismaTx } from "../../db/client";
import { withWriteRetry } from "../../db/write-retry";
import { membershipWarning, recordMembership } from "../membership/membership.service";
import { DEFAULT_PROFILE_ID } from "../profile/profile.repository";
import { parseSettings } from "../profile/profile.settings";
import { writeMappingSegments } from "../segment/identity";
import { recordMappingPublishedTx } from "../webhook/events";
import { ensurePublishedMapping, segmentsSelect } from "./mapping.repository";

export type { DraftEdit, EditableSegment };

export type MappingStatus = "draft" | "published";

/** A segment as stored: as edited, with its identity's id (identity.ts). */
export interface StoredSegment extends EditableSegment {
  /** The segment's identity: the same in every version it is in. */
  readonly segmentId: number;
}

export interface MappingVersionRecord {
  readonly id: number;
  /** The scoring profile whose mapping it is. */
  readonly profileId: number;
  readonly version: number | null;
  readonly status: MappingStatus;
  readonly basedOn: number | null;
  readonly author: string;
  readonly note: string | null;
  readonly bins: Bins;
  readonly createdAt: Date;
  readonly publishedAt: Date | null;
  /** In display order. */
  readonly segments: readonly StoredSegment[];
}

const select = {
  id: true,
  profileId: true,
  version: true,
  status: true,
  basedOn: true,
  author: true,
  note: true,
  bins: true,
  createdAt: true,
  publishedAt: true,
  segments: segmentsSelect,
} satisfies Prisma.MappingVersionSelect;

type Row = Prisma.MappingVersionGetPayload<{ select: typeof select }>;

function toRecord(row: Row): MappingVersionRecord {
  return {
    id: row.id,
    profileId: row.profileId,
    version: row.version,
    status: row.status === "draft" ? "draft" : "published",
    basedOn: row.basedOn,
    author: row.author,
    note: row.note,
    bins: assertBins(row.bins),
    createdAt: row.createdAt,
    publishedAt: row.publishedAt,
    segments: row.segments.map((s) => ({
      name: s.name,
      key: s.segment.key,
      segmentId: s.segmentId,
      description: s.description ?? "",
      action: s.action ?? "",
      color: s.color ?? "#64748b",
      codes: (s.codes as string[]) ?? [],
      rules: ((s.rules as unknown as SegmentRule[] | null) ?? []).slice(),
    })),
  };
}

/** The definition rfm-core validates and compiles. */
export function definitionOf(record: Pick<MappingVersionRecord, "bins" | "segments">): MappingDefinition {
  return {
    bins: record.bins,
    segments: record.segments.map((s) => ({
      name: s.name,
      key: s.key,
      description: s.description,
      action: s.action,
      color: s.color,
      codes: s.codes,
      rules: s.rules,
    })),
  };
}

export function validationOf(record: Pick<MappingVersionRecord, "bins" | "segments">) {
  return validateMapping(definitionOf(record));
}

export async function listPublishedVersions(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord[]> {
  await ensurePublishedMapping(db, profileId);
  const rows = await db.prisma.mappingVersion.findMany({
    where: { profileId, status: "published" },
    orderBy: { version: "desc" },
    select,
  });
  return rows.map(toRecord);
}

/**
 * A page of the profile's published versions, newest first: `first` of them (one more is read
 * to tell whether there are more) with versions below `beforeVersion` when given.
 */
export async function listPublishedVersionsPage(
  db: Database,
  profileId: number,
  first: number,
  beforeVersion: number | null,
): Promise<{ rows: MappingVersionRecord[]; totalCount: number }> {
  await ensurePublishedMapping(db, profileId);
  const where = { profileId, status: "published" };
  const [rows, totalCount] = await Promise.all([
    db.prisma.mappingVersion.findMany({
      where: beforeVersion === null ? where : { ...where, version: { lt: beforeVersion } },
      orderBy: { version: "desc" },
      take: first + 1,
      select,
    }),
    db.prisma.mappingVersion.count({ where }),
  ]);
  return { rows: rows.map(toRecord), totalCount };
}

export async function findPublishedVersion(
  db: Database,
  version: number,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord | null> {
  const row = await db.prisma.mappingVersion.findFirst({
    where: { profileId, version, status: "published" },
    select,
  });
  return row ? toRecord(row) : null;
}

export async function findActiveVersion(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord> {
  // One query once a version is published (every use but a fresh database's first): reading
  // the published mapping (and compiling it) only to read its row again made this a third of
  // the Prisma queries under the soak's load, and Prisma a fifth of the server's thread.
  const latest = () =>
    db.prisma.mappingVersion.findFirst({
      where: { profileId, status: "published" },
      orderBy: [{ publishedAt: "desc" }, { version: "desc" }],
      select,
    });
  const row = await latest();
  if (row) return toRecord(row);
  const published = await ensurePublishedMapping(db, profileId);
  return toRecord(await db.prisma.mappingVersion.findUniqueOrThrow({ where: { id: published.id }, select }));
}

export async function findDraft(
  db: Database,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord | null> {
  const row = await db.prisma.mappingVersion.findFirst({
    where: { profileId, status: "draft" },
    orderBy: { id: "asc" },
    select,
  });
  return row ? toRecord(row) : null;
}

/**
 * rfm-core's edits refuse with an `RfmError` naming the input at fault in `details.field`; the
 * API's error carries it as `field`, with the same code (its row in ERROR_TABLE).
 */
function editRefusal(error: unknown): unknown {
  if (!(error instanceof RfmError)) return error;
  const { field, ...details } = error.details;
  return new AppError(error.code, error.message, {
    ...(typeof field === "string" ? { field } : {}),
    details,
    cause: error,
  });
}

function describe(edit: DraftEdit): string {
  return `mapping.draft.${edit.kind}`;
}

function segmentsJson(segments: readonly EditableSegment[]): Prisma.InputJsonValue {
  return segments.map((s) => ({
    name: s.name,
    key: s.key,
    codes: [...s.codes],
    rules: s.rules.map(formatRule),
  }));
}

function writeSegments(
  tx: PrismaTx,
  profileId: number,
  versionId: number,
  segments: readonly EditableSegment[],
): Promise<void> {
  return writeMappingSegments(tx, profileId, versionId, segments);
}

/**
 * Runs a mapping transaction serializable, retried while a concurrent writer refuses it; a
 * refusal that persists is CONFLICT (db/write-retry.ts), never an internal error.
 */
function serializable<T>(db: Database, fn: (tx: PrismaTx) => Promise<T>): Promise<T> {
  return withWriteRetry(db, { what: "the segment mapping", queue: "mapping" }, fn);
}

async function readDraftTx(tx: PrismaTx, profileId: number): Promise<Row | null> {
  return tx.mappingVersion.findFirst({
    where: { profileId, status: "draft" },
    orderBy: { id: "asc" },
    select,
  });
}

async function readActiveTx(tx: PrismaTx, profileId: number): Promise<Row> {
  const row = await tx.mappingVersion.findFirst({
    where: { profileId, status: "published" },
    orderBy: [{ version: "desc" }],
    select,
  });
  if (!row) throw new Error("no published mapping");
  return row;
}

/** A segment named by key (exact) or name: the name rfm-core's edits match on. */
function nameOf(segments: readonly EditableSegment[], ref: string): string {
  return segments.find((s) => s.key === ref)?.name ?? ref;
}

/** The edit with every segment it names by key named by name instead. */
function byName(segments: readonly EditableSegment[], edit: DraftEdit): DraftEdit {
  switch (edit.kind) {
    case "createSegment":
      return edit;
    case "updateSegment":
      return { ...edit, name: nameOf(segments, edit.name) };
    case "deleteSegment":
      return {
        ...edit,
        name: nameOf(segments, edit.name),
        reassignTo: edit.reassignTo == null ? edit.reassignTo : nameOf(segments, edit.reassignTo),
      };
    case "assignCodes":
    case "setSegmentRules":
      return { ...edit, segment: nameOf(segments, edit.segment) };
  }
}

/**
 * Applies one edit to the draft (creating it from the published mapping first). Segments are
 * named by key or by name (an edit's `name`, `segment` and `reassignTo`).
 */
export async function editDraft(
  db: Database,
  actor: string,
  edit: DraftEdit,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord> {
  await ensurePublishedMapping(db, profileId);
  const row = await serializable(db, async (tx) => {
    let draft = await readDraftTx(tx, profileId);
    if (!draft) {
      const active = await readActiveTx(tx, profileId);
      const created = await tx.mappingVersion.create({
        data: { profileId, status: "draft", author: actor, bins: active.bins, basedOn: active.version },
        select: { id: true },
      });
      await writeSegments(tx, profileId, created.id, toRecord(active).segments);
      draft = (await readDraftTx(tx, profileId))!;
    }
    const record = toRecord(draft);
    let segments: EditableSegment[];
    try {
      segments = applyEdit(record.bins, record.segments, byName(record.segments, edit));
    } catch (error) {
      throw editRefusal(error);
    }
    await writeSegments(tx, profileId, draft.id, segments);
    await tx.mappingVersion.update({ where: { id: draft.id }, data: { author: actor } });
    await tx.auditLog.create({
      data: {
        actor,
        action: describe(edit),
        entity: "mapping_version",
        entityId: String(draft.id),
        before: segmentsJson(record.segments),
        after: { edit: edit as unknown as Prisma.InputJsonValue, segments: segmentsJson(segments) },
      },
    });
    // Read back inside the transaction: after it, a discard may already have removed the draft.
    return tx.mappingVersion.findUniqueOrThrow({ where: { id: draft.id }, select });
  });
  return toRecord(row);
}

export async function discardDraft(
  db: Database,
  actor: string,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<boolean> {
  return serializable(db, async (tx) => {
    const draft = await readDraftTx(tx, profileId);
    if (!draft) return false;
    await tx.mappingVersion.delete({ where: { id: draft.id } });
    await tx.auditLog.create({
      data: {
        actor,
        action: "mapping.draft.discard",
        entity: "mapping_version",
        entityId: String(draft.id),
        before: segmentsJson(toRecord(draft).segments),
      },
    });
    return true;
  });
}

function problemsMessage(problems: readonly MappingProblem[]): string {
  return `the draft is not valid: ${problems.map((p) => p.message).join("; ")}`;
}

/**
 * Sets the profile's bins to those of the mapping being published (a file of other bins was
 * imported into the draft): a profile always scores with its published mapping's bins. Refused
 * when the profile has fixed thresholds, which are for its old bins.
 */
async function followBinsTx(tx: PrismaTx, profileId: number, bins: Bins): Promise<void> {
  const profile = await tx.scoringProfile.findUnique({
    where: { id: profileId },
    select: { settings: true },
  });
  if (!profile) return;
  const settings = parseSettings(profile.settings);
  if (DIMENSIONS.some((d) => settings.methods[d].kind === "thresholds")) {
    throw new AppError(
      "MAPPING_BINS_MISMATCH",
      `the draft is for ${bins} bins but the profile scores ${settings.bins} bins with fixed thresholds: ` +
        `change the profile's bins and thresholds first`,
      { field: "draft" },
    );
  }
  await tx.scoringProfile.update({
    where: { id: profileId },
    data: { settings: { ...settings, bins } as unknown as Prisma.InputJsonValue },
  });
}

/** Publishes the draft as version `expectedVersion + 1`, or refuses (CONFLICT, invalid, no draft). */
export async function publishDraft(
  db: Database,
  actor: string,
  expectedVersion: number,
  note: string | null,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord> {
  await ensurePublishedMapping(db, profileId);
  const row = await serializable(db, async (tx) => {
    const active = await readActiveTx(tx, profileId);
    if (active.version !== expectedVersion) {
      throw new AppError(
        "CONFLICT",
        `version ${active.version} was published by ${active.author} after version ${expectedVersion} you edited; reload to see it`,
        {
          field: "expectedVersion",
          details: { publishedVersion: active.version, publishedBy: active.author },
        },
      );
    }
    const draft = await readDraftTx(tx, profileId);
    if (!draft) {
      throw new AppError("BAD_USER_INPUT", "there is no draft to publish", { field: "expectedVersion" });
    }
    const record = toRecord(draft);
    const validation = validationOf(record);
    if (!validation.valid) {
      throw new AppError("MAPPING_INVALID", problemsMessage(validation.problems), {
        field: "draft",
        details: {
          problems: validation.problems.map((p) => ({
            code: p.code,
            message: p.message,
            codes: [...p.codes],
          })),
        },
      });
    }
    const version = (active.version ?? 0) + 1;
    const now = new Date();
    // A draft of other bins (an imported file): the profile scores with its mapping's bins.
    if (record.bins !== active.bins) await followBinsTx(tx, profileId, record.bins);
    await tx.mappingVersion.update({
      where: { id: draft.id },
      data: { status: "published", version, publishedAt: now, note, author: actor, basedOn: active.version },
    });
    await recordMappingPublishedTx(tx, {
      versionId: draft.id,
      version,
      profileId,
      author: actor,
      note,
      publishedAt: now,
      restoredVersion: null,
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: "mapping.publish",
        entity: "mapping_version",
        entityId: String(draft.id),
        before: { version: active.version, segments: segmentsJson(toRecord(active).segments) },
        after: { version, note, segments: segmentsJson(record.segments) },
      },
    });
    return tx.mappingVersion.findUniqueOrThrow({ where: { id: draft.id }, select });
  });
  await recordMembership(db, { profileId, reason: "publish" }).catch(membershipWarning);
  return toRecord(row);
}

/** Publishes a copy of an old version as the newest one. */
export async function rollbackTo(
  db: Database,
  actor: string,
  version: number,
  note: string | null,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord> {
  await ensurePublishedMapping(db, profileId);
  const row = await serializable(db, async (tx) => {
    const source = await tx.mappingVersion.findFirst({
      where: { profileId, version, status: "published" },
      select,
    });
    if (!source) {
      throw new AppError("NOT_FOUND", `no published mapping version ${version}`, { field: "version" });
    }
    const active = await readActiveTx(tx, profileId);
    if (source.bins !== active.bins) {
      // The profile scores with its published mapping's bins: a rollback must keep them.
      throw new AppError(
        "MAPPING_BINS_MISMATCH",
        `version ${version} is for ${source.bins} bins and the profile now scores with ${active.bins}: ` +
          `change the profile's bins back to ${source.bins} first`,
        { field: "version" },
      );
    }
    const next = (active.version ?? 0) + 1;
    const now = new Date();
    const created = await tx.mappingVersion.create({
      data: {
        profileId,
        status: "published",
        version: next,
        basedOn: version,
        author: actor,
        note: note ?? `rollback to version ${version}`,
        bins: source.bins,
        createdAt: now,
        publishedAt: now,
      },
      select: { id: true },
    });
    await writeSegments(tx, profileId, created.id, toRecord(source).segments);
    await recordMappingPublishedTx(tx, {
      versionId: created.id,
      version: next,
      profileId,
      author: actor,
      note: note ?? `rollback to version ${version}`,
      publishedAt: now,
      restoredVersion: version,
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: "mapping.rollback",
        entity: "mapping_version",
        entityId: String(created.id),
        before: { version: active.version },
        after: { version: next, restored: version, note },
      },
    });
    return tx.mappingVersion.findUniqueOrThrow({ where: { id: created.id }, select });
  });
  await recordMembership(db, { profileId, reason: "publish" }).catch(membershipWarning);
  return toRecord(row);
}

/**
 * Replaces the shared draft's bins and segments with a whole mapping (an imported file),
 * creating the draft from the published mapping's version if there is none. Audited like every
 * draft edit (`mapping.draft.import`, the segments before and after). The definition must be
 * valid already (rfm-core's file reader guarantees it); publishing checks it again.
 */
export async function replaceDraft(
  db: Database,
  actor: string,
  definition: MappingDefinition,
  source: Prisma.InputJsonValue,
  profileId: number = DEFAULT_PROFILE_ID,
): Promise<MappingVersionRecord> {
  await ensurePublishedMapping(db, profileId);
  const row = await serializable(db, async (tx) => {
    let draft = await readDraftTx(tx, profileId);
    const active = await readActiveTx(tx, profileId);
    const before = toRecord(draft ?? active).segments;
    // Segments are matched to identities by key; a file segment without one takes the key of
    // the segment of its name in the draft (or the published mapping), else its name's slug.
    let keys: string[];
    try {
      keys = assignSegmentKeys(
        definition.segments,
        new Map(before.map((s) => [s.name.trim().toLowerCase(), s.key])),
      );
    } catch (error) {
      throw editRefusal(error);
    }
    const segments: EditableSegment[] = definition.segments.map((s, i) => ({
      name: s.name.trim(),
      key: keys[i]!,
      description: s.description,
      action: s.action,
      color: s.color.toLowerCase(),
      codes: [...(s.codes ?? [])],
      rules: [...(s.rules ?? [])],
    }));
    if (!draft) {
      const created = await tx.mappingVersion.create({
        data: { profileId, status: "draft", author: actor, bins: definition.bins, basedOn: active.version },
        select: { id: true },
      });
      draft = (await tx.mappingVersion.findUniqueOrThrow({ where: { id: created.id }, select }))!;
    }
    await writeSegments(tx, profileId, draft.id, segments);
    await tx.mappingVersion.update({
      where: { id: draft.id },
      data: { author: actor, bins: definition.bins },
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: "mapping.draft.import",
        entity: "mapping_version",
        entityId: String(draft.id),
        before: segmentsJson(before),
        after: { source, bins: definition.bins, segments: segmentsJson(segments) },
      },
    });
    return tx.mappingVersion.findUniqueOrThrow({ where: { id: draft.id }, select });
  });
  return toRecord(row);
}
