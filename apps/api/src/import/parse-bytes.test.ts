import { describe, expect, it } from "vitest";
import { parseTransactions } from "./parse";
import { chunks, collectTransactions, HEADER, importError, parse } from "./test-helpers";

describe("parseTransactions: bytes", () => {
  const lines = [
    `${HEADER},name`,
    'A,C,2022-01-01,1,"Dupont, ""Zoë"""',
    "B,C,2022-01-02,2,",
    'C,C,2022-01-03,3,"a',
    'b"',
  ];

  it("gives identical results for LF, CRLF and old-Mac CR line endings, at any chunk size", async () => {
    const results = [];
    for (const eol of ["\n", "\r\n", "\r"]) {
      for (const size of [1, 3, 64 * 1024]) {
        const out = await parse(lines.join(eol) + eol, {}, size);
        results.push({ rows: out.rows, rejects: out.rejects, rowsRead: out.rowsRead });
      }
    }
    expect(results[0]?.rows.map((r) => r.name)).toEqual(['Dupont, "Zoë"', null, "a\nb"]);
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it("drops a UTF-8 byte order mark, from bytes or from text", async () => {
    const withBom = `\uFEFF${HEADER}\nA,C,2022-01-01,1\n`;
    for (const out of [
      await parse(withBom, {}, 1),
      await collectTransactions(
        parseTransactions(
          (async function* () {
            yield withBom;
          })(),
        ),
      ),
    ]) {
      expect(out.rows.map((r) => r.orderId)).toEqual(["A"]);
    }
  });

  it("decodes Latin-1 (as Windows-1252) and Mac Roman", async () => {
    const latin1 = Uint8Array.from([
      ...Buffer.from(`${HEADER},name\nA,C,2022-01-01,1,Z`),
      0xf6,
      0xe9,
      0x99,
      0x0a,
    ]);
    expect((await parse(latin1, { encoding: "latin1" }, 3)).rows[0]?.name).toBe("Zöé™");
    const mac = Uint8Array.from([...Buffer.from(`${HEADER},name\rA,C,2022-01-01,1,Franz`), 0x9a, 0x73, 0x0d]);
    expect((await parse(mac, { encoding: "macintosh" }, 3)).rows[0]?.name).toBe("Französ");
  });

  it("rejects a row whose used value has bytes that are not UTF-8, with an encoding hint; other rows import", async () => {
    const bytes = Uint8Array.from([
      ...Buffer.from(`${HEADER},name,note\nA,C,2022-01-01,1,ok,`),
      0xe9,
      ...Buffer.from("\nB,C,2022-01-01,1,Z"),
      0xf6,
      ...Buffer.from(",x\nD,C,2022-01-01,1,ok,x\n"),
    ]);
    const out = await parse(bytes);
    expect(out.rows.map((r) => r.orderId)).toEqual(["A", "D"]);
    expect(out.rejects).toEqual([
      {
        line: 3,
        column: "name",
        code: "BAD_ENCODING",
        reason: 'name "Z\uFFFD" has bytes that are not UTF-8',
        hint: { option: "encoding", values: ["latin1", "macintosh"] },
        raw: "B,C,2022-01-01,1,Z\uFFFD,x",
      },
    ]);
  });

  it("reads whitespace-separated columns", async () => {
    const out = await parse("customer_id date cds dollars\r\n    00001 19970101  1   11.77\r\n", {
      delimiter: "whitespace",
      dateFormats: ["yyyyMMdd"],
      columns: { order_id: "@auto", occurred_at: "date", amount: "dollars" },
    });
    expect(out.rows[0]).toMatchObject({
      customerId: "00001",
      occurredAt: "1997-01-01T00:00:00.000Z",
      amount: 11.77,
    });
  });

  it.each([
    [";", ";"],
    ["\t", "\t"],
    ["tab", "\t"],
    ["\\t", "\t"],
    ["|", "|"],
  ])("reads delimiter %j", async (delimiter, d) => {
    const out = await parse(`${HEADER.replaceAll(",", d)}\nA${d}C${d}2022-01-01${d}"1,5"\n`, { delimiter });
    expect(out.rejects.map((r) => r.code)).toEqual(["BAD_AMOUNT"]);
    const ok = await parse(`${HEADER.replaceAll(",", d)}\nA${d}C${d}2022-01-01${d}1.5\n`, { delimiter });
    expect(ok.rows[0]?.amount).toBe(1.5);
  });
});

describe("parseTransactions: batches and streaming", () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => `O${i},C${i % 3},2022-01-01,${i}`).join("\n");

  it("cuts batches of batchSize rows with the rejects since the last batch and running counts", async () => {
    const text = `${HEADER}\n${rows(5)}\nbad\n`;
    const out = await parse(text, { batchSize: 2 });
    expect(out.sizes).toEqual([2, 2, 1]);
    expect(out.rowsRead).toBe(6);
    expect(out.bytesRead).toBe(Buffer.byteLength(text));
    const batches = [];
    for await (const b of parseTransactions(chunks(text), { batchSize: 2 }))
      batches.push([b.size, b.rejects.length, b.rowsRead]);
    expect(batches).toEqual([
      [2, 0, 2],
      [2, 0, 4],
      [1, 1, 6],
    ]);
  });

  it("closes a batch when it holds batchSize rejects", async () => {
    const out = await parse(`${HEADER}\n${"x\n".repeat(5)}`, { batchSize: 2 });
    expect(out.sizes).toEqual([0, 0, 0]);
    expect(out.rejects).toHaveLength(5);
  });

  it("gives one empty batch for a header without rows, and refuses an empty file", async () => {
    expect((await parse(`${HEADER}\n`)).sizes).toEqual([0]);
    expect((await importError(() => parse(""))).code).toBe("EMPTY_FILE");
    expect((await importError(() => parse("\n\n"))).code).toBe("EMPTY_FILE");
  });

  it("reads the input only as fast as batches are taken: an endless input can be consumed in part", async () => {
    let pulled = 0;
    async function* endless() {
      yield Buffer.from(`${HEADER}\n`);
      for (let i = 0; ; i++) {
        pulled++;
        yield Buffer.from(`O${i},C,2022-01-01,1\n`);
      }
    }
    let seen = 0;
    for await (const batch of parseTransactions(endless(), { batchSize: 100 })) {
      seen += batch.size;
      if (seen >= 300) break;
    }
    expect(seen).toBe(300);
    expect(pulled).toBeLessThan(310);
  });
});
