import { Writable } from "node:stream";
import { DAY_MS, indexOfCode, type MappingDefinition, type RfmCode } from "@rfm/core";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { CODE_INDEX_SHARE, factsStoreOf } from "../../db/facts";
import { FACT_ENGINES, factsQuery, useTestDatabase } from "../../db/testing";
import { runScoring } from "../scoring/scoring.service";
import { AS_OF, handMadeStore, publishMapping, seedStore, type TestStore } from "../scoring/test-store";
import { segmentTable } from "../segment/segment.service";
import { DEFAULT_EXPORT_COLUMNS } from "./export.format";
import { exportAudience } from "./export.service";

const EVERYONE: MappingDefinition = {
  bins: 4,
  segments: [
    { name: "Everyone", description: "All codes.", action: "-", color: "#15803d", rules: [{}] },
    { name: "Nobody", description: "No code.", action: "-", color: "#be185d", codes: [] },
  ],
};

interface DbRow {
  externalId: string;
  name: string | null;
  email: string | null;
  province: string | null;
  region: string | null;
  city: string | null;
  recencyDays: number;
  frequency: number;
  monetaryCents: number;
  r: number;
  f: number;
  m: number;
  code: number;
  clv: number | null;
}

/**
 * The segment's customers straight from the tables, in customer-id order (on ClickHouse each
 * shard joins its scores with the latest version of its own customers; cents as a double, not
 * the string JSON gives a 64-bit integer).
 */
async function segmentRows(db: Database, runId: number, codes: readonly RfmCode[]): Promise<DbRow[]> {
  const indexes = codes.map((c) => indexOfCode(c, 4));
  return factsQuery<DbRow>(db, {
    sql: `SELECT c.external_id AS "externalId", c.name AS "name", c.email AS "email", c.province AS "province",
       c.region AS "region", c.city AS "city", s.recency_days AS "recencyDays", s.frequency AS "frequency",
       s.monetary_cents AS "monetaryCents", s.r AS "r", s.f AS "f", s.m AS "m", s.code AS "code", s.clv AS "clv"
     FROM customer_scores s JOIN customers c ON c.id = s.customer_id
     WHERE s.run_id = $1 AND s.code IN (${indexes.join(", ")}) ORDER BY s.customer_id`,
    params: [runId],
    clickhouse: `SELECT external_id AS externalId, name, email, province, region, city, recency_days AS recencyDays,
       frequency, toFloat64(monetary_cents) AS monetaryCents, r, f, m, code, clv
     FROM customer_scores
     ANY INNER JOIN (SELECT id AS customer_id, external_id, name, email, province, region, city
       FROM {db}.customers_local FINAL) USING customer_id
     WHERE run_id = ${runId} AND code IN (${indexes.join(", ")}) ORDER BY customer_id`,
  });
}

/** CLV to the cent, half away from zero. */
const clvCents = (clv: number) => Math.sign(clv) * Math.round(Math.abs(clv) * 100);

/** A collecting sink. */
function collector(): { sink: (chunk: string) => void; text: () => string } {
  const parts: string[] = [];
  return { sink: (chunk) => void parts.push(chunk), text: () => parts.join("") };
}

describe.each(FACT_ENGINES)("audience export on %s", (engine) => {
  const t = useTestDatabase(engine);

  async function scoredStore(store: TestStore = handMadeStore(9)) {
    await seedStore(t.db, store);
    await runScoring({ db: t.db, asOf: AS_OF, clv: "historic" });
    return segmentTable(t.db);
  }

  it("writes, as CSV and as JSON lines, exactly the segment's rows of the current run, row by row, and logs each export", async () => {
    const table = await scoredStore();
    const largest = [...table.stats.segments].sort((a, b) => b.customers - a.customers)[0]!;
    expect(largest.customers).toBeGreaterThan(5);
    const want = await segmentRows(t.db, table.run.id, largest.codes);
    expect(want).toHaveLength(largest.customers);

    const csv = collector();
    const result = await exportAudience({
      db: t.db,
      segment: largest.name.toUpperCase(),
      format: "csv",
      purpose: "ANALYSIS",
      write: csv.sink,
      batchSize: 7,
    });
    expect(result).toMatchObject({
      rows: want.length,
      segment: largest.name,
      runId: table.run.id,
      mappingVersion: 1,
      format: "csv",
      purpose: "ANALYSIS",
    });
    const records = parse(csv.text(), { record_delimiter: "\r\n" }) as string[][];
    expect(records[0]).toEqual([...DEFAULT_EXPORT_COLUMNS]);
    expect(records.slice(1)).toEqual(
      want.map((row) => [
        row.externalId,
        row.name ?? "",
        row.email ?? "",
        row.province ?? "",
        row.region ?? "",
        row.city ?? "",
        String(row.recencyDays),
        String(row.frequency),
        (row.monetaryCents / 100).toFixed(2),
        String(row.r),
        String(row.f),
        String(row.m),
        `${row.r}${row.f}${row.m}`,
        largest.name,
        row.clv === null ? "" : (clvCents(row.clv) / 100).toFixed(2),
      ]),
    );

    const jsonl = collector();
    await exportAudience({
      db: t.db,
      segment: largest.name,
      format: "jsonl",
      purpose: "ANALYSIS",
      write: jsonl.sink,
      batchSize: 5,
    });
    const lines = jsonl.text().trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual(
      want.map((row) => ({
        customer_id: row.externalId,
        name: row.name,
        email: row.email,
        province: row.province,
        region: row.region,
        city: row.city,
        recency_days: row.recencyDays,
        frequency: row.frequency,
        monetary: row.monetaryCents / 100,
        r: row.r,
        f: row.f,
        m: row.m,
        code: `${row.r}${row.f}${row.m}`,
        segment: largest.name,
        clv: row.clv === null ? null : clvCents(row.clv) / 100,
      })),
    );

    const log = await t.db.prisma.exportLog.findMany({ orderBy: { id: "asc" } });
    expect(log.map((l) => [l.segment, l.mappingVersion, l.runId, l.format, l.rows, l.tokenId])).toEqual([
      [largest.name, 1, table.run.id, "csv", want.length, null],
      [largest.name, 1, table.run.id, "jsonl", want.length, null],
    ]);
  });

  it("reads a segment the same way whether its codes are read through their index (a small segment) or by walking the run", async () => {
    const table = await scoredStore();
    for (const segment of table.stats.segments.filter((s) => s.customers > 0)) {
      const codes = segment.codes.map((c) => indexOfCode(c, 4));
      const read = async (share: number) => {
        const rows: { id: number; code: number }[] = [];
        for await (const batch of factsStoreOf(t.db).audiences.read({
          runId: table.run.id,
          codes,
          share,
          batchSize: 3,
        })) {
          rows.push(...batch.map((r) => ({ id: r.id, code: r.code })));
        }
        return rows;
      };
      const walked = await read(1);
      expect(walked).toHaveLength(segment.customers);
      expect(walked.map((r) => r.id)).toEqual([...walked.map((r) => r.id)].sort((a, b) => a - b));
      expect(await read(CODE_INDEX_SHARE / 2)).toEqual(walked);
    }
  });

  it("quotes CSV cells per RFC 4180 and neutralises text that a spreadsheet would run as a formula, leaving negative numbers alone", async () => {
    const names = [
      '=HYPERLINK("http://evil.example/?a=1","click")',
      "-cmd",
      "+SUM(A1)",
      "@import",
      "\tTabbed",
      'Smith, "Bob"',
      "Line one\nLine two",
      "Plain Name",
    ];
    const store: TestStore = {
      customers: names.map((name, i) => ({
        id: i === 1 ? "-42" : `N${i}`,
        name,
        // A backslash and a literal \N: PostgreSQL's COPY text escapes must be decoded, not taken for null.
        city: i === 0 ? "=1+1" : i === 7 ? "Back\\slash \\N" : "Ottawa",
      })),
      orders: names.flatMap((_, i) => {
        const id = i === 1 ? "-42" : `N${i}`;
        const orders = [
          { customer: id, order: `o${i}`, at: AS_OF - (i + 1) * DAY_MS, cents: 1000 + i * 100 },
        ];
        // N2 ends with negative net spend: one purchase of $12.00, a refund of $26.00.
        if (i === 2) orders.push({ customer: id, order: "refund", at: AS_OF - DAY_MS / 2, cents: -2600 });
        return orders;
      }),
    };
    await scoredStore(store);
    await publishMapping(t.db, EVERYONE);
    const csv = collector();
    const result = await exportAudience({
      db: t.db,
      segment: "Everyone",
      format: "csv",
      purpose: "ANALYSIS",
      columns: ["customer_id", "name", "city", "monetary", "recency_days"],
      write: csv.sink,
    });
    expect(result.rows).toBe(names.length);
    const text = csv.text();
    // Customer i bought at the first instant of the (i+1)th day before AS_OF: the ith day before
    // the last day counted, recency i.
    expect(text).toContain(`N0,"'=HYPERLINK(""http://evil.example/?a=1"",""click"")",'=1+1,10.00,0\r\n`);
    expect(text).toContain("'-42,'-cmd,Ottawa,11.00,1\r\n");
    expect(text).toContain("N2,'+SUM(A1),Ottawa,-14.00,2\r\n");
    expect(text).toContain("N3,'@import,Ottawa,");
    expect(text).toContain("N4,'\tTabbed,Ottawa,");
    expect(text).toContain('N5,"Smith, ""Bob""",Ottawa,');
    expect(text).toContain('N6,"Line one\nLine two",Ottawa,');
    expect(text).toContain("N7,Plain Name,Back\\slash \\N,17.00,7\r\n");
    const records = parse(text, { record_delimiter: "\r\n" }) as string[][];
    expect(records.slice(1).map((r) => r[1])).toEqual([
      `'${names[0]}`,
      `'${names[1]}`,
      `'${names[2]}`,
      `'${names[3]}`,
      `'${names[4]}`,
      names[5],
      names[6],
      names[7],
    ]);
    // JSON lines keep the values as they are.
    const jsonl = collector();
    await exportAudience({
      db: t.db,
      segment: "everyone",
      format: "jsonl",
      purpose: "ANALYSIS",
      columns: ["name", "monetary"],
      write: jsonl.sink,
    });
    expect(JSON.parse(jsonl.text().split("\n")[0]!)).toEqual({ name: names[0], monetary: 10 });
    expect(JSON.parse(jsonl.text().split("\n")[2]!)).toEqual({ name: names[2], monetary: -14 });
  });

  it("refuses an unknown segment naming the mapping's segments, and an unknown column naming the columns", async () => {
    await scoredStore();
    await publishMapping(t.db, EVERYONE);
    const sink = collector();
    await expect(
      exportAudience({ db: t.db, segment: "VIP", format: "csv", purpose: "ANALYSIS", write: sink.sink }),
    ).rejects.toMatchObject({
      code: "SEGMENT_NOT_FOUND",
      message: expect.stringContaining("are: Everyone, Nobody"),
    });
    await expect(
      exportAudience({
        db: t.db,
        segment: "Everyone",
        format: "csv",
        purpose: "ANALYSIS",
        columns: ["name", "fax"],
        write: sink.sink,
      }),
    ).rejects.toMatchObject({
      code: "UNKNOWN_COLUMN",
      message: expect.stringContaining("unknown column fax"),
    });
    expect(sink.text()).toBe("");
    expect(await t.db.prisma.exportLog.count()).toBe(0);

    // An empty segment exports the header only, and is logged.
    const empty = collector();
    expect(
      (
        await exportAudience({
          db: t.db,
          segment: "Nobody",
          format: "csv",
          purpose: "ANALYSIS",
          write: empty.sink,
        })
      ).rows,
    ).toBe(0);
    expect(empty.text()).toBe(`${DEFAULT_EXPORT_COLUMNS.join(",")}\r\n`);
    expect(await t.db.prisma.exportLog.count()).toBe(1);
  });

  it("streams into a slow Node writable, waiting for it to drain", async () => {
    const table = await scoredStore();
    await publishMapping(t.db, EVERYONE);
    const chunks: string[] = [];
    let waits = 0;
    const slow = new Writable({
      highWaterMark: 64,
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        chunks.push(chunk);
        setTimeout(callback, 1);
      },
    });
    slow.on("drain", () => waits++);
    const result = await exportAudience({
      db: t.db,
      segment: "Everyone",
      format: "jsonl",
      purpose: "ANALYSIS",
      write: slow,
      batchSize: 10,
    });
    expect(result.rows).toBe(table.run.customersScored);
    expect(waits).toBeGreaterThan(0);
    expect(chunks.join("").trimEnd().split("\n")).toHaveLength(result.rows);
  });

  it("says to run `rfm score` first when there is no complete run", async () => {
    await expect(
      exportAudience({
        db: t.db,
        segment: "Champions",
        format: "csv",
        purpose: "ANALYSIS",
        write: () => undefined,
      }),
    ).rejects.toThrow(/run `rfm score` first/);
  });
});
