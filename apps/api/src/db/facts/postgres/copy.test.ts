import { describe, expect, it } from "vitest";
import { BinaryRows } from "./copy";

const bytes = (chunks: readonly Buffer[]) => Buffer.concat(chunks).toString("hex");
/** COPY's binary header: signature, flags 0, header extension length 0. */
const HEADER = `${Buffer.from("PGCOPY\n\xff\r\n\0", "latin1").toString("hex")}0000000000000000`;

/** The rows written by `write`, as hex, header and trailer removed. */
function encoded(write: (rows: BinaryRows) => void): string {
  const rows = new BinaryRows();
  write(rows);
  const hex = bytes(rows.end());
  expect(hex.startsWith(HEADER)).toBe(true);
  expect(hex.endsWith("ffff")).toBe(true);
  return hex.slice(HEADER.length, -4);
}

describe("BinaryRows", () => {
  it("writes a row's field count, int4 fields and NULL as COPY's binary format has them", () => {
    expect(
      encoded((rows) => {
        rows.row(3);
        rows.int4(1);
        rows.int4(-2);
        rows.text(null);
      }),
    ).toBe("0003" + "0000000400000001" + "00000004fffffffe" + "ffffffff");
  });

  it("writes int8 and float8 fields by hand-computed bytes, negatives and NULL included", () => {
    expect(
      encoded((rows) => {
        rows.row(5);
        rows.int8(-1);
        rows.int8(2 ** 32 + 5);
        rows.int8(9_007_199_254_740);
        rows.float8(1.5);
        rows.float8(null);
      }),
    ).toBe(
      "0005" +
        "00000008ffffffffffffffff" +
        "000000080000000100000005" +
        // 9,007,199,254,740 = 0x831_26E9_78D4
        "0000000800000831" +
        "26e978d4" +
        "000000083ff8000000000000" +
        "ffffffff",
    );
  });

  it("writes text as its UTF-8 bytes with their count, not its UTF-16 length", () => {
    expect(
      encoded((rows) => {
        rows.row(2);
        rows.text("é€");
        rows.text("");
      }),
    ).toBe("0002" + "00000005" + "c3a9e282ac" + "00000000");
  });

  it.each([
    // [instant, microseconds since 2000-01-01 as int8, by hand]
    ["2000-01-01T00:00:00.000Z", "0000000000000000"],
    ["2000-01-01T00:00:00.001Z", "00000000000003e8"],
    ["1999-12-31T23:59:59.999Z", "fffffffffffffc18"],
    // 1970: -946,684,800,000,000 µs = -0x3_5D01_3B37_E000, in two's complement.
    ["1970-01-01T00:00:00.000Z", "fffca2fec4c82000"],
  ])("writes the timestamp %s as microseconds since 2000 (%s)", (iso, hex) => {
    expect(
      encoded((rows) => {
        rows.row(1);
        rows.timestamp(Date.parse(iso));
      }),
    ).toBe(`0001${"00000008"}${hex}`);
  });

  it("agrees with exact integer arithmetic on instants from 1900 to 9999", () => {
    let seed = 12_345;
    const from = Date.parse("1900-01-01T00:00:00Z");
    const to = Date.parse("9999-12-31T23:59:59.999Z");
    for (let i = 0; i < 5_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const ms = from + Math.floor((seed / 2 ** 31) * (to - from));
      const rows = new BinaryRows();
      rows.timestamp(ms);
      const written = Buffer.concat(rows.end()).subarray(HEADER.length / 2);
      expect(written.readInt32BE(0)).toBe(8);
      expect(written.readBigInt64BE(4)).toBe((BigInt(ms) - 946_684_800_000n) * 1000n);
    }
  });

  it("starts a new chunk when one is full, a row split across two", () => {
    const rows = new BinaryRows();
    const long = "x".repeat(300_000);
    for (let i = 0; i < 4; i++) {
      rows.row(1);
      rows.text(long);
    }
    expect(rows.ready).toBe(true);
    const chunks = [...rows.take(), ...rows.end()];
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).length).toBe(HEADER.length / 2 + 4 * (2 + 4 + 300_000) + 2);
  });
});
