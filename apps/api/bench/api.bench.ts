/**
 * The API benchmark: a real `rfm serve` process on loopback, loaded by autocannon from this
 * process, against a database that already holds a scored store (for the issue's figures:
 * `DATABASE_URL=file:/tmp/big/rfm.db npx rfm demo --customers 2380000` first).
 *
 *   DATABASE_URL=... npm run bench:api -w @rfm/api [-- --seconds 15 --connections 10]
 *
 * Prints p50/p95/p99 latency and requests per second for the Champions page and for
 * `segments`; the storefront lookups (`customersByIds` with 50 random ids, 5 of them unknown,
 * at one connection and at `--connections`; `customer(id:) { segment { key name } }` with a
 * random id per request); `searchCustomers` over a mix of ids, id prefixes, name starts and
 * email parts (bench/search-mix.ts), per kind of text and all together, with the audience search
 * and the Champions sorted by name and by CLV; then the time, rows per second and peak memory (the server
 * process's VmHWM, in a fresh server) of exporting every Champion as CSV, and of the filtered
 * audience Ontario Champions (`?province=ON`), both for analysis (everyone). `--only
 * lookups,segments` runs some of them (`--only search`: the search cases). A measurement, not a test.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { openDatabase } from "../src/db/client";
import { childEnv, env } from "../src/env";
import { createApiToken } from "../src/modules/auth/token.service";
import { searchMix } from "./search-mix";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "10" },
    port: { type: "string", default: "4310" },
    only: { type: "string", default: "champions,segments,lookups,search,export" },
  },
});
const only = new Set(values.only.split(",").map((part) => part.trim()));
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const cli = resolve(import.meta.dirname, "../bin/rfm.mjs");

const db = await openDatabase(env.DATABASE_URL);
const { token } = await createApiToken(db, { name: "bench", role: "editor" });
// Store ids to look up: 20,000 customers picked at random over the whole table (by internal id).
const [{ maxId } = { maxId: 0 }] = await db.raw.query<{ maxId: number }>(
  'SELECT max(id) AS "maxId" FROM customers',
);
const sampleIds = new Set<number>();
const random = mulberry32(11);
while (sampleIds.size < Math.min(20_000, Number(maxId)))
  sampleIds.add(1 + Math.floor(random() * Number(maxId)));
const storeIds: string[] = [];
const idList = [...sampleIds];
for (let i = 0; i < idList.length; i += 500) {
  const chunk = idList.slice(i, i + 500);
  const rows = await db.raw.query<{ id: string }>(
    `SELECT external_id AS "id" FROM customers WHERE id IN (${chunk.map((_, j) => `$${j + 1}`).join(", ")})`,
    chunk,
  );
  storeIds.push(...rows.map((row) => row.id));
}
// Texts for the search benchmark, from 2,000 of the sampled customers (bench/search-mix.ts).
const searchTexts = only.has("search") ? await searchMix(db, idList.slice(0, 2_000), mulberry32(12)) : [];
await db.close();

/** A small seeded generator, so two runs look up the same customers. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 45 known store ids and 5 unknown ones, shuffled: a storefront's batch with new customers in it. */
function lookupBatch(): string[] {
  const ids = Array.from({ length: 45 }, () => storeIds[Math.floor(random() * storeIds.length)]!);
  for (let i = 0; i < 5; i++)
    ids.splice(Math.floor(random() * ids.length), 0, `UNKNOWN-${Math.floor(random() * 1e9)}`);
  return ids;
}

interface Server {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

async function startServer(port: number): Promise<Server> {
  const child = spawn(process.execPath, [cli, "serve", "--port", String(port)], {
    env: childEnv(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((done, fail) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("RFM API on")) done();
    });
    child.once("exit", (code) => fail(new Error(`server exited with ${code}`)));
  });
  child.stdout.resume();
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((done) => child.once("exit", done));
    },
  };
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function load(
  server: Server,
  label: string,
  query: string,
  options: { variables?: () => Record<string, unknown>; connections?: number } = {},
): Promise<void> {
  const body = JSON.stringify({ query });
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const clients = options.connections ?? connections;
  const variables = options.variables;
  // A fresh body per request when the variables change (random ids), else the same body.
  const requests = variables
    ? [
        {
          setupRequest: (request: object) => ({
            ...request,
            body: JSON.stringify({ query, variables: variables() }),
          }),
        },
      ]
    : undefined;
  const base = {
    url: `${server.url}/graphql`,
    method: "POST" as const,
    headers,
    body,
    connections: clients,
    requests,
  };
  // One request first: a GraphQL error is HTTP 200, so check that the document is answered.
  const probe = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables: variables?.() }),
  });
  const answer = (await probe.json()) as { errors?: { message: string }[] };
  if (answer.errors) throw new Error(`${label}: ${answer.errors.map((e) => e.message).join("; ")}`);
  // Warm-up: JIT, caches, the database's pages.
  await autocannon({ ...base, duration: 3 });
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ ...base, duration: seconds }, (error, outcome) =>
      error ? fail(error) : done(outcome),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status !== 200) errors++;
    });
  });
  latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${result.requests.total} requests in ${seconds} s = ${(result.requests.total / seconds).toFixed(0)} req/s, ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms (${clients} connections; non-200: ${errors + result.non2xx})`,
  );
}

const port = Number(values.port);
console.log(`API benchmark on ${env.DATABASE_URL.replace(/\/\/[^@]*@/, "//")}`);
const server = await startServer(port);
try {
  const check = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `{ overview { customersScored transactionsStored } segment(name: "Champions") { customerCount } }`,
    }),
  });
  console.log(`data: ${JSON.stringify(((await check.json()) as { data: unknown }).data)}`);
  console.log(`load average: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
  if (only.has("champions"))
    await load(
      server,
      'segment(name: "Champions") { customers(first: 50) }',
      `{ segment(name: "Champions") { name customerCount customers(first: 50) { totalCount pageInfo { endCursor hasNextPage }
       edges { cursor node { id externalId name email province region score { recencyDays frequency monetary { amount currencyCode } r f m code clv { amount } } } } } } }`,
    );
  if (only.has("segments"))
    await load(
      server,
      "segments",
      `{ segments { name description action color codes customerCount customerShare revenue revenueShare avgRecencyDays avgFrequency avgMonetary avgClv } }`,
    );
  if (only.has("lookups")) {
    // `Segment.key` comes with stable segment identities; without it the lookup asks for the name only.
    const introspect = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ __type(name: "Segment") { fields { name } } }` }),
    });
    const fields = ((await introspect.json()) as { data: { __type: { fields: { name: string }[] } } }).data
      .__type.fields;
    const segmentFields = fields.some((f) => f.name === "key") ? "key name" : "name";
    const batch = `query($ids: [ID!]!) { customersByIds(ids: $ids) { externalId segment { ${segmentFields} } score { code } } }`;
    console.log(
      `lookups over ${storeIds.length.toLocaleString("en")} sampled store ids; load average ${readFileSync("/proc/loadavg", "utf8").trim()}`,
    );
    await load(server, "customersByIds(50 ids, 5 unknown)", batch, {
      variables: () => ({ ids: lookupBatch() }),
      connections: 1,
    });
    await load(server, "customersByIds(50 ids, 5 unknown)", batch, {
      variables: () => ({ ids: lookupBatch() }),
    });
    await load(
      server,
      `customer(id) { segment { ${segmentFields} } }`,
      `query($id: ID!) { customer(id: $id) { segment { ${segmentFields} } } }`,
      { variables: () => ({ id: storeIds[Math.floor(random() * storeIds.length)] }) },
    );
  }
  if (only.has("search")) {
    console.log(
      `search over ${searchTexts.length.toLocaleString("en")} texts; load average ${readFileSync("/proc/loadavg", "utf8").trim()}`,
    );
    const search = `query($q: String!) { searchCustomers(query: $q, first: 10) { match field
      customer { externalId name email segment { name } } } }`;
    let next = 0;
    const text = () => searchTexts[next++ % searchTexts.length]!.text;
    await load(server, "searchCustomers(first: 10), the whole mix", search, {
      variables: () => ({ q: text() }),
      connections: 1,
    });
    await load(server, "searchCustomers(first: 10), the whole mix", search, {
      variables: () => ({ q: text() }),
    });
    for (const kind of ["id", "id prefix", "name start", "last name start", "email part", "short"] as const) {
      const ofKind = searchTexts.filter((t) => t.kind === kind);
      let i = 0;
      await load(server, `searchCustomers, ${kind} ("${ofKind[0]?.text}", ...)`, search, {
        variables: () => ({ q: ofKind[i++ % ofKind.length]!.text }),
        connections: 1,
      });
    }
    const fragments = searchTexts.filter((t) => t.kind === "email part");
    let f = 0;
    const page = `edges { node { externalId name score { clv { amount } } } }`;
    await load(
      server,
      'customers(first: 50, filter: { segment: "Champions", search: <email part> }) with totalCount',
      `query($s: String) { customers(first: 50, filter: { segment: "Champions", search: $s }) { totalCount ${page} } }`,
      { variables: () => ({ s: fragments[f++ % fragments.length]!.text }), connections: 1 },
    );
    for (const field of ["NAME", "CLV"] as const) {
      await load(
        server,
        `Champions sorted by ${field} (first: 50)`,
        `{ customers(first: 50, filter: { segment: "Champions" }, orderBy: { field: ${field}, direction: ${field === "NAME" ? "ASC" : "DESC"} }) { ${page} } }`,
        { connections: 1 },
      );
    }
  }
} finally {
  await server.stop();
}

// Export in a fresh server, so its peak memory is the export's.
if (!only.has("export")) process.exit(0);
const exporter = await startServer(port + 1);
try {
  // Let the start-up warm-up (the dashboard's scan of every transaction) finish first: the
  // figure is the export's, not the export's plus a concurrent scan.
  await fetch(`${exporter.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ overview { transactionsStored } }" }),
  });
  const baseline = peakRssMb(exporter.pid);
  // The whole segment, then a filtered audience (issue 10: >= 200k rows/s at 2.38M customers):
  // the filter is compiled into the same cursor walk (modules/audience).
  for (const [label, path] of [
    ["Champions", "/exports/segments/Champions.csv?purpose=ANALYSIS"],
    ["Ontario Champions (filtered)", "/exports/segments/champions.csv?province=ON&purpose=ANALYSIS"],
  ] as const) {
    const started = performance.now();
    const response = await fetch(`${exporter.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    let bytes = 0;
    let rows = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (const b of chunk) if (b === 10) rows++;
    }
    const secondsTaken = (performance.now() - started) / 1000;
    rows -= 1; // header
    console.log(
      `export ${label} CSV: ${rows.toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(1)} MB in ${secondsTaken.toFixed(2)} s = ` +
        `${Math.round(rows / secondsTaken).toLocaleString("en")} rows/s; server peak RSS ${peakRssMb(exporter.pid).toFixed(0)} MB ` +
        `(${baseline.toFixed(0)} MB before the exports)`,
    );
  }
} finally {
  await exporter.stop();
}
