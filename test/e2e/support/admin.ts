/**
 * The real admin for browser tests: `next start` of the production build of apps/admin on a
 * free loopback port, proxying to the API at `apiUrl` (RFM_API_URL, read at start). The build
 * must exist and be newer than the admin's sources: the root test command builds it first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv } from "../../support/env";

export const ADMIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../apps/admin");

export interface AdminHarness {
  readonly url: string;
  close(): Promise<void>;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Fails with the command to run when the admin was not built, or was built before its last edit. */
export function assertAdminBuilt(): void {
  const buildId = join(ADMIN_DIR, ".next", "BUILD_ID");
  if (!existsSync(buildId)) {
    throw new Error("the admin is not built: run `npm run build -w @rfm/admin` (the root `npm test` does)");
  }
  const built = statSync(buildId).mtimeMs;
  if (newestSource(join(ADMIN_DIR, "src")) > built) {
    throw new Error("the admin build is older than its sources: run `npm run build -w @rfm/admin`");
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/sign-in`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not answer within 60 s:\n${output()}`);
}

export async function startAdmin(apiUrl: string): Promise<AdminHarness> {
  assertAdminBuilt();
  const port = await freePort();
  const nextBin = createRequire(join(ADMIN_DIR, "package.json")).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ADMIN_DIR,
    env: childEnv({ RFM_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    // The whole process group: next start may fork workers.
    if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilUp(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, close: stop };
}
