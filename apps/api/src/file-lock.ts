/**
 * Lock files beside a SQLite database, for locks that must hold across the processes of one
 * machine without holding SQLite's write lock (the scoring lock, a profile's membership
 * recording on the ClickHouse engine). The file holds its owner's process id; a file whose
 * process is gone is stale and taken over, however its owner died.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessAlive } from "./process-alive";

/**
 * A lock file with no process id yet is being written by its owner (created, not yet written);
 * only one older than this is left over from a process that died between the two steps.
 */
const UNWRITTEN_STALE_MS = 10_000;

/** Who holds a lock file: a live process's id, or null when the file is free or stale. */
export function lockOwner(path: string): number | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const owner = Number(text);
  if (Number.isInteger(owner) && owner > 0) return isProcessAlive(owner) ? owner : null;
  try {
    // Being written: held (by an unknown process, reported as 0) until it is old.
    return Date.now() - statSync(path).mtimeMs < UNWRITTEN_STALE_MS ? 0 : null;
  } catch {
    return null; // removed meanwhile
  }
}

/**
 * Takes the lock file for this process: true when taken (created, or taken over from a process
 * that is gone), false while another process holds it. A process that holds it already is told
 * false too: these locks do not nest.
 */
export function tryFileLock(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (lockOwner(path) !== null) return false;
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  return false;
}

/** Gives a lock file back (taken with `tryFileLock`). */
export function releaseFileLock(path: string): void {
  rmSync(path, { force: true });
}

/** How often a waiter looks whether the lock is free (ms). */
const POLL_MS = 20;

/**
 * Runs `fn` holding the lock file, waiting for it while another process holds it (at most
 * `timeoutMs`, then an error naming the holder). Within one process, callers must take turns
 * first (a Mutex): the file cannot tell two callers of the same process apart.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!tryFileLock(path)) {
    if (Date.now() > deadline) {
      throw new Error(`lock ${path} is still held by process ${lockOwner(path)} after ${timeoutMs} ms`);
    }
    await sleep(POLL_MS);
  }
  try {
    return await fn();
  } finally {
    releaseFileLock(path);
  }
}
