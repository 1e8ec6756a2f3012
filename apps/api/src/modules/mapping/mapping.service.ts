/**
 * Editing the segment mapping: one shared draft, published as a new version.
 *
 * The draft is a `mapping_versions` row with status `draft` and no version number; the first
 * edit copies the published mapping into it. Every edit is one transaction that rewrites the
 * draft's segments and writes an audit entry with the segments before and after. A segment's
 * stored `codes` always hold every code it has (rules expanded), and `rules` are kept only
 * while they still describe the codes exactly: moving a code out of a rule-defined segment
 * drops that segment's rules rather than leaving rules that lie.
 *
 * Publishing checks the version the editor last saw (`expectedVersion`): if someone published
 * since, it is refused with CONFLICT and nothing changes. An invalid draft is refused with
 * every problem, naming codes. Publish and rollback run serializable, and the version number
 * is unique, so two publishes at once cannot both succeed.
 */
import {
  allCodes,
  assertBins,
  type Bins,
  formatRule,
  isRfmCode,
  type MappingDefinition,
  type MappingProblem,
  parseRule,
  type SegmentRule,
  validateMapping,
} from "@rfm/core";
import type { Database, Prisma, PrismaTx } from "../../db/client";
import { ensurePublishedMapping } from "./mapping.repository";

export type MappingStatus = "draft" | "published";

/** A segment as edited: codes expanded, rules only while exact. */
export interface EditableSegment {
  readonly name: string;
  readonly description: string;
  readonly action: string;
  readonly color: string;
  readonly codes: readonly string[];
  readonly rules: readonly SegmentRule[];
}

export interface MappingVersionRecord {
  readonly id: number;
  readonly version: number | null;
  readonly status: MappingStatus;
  readonly basedOn: number | null;
  readonly author: string;
  readonly note: string | null;
  readonly bins: Bins;
  readonly createdAt: Date;
  readonly publishedAt: Date | null;
  readonly segments: readonly EditableSegment[];
}

export class MappingEditError extends Error {
  override readonly name = "MappingEditError";

  constructor(
    readonly code: "NOT_FOUND" | "BAD_USER_INPUT" | "CONFLICT" | "MAPPING_INVALID",
    message: string,
    readonly field?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const select = {
  id: true,
  version: true,
  status: true,
  basedOn: true,
  author: true,
  note: true,
  bins: true,
  createdAt: true,
  publishedAt: true,
  segments: {
    select: { name: true, description: true, action: true, color: true, codes: true, rules: true },
    orderBy: { position: "asc" },
  },
} satisfies Prisma.MappingVersionSelect;

type Row = Prisma.MappingVersionGetPayload<{ select: typeof select }>;

function toRecord(row: Row): MappingVersionRecord {
  return {
    id: row.id,
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

export async function listPublishedVersions(db: Database): Promise<MappingVersionRecord[]> {
  await ensurePublishedMapping(db);
  const rows = await db.prisma.mappingVersion.findMany({
    where: { status: "published" },
    orderBy: { version: "desc" },
    select,
  });
  return rows.map(toRecord);
}

export async function findPublishedVersion(
  db: Database,
  version: number,
): Promise<MappingVersionRecord | null> {
  const row = await db.prisma.mappingVersion.findFirst({ where: { version, status: "published" }, select });
  return row ? toRecord(row) : null;
}

export async function findActiveVersion(db: Database): Promise<MappingVersionRecord> {
  const published = await ensurePublishedMapping(db);
  const row = await db.prisma.mappingVersion.findUniqueOrThrow({ where: { id: published.id }, select });
  return toRecord(row);
}

export async function findDraft(db: Database): Promise<MappingVersionRecord | null> {
  const row = await db.prisma.mappingVersion.findFirst({
    where: { status: "draft" },
    orderBy: { id: "asc" },
    select,
  });
  return row ? toRecord(row) : null;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function indexOfSegment(segments: readonly EditableSegment[], name: string, field: string): number {
  const index = segments.findIndex((s) => sameName(s.name, name));
  if (index < 0) {
    throw new MappingEditError(
      "NOT_FOUND",
      `no segment "${name}" in the draft; segments: ${segments.map((s) => s.name).join(", ")}`,
      field,
      { segments: segments.map((s) => s.name) },
    );
  }
  return index;
}

/** Codes checked against bins; every invalid one is named. */
export function checkCodes(codes: readonly string[], bins: Bins, field: string): string[] {
  const trimmed = codes.map((c) => c.trim());
  const invalid = trimmed.filter((c) => !isRfmCode(c, bins));
  if (invalid.length > 0) {
    throw new MappingEditError(
      "BAD_USER_INPUT",
      `not RFM codes for ${bins} bins: ${invalid.join(", ")} (each digit is a score from 1 to ${bins})`,
      field,
      { codes: invalid },
    );
  }
  return [...new Set(trimmed)];
}

const ORDER = new Map<Bins, Map<string, number>>();
function codeOrder(bins: Bins): Map<string, number> {
  let order = ORDER.get(bins);
  if (!order) {
    order = new Map(allCodes(bins).map((c, i) => [c as string, i]));
    ORDER.set(bins, order);
  }
  return order;
}

function sortCodes(codes: Iterable<string>, bins: Bins): string[] {
  const order = codeOrder(bins);
  return [...new Set(codes)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/** Removes `codes` from every segment but `keep`; a segment that loses a code loses its rules. */
function takeCodes(segments: EditableSegment[], codes: ReadonlySet<string>, keep: number): void {
  for (let i = 0; i < segments.length; i++) {
    if (i === keep) continue;
    const s = segments[i]!;
    if (!s.codes.some((c) => codes.has(c))) continue;
    segments[i] = { ...s, codes: s.codes.filter((c) => !codes.has(c)), rules: [] };
  }
}

const HEX = /^#[0-9a-fA-F]{6}$/;

function checkColor(color: string, field: string): string {
  if (!HEX.test(color))
    throw new MappingEditError("BAD_USER_INPUT", `color must be #rrggbb, got "${color}"`, field);
  return color.toLowerCase();
}

function checkName(
  name: string,
  segments: readonly EditableSegment[],
  except: number,
  field: string,
): string {
  const trimmed = name.trim();
  if (trimmed === "") throw new MappingEditError("BAD_USER_INPUT", "a segment needs a name", field);
  if (trimmed.length > 80)
    throw new MappingEditError("BAD_USER_INPUT", "a segment name has at most 80 characters", field);
  const clash = segments.findIndex((s, i) => i !== except && sameName(s.name, trimmed));
  if (clash >= 0) {
    throw new MappingEditError(
      "BAD_USER_INPUT",
      `a segment named "${segments[clash]!.name}" already exists`,
      field,
    );
  }
  return trimmed;
}

function checkPosition(position: number, length: number, field: string): number {
  if (!Number.isInteger(position) || position < 0 || position >= length) {
    throw new MappingEditError(
      "BAD_USER_INPUT",
      `position must be from 0 to ${length - 1}, got ${position}`,
      field,
    );
  }
  return position;
}

function move<T>(items: T[], from: number, to: number): void {
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item!);
}

/** One edit of the draft: a description for the audit log and the new segments. */
export type DraftEdit =
  | {
      kind: "createSegment";
      name: string;
      description: string;
      action: string;
      color: string;
      position?: number | null;
    }
  | {
      kind: "updateSegment";
      name: string;
      changes: {
        name?: string | null;
        description?: string | null;
        action?: string | null;
        color?: string | null;
        position?: number | null;
      };
    }
  | { kind: "deleteSegment"; name: string; reassignTo?: string | null }
  | { kind: "assignCodes"; codes: readonly string[]; segment: string }
  | { kind: "setSegmentRules"; segment: string; rules: readonly string[] };

/** Applies an edit to a draft's segments (pure; throws MappingEditError naming the field). */
export function applyEdit(
  bins: Bins,
  current: readonly EditableSegment[],
  edit: DraftEdit,
): EditableSegment[] {
  const segments = current.slice();
  switch (edit.kind) {
    case "createSegment": {
      const name = checkName(edit.name, segments, -1, "input.name");
      const segment: EditableSegment = {
        name,
        description: edit.description,
        action: edit.action,
        color: checkColor(edit.color, "input.color"),
        codes: [],
        rules: [],
      };
      const position =
        edit.position == null
          ? segments.length
          : checkPosition(edit.position, segments.length + 1, "input.position");
      segments.splice(position, 0, segment);
      return segments;
    }
    case "updateSegment": {
      const index = indexOfSegment(segments, edit.name, "name");
      const s = segments[index]!;
      const c = edit.changes;
      segments[index] = {
        ...s,
        ...(c.name != null ? { name: checkName(c.name, segments, index, "input.name") } : {}),
        ...(c.description != null ? { description: c.description } : {}),
        ...(c.action != null ? { action: c.action } : {}),
        ...(c.color != null ? { color: checkColor(c.color, "input.color") } : {}),
      };
      if (c.position != null)
        move(segments, index, checkPosition(c.position, segments.length, "input.position"));
      return segments;
    }
    case "deleteSegment": {
      const index = indexOfSegment(segments, edit.name, "name");
      const removed = segments[index]!;
      if (edit.reassignTo != null) {
        const target = indexOfSegment(segments, edit.reassignTo, "reassignTo");
        if (target === index) {
          throw new MappingEditError(
            "BAD_USER_INPUT",
            "a segment cannot receive its own codes when deleted",
            "reassignTo",
          );
        }
        const t = segments[target]!;
        segments[target] = {
          ...t,
          codes: sortCodes([...t.codes, ...removed.codes], bins),
          rules: removed.codes.length > 0 ? [] : t.rules,
        };
      }
      segments.splice(index, 1);
      return segments;
    }
    case "assignCodes": {
      const codes = checkCodes(edit.codes, bins, "codes");
      if (codes.length === 0) throw new MappingEditError("BAD_USER_INPUT", "no codes given", "codes");
      const index = indexOfSegment(segments, edit.segment, "segment");
      const set = new Set(codes);
      takeCodes(segments, set, index);
      const s = segments[index]!;
      const added = codes.some((c) => !s.codes.includes(c));
      segments[index] = { ...s, codes: sortCodes([...s.codes, ...codes], bins), rules: added ? [] : s.rules };
      return segments;
    }
    case "setSegmentRules": {
      const index = indexOfSegment(segments, edit.segment, "segment");
      if (edit.rules.length === 0)
        throw new MappingEditError("BAD_USER_INPUT", "give at least one rule", "rules");
      const rules = edit.rules.map((text, i) => {
        try {
          return parseRule(text, bins);
        } catch (error) {
          throw new MappingEditError("BAD_USER_INPUT", (error as Error).message, `rules[${i}]`);
        }
      });
      const codes = new Set<string>();
      const order = allCodes(bins);
      for (const rule of rules) {
        const span = (range: SegmentRule["r"]): readonly [number, number] =>
          range === undefined ? [1, bins] : typeof range === "number" ? [range, range] : [range[0], range[1]];
        const [r, f, m] = [span(rule.r), span(rule.f), span(rule.m)];
        for (const code of order) {
          const [cr, cf, cm] = [Number(code[0]), Number(code[1]), Number(code[2])];
          if (cr >= r[0] && cr <= r[1] && cf >= f[0] && cf <= f[1] && cm >= m[0] && cm <= m[1])
            codes.add(code);
        }
      }
      takeCodes(segments, codes, index);
      segments[index] = { ...segments[index]!, codes: sortCodes(codes, bins), rules };
      return segments;
    }
  }
}

function describe(edit: DraftEdit): string {
  return `mapping.draft.${edit.kind}`;
}

function segmentsJson(segments: readonly EditableSegment[]): Prisma.InputJsonValue {
  return segments.map((s) => ({ name: s.name, codes: [...s.codes], rules: s.rules.map(formatRule) }));
}

async function writeSegments(
  tx: PrismaTx,
  versionId: number,
  segments: readonly EditableSegment[],
): Promise<void> {
  await tx.mappingSegment.deleteMany({ where: { versionId } });
  await tx.mappingSegment.createMany({
    data: segments.map((s, position) => ({
      versionId,
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

function isSerializationFailure(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? error);
  const code = (error as { code?: unknown })?.code;
  return (
    code === "P2034" ||
    code === "P2002" ||
    /could not serialize|deadlock|SQLITE_BUSY|database is locked|Unique constraint/i.test(text)
  );
}

/** Runs `fn` serializable, retrying a few times when the database refuses it for a concurrent writer. */
async function serializable<T>(db: Database, fn: (tx: PrismaTx) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.prisma.$transaction(fn, {
        isolationLevel: "Serializable",
        timeout: 15_000,
        maxWait: 15_000,
      });
    } catch (error) {
      if (attempt < 4 && isSerializationFailure(error) && !(error instanceof MappingEditError)) {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (attempt + 1)));
        continue;
      }
      throw error;
    }
  }
}

async function readDraftTx(tx: PrismaTx): Promise<Row | null> {
  return tx.mappingVersion.findFirst({ where: { status: "draft" }, orderBy: { id: "asc" }, select });
}

async function readActiveTx(tx: PrismaTx): Promise<Row> {
  const row = await tx.mappingVersion.findFirst({
    where: { status: "published" },
    orderBy: [{ version: "desc" }],
    select,
  });
  if (!row) throw new Error("no published mapping");
  return row;
}

/** Applies one edit to the draft (creating it from the published mapping first). */
export async function editDraft(db: Database, actor: string, edit: DraftEdit): Promise<MappingVersionRecord> {
  await ensurePublishedMapping(db);
  const id = await serializable(db, async (tx) => {
    let draft = await readDraftTx(tx);
    if (!draft) {
      const active = await readActiveTx(tx);
      const created = await tx.mappingVersion.create({
        data: { status: "draft", author: actor, bins: active.bins, basedOn: active.version },
        select: { id: true },
      });
      await writeSegments(tx, created.id, toRecord(active).segments);
      draft = (await readDraftTx(tx))!;
    }
    const record = toRecord(draft);
    const segments = applyEdit(record.bins, record.segments, edit);
    await writeSegments(tx, draft.id, segments);
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
    return draft.id;
  });
  const row = await db.prisma.mappingVersion.findUniqueOrThrow({ where: { id }, select });
  return toRecord(row);
}

export async function discardDraft(db: Database, actor: string): Promise<boolean> {
  return serializable(db, async (tx) => {
    const draft = await readDraftTx(tx);
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

/** Publishes the draft as version `expectedVersion + 1`, or refuses (CONFLICT, invalid, no draft). */
export async function publishDraft(
  db: Database,
  actor: string,
  expectedVersion: number,
  note: string | null,
): Promise<MappingVersionRecord> {
  await ensurePublishedMapping(db);
  const id = await serializable(db, async (tx) => {
    const active = await readActiveTx(tx);
    if (active.version !== expectedVersion) {
      throw new MappingEditError(
        "CONFLICT",
        `version ${active.version} was published by ${active.author} after version ${expectedVersion} you edited; reload to see it`,
        "expectedVersion",
        { publishedVersion: active.version, publishedBy: active.author },
      );
    }
    const draft = await readDraftTx(tx);
    if (!draft)
      throw new MappingEditError("BAD_USER_INPUT", "there is no draft to publish", "expectedVersion");
    const record = toRecord(draft);
    const validation = validationOf(record);
    if (!validation.valid) {
      throw new MappingEditError("MAPPING_INVALID", problemsMessage(validation.problems), "draft", {
        problems: validation.problems.map((p) => ({ code: p.code, message: p.message, codes: [...p.codes] })),
      });
    }
    const version = (active.version ?? 0) + 1;
    const now = new Date();
    await tx.mappingVersion.update({
      where: { id: draft.id },
      data: { status: "published", version, publishedAt: now, note, author: actor, basedOn: active.version },
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
    return draft.id;
  });
  const row = await db.prisma.mappingVersion.findUniqueOrThrow({ where: { id }, select });
  return toRecord(row);
}

/** Publishes a copy of an old version as the newest one. */
export async function rollbackTo(
  db: Database,
  actor: string,
  version: number,
  note: string | null,
): Promise<MappingVersionRecord> {
  await ensurePublishedMapping(db);
  const id = await serializable(db, async (tx) => {
    const source = await tx.mappingVersion.findFirst({ where: { version, status: "published" }, select });
    if (!source)
      throw new MappingEditError("NOT_FOUND", `no published mapping version ${version}`, "version");
    const active = await readActiveTx(tx);
    const next = (active.version ?? 0) + 1;
    const now = new Date();
    const created = await tx.mappingVersion.create({
      data: {
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
    await writeSegments(tx, created.id, toRecord(source).segments);
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
    return created.id;
  });
  const row = await db.prisma.mappingVersion.findUniqueOrThrow({ where: { id }, select });
  return toRecord(row);
}
