#!/usr/bin/env node
// `npm run demo`: the product on the embedded SQLite database with demo data, in one command.
//
// 1. `rfm demo`: loads the deterministic demo store into DATABASE_URL (default data/rfm.db)
//    through the importer and scores it (re-running imports nothing new).
// 2. Creates an admin API token for the demo and prints it (only its hash is stored).
// 3. Builds the admin (turbo replays the build from its cache when nothing changed).
// 4. Starts the API (`rfm serve`, port PORT or 4000) and the admin (`next start`, port
//    ADMIN_PORT or 3000, proxying to the API), and stops both on Ctrl-C.
//
// Options: --customers N (demo size), --no-serve (load and score only).
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const serve = !args.includes("--no-serve");
const demoArgs = args.filter((a) => a !== "--no-serve");
const rfm = resolve(root, "apps/api/bin/rfm.mjs");
const apiPort = process.env.PORT ?? "4000";
const adminPort = process.env.ADMIN_PORT ?? "3000";

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result;
}

run(process.execPath, [rfm, "demo", ...demoArgs]);
if (!serve) process.exit(0);

const token = spawnSync(
  process.execPath,
  [rfm, "token", "create", "--role", "admin", "--name", "demo admin", "--quiet"],
  {
    cwd: root,
    encoding: "utf8",
  },
);
if (token.status !== 0) {
  process.stderr.write(token.stderr);
  process.exit(1);
}

process.stdout.write("\nBuilding the admin (cached after the first time)...\n");
run("npx", ["turbo", "run", "build", "--filter=@rfm/admin", "--output-logs=errors-only"]);

const nextBin = createRequire(resolve(root, "apps/admin/package.json")).resolve("next/dist/bin/next");
const children = [
  spawn(process.execPath, [rfm, "serve", "--port", apiPort], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  }),
  // Next's own entry point run by this Node, not through npx: a signal then reaches the server itself.
  spawn(process.execPath, [nextBin, "start", "-p", adminPort], {
    cwd: resolve(root, "apps/admin"),
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, RFM_API_URL: `http://127.0.0.1:${apiPort}` },
  }),
];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
for (const child of children) {
  child.once("exit", (code) => {
    if (code) process.stderr.write(`a server stopped with code ${code}\n`);
    stop();
    process.exitCode = code ?? 0;
  });
}

process.stdout.write(
  `\nThe admin:   http://127.0.0.1:${adminPort}  (sign in with the token below)\n` +
    `The API:     http://127.0.0.1:${apiPort}/graphql\n` +
    `Admin token: ${token.stdout.trim()}\n` +
    "More tokens: npx rfm token create --role viewer|editor|admin --name NAME. Ctrl-C stops both.\n",
);
