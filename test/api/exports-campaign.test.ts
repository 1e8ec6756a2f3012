/**
 * Campaign-ready exports over HTTP (issue 10 §2), on SQLite, PostgreSQL and the ClickHouse
 * cluster: column presets (EMAIL, GOOGLE_ADS, META) row by row against SQL written here (in
 * ClickHouse's form on the cluster), hashes computed here with node:crypto after the platforms'
 * rules (and one literal from `sha256sum`), Excel's byte order mark, the file name, and consent:
 * CAMPAIGN leaves out customers without recorded consent, counted in the trailers, the ticket and
 * the export log; ANALYSIS includes everyone.
 */

import { createHash } from "node:crypto";
import { request } from "node:http";
import { FACT_ENGINES } from "@rfm/api/testing";
import { indexOfCode, type RfmCode } from "@rfm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

interface Download {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  trailers: Record<string, string | undefined>;
  body: Buffer;
}

/** GET with node:http, which (unlike fetch) gives the response's trailers. */
function download(url: string, token?: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          trailers: res.trailers,
          body: Buffer.concat(chunks),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Google's email rule, written here: trimmed, lower-cased, dots removed before @gmail.com/@googlemail.com. */
function googleEmail(email: string | null): string | null {
  if (email === null || !email.includes("@")) return null;
  const e = email.trim().toLowerCase();
  const [local, domain] = e.split("@") as [string, string];
  return domain === "gmail.com" || domain === "googlemail.com" ? `${local.replaceAll(".", "")}@${domain}` : e;
}

/** The demo's North American phones, written here: ten digits after an optional 1, else none. */
function northAmerican(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, "");
  const ten = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(ten) ? `1${ten}` : null;
}

interface Customer {
  id: string;
  email: string | null;
  first: string | null;
  last: string | null;
  phone: string | null;
  consent: number;
  r: number;
  f: number;
  m: number;
}

/** A ClickHouse string literal. */
const lit = (text: string) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

/** The ClickHouse customers columns a test changes, with their types (for a NULL of that type). */
const CLICKHOUSE_TYPES = { email: "String", phone: "String", marketing_consent: "UInt8" } as const;
type Changed = keyof typeof CLICKHOUSE_TYPES;

/** Every column of ClickHouse's customers table, in its order (apps/api/src/db/facts/clickhouse/schema.ts). */
const CLICKHOUSE_CUSTOMER_COLUMNS = [
  "id",
  "external_id",
  "name",
  "first_name",
  "last_name",
  "email",
  "phone",
  "marketing_consent",
  "province",
  "region",
  "city",
  "created_at",
  "imported_at",
  "version",
];

const lines = (body: Buffer) =>
  body
    .toString("utf8")
    .split("\r\n")
    .filter((line) => line !== "");

describe.each(FACT_ENGINES)("campaign exports over HTTP on %s", (engine) => {
  let api: ApiHarness;
  let codes: number[];
  let asOfDay: string;
  /** Champions of the current run in customer-id order, from SQL. */
  let champions: Customer[];

  const readChampions = async () =>
    (
      await api.facts<Customer>(
        `SELECT c.external_id AS "id", c.email AS "email", c.first_name AS "first", c.last_name AS "last",
           c.phone AS "phone", CASE WHEN c.marketing_consent THEN 1 WHEN NOT c.marketing_consent THEN 0 ELSE -1 END AS "consent",
           s.r AS "r", s.f AS "f", s.m AS "m"
         FROM customer_scores s JOIN customers c ON c.id = s.customer_id
         WHERE s.run_id = $1 AND s.code IN (${codes.join(", ")}) ORDER BY s.customer_id`,
        [api.runId],
        // Each shard joins its own customers' latest versions (co-sharded by customer).
        `SELECT external_id AS id, email, first_name AS \`first\`, last_name AS \`last\`, phone,
           ifNull(toInt8(consent_given), -1) AS consent, r, f, m FROM customer_scores
         ANY INNER JOIN (SELECT id AS customer_id, external_id, email, first_name, last_name, phone,
           marketing_consent AS consent_given FROM {db}.customers_local FINAL) USING customer_id
         WHERE run_id = ${Number(api.runId)} AND code IN (${codes.join(", ")}) ORDER BY customer_id`,
      )
    ).map((row) => ({ ...row, consent: Number(row.consent) }));

  /**
   * Changes customers' details as another tool would (`externalId`: one customer, else all): an
   * UPDATE on the SQL engines; on ClickHouse, where a change is a new version of the row, never
   * an ALTER UPDATE (schema.ts, CUSTOMERS), each shard writes a newer version of its matching
   * customers' latest rows.
   */
  async function setCustomers(set: Partial<Record<Changed, string | null>>, externalId?: string) {
    const changed = Object.entries(set) as [Changed, string | null][];
    if (!api.test.db.analytics) {
      const params: unknown[] = changed.map(([, value]) => value);
      if (externalId !== undefined) params.push(externalId);
      await api.test.db.raw.execute(
        `UPDATE customers SET ${changed.map(([column], i) => `${column} = $${i + 1}`).join(", ")}${externalId === undefined ? "" : ` WHERE external_id = $${params.length}`}`,
        params,
      );
      return;
    }
    const values = new Map<string, string>(
      changed.map(([column, value]) => [
        column,
        value === null ? `CAST(NULL AS Nullable(${CLICKHOUSE_TYPES[column]}))` : lit(value),
      ]),
    );
    values.set("version", "version + 1");
    const columns = CLICKHOUSE_CUSTOMER_COLUMNS;
    await api.test.db.analytics.commandOnEachShard(
      `INSERT INTO customers_local (${columns.join(", ")})
       SELECT ${columns.map((column) => values.get(column) ?? column).join(", ")} FROM customers_local FINAL
       ${externalId === undefined ? "" : `WHERE external_id = ${lit(externalId)}`}`,
    );
  }

  beforeAll(async () => {
    api = await startApi(engine);
    const segment = (
      await api.gql<{ segment: { codes: string[] } }>(`{ segment(name: "Champions") { codes } }`)
    ).data!.segment;
    codes = segment.codes.map((c) => indexOfCode(c as RfmCode, 4));
    const run = (
      await api.gql<{ scoringRun: { asOfDay: string } }>(`{ scoringRun(id: ${api.runId}) { asOfDay } }`)
    ).data!.scoringRun;
    asOfDay = run.asOfDay;
    // Three consented Champions made awkward: no email; neither email nor a valid phone; a
    // gmail address with dots and capitals.
    const consented = (await readChampions()).filter((c) => c.consent === 1);
    expect(consented.length).toBeGreaterThan(10);
    const [a, b, c] = consented as [Customer, Customer, Customer];
    await setCustomers({ email: null }, a.id);
    await setCustomers({ email: null, phone: "12" }, b.id);
    await setCustomers({ email: " Te.st.User@GMail.com" }, c.id);
    champions = await readChampions();
    // The changes are what the oracle reads (on ClickHouse: the newer versions won).
    const changedRows = new Map(champions.map((row) => [row.id, row]));
    expect(changedRows.get(a.id)).toMatchObject({ email: null, phone: a.phone });
    expect(changedRows.get(b.id)).toMatchObject({ email: null, phone: "12" });
    expect(changedRows.get(c.id)).toMatchObject({ email: " Te.st.User@GMail.com", phone: c.phone });
  }, 120_000);
  afterAll(async () => api?.close());

  const route = (query: string, format = "csv") =>
    download(`${api.url}/exports/segments/Champions.${format}?${query}`, api.tokens.editor);
  const consented = () => champions.filter((c) => c.consent === 1);
  const withoutConsent = () => champions.filter((c) => c.consent !== 1).length;

  it("exportPresets lists each preset with its header names and a description", async () => {
    const res = await api.gql<{
      exportPresets: { preset: string; columns: string[]; description: string }[];
    }>(`{ exportPresets { preset columns description } }`);
    expect(res.data!.exportPresets.map(({ preset, columns }) => ({ preset, columns }))).toEqual([
      {
        preset: "ALL",
        columns:
          "customer_id,name,email,province,region,city,recency_days,frequency,monetary,r,f,m,code,segment,clv".split(
            ",",
          ),
      },
      {
        preset: "EMAIL",
        columns: ["email", "first_name", "last_name", "segment", "segment_key", "r", "f", "m", "code"],
      },
      { preset: "GOOGLE_ADS", columns: ["Email", "Phone"] },
      { preset: "META", columns: ["email", "phone"] },
    ]);
    const columns = (await api.gql<{ exportColumns: string[] }>(`{ exportColumns }`)).data!.exportColumns;
    expect(columns.slice(-5)).toEqual([
      "first_name",
      "last_name",
      "phone",
      "marketing_consent",
      "segment_key",
    ]);
  });

  it("EMAIL (CAMPAIGN by default): consented customers with an email, row by row as SQL, the rest counted in trailers", async () => {
    const res = await route("preset=EMAIL");
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="champions-email-${asOfDay}.csv"; filename*=UTF-8''champions-email-${asOfDay}.csv`,
    );
    const got = lines(res.body);
    expect(got[0]).toBe("email,first_name,last_name,segment,segment_key,r,f,m,code");
    const want = consented().filter((c) => c.email !== null);
    expect(got.slice(1)).toEqual(
      want.map((c) =>
        [
          // csvCell quotes a value with white space at either end (RFC 4180).
          c.email!.trim() === c.email ? c.email : `"${c.email}"`,
          c.first ?? "",
          c.last ?? "",
          "Champions",
          "champions",
          c.r,
          c.f,
          c.m,
          `${c.r}${c.f}${c.m}`,
        ].join(","),
      ),
    );
    expect(want.length).toBe(consented().length - 2);
    expect(res.trailers).toMatchObject({
      "x-rfm-rows": String(want.length),
      "x-rfm-left-out-no-consent": String(withoutConsent()),
      "x-rfm-left-out-no-identifier": "2",
    });
    expect(withoutConsent()).toBeGreaterThan(0);
  });

  it("GOOGLE_ADS: Email and Phone hashed after Google's normalisation; customers with neither left out", async () => {
    const res = await route("preset=GOOGLE_ADS");
    const got = lines(res.body);
    expect(got[0]).toBe("Email,Phone");
    const want = consented()
      .map((c) => {
        const email = googleEmail(c.email);
        const phone = northAmerican(c.phone);
        return [email === null ? "" : sha256(email), phone === null ? "" : sha256(`+${phone}`)];
      })
      .filter(([email, phone]) => email !== "" || phone !== "")
      .map((cells) => cells.join(","));
    expect(got.slice(1)).toEqual(want);
    // The gmail customer, against a hash from `printf %s testuser@gmail.com | sha256sum`.
    expect(
      got.some((line) =>
        line.startsWith("dae9c7c55697ba170d6b494c458649bd469af525520280d0dcfc98d74d13b17e,"),
      ),
    ).toBe(true);
    expect(res.headers["content-disposition"]).toContain(`filename="champions-google-ads-${asOfDay}.csv"`);
    expect(res.trailers["x-rfm-left-out-no-identifier"]).toBe(String(consented().length - want.length));
  });

  it("META: email lower-cased (dots kept) and phone digits with country code, no +, as JSON lines", async () => {
    const res = await route("preset=META", "jsonl");
    const got = res.body
      .toString("utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const want = consented()
      .map((c) => {
        const email = c.email === null ? null : c.email.trim().toLowerCase();
        const phone = northAmerican(c.phone);
        return { email: email === null ? null : sha256(email), phone: phone === null ? null : sha256(phone) };
      })
      .filter((row) => row.email !== null || row.phone !== null);
    expect(got).toEqual(want);
    expect(got.some((row) => row.email === sha256("te.st.user@gmail.com"))).toBe(true);
  });

  it("ANALYSIS includes every customer of the segment, whatever their consent", async () => {
    const res = await route("purpose=ANALYSIS&columns=customer_id,marketing_consent,phone");
    const got = lines(res.body);
    expect(got[0]).toBe("customer_id,marketing_consent,phone");
    expect(got.slice(1)).toEqual(
      champions.map((c) =>
        [
          c.id,
          c.consent === 1 ? "true" : c.consent === 0 ? "false" : "",
          // A text starting with + is prefixed with ' so a spreadsheet does not run it (export.format.ts).
          c.phone === null ? "" : c.phone.startsWith("+") ? `'${c.phone}` : c.phone,
        ].join(","),
      ),
    );
    expect(res.trailers).toMatchObject({
      "x-rfm-rows": String(champions.length),
      "x-rfm-left-out-no-consent": "0",
    });
  });

  it("excel=true starts the CSV with the UTF-8 byte order mark; Excel with JSON lines, columns with a preset, an unknown preset are 400s", async () => {
    const res = await route("preset=EMAIL&excel=true");
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.body.subarray(3).toString("utf8").split("\r\n")[0]).toBe(
      "email,first_name,last_name,segment,segment_key,r,f,m,code",
    );
    const plain = await route("preset=EMAIL");
    expect(plain.body[0]).toBe("e".charCodeAt(0));
    for (const [query, format, field] of [
      ["excel=true", "jsonl", "excel"],
      ["preset=EMAIL&columns=email", "csv", "columns"],
      ["preset=TIKTOK", "csv", "preset"],
      ["purpose=EVERYONE", "csv", "purpose"],
    ] as const) {
      const bad = await route(query, format);
      expect(bad.status, query).toBe(400);
      expect(JSON.parse(bad.body.toString()).errors[0].extensions.field, query).toBe(field);
    }
  });

  it("createExport: preset, Excel and purpose in the input; file name, counts and summary in the ticket; the log keeps them", async () => {
    const res = await api.gql<{
      createExport: {
        export: {
          url: string;
          fileName: string;
          rows: number;
          columns: string[];
          preset: string;
          purpose: string;
          excel: boolean;
          leftOutNoConsent: number;
          leftOutConsentNotRecorded: number;
          summary: string;
        };
        userErrors: unknown[];
      };
    }>(
      `mutation { createExport(input: { segment: "Champions", preset: EMAIL, excel: true }) {
         export { url fileName rows columns preset purpose excel leftOutNoConsent leftOutConsentNotRecorded summary }
         userErrors { field code message } } }`,
      {},
      api.tokens.editor,
    );
    expect(res.data!.createExport.userErrors).toEqual([]);
    const ticket = res.data!.createExport.export;
    const notRecorded = champions.filter((c) => c.consent === -1).length;
    const optedOut = champions.filter((c) => c.consent === 0).length;
    expect(ticket).toMatchObject({
      fileName: `champions-email-${asOfDay}.csv`,
      rows: consented().length,
      preset: "EMAIL",
      purpose: "CAMPAIGN",
      excel: true,
      leftOutNoConsent: notRecorded + optedOut,
      leftOutConsentNotRecorded: notRecorded,
    });
    if (notRecorded > 0) {
      expect(ticket.summary).toContain(
        `${notRecorded.toLocaleString("en")} left out: no marketing consent recorded`,
      );
    }
    expect(ticket.summary).toContain("choose Analysis");
    const file = await download(`${api.url}${ticket.url}`);
    expect(file.status).toBe(200);
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.headers["content-disposition"]).toContain(`filename*=UTF-8''champions-email-${asOfDay}.csv`);
    expect(lines(file.body)).toHaveLength(consented().length - 2 + 1);
    const log = await api.gql<{
      exports: {
        edges: {
          node: {
            rows: number;
            preset: string;
            purpose: string;
            leftOutNoConsent: number;
            leftOutNoIdentifier: number;
          };
        }[];
      };
    }>(
      `{ exports(first: 1) { edges { node { rows preset purpose leftOutNoConsent leftOutNoIdentifier } } } }`,
    );
    expect(log.data!.exports.edges[0]!.node).toEqual({
      rows: consented().length - 2,
      preset: "EMAIL",
      purpose: "CAMPAIGN",
      leftOutNoConsent: notRecorded + optedOut,
      leftOutNoIdentifier: 2,
    });
  });

  it("a store that never recorded consent gets an empty campaign file, and the ticket says why and what to do", async () => {
    await setCustomers({ marketing_consent: null });
    expect(
      (await readChampions()).map((c) => c.consent),
      "no consent recorded any more",
    ).toEqual(champions.map(() => -1));
    const res = await api.gql<{
      createExport: { export: { rows: number; leftOutNoConsent: number; summary: string } };
    }>(
      `mutation { createExport(input: { segment: "Champions" }) { export { rows leftOutNoConsent summary } } }`,
      {},
      api.tokens.editor,
    );
    const n = champions.length.toLocaleString("en");
    expect(res.data!.createExport.export).toEqual({
      rows: 0,
      leftOutNoConsent: champions.length,
      summary: `${n} left out: no marketing consent recorded; choose Analysis to include customers without consent`,
    });
    const file = await route("");
    expect(lines(file.body)).toHaveLength(1);
    expect(file.trailers["x-rfm-left-out-no-consent"]).toBe(String(champions.length));
  });
});
