import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sniff } from "./bytes";
import { formatFromPath } from "./parse";
import { HEADER, importError, parse } from "./test-helpers";

const GOOD = `${HEADER},name\nA,C1,2022-01-01,1.50,Zoë\nB,C2,2022-01-02,2,Ana\n`;

const utf16 = (text: string, endian: "le" | "be") => {
  const le = Buffer.from(`\uFEFF${text}`, "utf16le");
  return endian === "le" ? le : Buffer.from(le).swap16();
};

describe("sniff", () => {
  it.each([
    [[0x1f, 0x8b, 8, 0], "gzip"],
    [[0xff, 0xfe, 0x61, 0], "text utf-16le"],
    [[0xfe, 0xff, 0, 0x61], "text utf-16be"],
    [[0xef, 0xbb, 0xbf, 0x61], "text utf-8"],
    [[0x61, 0x2c, 0x62, 0x0a], "text latin1"],
    [[], "text latin1"],
  ])("%j is %s", (bytes, what) => {
    const out = sniff(Uint8Array.from(bytes), "latin1");
    expect(out.kind === "text" ? `text ${out.encoding}` : out.kind).toBe(what);
  });

  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG image (it starts with 89 50 4E 47)"],
    [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (an Excel .xlsx workbook"],
    [[0xff, 0xfe, 0, 0], "UTF-32"],
    [[0x61, 0x62, 0, 0x63], "a NUL byte in its first 4 bytes, without a line break (at byte 3)"],
    [[0x61, 0, 0x0a, 0x63], "a NUL byte in its first line (at byte 2)"],
  ])("%j is binary: %s", (bytes, message) => {
    const out = sniff(Uint8Array.from(bytes), "utf-8");
    expect(out.kind).toBe("binary");
    expect(out.kind === "binary" && out.message).toContain(message);
  });

  it("gzip inside gzip is not decompressed twice: its NULs make it binary", () => {
    expect(sniff(Uint8Array.from([0x1f, 0x8b, 8, 0]), "utf-8", false).kind).toBe("binary");
  });
});

describe("parseTransactions: what the bytes are", () => {
  const expected = async () => (await parse(GOOD, {}, 1 << 16)).rows;

  it("reads a gzip file transparently, whatever its name, at any chunk size", async () => {
    const zipped = gzipSync(GOOD);
    for (const size of [1, 5, 1 << 16]) {
      const out = await parse(zipped, {}, size);
      expect(out.rows).toEqual(await expected());
      expect(out.bytesRead).toBe(zipped.byteLength);
    }
  });

  it("reads UTF-16 LE and BE with a byte order mark, over --encoding", async () => {
    for (const endian of ["le", "be"] as const) {
      for (const size of [1, 3, 1 << 16]) {
        const out = await parse(utf16(GOOD, endian), { encoding: "latin1" }, size);
        expect(out.rows).toEqual(await expected());
        expect(out.rejects).toEqual([]);
      }
    }
  });

  it("reads a gzipped UTF-16 file", async () => {
    expect((await parse(gzipSync(utf16(GOOD, "le")), {}, 64)).rows).toEqual(await expected());
  });

  it("refuses a PNG as BINARY_FILE by name, not as an empty file", async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.alloc(100),
    ]);
    const error = await importError(() => parse(png));
    expect(error.code).toBe("BINARY_FILE");
    expect(error.message).toContain("a PNG image");
  });

  it("refuses UTF-16 without a byte order mark, and a NUL in the header past the first chunk", async () => {
    const bare = Buffer.from(GOOD, "utf16le");
    expect((await importError(() => parse(bare, {}, 1 << 16))).message).toContain("at byte 2");
    const late = Buffer.concat([Buffer.from(HEADER), Buffer.from([0]), Buffer.from(`\n${GOOD}`)]);
    const error = await importError(() => parse(late, {}, 3));
    expect([error.code, error.message]).toEqual([
      "BINARY_FILE",
      expect.stringContaining(`in its first line (at byte ${HEADER.length + 1})`),
    ]);
  });

  it("a NUL after the header is a value's problem: the row is rejected, the file read", async () => {
    const out = await parse(`${HEADER}\nA\u0000,C,2022-01-01,1\nB,C,2022-01-01,1\n`, {}, 1 << 16);
    expect(out.rejects.map((r) => r.code)).toEqual(["BAD_TEXT"]);
    expect(out.rows.map((r) => r.orderId)).toEqual(["B"]);
  });

  it("refuses a corrupt gzip stream as BINARY_FILE, naming the decompression error", async () => {
    const zipped = gzipSync(GOOD);
    const corrupt = Buffer.concat([zipped.subarray(0, 10), Buffer.from("not deflate at all")]);
    const error = await importError(() => parse(corrupt, {}, 1 << 16));
    expect(error.code).toBe("BINARY_FILE");
    expect(error.message).toMatch(/starts as gzip but cannot be decompressed/);
  });
});

describe("formatFromPath", () => {
  it.each([
    ["orders.jsonl", "jsonl"],
    ["orders.jsonl.gz", "jsonl"],
    ["orders.NDJSON.GZ", "jsonl"],
    ["orders.csv.gz", "csv"],
    ["orders.gz", "csv"],
  ] as const)("%s is %s", (file, format) => {
    expect(formatFromPath(file)).toBe(format);
  });
});
