/**
 * What the kill matrix (kill-matrix.int.test.ts) needs around the real `rfm` process: spawning it
 * with its output at hand, killing it once a condition read from the database holds (failing
 * loudly if it ends first), holding the database's writes from outside so that a kill lands
 * before a commit, and reading back what the tables hold.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import Sqlite from "better-sqlite3";
import type { Database } from "../db/client";
import { childEnv, REPO_ROOT } from "../env";
import type { KillFileState } from "./kill-matrix-file";

const BIN = `${REPO_ROOT}/apps/api/bin/rfm.mjs`;

export interface RfmProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Set once the process has ended. */
  readonly ended: boolean;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stdout contains `text`; rejects if the process ends first. */
  printed(text: string): Promise<void>;
}

/**
 * `node apps/api/bin/rfm.mjs <args>` from the repository root, against the database `url`, or with
 * a test database's whole environment (`TestDatabase.env`: its facts on ClickHouse too).
 */
export function spawnRfm(
  args: readonly string[],
  target: string | Readonly<Record<string, string>>,
): RfmProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(typeof target === "string" ? { DATABASE_URL: target } : target),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let ended = false;
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.setEncoding("utf8").on("data", (text: string) => {
    out += text;
    for (const w of waiters) if (out.includes(w.text)) w.resolve();
  });
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    err += text;
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      ended = true;
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    get ended() {
      return ended;
    },
    done,
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void done.then(() =>
          reject(new Error(`rfm ${args.join(" ")} ended before printing "${text}":\n${out}\n${err}`)),
        );
      }),
  };
}

/**
 * Polls `reached` every 2 ms and sends SIGKILL as soon as it returns a value; returns that value.
 * Throws, naming the kill point, if the process ends first or nothing is reached in `timeoutMs`:
 * a trial that misses its point must not pass as if it had been killed there.
 */
export async function killWhen<T>(
  run: RfmProcess,
  point: string,
  reached: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await reached();
    if (value !== undefined) {
      run.child.kill("SIGKILL");
      return value;
    }
    if (run.ended) {
      throw new Error(
        `the process ended before the kill point (${point}) was reached: make its work slower ` +
          `(smaller batches) so the point can be hit.\n${run.stdout()}\n${run.stderr()}`,
      );
    }
    if (Date.now() > deadline) {
      run.child.kill("SIGKILL");
      throw new Error(`the kill point (${point}) was not reached in ${timeoutMs} ms`);
    }
    await sleep(2);
  }
}

/** Waits for a process killed with SIGKILL; throws if it ended otherwise (it beat the kill). */
export async function expectKilled(run: RfmProcess, point: string): Promise<void> {
  const end = await run.done;
  if (end.signal !== "SIGKILL") {
    throw new Error(
      `the process ended (exit ${end.code}) before SIGKILL at ${point} landed: the trial did not ` +
        `kill it where it says.\n${run.stdout()}\n${run.stderr()}`,
    );
  }
}

export interface HeldWrites {
  /** PostgreSQL: another session waits for a lock on one of the held tables (in this schema). */
  waitedFor(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Holds writes from another connection, so no other process can commit to `tables` until
 * `release()`: on SQLite the whole file's write lock (`BEGIN IMMEDIATE`; reads go on, WAL), on
 * PostgreSQL a SHARE lock on the tables (writers queue, readers and other tables go on). The
 * other process waits in its busy handler (SQLite: a busy timeout of 5 s or more) or on the lock.
 */
export async function holdWrites(db: Database, tables: readonly string[]): Promise<HeldWrites> {
  if (db.provider === "sqlite") {
    const held = tryHoldSqliteWrites(db.path);
    if (held === null) throw new Error("holdWrites: another connection is writing");
    return held;
  }
  const client = await db.pool.connect();
  await client.query("BEGIN");
  await client.query(`LOCK TABLE ${tables.join(", ")} IN SHARE MODE`);
  return {
    async waitedFor() {
      const { rows } = await client.query<{ waiting: string }>(
        `SELECT count(*) AS waiting FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
         WHERE NOT l.granted AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1)`,
        [tables],
      );
      return Number(rows[0]!.waiting) > 0;
    },
    async release() {
      await client.query("ROLLBACK");
      client.release();
    },
  };
}

/**
 * SQLite: takes the file's write lock at once, or returns null when a writer holds it (another
 * process is inside a write transaction).
 */
export function tryHoldSqliteWrites(path: string): HeldWrites | null {
  const connection = new Sqlite(path, { timeout: 0 });
  try {
    connection.exec("BEGIN IMMEDIATE");
  } catch (error) {
    connection.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") return null;
    throw error;
  }
  return {
    waitedFor: async () => true,
    async release() {
      connection.exec("ROLLBACK");
      connection.close();
    },
  };
}

/** The orders and customers stored, in {@link KillFileState}'s shape. */
export async function storedState(db: Database): Promise<Omit<KillFileState, "cents" | "lines">> {
  type OrderRow = { order_id: string; external_id: string; cents: number | string; lines: number | string };
  type CustomerRow = { external_id: string; name: string | null; email: string | null; city: string | null };
  const ch = db.analytics;
  // Read with each engine's own SQL, not through the facts store: this is the tests' oracle. On
  // ClickHouse the latest version of each order and customer (FINAL), the customer joined on
  // its own shard (the local table, named with its database).
  const orders = ch
    ? await ch.query<OrderRow>(
        `SELECT order_id, external_id, amount_cents AS cents, line_count AS lines FROM transactions FINAL
         ANY INNER JOIN (SELECT id AS customer_id, external_id FROM ${ch.database}.customers_local FINAL) USING customer_id`,
      )
    : await db.raw.query<OrderRow>(
        `SELECT t.order_id, c.external_id, t.amount_cents AS cents, t.line_count AS lines
         FROM transactions t JOIN customers c ON c.id = t.customer_id`,
      );
  const customers = ch
    ? await ch.query<CustomerRow>("SELECT external_id, name, email, city FROM customers FINAL")
    : await db.raw.query<CustomerRow>("SELECT external_id, name, email, city FROM customers");
  const byId = (a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  return {
    orders: orders
      .map((o) => [o.order_id, o.external_id, Number(o.cents), Number(o.lines)] as const)
      .sort(byId),
    customers: customers.map((c) => [c.external_id, c.name, c.email, c.city] as const).sort(byId),
  };
}
