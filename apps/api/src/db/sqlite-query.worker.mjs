// Runs one read-only query on a SQLite file in a worker thread (see offload.ts). Plain
// JavaScript: nothing to compile, so no loader to register in the worker.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, sql, params, timeout } = workerData;
const db = new Database(path, { readonly: true, fileMustExist: true, timeout });
try {
  parentPort.postMessage({ rows: db.prepare(sql).all(params) });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  db.close();
}
