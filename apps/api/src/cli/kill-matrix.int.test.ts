/**
 * The kill matrix: the real `rfm` process killed with SIGKILL at chosen points of an import and of
 * a scoring run, on SQLite, PostgreSQL and the ClickHouse cluster, and `rfm serve` killed in the
 * middle of an HTTP import (SQLite);
 * then the same work run again. Nothing committed may be lost or counted twice, and the re-run must
 * end with the exact totals of the file, reckoned from the generated rows (kill-matrix-file.ts),
 * never from the importer.
 *
 * The kill points are chosen from outside, without hooks in the product: by polling the import
 * log's committed counts, and by holding the database's writes from another connection so that
 * a process cannot commit past a point before it is killed. A trial whose process ends before its
 * kill point fails loudly (kill-matrix-support.ts), it never passes as if it had been killed.
 *
 * On ClickHouse the facts have no transaction shared with the import log (in SQLite): a batch's
 * rows reach the cluster, then its counts are committed to the log. So a kill point there is a
 * batch held whole: once the log shows the point, the SQLite file's writes are held, the process
 * writes its next batch to the cluster and waits at that batch's log update, where it is killed
 * (once the batch is seen on the cluster).
 * The cluster then holds one batch more than the log counts, all of it (docs/clickhouse.md,
 * "What a crash leaves"); a batch cut between shards is import.int.test.ts's case.
 * `rfm serve` stays on SQLite: tried on ClickHouse (batches of 200 rows), the held batch was
 * not on the cluster 10 s after the hold began, so its kill point could not be held whole this
 * way; why (something in the server waiting on the held file before the batch's writes, perhaps)
 * is not investigated yet.
 *
 * Not in the matrix: a kill while an import rebuilds the secondary index. The importer suspends
 * the index only for files estimated at a million rows or more (import.service.ts), far beyond a
 * CI-sized file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client";
import { SQLITE_BUSY_TIMEOUT_MS } from "../db/connection";
import { FACT_ENGINES, type FactEngine, portableFactsQuery, useTestDatabase } from "../db/testing";
import { createApiToken } from "../modules/auth/token.service";
import { importTransactions } from "../modules/import/import.service";
import { recentImports } from "../modules/import/import-log";
import { checksum, textInput } from "../modules/import/test-support";
import { getCurrentRun, getRun, runScoring } from "../modules/scoring/scoring.service";
import { killFileCsv, killFileRows, killFileState } from "./kill-matrix-file";
import {
  expectKilled,
  type HeldWrites,
  holdWrites,
  killWhen,
  type RfmProcess,
  spawnRfm,
  storedState,
  tryHoldSqliteWrites,
} from "./kill-matrix-support";

/** 1,700 orders: 4,056 lines of 462 customers. */
const ROWS = killFileRows({ seed: 14, orders: 1_700, customers: 500 });
const TOTAL = ROWS.length;
const CSV = killFileCsv(ROWS);
const FULL = killFileState(ROWS);
/**
 * Rows per batch: small enough that an import takes most of a second on an idle machine, so that
 * polling every 2 ms meets each kill point with tens of batches to spare (SQLite commits a batch
 * in well under a millisecond, PostgreSQL in about ten). ClickHouse's batches cost round trips to
 * both shards whatever their size (a second or more each on a loaded machine): twenty to the file.
 */
const BATCH_SIZE: Record<FactEngine, number> = { sqlite: 5, postgresql: 40, clickhouse: 200 };
/**
 * The kill points past the first commit: this share of the file's rows committed, by a run with
 * these rows per batch. The sizes differ from run to run, so a resumed run's batches straddle
 * the killed run's last commit: orders whose first lines are stored and whose next ones are new
 * in one batch, decided line by line (the line rule does not depend on where batches end).
 */
const KILL_POINTS: readonly { percent: number; batchSize: Record<FactEngine, number> }[] = [
  { percent: 10, batchSize: { sqlite: 5, postgresql: 40, clickhouse: 200 } },
  { percent: 50, batchSize: { sqlite: 7, postgresql: 47, clickhouse: 230 } },
  { percent: 90, batchSize: { sqlite: 6, postgresql: 33, clickhouse: 170 } },
];

let dir = "";
let file = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rfm-kill-"));
  file = join(dir, "orders.csv");
  writeFileSync(file, CSV);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The tables hold exactly the first `committed` rows of the file, and nothing else. */
async function expectCommitted(db: Database, committed: number): Promise<void> {
  const expected = killFileState(ROWS, committed);
  expect(await storedState(db)).toEqual({ orders: expected.orders, customers: expected.customers });
  expect(await checksum(db)).toEqual({
    orders: expected.orders.length,
    cents: expected.cents,
    lines: expected.lines,
    customers: expected.customers.length,
  });
}

const integer = (n: number) => n.toLocaleString("en");

/**
 * Waits until `reached` says so, for at most 10 s (well inside the busy timeout of a process held
 * at a SQLite write, so it is still waiting there); the caller's assertions then fail on what is
 * stored if it never came to that.
 */
async function until(reached: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + Math.min(10_000, SQLITE_BUSY_TIMEOUT_MS * 0.66);
  while (Date.now() < deadline && !(await reached())) await sleep(50);
}

/**
 * Kills `run` once the newest import (newer than the import `after`) has `threshold` rows or
 * more committed to its log. With `heldBatch` (ClickHouse), the batch after the log's count is
 * held whole first (header comment): the SQLite file's writes are held, and the kill waits until
 * the tables hold the rows the log counts plus `heldBatch`.
 */
async function killAtRows(
  db: Database,
  run: RfmProcess,
  point: string,
  { after, threshold, heldBatch }: { after: number; threshold: number; heldBatch: number | null },
): Promise<void> {
  const hold: { writes: HeldWrites | null } = { writes: null };
  try {
    await killWhen(
      run,
      point,
      async () => {
        const [log] = await recentImports(db, { limit: 1 });
        if (log === undefined || log.id <= after || log.rowsRead < threshold) return undefined;
        if (heldBatch === null) return log;
        if (db.provider !== "sqlite")
          throw new Error("a batch is held on the ClickHouse engine's SQLite only");
        hold.writes = tryHoldSqliteWrites(db.path);
        if (hold.writes === null) return undefined; // the process is committing a log update
        const [held] = await recentImports(db, { limit: 1 });
        await untilStored(db, held!.rowsRead + heldBatch);
        return held;
      },
      // ClickHouse's batches take seconds each on a loaded machine: a longer wait for the point.
      heldBatch === null ? undefined : 180_000,
    );
    await expectKilled(run, point);
  } finally {
    // After the process is gone, so that it cannot commit the held update as it dies.
    await hold.writes?.release();
  }
}

/** Waits (see {@link until}) until the tables hold exactly the first `rows` rows of the file. */
function untilStored(db: Database, rows: number): Promise<void> {
  const expected = killFileState(ROWS, rows);
  const wanted = JSON.stringify({ orders: expected.orders, customers: expected.customers });
  return until(async () => JSON.stringify(await storedState(db)) === wanted);
}

describe.each(FACT_ENGINES)("kill -9 on %s", (engine) => {
  const t = useTestDatabase(engine);
  /** The app database's (where the import log and the runs are): SQLite for the ClickHouse engine. */
  const provider = t.provider;
  /** ClickHouse's round trips take several times as long (seconds a batch on a loaded machine). */
  const timeout = (ms: number) => (engine === "clickhouse" ? 3 * ms : ms);
  /** The rows of the batch a kill point holds whole on the cluster (ClickHouse), else null. */
  const heldBatch = (batchSize: number) => (engine === "clickhouse" ? batchSize : null);

  it(
    "an import killed before its first commit, then at 10%, 50% and 90% of the file (each run resuming the last), keeps exactly the committed rows; the last run ends with the file's exact totals",
    async () => {
      const args = (batchSize: number) => ["import", "transactions", file, "--batch-size", String(batchSize)];

      // Before the first commit: writes are held from outside, so nothing can be committed.
      const held = await holdWrites(t.db, ["customers", "transactions"]);
      const first = spawnRfm(args(BATCH_SIZE[engine]), t.env);
      try {
        if (provider === "postgresql") {
          // The log row is written; the first batch waits for the lock.
          await killWhen(first, "the first batch waiting", async () => {
            const [log] = await recentImports(t.db);
            return log !== undefined && (await held.waitedFor()) ? log : undefined;
          });
        } else {
          // SQLite's one write lock holds the log row too: the process waits at its first write
          // (the ClickHouse engine's too: the log row comes before any fact).
          await first.printed("Importing transactions from");
          await sleep(300);
          first.child.kill("SIGKILL");
        }
      } finally {
        await held.release();
      }
      await expectKilled(first, "the first commit");
      const logs = await recentImports(t.db);
      expect(logs.map((l) => [l.status, l.rowsRead])).toEqual(
        provider === "postgresql" ? [["running", 0]] : [],
      );
      await expectCommitted(t.db, 0);

      let committed = 0;
      for (const { percent, batchSize } of KILL_POINTS) {
        const point = `${percent}% of the rows committed`;
        const threshold = Math.ceil((TOTAL * percent) / 100);
        const before = (await recentImports(t.db, { limit: 1 }))[0]?.id ?? 0;
        const run = spawnRfm(args(batchSize[engine]), t.env);
        await killAtRows(t.db, run, point, {
          after: before,
          threshold,
          heldBatch: heldBatch(batchSize[engine]!),
        });
        if (before > 0)
          expect(run.stdout()).toContain("failed (interrupted: the import stopped before it ended");

        // The killed import is left running until the next import finds its owner dead, with the
        // counts of its committed batches:
        // every row read is inserted or already present, the previously committed ones present.
        const [killed] = await recentImports(t.db, { limit: 1 });
        expect(killed!.status).toBe("running");
        expect(killed!.rowsRead).toBeGreaterThanOrEqual(threshold);
        expect(killed!.rowsRead).toBeLessThan(TOTAL);
        expect(killed!.rowsRead % batchSize[engine]!).toBe(0);
        expect(killed).toMatchObject({
          alreadyPresent: Math.min(committed, killed!.rowsRead),
          inserted: Math.max(0, killed!.rowsRead - committed),
          rejected: 0,
        });
        // ClickHouse: the batch held at its log update is on the cluster too.
        const stored = killed!.rowsRead + (heldBatch(batchSize[engine]!) ?? 0);
        committed = Math.max(committed, stored);
        await expectCommitted(t.db, committed);
      }

      // The default batch size: the rest of the file in one batch.
      const last = spawnRfm(["import", "transactions", file], t.env);
      expect(await last.done).toEqual({ code: 0, signal: null });
      expect(last.stderr()).toBe("");
      expect(last.stdout()).toContain("failed (interrupted: the import stopped before it ended");
      expect(last.stdout()).toMatch(new RegExp(`read\\s+${integer(TOTAL)} rows\\n`));
      expect(last.stdout()).toMatch(new RegExp(`inserted\\s+${integer(TOTAL - committed)}\\n`));
      expect(last.stdout()).toMatch(new RegExp(`already present\\s+${integer(committed)}\\n`));
      await expectCommitted(t.db, TOTAL);
      expect(FULL.orders.length).toBe(1_700);
      const log = await recentImports(t.db);
      expect(log.map((l) => l.status)).toEqual([
        "complete",
        // Each killed import was marked interrupted by the next one, whose process found it dead.
        ...KILL_POINTS.map(() => "failed"),
        ...(provider === "postgresql" ? ["failed"] : []),
      ]);
      expect(log[0]).toMatchObject({
        rowsRead: TOTAL,
        inserted: TOTAL - committed,
        alreadyPresent: committed,
      });
    },
    timeout(120_000),
  );

  it(
    "a scoring run killed while writing its scores leaves the previous run current; the next run marks it interrupted and gives every customer the scores of an uninterrupted run",
    async () => {
      await importTransactions({ db: t.db, input: textInput(CSV, 1 << 16), source: "kill-matrix" });
      await expectCommitted(t.db, TOTAL);
      const { run: reference, timings } = await runScoring({ db: t.db });
      // Customers with refunds only are not scored.
      const buyers = new Set(FULL.orders.filter(([, , cents]) => cents > 0).map(([, customer]) => customer));
      expect(reference).toMatchObject({
        customersScored: buyers.size,
        customersWithoutPurchases: FULL.customers.length - buyers.size,
      });
      expect(buyers.size).toBeLessThan(FULL.customers.length);

      let killedId = 0;
      if (provider === "postgresql") {
        // The scores' COPY waits for the lock: the run is inside its write transaction.
        const held = await holdWrites(t.db, ["customer_scores"]);
        try {
          const run = spawnRfm(["score"], t.env);
          killedId = await killWhen(run, "the scores' write", async () => {
            const id = await runningRunAfter(t.db, reference.id);
            return id !== undefined && (await held.waitedFor()) ? id : undefined;
          });
          await expectKilled(run, "the scores' write");
        } finally {
          await held.release();
        }
      } else {
        // Long enough for the run to reach its write, by the reference run's times; well inside
        // the busy timeout, so the run is still waiting when killed.
        const upToWrite = (timings.aggregate + timings.clv + timings.score) * 1000;
        const holdMs = Math.min(SQLITE_BUSY_TIMEOUT_MS / 5, Math.max(500, 3 * upToWrite));
        // ClickHouse: the scores go to the cluster, then the run's completion waits for the held
        // file; killed there once the run's scores are all on the cluster (the reference's count).
        const untilWritten =
          engine === "clickhouse"
            ? (id: number) => until(async () => (await scoresOf(t.db, id)).length === buyers.size)
            : undefined;
        killedId = await killSqliteScoringInWrite(t.db, t.env, reference.id, holdMs, untilWritten);
      }

      // Killed: the previous run is still current, the killed one is left running, with no scores
      // on the relational engines (one transaction with its completion). On ClickHouse its scores
      // were written, to its own partition, and are never read: the run is not complete.
      expect((await getCurrentRun(t.db))?.id).toBe(reference.id);
      expect((await getRun(t.db, killedId))?.status).toBe("running");
      expect(await scoresOf(t.db, killedId)).toEqual(
        engine === "clickhouse" ? await scoresOf(t.db, reference.id) : [],
      );

      const rerun = await runScoring({ db: t.db });
      expect(rerun.interruptedRuns).toEqual([killedId]);
      const killed = (await getRun(t.db, killedId))!;
      expect(killed.status).toBe("failed");
      expect(killed.error).toMatch(/^interrupted: /);
      expect(await scoresOf(t.db, killedId)).toEqual([]);
      expect((await getCurrentRun(t.db))?.id).toBe(rerun.run.id);
      expect(rerun.run).toMatchObject({
        status: "complete",
        asOf: reference.asOf,
        customersScored: reference.customersScored,
        transactionsRead: FULL.orders.length,
      });
      const scores = await scoresOf(t.db, rerun.run.id);
      expect(scores).toHaveLength(buyers.size);
      expect(scores).toEqual(await scoresOf(t.db, reference.id));
    },
    timeout(60_000),
  );
});

/** The id of a `running` scoring run newer than `after`, if any. */
async function runningRunAfter(db: Database, after: number): Promise<number | undefined> {
  const [row] = await db.raw.query<{ id: number }>(
    "SELECT id FROM scoring_runs WHERE id > $1 AND status = 'running'",
    [after],
  );
  return row?.id;
}

/** A run's scores, by customer: `[customer_id, r, f, m, code]` (the same SQL on every engine). */
async function scoresOf(db: Database, runId: number): Promise<number[][]> {
  const rows = await portableFactsQuery<{
    customer_id: number;
    r: number;
    f: number;
    m: number;
    code: number;
  }>(db, "SELECT customer_id, r, f, m, code FROM customer_scores WHERE run_id = $1 ORDER BY customer_id", [
    runId,
  ]);
  return rows.map((s) => [s.customer_id, s.r, s.f, s.m, s.code].map(Number));
}

/**
 * SQLite: `rfm score` killed inside its write phase. As soon as the run's row is seen, the file's
 * write lock is taken from here, so the run cannot commit its scores: it goes on reading and
 * scoring, then waits for the lock in its write transaction (busy timeout: 15 s), where it is
 * killed after `holdMs`, or once `untilWritten(run id)` resolves (the ClickHouse engine: the scores
 * reach the cluster before the completion waits). If the lock is already taken, the run is
 * writing: killed at once. A run that completes before its row is seen is a miss: tried again,
 * at most four times.
 */
async function killSqliteScoringInWrite(
  db: Database,
  env: Readonly<Record<string, string>>,
  previous: number,
  holdMs: number,
  untilWritten?: (runId: number) => Promise<void>,
): Promise<number> {
  if (db.provider !== "sqlite") throw new Error("SQLite only");
  for (let attempt = 1; ; attempt++) {
    const run = spawnRfm(["score"], env);
    const hold: { writes: HeldWrites | null } = { writes: null };
    let id: number;
    try {
      id = await killWhen(run, "the scores' write", async () => {
        const found = await runningRunAfter(db, previous);
        if (found === undefined) return undefined;
        hold.writes = tryHoldSqliteWrites(db.path);
        if (hold.writes !== null) await (untilWritten ? untilWritten(found) : sleep(holdMs));
        return found;
      });
      await expectKilled(run, "the scores' write");
    } catch (error) {
      if (!run.ended || attempt === 4 || !/ended before the kill point/.test(String(error))) throw error;
      // Missed: the run completed, and is now the previous complete run.
      previous = (await getCurrentRun(db))!.id;
      continue;
    } finally {
      // After the process is gone, so that it cannot commit its scores as it dies.
      await hold.writes?.release();
    }
    return id;
  }
}

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** POSTs `chunks` to the import route as they are yielded (a streaming body); the answer, or the error. */
function postImport(
  port: number,
  token: string,
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ status: number; body: string } | Error> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: `/imports/transactions?batchSize=${BATCH_SIZE.sqlite}`,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "text/csv",
          "x-file-name": "orders.csv",
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (text: string) => {
          body += text;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", resolve);
      },
    );
    req.on("error", resolve);
    void (async () => {
      for await (const chunk of chunks) {
        if (req.destroyed) return;
        req.write(chunk);
      }
      req.end();
    })();
  });
}

describe("kill -9 of `rfm serve` during POST /imports/transactions, on SQLite", () => {
  const t = useTestDatabase("sqlite");

  it("keeps exactly the committed rows; the same file posted to a restarted server ends with the file's exact totals", async () => {
    const { token } = await createApiToken(t.db, { name: "kill-matrix", role: "admin" });
    const bytes = new TextEncoder().encode(CSV);
    const port = await freePort();
    const serve = () => spawnRfm(["serve", "--port", String(port), "--host", "127.0.0.1"], t.url);

    // The body is sent up to its middle, then held: the import cannot end before the kill.
    const server = serve();
    let stopBody: () => void = () => undefined;
    const bodyHeld = new Promise<void>((resolve) => {
      stopBody = resolve;
    });
    try {
      await server.printed("RFM API on");
      const half = bytes.subarray(0, bytes.length >> 1);
      const answer = postImport(
        port,
        token,
        (async function* () {
          yield* textInput(new TextDecoder().decode(half), 4096);
          await bodyHeld;
        })(),
      );
      const threshold = Math.ceil(TOTAL / 4);
      await killWhen(server, `a quarter of the rows committed over HTTP`, async () => {
        const [log] = await recentImports(t.db, { limit: 1 });
        return log !== undefined && log.rowsRead >= threshold ? log : undefined;
      });
      await expectKilled(server, "a quarter of the rows committed over HTTP");
      expect(await answer).toBeInstanceOf(Error);
    } finally {
      stopBody();
      if (!server.ended) server.child.kill("SIGKILL");
    }
    const [killed] = await recentImports(t.db);
    expect(killed).toMatchObject({ status: "running", alreadyPresent: 0, rejected: 0 });
    const committed = killed!.rowsRead;
    expect(committed).toBeGreaterThanOrEqual(Math.ceil(TOTAL / 4));
    expect(committed).toBeLessThan(TOTAL / 2);
    expect(killed!.inserted).toBe(committed);
    await expectCommitted(t.db, committed);

    const restarted = serve();
    try {
      await restarted.printed("RFM API on");
      const answer = await postImport(port, token, textInput(CSV, 4096));
      if (answer instanceof Error) throw answer;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        rowsRead: TOTAL,
        inserted: TOTAL - committed,
        alreadyPresent: committed,
        rejected: 0,
      });
    } finally {
      restarted.child.kill("SIGTERM");
      await restarted.done;
    }
    await expectCommitted(t.db, TOTAL);
    // The restarted server's import found the killed one's owner gone and marked it interrupted.
    const log = await recentImports(t.db);
    expect(log.map((l) => l.status)).toEqual(["complete", "failed"]);
    expect(log[1]!.error).toMatch(/^interrupted: /);
  }, 60_000);
});
