/**
 * What the admin's Import page asks of the API, over real HTTP on SQLite, PostgreSQL and ClickHouse: the
 * preview of a file's start (header, fields, rows parsed or rejected, the date format suggested),
 * the upload as an editor, and the download of every reject, which must be the rejects the
 * importer found (line, column, reason written out by hand here) and speak the page's language:
 * no `--flag` advice anywhere on this surface.
 */

import { FACT_ENGINES } from "@rfm/api/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "../support/api";

/** A hand-made file: one good row, four bad ones. */
const FILE = [
  "order_id,customer_id,occurred_at,amount,email",
  "X1,IMP1,1/3/24,10.00,a@example.com",
  "X2,IMP2,1/13/24,abc,b@example.com",
  "X3,,1/4/24,5,c@example.com",
  "X4,IMP4,2024-13-45,5,",
  "X5,IMP5,1/5/24,1.005,",
  "",
].join("\n");

/** The rejects of FILE with `dateFormat=M/d/yy`, as the rejects file must hold them (reasons worded for the web). */
const REJECTS_CSV = [
  "line,column,code,reason,raw",
  '3,amount,BAD_AMOUNT,"amount ""abc"" is not a number (accepted forms: 1234.56, -12.5, 1,234.56, $12.00)","X2,IMP2,1/13/24,abc,b@example.com"',
  '4,customer_id,MISSING_FIELD,"customer_id is empty (column ""customer_id"")","X3,,1/4/24,5,c@example.com"',
  '5,occurred_at,BAD_DATE,"date ""2024-13-45"" is not a calendar date","X4,IMP4,2024-13-45,5,"',
  '6,amount,BAD_AMOUNT,"amount ""1.005"" has more than two decimals: it is not a number of cents (and ""."" before three digits may be a thousands separator: write 1234 for 1.234); choose the rounding half-even or half-up for such amounts","X5,IMP5,1/5/24,1.005,"',
  "",
].join("\r\n");

/** A CLI flag in a message (`--date-format`, `--map`...); amounts like `--1` are not flags. */
const FLAG = /--[a-z]/;

interface Preview {
  format: string;
  encoding: string;
  delimiter: string | null;
  header: string[];
  fields: { name: string; required: boolean; description: string; column: string | null }[];
  problems: { code: string; message: string }[];
  rows: {
    line: number;
    values: Record<string, unknown> | null;
    reject: {
      column: string | null;
      code: string;
      reason: string;
      hint?: { option: string; values: string[] };
    } | null;
  }[];
  dates: { field: string; column: string | null; suggested: string[] };
}

describe.each(FACT_ENGINES)("the Import page's routes over HTTP on %s", (provider) => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi(provider, { customers: 50 });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  const post = (path: string, body: string | Uint8Array<ArrayBuffer>, token = api.tokens.editor) =>
    fetch(`${api.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body,
    });

  it("previews the file's start: header, the importer's fields and columns, rows parsed, M/d/yy suggested", async () => {
    const bare = await post("/imports/preview?kind=transactions", FILE);
    expect(bare.status).toBe(200);
    const first = (await bare.json()) as Preview;
    expect(first).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: ",", problems: [] });
    expect(first.header).toEqual(["order_id", "customer_id", "occurred_at", "amount", "email"]);
    expect(first.fields.slice(0, 4).map((f) => [f.name, f.required, f.column])).toEqual([
      ["order_id", true, "order_id"],
      ["customer_id", true, "customer_id"],
      ["occurred_at", true, "occurred_at"],
      ["amount", true, "amount"],
    ]);
    expect(first.fields.find((f) => f.name === "email")).toMatchObject({ required: false, column: "email" });
    expect(first.fields.every((f) => f.description !== "" || !["order_id", "amount"].includes(f.name))).toBe(
      true,
    );
    expect(first.dates).toEqual({ field: "occurred_at", column: "occurred_at", suggested: ["M/d/yy"] });
    // Without a date format the US dates are rejected, with the choice to make in the page's words.
    expect(first.rows[0]).toEqual({
      line: 2,
      values: null,
      reject: {
        column: "occurred_at",
        code: "BAD_DATE",
        reason: 'date "1/3/24" is not ISO 8601; choose the date format M/d/yy or d/M/yy',
        hint: { option: "dateFormat", values: ["M/d/yy", "d/M/yy"] },
      },
      raw: "X1,IMP1,1/3/24,10.00,a@example.com",
    });

    const chosen = (await (
      await post("/imports/preview?kind=transactions&dateFormat=M/d/yy", FILE)
    ).json()) as Preview;
    expect(chosen.rows.map((r) => [r.line, r.reject?.code ?? "ok"])).toEqual([
      [2, "ok"],
      [3, "BAD_AMOUNT"],
      [4, "MISSING_FIELD"],
      [5, "BAD_DATE"],
      [6, "BAD_AMOUNT"],
    ]);
    expect(chosen.rows[0]?.values).toMatchObject({
      order_id: "X1",
      customer_id: "IMP1",
      occurred_at: "2024-01-03T00:00:00.000Z",
      amount: 10,
      email: "a@example.com",
    });
    expect(chosen.rows[4]?.reject?.reason).toContain(
      "choose the rounding half-even or half-up for such amounts",
    );
    for (const row of [...first.rows, ...chosen.rows]) expect(row.reject?.reason ?? "").not.toMatch(FLAG);
  });

  it("previews a semicolon Latin-1 file, and names a required field without a column in the page's words", async () => {
    const latin1 = new Uint8Array(Buffer.from("customer_id;name;city\nL1;Zoë;Montréal\n", "latin1"));
    const preview = (await (
      await post("/imports/preview?kind=customers&encoding=auto&delimiter=auto", latin1)
    ).json()) as Preview;
    expect(preview).toMatchObject({
      encoding: "latin1",
      delimiter: ";",
      header: ["customer_id", "name", "city"],
    });
    expect(preview.rows[0]?.values).toMatchObject({ customer_id: "L1", name: "Zoë", city: "Montréal" });

    const missing = (await (
      await post("/imports/preview?kind=transactions", "id,when,total\n1,2024-01-01,3\n")
    ).json()) as Preview;
    expect(missing.rows).toEqual([]);
    expect(missing.problems[0]).toEqual({
      code: "MISSING_COLUMN",
      message:
        'the header has no column for order_id; its columns are "id", "when", "total"; choose the file\'s column for order_id, or choose to derive the ids',
      hint: { option: "map", field: "order_id", values: ["@auto"] },
    });
    for (const p of missing.problems) expect(p.message).not.toMatch(FLAG);
  });

  it("imports as an editor; the rejects download is every reject the importer found, line, column and reason", async () => {
    const response = await post("/imports/transactions?dateFormat=M/d/yy", FILE);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as {
      importId: number;
      rowsRead: number;
      inserted: number;
      alreadyPresent: number;
      rejected: number;
      rejects: { line: number; column: string | null; reason: string }[];
      rejectsUrl: string;
      rejectsStored: number;
    };
    expect(summary).toMatchObject({
      rowsRead: 5,
      inserted: 1,
      alreadyPresent: 0,
      rejected: 4,
      rejectsStored: 4,
    });
    expect(summary.rejectsUrl).toBe(`/imports/${summary.importId}/rejects.csv`);
    for (const r of summary.rejects) expect(r.reason).not.toMatch(FLAG);

    const download = await fetch(`${api.url}${summary.rejectsUrl}`, {
      headers: { authorization: `Bearer ${api.tokens.editor}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="import-${summary.importId}-rejects.csv"`,
    );
    expect(await download.text()).toBe(REJECTS_CSV);

    const stored = await api.sql<{ line: number; column: string | null; code: string }>(
      `SELECT line, "column", code FROM import_rejects WHERE import_id = $1 ORDER BY line`,
      [summary.importId],
    );
    expect(stored.map((r) => [Number(r.line), r.column, r.code])).toEqual([
      [3, "amount", "BAD_AMOUNT"],
      [4, "customer_id", "MISSING_FIELD"],
      [5, "occurred_at", "BAD_DATE"],
      [6, "amount", "BAD_AMOUNT"],
    ]);
  });

  it("keeps every reject for the download, past the 1,000 the answer carries", async () => {
    const bad = Array.from({ length: 1_500 }, (_, i) => `B${i},C${i},2024-01-01,nope`);
    const response = await post(
      "/imports/transactions",
      `order_id,customer_id,occurred_at,amount\n${bad.join("\n")}\n`,
    );
    const summary = (await response.json()) as { rejected: number; rejects: unknown[]; rejectsUrl: string };
    expect([summary.rejected, summary.rejects.length]).toEqual([1_500, 1_000]);
    const text = await (
      await fetch(`${api.url}${summary.rejectsUrl}`, {
        headers: { authorization: `Bearer ${api.tokens.editor}` },
      })
    ).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(1_501);
    expect(lines[1_500]).toBe(
      '1501,amount,BAD_AMOUNT,"amount ""nope"" is not a number (accepted forms: 1234.56, -12.5, 1,234.56, $12.00)","B1499,C1499,2024-01-01,nope"',
    );
  });

  it("keeps a rejected row holding a NUL (refused by PostgreSQL's text) with the NUL shown as ␀", async () => {
    const response = await post("/imports/customers", "customer_id,name\nNUL\u0000ID,Bob\nOK-1,Ann\n");
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { inserted: number; rejected: number; rejectsUrl: string };
    expect([summary.inserted, summary.rejected]).toEqual([1, 1]);
    const text = await (
      await fetch(`${api.url}${summary.rejectsUrl}`, {
        headers: { authorization: `Bearer ${api.tokens.editor}` },
      })
    ).text();
    const [, row] = text.split("\r\n");
    expect(row).toBe(
      '2,customer_id,BAD_TEXT,customer_id holds the control character U+0000 (NUL) at character 4: ids may hold no control characters,"NUL\u2400ID,Bob"',
    );
  });

  it("refuses viewers, and answers 404 for an import that does not exist", async () => {
    const preview = await post("/imports/preview?kind=customers", "customer_id\nC1\n", api.tokens.viewer);
    expect(preview.status).toBe(403);
    const rejects = await fetch(`${api.url}/imports/1/rejects.csv`, {
      headers: { authorization: `Bearer ${api.tokens.viewer}` },
    });
    expect(rejects.status).toBe(403);
    const missing = await fetch(`${api.url}/imports/999999/rejects.csv`, {
      headers: { authorization: `Bearer ${api.tokens.editor}` },
    });
    expect(missing.status).toBe(404);
    const noKind = await post("/imports/preview", "customer_id\nC1\n");
    expect(noKind.status).toBe(400);
  });
});
