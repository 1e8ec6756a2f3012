/**
 * The soak: a real `rfm serve` process on loopback under a realistic mix for `--seconds`
 * (default 10 minutes), against a database that already holds a scored store:
 *
 *   DATABASE_URL=file:/tmp/soak/rfm.db npx rfm demo --customers 2380000
 *   DATABASE_URL=file:/tmp/soak/rfm.db npm run bench:soak -w @rfm/api [-- --seconds 60 --connections 20]
 *
 * `--connections` clients keep one request each in flight (closed loop, keep-alive):
 * `connections - 2` readers draw weighted kinds (the admin's dashboard, segments and mapping
 * pages, audience pages with cursors down to deep pages, customer 360, search, previewMapping)
 * with the admin's own documents; one editor client edits the draft (createSegment,
 * assignCodes, discardDraft) every few seconds; one exporter client downloads a CSV export
 * of a mid-size segment (createExport, then its URL) a few times a minute. A quarter of the
 * way in, one scoring run starts (runScoring) and is polled to its end: the reads' latency
 * while it runs is reported apart. Prints requests, errors by kind (non-2xx, GraphQL
 * `extensions.code`, network), p50/p95/p99 per kind and overall, throughput and the server's
 * peak RSS (VmHWM). A measurement, not a test: loopback only, bounded in time, stops itself.
 *
 * Not autocannon (api.bench.ts): the mix needs a different body per request, cursors taken
 * from the previous answer and the latency attributed to its kind, which autocannon's fixed
 * request lists do not give.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client";
import { childEnv, env } from "../src/env";
import { createApiToken } from "../src/modules/auth/token.service";
import { DOCUMENTS } from "./soak.documents";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "600" },
    connections: { type: "string", default: "20" },
    port: { type: "string", default: "4320" },
    /** When the scoring run starts, as a share of the soak (1 or more: no run). */
    "scoring-at": { type: "string", default: "0.25" },
    "export-every": { type: "string", default: "20" },
    "edit-every": { type: "string", default: "5" },
    "cpu-prof": { type: "string" },
  },
});
const seconds = Number(values.seconds);
const connections = Math.max(3, Number(values.connections));
const port = Number(values.port);
const cli = resolve(import.meta.dirname, "../bin/rfm.mjs");

const db = await openDatabase(env.DATABASE_URL);
const editor = (await createApiToken(db, { name: "soak-editor", role: "editor" })).token;
const admin = (await createApiToken(db, { name: "soak-admin", role: "admin" })).token;
await db.close();

const child = spawn(
  process.execPath,
  [
    ...(values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${values["cpu-prof"]}`] : []),
    cli,
    "serve",
    "--port",
    String(port),
  ],
  { env: childEnv({ HOST: "127.0.0.1" }), stdio: ["ignore", "pipe", "pipe"] },
);
const serverLog: string[] = [];
child.stderr.on("data", (chunk: Buffer) => serverLog.push(chunk.toString()));
// Fastify's log (JSON lines) goes to stdout; keep its failures for the report.
child.stdout.on("data", (chunk: Buffer) => {
  if (chunk.includes('"level":50')) serverLog.push(chunk.toString());
});
await new Promise<void>((done, fail) => {
  child.stdout.on("data", (chunk: Buffer) => {
    if (chunk.toString().includes("RFM API on")) done();
  });
  child.once("exit", (code) => fail(new Error(`server exited with ${code}: ${serverLog.join("")}`)));
});
child.stdout.resume();
const base = `http://127.0.0.1:${port}`;
const agent = new Agent({ keepAlive: true, maxSockets: connections + 2 });

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

interface Answer {
  readonly status: number;
  readonly body: Buffer;
}

function send(method: "GET" | "POST", path: string, token: string | null, body?: string): Promise<Answer> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const req = httpRequest(new URL(path, base), { method, agent, headers, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on("error", fail);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", fail);
    req.end(body);
  });
}

// ---- recording ---------------------------------------------------------------------------

const started = performance.now();
const deadline = started + seconds * 1000;
let scoringWindow: { from: number; to: number } | null = null;
const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
let requests = 0;
/** Requests slower than this during the scoring run are counted per kind (what the run slows). */
const SLOW_MS = 500;
const slowDuringRun = new Map<string, number>();

function push(kind: string, ms: number): void {
  const list = latencies.get(kind);
  if (list) list.push(ms);
  else latencies.set(kind, [ms]);
}

function record(kind: string, ms: number, error: string | null, at: number): void {
  requests++;
  push(kind, ms);
  if (scoringWindow && at >= scoringWindow.from && at <= scoringWindow.to && kind !== "scoringRun (poll)") {
    push("* during the scoring run", ms);
    if (ms > SLOW_MS) slowDuringRun.set(kind, (slowDuringRun.get(kind) ?? 0) + 1);
  }
  if (error) errors.set(`${kind}: ${error}`, (errors.get(`${kind}: ${error}`) ?? 0) + 1);
}

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One GraphQL request, timed and recorded under `kind`; the data, or null on any error. */
async function gql(
  kind: string,
  query: string,
  variables: Record<string, unknown> = {},
  token = editor,
): Promise<Record<string, unknown> | null> {
  const t0 = performance.now();
  let error: string | null = null;
  let data: Record<string, unknown> | null = null;
  try {
    const answer = await send("POST", "/graphql", token, JSON.stringify({ query, variables }));
    const parsed = JSON.parse(answer.body.toString()) as GraphQLAnswer;
    if (answer.status !== 200)
      error = `HTTP ${answer.status} ${parsed.errors?.[0]?.extensions?.code ?? ""}`.trim();
    else if (parsed.errors?.length) error = parsed.errors[0]?.extensions?.code ?? "GraphQL error";
    else data = parsed.data ?? null;
    if (error && errors.size < 200 && !errors.has(`${kind}: ${error}`))
      console.log(`  first ${kind} error: ${parsed.errors?.[0]?.message ?? answer.status}`);
  } catch (failure) {
    error = `network ${(failure as Error).message}`;
  }
  record(kind, performance.now() - t0, error, t0);
  return data;
}

// ---- the store, read once ----------------------------------------------------------------

const sizes = (await gql("warm-up", "{ overview { customersStored } segments { name customerCount } }")) as {
  overview: { customersStored: number };
  segments: { name: string; customerCount: number }[];
} | null;
if (!sizes) throw new Error(`the server does not answer: ${serverLog.join("")}`);
const customers = sizes.overview.customersStored;
const segmentNames = sizes.segments.filter((s) => s.customerCount > 0).map((s) => s.name);
// The export: the segment whose size is nearest a tenth of the store.
const exported = [...sizes.segments].sort(
  (a, b) => Math.abs(a.customerCount - customers / 10) - Math.abs(b.customerCount - customers / 10),
)[0]!;
for (const [, document] of Object.entries(DOCUMENTS))
  if (!document.includes("$")) await gql("warm-up", document);
latencies.delete("warm-up");
errors.clear();
requests = 0;

// Deterministic choices, so two runs send the same mix.
let seed = 0x2545f491;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const customerId = () => `C${String(1 + Math.floor(random() * customers)).padStart(7, "0")}`;

// ---- the readers' mix --------------------------------------------------------------------

interface Reader {
  /** A cursor chain through one segment's customers: the admin's audience table paging on. */
  chain: { segment: string; after: string; depth: number; maxDepth: number } | null;
}

type ReadKind = readonly [name: string, weight: number, run: (reader: Reader) => Promise<unknown>];

const READS: readonly ReadKind[] = [
  ["dashboard headline (overview + segments)", 8, () => gql("dashboard headline", DOCUMENTS.headline)],
  ["dashboard daily", 5, () => gql("dashboard daily", DOCUMENTS.daily, {})],
  ["dashboard area sales", 4, () => gql("dashboard area sales", DOCUMENTS.areaSales)],
  ["dashboard rf grid", 4, () => gql("dashboard rf grid", DOCUMENTS.rfGrid)],
  ["dashboard movement", 3, () => gql("dashboard movement", DOCUMENTS.movement)],
  ["segments page", 10, () => gql("segments page", DOCUMENTS.segmentsPage)],
  ["mapping editor", 2, () => gql("mapping editor", DOCUMENTS.mappingEditor)],
  ["previewMapping", 4, () => gql("previewMapping", DOCUMENTS.preview)],
  ["audience area names", 2, () => gql("audience area names", DOCUMENTS.areaNames)],
  ["segment page", 25, (reader) => segmentPage(reader)],
  ["customer 360", 15, () => gql("customer 360", DOCUMENTS.customer360, { id: customerId() })],
  [
    "customer transactions",
    5,
    () => gql("customer transactions", DOCUMENTS.customerTransactions, { id: customerId(), first: 20 }),
  ],
  ["customers search", 4, () => search()],
];
const totalWeight = READS.reduce((sum, [, w]) => sum + w, 0);

async function segmentPage(reader: Reader): Promise<void> {
  if (!reader.chain || reader.chain.depth >= reader.chain.maxDepth || random() < 0.2) {
    // Mostly shallow browsing; one chain in ten goes deep (hundreds of pages in).
    const maxDepth = random() < 0.1 ? 200 + Math.floor(random() * 300) : 1 + Math.floor(random() * 5);
    reader.chain = { segment: pick(segmentNames), after: "", depth: 0, maxDepth };
  }
  const { chain } = reader;
  const kind =
    chain.depth === 0 ? "segment page 1" : chain.depth < 20 ? "segment page 2-20" : "segment page >20";
  const data = (await gql(kind, DOCUMENTS.audience, {
    segment: chain.segment,
    first: 50,
    ...(chain.after ? { after: chain.after } : {}),
  })) as { segment: { customers: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } | null;
  const info = data?.segment.customers.pageInfo;
  if (!info?.hasNextPage || !info.endCursor) reader.chain = null;
  else {
    chain.after = info.endCursor;
    chain.depth++;
  }
}

async function search(): Promise<void> {
  // What people type: part of an id, a surname, a mail domain.
  const term = pick([
    () => customerId().slice(0, 6),
    () => pick(["rossi", "bianchi", "smith", "garcia", "ferrari", "martin"]),
    () => pick(["@example", "mail.", ".com"]),
  ])();
  await gql("customers search", DOCUMENTS.search, { first: 50, filter: { search: term } });
}

async function reader(): Promise<void> {
  const state: Reader = { chain: null };
  while (performance.now() < deadline) {
    let roll = random() * totalWeight;
    let chosen = READS[0]!;
    for (const kind of READS) {
      chosen = kind;
      roll -= kind[1];
      if (roll < 0) break;
    }
    await chosen[2](state);
  }
}

// ---- the editor, the exporter and the scoring run ------------------------------------------

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function editorLoop(): Promise<void> {
  const everyMs = Number(values["edit-every"]) * 1000;
  let n = 0;
  while (performance.now() + everyMs < deadline) {
    const name = `Soak ${++n}`;
    await gql("draft createSegment", DOCUMENTS.createSegment, { input: { name, color: "#0ea5e9" } });
    const codes = [`${1 + (n % 4)}${1 + ((n >> 2) % 4)}1`, `${1 + (n % 4)}${1 + ((n >> 2) % 4)}2`];
    await gql("draft assignCodes", DOCUMENTS.assignCodes, { codes, segment: name });
    await gql("previewMapping (draft)", DOCUMENTS.preview);
    await gql("draft discardDraft", DOCUMENTS.discardDraft);
    await sleep(everyMs);
  }
}

let exportsDone = 0;
let exportRows = 0;
async function exporterLoop(): Promise<void> {
  const everyMs = Number(values["export-every"]) * 1000;
  await sleep(everyMs / 2);
  while (performance.now() + everyMs < deadline) {
    // Everyone of the segment (ANALYSIS): the load does not depend on the demo's consent.
    const ticket = (await gql("createExport", DOCUMENTS.createExport, {
      input: { segment: exported.name, format: "CSV", purpose: "ANALYSIS" },
    })) as { createExport: { url: string } } | null;
    if (ticket) {
      const t0 = performance.now();
      let error: string | null = null;
      try {
        const answer = await send("GET", ticket.createExport.url, null);
        if (answer.status !== 200) error = `HTTP ${answer.status}`;
        let lines = 0;
        for (const b of answer.body) if (b === 10) lines++;
        exportRows += lines - 1;
        exportsDone++;
      } catch (failure) {
        error = `network ${(failure as Error).message}`;
      }
      record("export download (CSV)", performance.now() - t0, error, t0);
    }
    await sleep(everyMs);
  }
}

let scoringReport = "no scoring run (the soak ended first)";
async function scoringLoop(): Promise<void> {
  const at = Number(values["scoring-at"]);
  if (!(at >= 0 && at < 1)) return;
  await sleep(seconds * 1000 * at);
  const from = performance.now();
  const run = (await gql(
    "runScoring",
    "mutation Soak($input: RunScoringInput!) { runScoring(input: $input) { id status } }",
    { input: { bins: 4 } },
    admin,
  )) as { runScoring: { id: number } } | null;
  if (!run) {
    scoringReport = "runScoring failed (see errors)";
    return;
  }
  scoringWindow = { from, to: Number.POSITIVE_INFINITY };
  let status = "RUNNING";
  let scored = 0;
  while (status === "RUNNING" && performance.now() < deadline + 600_000) {
    await sleep(2000);
    const polled = (await gql(
      "scoringRun (poll)",
      "query SoakRun($id: Int!) { scoringRun(id: $id) { status customersScored } }",
      { id: run.runScoring.id },
      admin,
    )) as { scoringRun: { status: string; customersScored: number } } | null;
    status = polled?.scoringRun.status ?? status;
    scored = polled?.scoringRun.customersScored ?? scored;
  }
  scoringWindow = { from, to: performance.now() };
  scoringReport =
    `run ${run.runScoring.id} ${status.toLowerCase()}: ${scored.toLocaleString("en")} customers in ` +
    `${((scoringWindow.to - from) / 1000).toFixed(1)} s (from ${((from - started) / 1000).toFixed(0)} s into the soak)`;
}

// ---- run, then report --------------------------------------------------------------------

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const rssSamples: number[] = [];
const sampler = setInterval(() => rssSamples.push(peakRssMb(child.pid!)), 30_000);
console.log(
  `Soak on ${env.DATABASE_URL.replace(/\/\/[^@]*@/, "//")}: ${customers.toLocaleString("en")} customers, ` +
    `${seconds} s, ${connections} connections (${connections - 2} readers, 1 editor, 1 exporter of "${exported.name}", ` +
    `${exported.customerCount.toLocaleString("en")} rows)`,
);
try {
  await Promise.all([
    ...Array.from({ length: connections - 2 }, () => reader()),
    editorLoop(),
    exporterLoop(),
    scoringLoop(),
  ]);
} finally {
  clearInterval(sampler);
}
const elapsed = (performance.now() - started) / 1000;
const peak = peakRssMb(child.pid!);
child.kill("SIGTERM");
await new Promise((done) => child.once("exit", done));
agent.destroy();

const all = [...latencies.entries()].filter(([kind]) => !kind.startsWith("*")).flatMap(([, list]) => list);
const row = (label: string, list: number[]) => {
  list.sort((a, b) => a - b);
  return (
    `${label.padEnd(34)} ${String(list.length).padStart(7)}  p50 ${percentile(list, 50).toFixed(0).padStart(6)}  ` +
    `p95 ${percentile(list, 95).toFixed(0).padStart(6)}  p99 ${percentile(list, 99).toFixed(0).padStart(6)}  max ${(list.at(-1) ?? 0).toFixed(0).padStart(6)}`
  );
};
const errorTotal = [...errors.values()].reduce((a, b) => a + b, 0);
console.log(
  `\n${requests.toLocaleString("en")} requests in ${elapsed.toFixed(0)} s = ${(requests / elapsed).toFixed(1)} req/s; ` +
    `errors: ${errorTotal}; server peak RSS (VmHWM) ${peak.toFixed(0)} MB`,
);
console.log(`${"kind".padEnd(34)} ${"count".padStart(7)}  latency in ms`);
for (const [kind, list] of [...latencies.entries()].sort(([a], [b]) => a.localeCompare(b)))
  console.log(row(kind, list));
console.log(row("ALL", all));
console.log(`scoring: ${scoringReport}`);
if (slowDuringRun.size)
  console.log(
    `over ${SLOW_MS} ms during the run: ${[...slowDuringRun].map(([kind, n]) => `${kind} ${n}`).join(", ")}`,
  );
console.log(`exports: ${exportsDone} downloads, ${exportRows.toLocaleString("en")} rows`);
for (const [kind, n] of errors) console.log(`error ${kind}: ${n}`);
const failures = serverLog
  .join("")
  .split("\n")
  .filter((line) => line.includes('"level":50'));
if (failures.length)
  console.log(`server logged ${failures.length} failures; first: ${failures[0]?.slice(0, 600)}`);
if (rssSamples.length) console.log(`VmHWM every 30 s (MB): ${rssSamples.map((m) => m.toFixed(0)).join(" ")}`);
