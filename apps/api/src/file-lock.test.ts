import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockOwner, releaseFileLock, tryFileLock, withFileLock } from "./file-lock";

/** The id of a process that has ended (a child that exited). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("lock files", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "rfm-lock-"));
    path = join(dir, "x.lock");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("takes a free lock with this process's id, refuses it while held (by this process too), frees it on release", () => {
    expect(tryFileLock(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(String(process.pid));
    expect(lockOwner(path)).toBe(process.pid);
    expect(tryFileLock(path)).toBe(false);
    releaseFileLock(path);
    expect(existsSync(path)).toBe(false);
    expect(lockOwner(path)).toBeNull();
  });

  it("takes over the file of a process that is gone", () => {
    writeFileSync(path, String(deadPid()));
    expect(lockOwner(path)).toBeNull();
    expect(tryFileLock(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toBe(String(process.pid));
  });

  it("counts a file with no id yet as held while it is new (its owner is writing it), as stale once old", () => {
    writeFileSync(path, "");
    expect(lockOwner(path)).toBe(0);
    expect(tryFileLock(path)).toBe(false);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    expect(lockOwner(path)).toBeNull();
    expect(tryFileLock(path)).toBe(true);
  });

  it("withFileLock waits for the holder to release, then runs, and releases even when its work fails", async () => {
    writeFileSync(path, "");
    const order: string[] = [];
    const waiting = withFileLock(path, async () => {
      order.push("ran");
      throw new Error("work failed");
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    order.push("released");
    rmSync(path);
    await expect(waiting).rejects.toThrow("work failed");
    expect(order).toEqual(["released", "ran"]);
    expect(existsSync(path)).toBe(false);
  });

  it("withFileLock gives up after its timeout, naming the holder", async () => {
    expect(tryFileLock(path)).toBe(true);
    await expect(withFileLock(path, async () => "never", 50)).rejects.toThrow(
      `lock ${path} is still held by process ${process.pid}`,
    );
  });
});
