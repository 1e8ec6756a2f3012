/**
 * The `import_rejects` table: every row an import over HTTP rejected, so the admin can show
 * and download all of them (`GET /imports/{id}/rejects.csv`), where the route's answer carries
 * only the first 1,000. Rows are written inside their batch's transaction, so after a crash
 * they match the import log's `rejected` count (up to the cap). Reasons are stored without
 * advice; the hint is stored beside them and worded when served (import/hints.ts).
 *
 * Bounds: at most {@link MAX_STORED_REJECTS} rows per import (a file that is all wrong is
 * better fixed from the first ones), and only the imports of the last {@link KEEP_IMPORTS}
 * import runs keep theirs: older ones are deleted when an import that stores rejects starts.
 */
import type { Database, RawSql } from "../../db/client";
import type { ImportHint, ImportOption, Reject, RejectCode } from "../../import";

/** Rejects stored per import, at most; `import_log.rejected` still counts them all. */
export const MAX_STORED_REJECTS = 1_000_000;
/** Stored rejects are kept for this many most recent imports. */
export const KEEP_IMPORTS = 50;
/**
 * A rejected row may hold a NUL (that is why it was rejected: BAD_TEXT), which PostgreSQL's text
 * refuses: stored, on both databases alike, as U+2400 (␀), the symbol for NUL.
 */
const text = (value: string) => (value.includes("\u0000") ? value.replaceAll("\u0000", "\u2400") : value);
const nullableText = (value: string | null) => (value === null ? null : text(value));

/** Rows per INSERT: 8 parameters each, well under SQLite's and PostgreSQL's limits. */
const INSERT_ROWS = 500;

/**
 * Stores `rejects` of import `importId`, of which `storedBefore` rows came earlier (batches are
 * in line order): only those within the cap are written.
 */
export async function storeRejects(
  tx: RawSql,
  importId: number,
  rejects: readonly Reject[],
  storedBefore: number,
): Promise<void> {
  const room = Math.max(0, MAX_STORED_REJECTS - storedBefore);
  const kept = rejects.length > room ? rejects.slice(0, room) : rejects;
  for (let start = 0; start < kept.length; start += INSERT_ROWS) {
    const chunk = kept.slice(start, start + INSERT_ROWS);
    const params: unknown[] = [];
    const rows = chunk.map((r) => {
      const p = params.length;
      params.push(
        importId,
        r.line,
        nullableText(r.column),
        r.code,
        text(r.reason),
        r.hint?.option ?? null,
        r.hint ? text(JSON.stringify({ values: r.hint.values, field: r.hint.field })) : null,
        text(r.raw),
      );
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`;
    });
    await tx.execute(
      `INSERT INTO import_rejects (import_id, line, "column", code, reason, hint_option, hint_values, raw)
       VALUES ${rows.join(", ")}`,
      params,
    );
  }
}

/** Deletes the stored rejects of all but the {@link KEEP_IMPORTS} most recent imports. */
export async function pruneStoredRejects(db: Database): Promise<void> {
  const [oldest] = await db.raw.query<{ id: number }>(
    "SELECT id FROM import_log ORDER BY id DESC LIMIT 1 OFFSET $1",
    [KEEP_IMPORTS],
  );
  if (oldest !== undefined) {
    await db.raw.execute("DELETE FROM import_rejects WHERE import_id <= $1", [Number(oldest.id)]);
  }
}

interface RejectRow {
  id: number;
  line: number;
  column: string | null;
  code: string;
  reason: string;
  hint_option: string | null;
  hint_values: string | null;
  raw: string;
}

/**
 * The stored rejects of an import in line order, `pageSize` rows at a time (keyset on the row
 * id, which follows the line order: batches are written in order), so a download of a million
 * rejects holds one page in memory.
 */
export async function* storedRejects(
  db: Database,
  importId: number,
  pageSize = 5_000,
): AsyncGenerator<Reject[]> {
  let after = 0;
  for (;;) {
    const rows = await db.reads.query<RejectRow>(
      `SELECT id, line, "column", code, reason, hint_option, hint_values, raw FROM import_rejects
       WHERE import_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [importId, after, pageSize],
    );
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.id);
    yield rows.map(toReject);
    if (rows.length < pageSize) return;
  }
}

function toReject(row: RejectRow): Reject {
  let hint: ImportHint | undefined;
  if (row.hint_option !== null && row.hint_values !== null) {
    const stored = JSON.parse(row.hint_values) as { values: string[]; field?: string };
    hint = {
      option: row.hint_option as ImportOption,
      values: stored.values,
      ...(stored.field ? { field: stored.field } : {}),
    };
  }
  return {
    line: Number(row.line),
    column: row.column,
    code: row.code as RejectCode,
    reason: row.reason,
    ...(hint ? { hint } : {}),
    raw: row.raw,
  };
}

/** Whether an import of this id was ever logged. */
export async function importExists(db: Database, importId: number): Promise<boolean> {
  const rows = await db.reads.query<{ id: number }>("SELECT id FROM import_log WHERE id = $1", [importId]);
  return rows.length > 0;
}
