// A thread of the read-query pool (sqlite-query-pool.ts): runs one read-only query per task.
// Plain JavaScript: nothing to compile, so no loader to register in the worker.
import Database from "better-sqlite3";

/**
 * One read-only connection per file for the thread's life: opened by the first query on that
 * file, reused by the next ones (and their warm page cache). Closed when the thread ends (idle
 * timeout or the pool destroyed with its database): better-sqlite3 closes a thread's
 * connections when the thread exits.
 */
const connections = new Map();

function connection(path, timeout) {
  let db = connections.get(path);
  if (!db) {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout });
    connections.set(path, db);
  }
  return db;
}

export default function query({ path, sql, params, timeout }) {
  try {
    return connection(path, timeout).prepare(sql).all(params);
  } catch (error) {
    // better-sqlite3's SqliteError arrives in the main thread without its message (it does not
    // survive the structured clone), so the message travels in a plain Error.
    throw new Error(error instanceof Error ? error.message : String(error));
  }
}
