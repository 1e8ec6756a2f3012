/**
 * The `import_log` table: one row per import run, `running` until it ends `complete` or `failed`
 * (opened by import-lock.ts's `startHeldImport`, which holds the import's liveness lock).
 * Its counts are written inside each batch's own transaction, so after a crash or a kill they say
 * exactly what was committed.
 */
import type { Database, RawSql } from "../../db/client";
import type { ImportKind } from "../../import";

export type ImportStatus = "running" | "complete" | "failed";

/** Rows of the file so far: every one is inserted, already present or rejected. */
export interface ImportCounts {
  readonly rowsRead: number;
  readonly inserted: number;
  readonly alreadyPresent: number;
  readonly rejected: number;
}

export interface ImportLogEntry extends ImportCounts {
  readonly id: number;
  readonly kind: ImportKind;
  readonly file: string;
  readonly status: ImportStatus;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly error: string | null;
}

/** A time column value as each dialect stores it: epoch ms on SQLite, `timestamp` text on PostgreSQL. */
export function timeValue(db: { provider: "sqlite" | "postgresql" }, ms: number): number | string {
  return db.provider === "sqlite" ? ms : new Date(ms).toISOString();
}

/** Writes the counts so far, inside the transaction of the batch they include (its `tx.raw`). */
export async function recordImportProgress(tx: RawSql, id: number, counts: ImportCounts): Promise<void> {
  await tx.execute(
    "UPDATE import_log SET rows_read = $1, inserted = $2, present = $3, rejected = $4 WHERE id = $5",
    [counts.rowsRead, counts.inserted, counts.alreadyPresent, counts.rejected, id],
  );
}

/** Closes the log row: `complete`, or `failed` with the error, and the counts committed. */
export async function finishImportLog(
  db: Database,
  id: number,
  status: "complete" | "failed",
  counts: ImportCounts,
  error: string | null = null,
): Promise<void> {
  await db.raw.execute(
    `UPDATE import_log SET status = $1, finished_at = $2, rows_read = $3, inserted = $4, present = $5,
       rejected = $6, error = $7 WHERE id = $8`,
    [
      status,
      timeValue(db, Date.now()),
      counts.rowsRead,
      counts.inserted,
      counts.alreadyPresent,
      counts.rejected,
      error,
      id,
    ],
  );
}

interface LogRow {
  id: number;
  kind: ImportKind;
  file: string;
  status: ImportStatus;
  started_at: number;
  finished_at: number | null;
  rows_read: number;
  inserted: number;
  present: number;
  rejected: number;
  error: string | null;
}

/** The most recent imports, newest first; of one kind and file when given. */
export async function recentImports(
  db: Database,
  filter: { kind?: ImportKind; file?: string; limit?: number } = {},
): Promise<ImportLogEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.kind !== undefined) {
    params.push(filter.kind);
    where.push(`kind = $${params.length}`);
  }
  if (filter.file !== undefined) {
    params.push(filter.file);
    where.push(`file = $${params.length}`);
  }
  params.push(filter.limit ?? 10);
  const rows = await db.raw.query<LogRow>(
    `SELECT id, kind, file, status, started_at, finished_at, rows_read, inserted, present, rejected, error
     FROM import_log ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    file: row.file,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rowsRead: row.rows_read,
    inserted: row.inserted,
    alreadyPresent: row.present,
    rejected: row.rejected,
    error: row.error,
  }));
}
