/**
 * Vitest global setup: the ClickHouse suites (the facts store's third engine) need the local
 * two-shard cluster (`npm run clickhouse:local`). If it is not running, start it from Debian's
 * `clickhouse-server` in a throwaway folder and stop it when the run ends; if the package is
 * missing, stop at once naming the command that installs it, rather than failing hundreds of
 * tests one by one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { childEnv } from "./env";

const script = resolve(import.meta.dirname, "../../scripts/clickhouse-local.sh");

function run(args: string[], env: NodeJS.ProcessEnv = childEnv()): boolean {
  try {
    execFileSync("bash", [script, ...args], { env, stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

export default function setup(): (() => void) | undefined {
  if (run(["status"])) return undefined;
  if (!existsSync("/usr/bin/clickhouse-server") && !existsSync("/usr/sbin/clickhouse-server")) {
    throw new Error(
      "The ClickHouse test cluster is not running and clickhouse-server is not installed: " +
        "apt-get install -y clickhouse-server clickhouse-client, then npm test again (or npm run clickhouse:local)",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "rfm-clickhouse-test-"));
  const env = childEnv({ RFM_CLICKHOUSE_DIR: dir });
  try {
    execFileSync("bash", [script, "start"], { env, stdio: "inherit" });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return () => {
    run(["stop"], env);
    rmSync(dir, { recursive: true, force: true });
  };
}
