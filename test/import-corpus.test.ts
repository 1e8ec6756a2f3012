/**
 * The malformed-file corpus (test/fixtures/malformed, described in its README): every case of
 * `cases.json` imported over HTTP (`POST /imports/<kind>` on a real server), and the cases
 * marked `cli` through the `rfm import` command as a child process, on SQLite and PostgreSQL.
 * Each checks the outcome the manifest states (written from docs/import.md, not recorded) and
 * the rows stored, counted by SQL. The CLI leg is a subset: a process start costs about a
 * second, and the parsing it exercises is the same code the HTTP leg runs on every case.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "@rfm/api/server";
import { createTestDatabase, FACT_ENGINES, type TestDatabase } from "@rfm/api/testing";
import { REPO_ROOT, runCli } from "@rfm/api/testing/import";
import { createApiToken } from "@rfm/api/tokens";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const DIR = path.join(REPO_ROOT, "test/fixtures/malformed");

interface RejectExpected {
  readonly line: number;
  readonly column: string | null;
  readonly code: string;
}

interface Case {
  readonly file: string;
  readonly kind: "transactions" | "customers";
  readonly options?: {
    readonly delimiter?: string;
    readonly encoding?: string;
    readonly dateFormats?: readonly string[];
    readonly roundAmounts?: string;
  };
  /** Run through the CLI too. */
  readonly cli?: boolean;
  readonly expected:
    | { readonly fileError: string }
    | { readonly stored: number; readonly rejects: readonly RejectExpected[]; readonly cents?: number };
}

const CASES = JSON.parse(readFileSync(path.join(DIR, "cases.json"), "utf8")) as readonly Case[];
const label = (c: Case) => `${c.file}${c.options ? ` ${JSON.stringify(c.options)}` : ""}`;

/** What an import left: its file error, or its rejects (line order) and what is stored. */
interface Outcome {
  readonly fileError?: string;
  readonly rejects?: readonly RejectExpected[];
}

const byLine = (rejects: readonly RejectExpected[]) =>
  [...rejects].sort((a, b) => a.line - b.line || String(a.column).localeCompare(String(b.column)));

/** RFC 4180 rows of the rejects file the CLI writes (fields may hold quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe.each(FACT_ENGINES)("the malformed-file corpus on %s", (provider) => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let token: string;
  let tmp: string;

  beforeAll(async () => {
    test = await createTestDatabase(provider);
    app = await createServer({ db: test.db, warmUp: false });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    token = (await createApiToken(test.db, { name: "corpus", role: "admin" })).token;
    tmp = mkdtempSync(path.join(tmpdir(), "rfm-corpus-"));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await test?.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  // Each case starts from empty tables, so its stored rows are its own.
  beforeEach(async () => {
    const ch = test.db.analytics;
    if (ch) {
      for (const table of ["transactions", "order_keys", "customers", "customer_keys"]) {
        await ch.commandOnEachShard(`TRUNCATE TABLE ${table}_local`);
      }
      return;
    }
    await test.db.raw.execute("DELETE FROM transactions");
    await test.db.raw.execute("DELETE FROM customers");
  });

  async function stored(kind: Case["kind"]): Promise<{ stored: number; cents: number }> {
    const ch = test.db.analytics;
    if (ch) {
      const [row] = await ch.query<{ n: string; cents: string }>(
        kind === "customers"
          ? "SELECT count() AS n, 0 AS cents FROM customers FINAL"
          : "SELECT count() AS n, sum(amount_cents) AS cents FROM transactions FINAL",
      );
      return { stored: Number(row?.n), cents: Number(row?.cents ?? 0) };
    }
    if (kind === "customers") {
      const [row] = await test.db.raw.query<{ n: number }>(`SELECT count(*) AS "n" FROM customers`);
      return { stored: Number(row?.n), cents: 0 };
    }
    const [row] = await test.db.raw.query<{ n: number; cents: number | null }>(
      `SELECT count(*) AS "n", sum(amount_cents) AS "cents" FROM transactions`,
    );
    return { stored: Number(row?.n), cents: Number(row?.cents ?? 0) };
  }

  async function expectOutcome(c: Case, outcome: Outcome): Promise<void> {
    const after = await stored(c.kind);
    if ("fileError" in c.expected) {
      expect(outcome).toEqual({ fileError: c.expected.fileError });
      expect(after.stored).toBe(0);
      return;
    }
    expect(outcome).toEqual({ rejects: byLine(c.expected.rejects) });
    expect(after.stored).toBe(c.expected.stored);
    if (c.expected.cents !== undefined) expect(after.cents).toBe(c.expected.cents);
  }

  async function overHttp(c: Case): Promise<Outcome> {
    const query = new URLSearchParams();
    if (c.file.endsWith(".jsonl")) query.set("format", "jsonl");
    const o = c.options ?? {};
    if (o.delimiter) query.set("delimiter", o.delimiter);
    if (o.encoding) query.set("encoding", o.encoding);
    for (const f of o.dateFormats ?? []) query.append("dateFormat", f);
    if (o.roundAmounts) query.set("roundAmounts", o.roundAmounts);
    const response = await post(`${url}/imports/${c.kind}?${query}`, readFileSync(path.join(DIR, c.file)));
    const body = JSON.parse(response.body) as {
      rejects?: RejectExpected[];
      errors?: { extensions: { code: string; problems?: { code: string }[] } }[];
    };
    if (response.status === 400) {
      expect(body.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
      return { fileError: body.errors?.[0]?.extensions.problems?.[0]?.code ?? "(none)" };
    }
    expect(response.status).toBe(200);
    return {
      rejects: byLine((body.rejects ?? []).map(({ line, column, code }) => ({ line, column, code }))),
    };
  }

  /**
   * POST on a connection of its own (`agent: false`): a refusal answered before the whole body
   * was read (the 2 MB line) must not leave a kept-alive connection for the next case.
   */
  function post(target: string, body: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        target,
        {
          method: "POST",
          agent: false,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (chunk: string) => {
            text += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", reject);
        },
      );
      // The server may answer and close before taking the whole body: that is not a failure here.
      req.on("error", (error) => (error.message.includes("EPIPE") ? undefined : reject(error)));
      req.end(body);
    });
  }

  async function throughCli(c: Case, n: number): Promise<Outcome> {
    const rejectsPath = path.join(tmp, `${n}.rejects.csv`);
    const o = c.options ?? {};
    const args = ["import", c.kind, path.join(DIR, c.file), "--rejects", rejectsPath];
    if (o.delimiter) args.push("--delimiter", o.delimiter);
    if (o.encoding) args.push("--encoding", o.encoding);
    for (const f of o.dateFormats ?? []) args.push("--date-format", f);
    if (o.roundAmounts) args.push("--round-amounts", o.roundAmounts);
    const run = await runCli(args, test);
    if (run.code !== 0) {
      // One problem: `rfm import: CODE: ...`; several: a list of `  - CODE: ...`, the first one's.
      const code = /^rfm import: (?:the file cannot be imported as given:\n {2}- )?([A-Z_]+):/.exec(
        run.stderr,
      )?.[1];
      return { fileError: code ?? `exit ${run.code}: ${run.stderr}` };
    }
    // The summary names the rounding rule when amounts were rounded.
    if (o.roundAmounts)
      expect(run.stdout).toMatch(new RegExp(`amounts rounded\\s+${o.roundAmounts}, to cents`));
    let text = "";
    try {
      text = readFileSync(rejectsPath, "utf8");
    } catch {
      // No rejects file: no rejects.
    }
    const rows = csvRows(text).slice(1);
    return {
      rejects: byLine(
        rows.map(([line, column, code]) => ({
          line: Number(line),
          column: column || null,
          code: code ?? "",
        })),
      ),
    };
  }

  it.each(CASES)("over HTTP: $file", async (c) => {
    await expectOutcome(c, await overHttp(c));
  });

  it.each(CASES.filter((c) => c.cli).map((c, n) => ({ ...c, n, name: label(c) })))(
    "through the CLI: $name",
    async (c) => {
      await expectOutcome(c, await throughCli(c, c.n));
    },
    60_000,
  );
});
