import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordReader, type Splitting } from "./records";
import { ImportError } from "./types";

interface Rec {
  line: number;
  fields: string[];
  error: string | null;
  raw: string;
}

/** Feeds `text` in pieces of `size` characters and collects every record. */
function read(
  text: string,
  splitting: Splitting = { delimiter: "," },
  size = text.length || 1,
  max?: number,
): Rec[] {
  const reader = new RecordReader(splitting, max);
  const out: Rec[] = [];
  const drain = () => {
    while (reader.next()) {
      out.push({
        line: reader.line,
        fields: reader.fields.slice(0, reader.count),
        error: reader.quoteError,
        raw: reader.raw(),
      });
    }
  };
  for (let i = 0; i < text.length; i += size) {
    reader.feed(text.slice(i, i + size));
    drain();
  }
  reader.end();
  drain();
  return out;
}

const fieldsOf = (recs: Rec[]) => recs.map((r) => r.fields);

describe("RecordReader line endings", () => {
  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR (old Mac)", "\r"],
  ])("%s: same records and line numbers, with or without a final line break", (_, eol) => {
    const lines = ["a,b", "1,2", "", '3,"x', 'y"', "5,6"];
    const expected = [
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 4, fields: ["3", "x\ny"] },
      { line: 6, fields: ["5", "6"] },
    ];
    for (const ending of ["", eol]) {
      for (const size of [1, 2, 3, 100]) {
        const recs = read(lines.join(eol) + ending, { delimiter: "," }, size);
        expect(recs.map(({ line, fields }) => ({ line, fields }))).toEqual(expected);
      }
    }
  });

  it("takes LF and CRLF mixed in one file", () => {
    expect(fieldsOf(read("a,b\r\n1,2\n3,4\r\n"))).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("keeps a lone CR inside a field of an LF file", () => {
    expect(fieldsOf(read("a,b\nx\ry,2\n"))).toEqual([
      ["a", "b"],
      ["x\ry", "2"],
    ]);
  });
});

describe("RecordReader quotes (RFC 4180)", () => {
  it.each([
    ['"a,b",c', ["a,b", "c"]],
    ['"say ""hi""",x', ['say "hi"', "x"]],
    ['"",x', ["", "x"]],
    ['x,""', ["x", ""]],
    ['x,"a"', ["x", "a"]],
    ['x,"",', ["x", "", ""]],
    ['a"b,c', ['a"b', "c"]],
    ['Tenex 46" x 60",x', ['Tenex 46" x 60"', "x"]],
    ['"""",x', ['"', "x"]],
  ])("%s", (line, fields) => {
    for (const size of [1, 2, 100])
      expect(fieldsOf(read(`${line}\n`, { delimiter: "," }, size))).toEqual([fields]);
  });

  it("rejects text after a closing quote, and goes on with the next line", () => {
    const recs = read('"a"b,c\n1,2\n');
    expect(recs[0]).toMatchObject({
      line: 1,
      error: "column 1 has text after its closing quote",
      raw: '"a"b,c',
    });
    expect(recs[1]).toMatchObject({ line: 2, fields: ["1", "2"], error: null });
  });

  it("rejects only the line of a quote that is never closed, and reads the lines after it", () => {
    const recs = read('a,b\n1,"open\n2,3\n4,5\n');
    expect(recs.map((r) => [r.line, r.error ?? r.fields.join("|")])).toEqual([
      [1, "a|b"],
      [2, "column 2 opens a quote that is never closed"],
      [3, "2|3"],
      [4, "4|5"],
    ]);
  });

  it("gives up on a quote left open for more than maxRecordChars, without holding the rest of the file", () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i},x`).join("\n");
    const recs = read(`a,b\n1,"open\n${rows}\n`, { delimiter: "," }, 16, 64);
    expect(recs[1]).toMatchObject({
      line: 2,
      error: "column 2 opens a quote that is not closed within 64 characters",
    });
    expect(recs.at(-1)).toMatchObject({ line: 202, fields: ["199", "x"] });
  });

  it("raw is the record as written, line breaks inside quotes included", () => {
    const recs = read('a,b\r\n"x\r\ny",2\r\n');
    expect(recs[1]).toMatchObject({ line: 2, fields: ["x\ny", "2"], raw: '"x\r\ny",2' });
  });

  it("refuses a file without line breaks longer than maxRecordChars", () => {
    expect(() => read("x".repeat(100), { delimiter: "," }, 10, 50)).toThrow(ImportError);
  });

  it("reads back any table written by the RFC 4180 rules, whatever the line ending and chunk size", () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", "\r", ";", "é", "😀") }),
      fc.string({ unit: fc.constantFrom("a", "1", ".") }),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((width) =>
            fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
          ),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
        fc.integer({ min: 1, max: 20 }),
        (table, eol, quoteAll, size) => {
          // A record must not be empty (a blank line is skipped): give single empty fields quotes.
          const write = (v: string) =>
            quoteAll || /[",\r\n]/.test(v) || v === "" ? `"${v.replaceAll('"', '""')}"` : v;
          const text = table.map((row) => row.map(write).join(",")).join(eol) + eol;
          const expected = table.map((row) => row.map((v) => v.replace(/\r\n?/g, "\n")));
          const recs = read(text, { delimiter: "," }, size);
          expect(recs.every((r) => r.error === null)).toBe(true);
          expect(fieldsOf(recs)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("RecordReader on any text", () => {
  it("gives the same records whatever the chunk size, with increasing line numbers", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " "), maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (text, size) => {
          const whole = read(text);
          expect(read(text, { delimiter: "," }, size)).toEqual(whole);
          for (let i = 1; i < whole.length; i++) {
            expect((whole[i] as Rec).line).toBeGreaterThan((whole[i - 1] as Rec).line);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("RecordReader other splittings", () => {
  it("whitespace: runs of spaces and tabs, leading ones ignored, blank lines skipped", () => {
    const recs = read(
      " customer_id  date\tcds\r\n    00001 19970101  1   11.77\r\n   \r\n00002\t\t19970112 1 12.00",
      "whitespace",
    );
    expect(recs.map((r) => [r.line, ...r.fields])).toEqual([
      [1, "customer_id", "date", "cds"],
      [2, "00001", "19970101", "1", "11.77"],
      [4, "00002", "19970112", "1", "12.00"],
    ]);
  });

  it.each([";", "\t", "|"])("delimiter %j, with quotes", (d) => {
    expect(fieldsOf(read(`a${d}"b${d}c"${d}d\n`, { delimiter: d }))).toEqual([["a", `b${d}c`, "d"]]);
  });

  it("line: each non-blank line whole", () => {
    expect(read('{"a":1}\n\n  \n{"a":"x,y"}', "line").map((r) => [r.line, r.fields[0]])).toEqual([
      [1, '{"a":1}'],
      [4, '{"a":"x,y"}'],
    ]);
  });
});
