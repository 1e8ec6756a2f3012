/**
 * Reading membership changes: the `segmentChanges` feed (oldest first, a keyset cursor on the
 * change id, so a campaign tool polls forward without missing or repeating a change) and the
 * export of a segment's changes as CSV or JSON lines, streamed in pages of constant size.
 */
import { AppError } from "../../app-error";
import { csvCell } from "../../csv";
import type { Database } from "../../db/client";
import { type ChangeKind, factsStoreOf, type SegmentChangeRow } from "../../db/facts";
import { findPublishedMapping } from "../mapping/mapping.repository";
import { segmentIdentities } from "../segment/identity";

export interface ChangeListQuery {
  readonly profileId: number;
  /** The segment's key. */
  readonly key: string;
  /** Epoch ms: changes at or after it. */
  readonly since?: number;
  readonly kind?: ChangeKind;
  /** Changes with a greater id. */
  readonly afterId?: number;
  readonly limit: number;
}

/** A change with its mapping version's number. */
export interface ChangeRecord extends SegmentChangeRow {
  readonly mappingVersion: number;
}

/**
 * Fails with NOT_FOUND (field `key`) unless the key names a segment of the profile's published
 * mapping or one with recorded changes (a segment since removed keeps its history).
 */
export async function requireSegmentKey(db: Database, profileId: number, key: string): Promise<void> {
  const mapping = await findPublishedMapping(db, profileId);
  const identities = mapping ? await segmentIdentities(db, mapping.id) : [];
  if (identities.some((s) => s.key === key)) return;
  const [any] = await factsStoreOf(db).membership.changes({ profileId, segmentKey: key, limit: 1 });
  if (any) return;
  throw new AppError(
    "NOT_FOUND",
    `no segment with key "${key}"; the keys are ${identities.map((s) => s.key).join(", ") || "(none)"}`,
    { field: "key" },
  );
}

/** Mapping version row ids to their numbers. */
async function versionNumbers(db: Database, ids: Iterable<number>): Promise<Map<number, number>> {
  const rows = await db.prisma.mappingVersion.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, version: true },
  });
  return new Map(rows.map((row) => [row.id, row.version ?? 0]));
}

/** One page of a segment's changes, oldest first. */
export async function listSegmentChanges(db: Database, query: ChangeListQuery): Promise<ChangeRecord[]> {
  const rows = await factsStoreOf(db).membership.changes({
    profileId: query.profileId,
    segmentKey: query.key,
    limit: query.limit,
    ...(query.since === undefined ? {} : { since: query.since }),
    ...(query.kind === undefined ? {} : { kind: query.kind }),
    ...(query.afterId === undefined ? {} : { afterId: query.afterId }),
  });
  const versions = await versionNumbers(
    db,
    rows.map((row) => row.mappingVersionId),
  );
  return rows.map((row) => ({ ...row, mappingVersion: versions.get(row.mappingVersionId) ?? 0 }));
}

export type ChangeExportFormat = "csv" | "jsonl";

/** The columns of a change export, in order. */
export const CHANGE_EXPORT_COLUMNS = [
  "change_id",
  "customer_id",
  "kind",
  "segment_key",
  "segment_name",
  "at",
  "run_id",
  "mapping_version",
] as const;

/** Rows read per page of an export. */
const EXPORT_PAGE = 10_000;

/**
 * Writes a segment's changes (oldest first) as CSV (a header line, CRLF, cells that could start
 * a spreadsheet formula neutralised) or JSON lines. Returns the number of changes written.
 */
export async function exportSegmentChanges(options: {
  readonly db: Database;
  readonly profileId: number;
  readonly key: string;
  readonly since?: number;
  readonly format: ChangeExportFormat;
  readonly write: (chunk: string) => Promise<void> | void;
}): Promise<number> {
  const { db, profileId, key, format, write } = options;
  await requireSegmentKey(db, profileId, key);
  if (format === "csv") await write(`${CHANGE_EXPORT_COLUMNS.join(",")}\r\n`);
  let afterId = 0;
  let written = 0;
  for (;;) {
    const page = await listSegmentChanges(db, {
      profileId,
      key,
      afterId,
      limit: EXPORT_PAGE,
      ...(options.since === undefined ? {} : { since: options.since }),
    });
    if (page.length === 0) break;
    let chunk = "";
    for (const change of page) {
      const at = new Date(change.at).toISOString();
      chunk +=
        format === "csv"
          ? `${change.id},${csvCell(change.externalId)},${change.kind},${csvCell(change.segmentKey)},${csvCell(change.segmentName)},${at},${change.runId},${change.mappingVersion}\r\n`
          : `${JSON.stringify({
              change_id: change.id,
              customer_id: change.externalId,
              kind: change.kind,
              segment_key: change.segmentKey,
              segment_name: change.segmentName,
              at,
              run_id: change.runId,
              mapping_version: change.mappingVersion,
            })}\n`;
    }
    await write(chunk);
    written += page.length;
    afterId = page.at(-1)!.id;
    if (page.length < EXPORT_PAGE) break;
  }
  return written;
}
