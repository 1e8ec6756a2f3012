/**
 * One scoring run at a time per database. Holding the lock also proves that a `running` row
 * is left over from a process that died, so it can be marked interrupted.
 *
 * - PostgreSQL: a session advisory lock keyed by the schema, held on a dedicated connection for
 *   the run; the server releases it when that connection ends, however the process dies.
 * - SQLite: a lock file beside the database holding the owner's process id; a file whose
 *   process no longer exists is stale and taken over (SQLite files are local to one machine).
 */
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { lockOwner, releaseFileLock, tryFileLock } from "../../file-lock";

export interface ScoringLock {
  release(): Promise<void>;
}

export async function acquireScoringLock(db: Database): Promise<ScoringLock> {
  if (db.provider === "postgresql") {
    const client = await db.pool.connect();
    try {
      const key = "hashtext(current_schema() || '.rfm_scoring')";
      const { rows } = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(${key}) AS locked`,
      );
      if (!rows[0]?.locked) {
        throw new AppError(
          "SCORING_IN_PROGRESS",
          "another scoring run is in progress on this database; try again when it ends",
        );
      }
      return {
        async release() {
          try {
            await client.query(`SELECT pg_advisory_unlock(${key})`);
            client.release();
          } catch (error) {
            client.release(error instanceof Error ? error : true);
          }
        },
      };
    } catch (error) {
      client.release();
      throw error;
    }
  }
  if (db.path === ":memory:") return { release: async () => undefined };
  const path = `${db.path}.scoring-lock`;
  if (tryFileLock(path)) return { release: async () => releaseFileLock(path) };
  const owner = lockOwner(path);
  if (owner) {
    throw new AppError(
      "SCORING_IN_PROGRESS",
      `another scoring run (process ${owner}) is in progress on this database; try again when it ends`,
    );
  }
  throw new AppError(
    "SCORING_IN_PROGRESS",
    "could not take the scoring lock: another run is starting at the same time",
  );
}
