/**
 * Which `running` imports are alive. Every import holds a lock from the moment its log row is
 * visible until it ends, so a `running` row whose lock is free was left by a process that died
 * (killed, crashed, the machine restarted) and is marked failed as interrupted: the import log
 * then tells the truth, and the next import of the file says what happened to the last one.
 *
 * - PostgreSQL: a session advisory lock keyed by the schema and the import id, taken on a
 *   dedicated connection in the same transaction that inserts the row (so no other session can
 *   see the row before the lock is held); the server releases it when that connection ends,
 *   however the process dies.
 * - SQLite: a lock file beside the database, `<db>.import-<id>.lock`, holding the owner's process
 *   id, written before the row's insert commits; a missing file or a dead process means the
 *   import is gone (SQLite files are local to one machine, like the scoring lock's).
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import type { Database } from "../../db/client";
import type { ImportKind } from "../../import";
import { isProcessAlive } from "../../process-alive";
import { timeValue } from "./import-log";

/** The advisory-lock class of imports in this schema: the first key of the two-key form. */
const PG_KEY = "hashtext(current_schema() || '.rfm_import')";

export interface HeldImport {
  readonly importId: number;
  /** Gives the lock back; call once the log row says how the import ended. */
  release(): Promise<void>;
}

const INSERT_LOG = `INSERT INTO import_log (kind, file, started_at, status) VALUES ($1, $2, $3, 'running') RETURNING id`;

function lockFile(path: string, importId: number): string {
  return `${path}.import-${importId}.lock`;
}

/** Opens the log row of a new import, `running`, with its lock held; returns its id and the lock. */
export async function startHeldImport(db: Database, kind: ImportKind, file: string): Promise<HeldImport> {
  const params = [kind, file, timeValue(db, Date.now())];
  if (db.provider === "postgresql") {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ id: number }>(INSERT_LOG, params);
      const importId = rows[0]!.id;
      // Session-level: held after COMMIT, until unlocked or the connection ends.
      await client.query(`SELECT pg_advisory_lock(${PG_KEY}, $1::int4)`, [importId]);
      await client.query("COMMIT");
      return {
        importId,
        async release() {
          try {
            await client.query(`SELECT pg_advisory_unlock(${PG_KEY}, $1::int4)`, [importId]);
            client.release();
          } catch (error) {
            client.release(error instanceof Error ? error : true);
          }
        },
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release(true);
      throw error;
    }
  }
  const path = db.path;
  return db.raw.transaction(async (tx) => {
    const rows = await tx.query<{ id: number }>(INSERT_LOG, params);
    const importId = rows[0]!.id;
    if (path === ":memory:") return { importId, release: async () => undefined };
    // Written before the row commits (the transaction holds SQLite's write lock), so no other
    // process sees the row without its lock file.
    const fd = openSync(lockFile(path, importId), "w");
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return { importId, release: async () => rmSync(lockFile(path, importId), { force: true }) };
  });
}

/** Whether the import's owner still holds its lock. */
async function isAlive(db: Database, importId: number): Promise<boolean> {
  if (db.provider === "postgresql") {
    const client = await db.pool.connect();
    try {
      const { rows } = await client.query<{ free: boolean }>(
        `SELECT pg_try_advisory_lock(${PG_KEY}, $1::int4) AS free`,
        [importId],
      );
      if (rows[0]?.free) await client.query(`SELECT pg_advisory_unlock(${PG_KEY}, $1::int4)`, [importId]);
      return !rows[0]?.free;
    } finally {
      client.release();
    }
  }
  if (db.path === ":memory:") return true;
  let text: string;
  try {
    text = readFileSync(lockFile(db.path, importId), "utf8");
  } catch {
    return false;
  }
  const owner = Number(text.trim());
  return Number.isInteger(owner) && owner > 0 && isProcessAlive(owner);
}

/**
 * Marks every `running` import whose owner is gone as failed (interrupted), keeping the counts
 * its committed batches wrote; returns their ids. Imports running in any live process are left
 * alone.
 */
export async function failInterruptedImports(db: Database): Promise<number[]> {
  const running = await db.raw.query<{ id: number }>(
    "SELECT id FROM import_log WHERE status = 'running' ORDER BY id",
  );
  const dead: number[] = [];
  for (const { id } of running) {
    if (await isAlive(db, id)) continue;
    const changed = await db.raw.execute(
      `UPDATE import_log SET status = 'failed', finished_at = $1, error = $2 WHERE id = $3 AND status = 'running'`,
      [
        timeValue(db, Date.now()),
        "interrupted: the import stopped before it ended (process killed or crashed); its committed batches are kept",
        id,
      ],
    );
    if (changed > 0) dead.push(id);
    if (db.provider === "sqlite" && db.path !== ":memory:") rmSync(lockFile(db.path, id), { force: true });
  }
  return dead;
}
