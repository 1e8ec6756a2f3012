import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../app-error";
import { childEnv, REPO_ROOT } from "../env";
import { editDraft, findActiveVersion, publishDraft } from "../modules/mapping/mapping.service";
import { useTestDatabase } from "./testing";

/**
 * Another process writing to the same SQLite file, as `rfm import` does batch after batch: it
 * holds the write lock for `firstHoldMs` (a long batch, longer than Prisma's default 2 s wait),
 * then for `holdMs` out of every `holdMs + gapMs`, until killed. It prints "locked" once it
 * holds the lock the first time.
 */
const LOCK_HOLDER = `
const Database = require("better-sqlite3");
const [path, firstHold, hold, gap] = process.argv.slice(1);
const db = new Database(path, { timeout: 60000 });
db.exec("CREATE TABLE IF NOT EXISTS other_writer (at INTEGER)");
const busy = (ms) => { const end = Date.now() + ms; while (Date.now() < end) db.prepare("INSERT INTO other_writer VALUES (?)").run(Date.now()); };
db.exec("BEGIN IMMEDIATE");
process.stdout.write("locked\\n");
busy(Number(firstHold));
db.exec("COMMIT");
const cycle = () => { db.exec("BEGIN IMMEDIATE"); busy(Number(hold)); db.exec("COMMIT"); setTimeout(cycle, Number(gap)); };
setTimeout(cycle, Number(gap));
`;

function holdWriteLock(path: string, firstHoldMs: number, holdMs: number, gapMs: number) {
  const child = spawn(
    process.execPath,
    ["-e", LOCK_HOLDER, path, String(firstHoldMs), String(holdMs), String(gapMs)],
    {
      cwd: join(REPO_ROOT, "apps/api"),
      env: childEnv({}),
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return { child, locked };
}

describe("two processes writing one SQLite file", () => {
  const t = useTestDatabase("sqlite");
  let holder: ChildProcess | undefined;
  afterEach(() => {
    holder?.kill();
    holder = undefined;
  });

  it("draft edits and publishes wait for the other writer: each succeeds or is CONFLICT, none times out", async () => {
    if (t.db.provider !== "sqlite") throw new Error("SQLite only");
    await findActiveVersion(t.db);
    const started = holdWriteLock(t.db.path, 3000, 200, 50);
    holder = started.child;
    await started.locked;

    const outcomes: PromiseSettledResult<unknown>[] = [];
    // 16 rounds of 4 concurrent edits and a publish: 80 calls while the other process writes.
    for (let round = 0; round < 16; round++) {
      const expected = (await findActiveVersion(t.db)).version!;
      const edits = Array.from({ length: 4 }, (_, i) =>
        editDraft(t.db, "editor", {
          kind: "createSegment",
          name: `Round ${round} segment ${i}`,
          description: "",
          action: "",
          color: "#123456",
        }),
      );
      outcomes.push(...(await Promise.allSettled(edits)));
      outcomes.push(...(await Promise.allSettled([publishDraft(t.db, "editor", expected, null)])));
    }
    expect(holder.exitCode).toBeNull();

    const refusals = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    const unexpected = refusals.filter((e) => !(e instanceof AppError && e.code === "CONFLICT"));
    expect(unexpected.map((e) => String(e))).toEqual([]);
    for (const e of refusals) expect(String(e)).not.toMatch(/timed out/i);
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBe(80 - refusals.length);
    // Waiting is the fix, not refusing: with writers taking turns, everything gets through.
    expect(refusals).toEqual([]);
    expect((await findActiveVersion(t.db)).version).toBe(17);
  }, 120_000);
});
