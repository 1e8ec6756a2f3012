import { ImportError } from "./types";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const WHITESPACE = /[ \t]+/;

/**
 * How a line is cut into fields: by one delimiter character with RFC 4180 quotes, by runs of
 * spaces and tabs (no quotes), or not at all (JSON lines).
 */
export type Splitting = { readonly delimiter: string } | "whitespace" | "line";

/**
 * An incremental record reader over decoded text: `feed` text as it arrives, call `next` until it
 * returns false, `end` after the last text, then `next` until false again.
 *
 * Line endings: the first line break of the file decides. `\n` or `\r\n` ends records at `\n`
 * (a `\r` before it is dropped, so LF and CRLF lines may even mix); a lone `\r` (old Mac) ends
 * them at `\r`. Line breaks inside quoted fields (`\r\n`, `\r` or `\n`) are kept as `\n`.
 * Blank lines are skipped but counted, so {@link line} is always the physical line number.
 *
 * Quotes: a field that starts with `"` is quoted; `""` inside is one quote; it may span lines.
 * A quote inside an unquoted field is an ordinary character. Text between a closing quote and
 * the next delimiter, or a quote left open for more than `maxRecordChars`, makes the record
 * a BAD_QUOTES reject: for an unclosed quote only the line where it opened is consumed, so one
 * stray quote cannot swallow the rest of the file.
 *
 * Memory holds the unread text: one input chunk plus at most one record.
 */
export class RecordReader {
  /**
   * Fields of the current record, the first {@link count} of them valid (for `line` splitting:
   * the one line). The array is reused from record to record: read it before calling `next`.
   * Fields not asked for with {@link want} may hold stale values.
   */
  readonly fields: string[] = [];
  count = 0;
  /** Physical line (1-based) where the current record starts. */
  line = 0;
  /** Set when the current record's quotes are broken; the fields are then unreliable. */
  quoteError: string | null = null;

  private buf = "";
  private pos = 0;
  private eof = false;
  /** Record separator: LF (also for CRLF) or CR; 0 until the first line break is seen. */
  private sep = 0;
  private nextLine = 1;
  /** Index of the next `"` at or after `pos` in `buf`, -1 for none, -2 for not looked up. */
  private nextQuote = -2;
  /** Index of the next delimiter at or after the last search start, -1 for none, -2 for not looked up. */
  private nextDelim = -2;
  /** Index of the next `\r` at or after the last search start, -1 for none, -2 for not looked up. */
  private nextCR = -2;
  private recStart = 0;
  private recEnd = 0;
  private wanted: Uint8Array | null = null;
  private readonly delimiter: string;
  private readonly mode: "csv" | "whitespace" | "line";
  private readonly blank: RegExp;

  constructor(
    splitting: Splitting,
    private readonly maxRecordChars = 1 << 20,
  ) {
    if (typeof splitting === "string") {
      this.mode = splitting;
      this.delimiter = "";
    } else {
      this.mode = "csv";
      this.delimiter = splitting.delimiter;
    }
    this.blank = new RegExp(`^[\\s"${this.delimiter.replace(/[\\\]^-]/g, "\\$&")}]*$`);
  }

  /**
   * Only these field indexes need to be read from now on (the others are left unsliced), in
   * records of `width` fields.
   */
  want(indexes: readonly number[], width: number): void {
    const wanted = new Uint8Array(width);
    for (const i of indexes) if (i < width) wanted[i] = 1;
    this.wanted = wanted;
    // Keep the reused array packed (no holes) whatever is sliced into it.
    for (let i = this.fields.length; i < width; i++) this.fields.push("");
  }

  feed(text: string): void {
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.nextQuote = -2;
    this.nextDelim = -2;
    this.nextCR = -2;
  }

  end(): void {
    this.eof = true;
  }

  /** The current record as it is in the file, line ending excluded, cut at `max` characters. */
  raw(max = 2000): string {
    const end = Math.min(this.recEnd, this.recStart + max);
    const text = this.buf.slice(this.recStart, end);
    return end < this.recEnd ? `${text}…` : text;
  }

  /** True when the current record holds nothing but spaces, delimiters and quotes (`,,,`). */
  isBlank(): boolean {
    return this.blank.test(this.buf.slice(this.recStart, this.recEnd));
  }

  /** Advances to the next non-empty record; false when more text is needed (or, after `end`, none is left). */
  next(): boolean {
    if (this.sep === 0 && !this.detectLineEnding()) return false;
    for (;;) {
      const buf = this.buf;
      const pos = this.pos;
      if (pos >= buf.length) return false;
      let nl = buf.indexOf(this.sep === LF ? "\n" : "\r", pos);
      if (nl === -1) {
        if (!this.eof) {
          if (buf.length - pos > this.maxRecordChars) {
            throw ImportError.of(
              "LINE_TOO_LONG",
              `line ${this.nextLine} has no line break within ${this.maxRecordChars} characters: is this a text file in the given encoding?`,
            );
          }
          return false;
        }
        nl = buf.length;
      }
      let lineEnd = nl;
      if (this.sep === LF && lineEnd > pos && buf.charCodeAt(lineEnd - 1) === CR) lineEnd--;

      if (this.mode === "csv") {
        if (this.nextQuote === -2 || (this.nextQuote >= 0 && this.nextQuote < pos)) {
          this.nextQuote = buf.indexOf('"', pos);
        }
        if (this.nextQuote !== -1 && this.nextQuote < lineEnd) {
          return this.readQuoted(nl < buf.length ? nl : -1);
        }
      }

      this.line = this.nextLine++;
      this.recStart = pos;
      this.recEnd = lineEnd;
      this.pos = nl + 1;
      this.quoteError = null;
      if (lineEnd === pos) continue;
      if (this.mode === "csv") {
        this.split(buf, pos, lineEnd);
      } else {
        const text = buf.slice(pos, lineEnd).trim();
        if (text === "") continue;
        if (this.mode === "whitespace") {
          const parts = text.split(WHITESPACE);
          for (let k = 0; k < parts.length; k++) this.fields[k] = parts[k] as string;
          this.count = parts.length;
        } else {
          this.fields[0] = text;
          this.count = 1;
        }
      }
      return true;
    }
  }

  /** Splits an unquoted line at the delimiter, slicing only the wanted fields. */
  private split(buf: string, start: number, lineEnd: number): void {
    const d = this.delimiter;
    const wanted = this.wanted;
    const fields = this.fields;
    let k = 0;
    let s = start;
    for (;;) {
      let c = this.nextDelim;
      if (c === -2 || (c !== -1 && c < s)) c = this.nextDelim = buf.indexOf(d, s);
      if (c === -1 || c >= lineEnd) {
        if (wanted === null || wanted[k] === 1) fields[k] = buf.slice(s, lineEnd);
        k++;
        break;
      }
      if (wanted === null || wanted[k] === 1) fields[k] = buf.slice(s, c);
      k++;
      s = c + 1;
    }
    this.count = k;
  }

  /** Decides LF or CR from the first line break outside quotes (CSV) or anywhere (other splittings). */
  private detectLineEnding(): boolean {
    const buf = this.buf;
    const n = buf.length;
    const quotes = this.mode === "csv";
    let quoted = false;
    for (let i = this.pos; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE && quotes) quoted = !quoted;
      else if (quoted) continue;
      else if (c === LF) {
        this.sep = LF;
        return true;
      } else if (c === CR) {
        if (i + 1 >= n && !this.eof) return false;
        this.sep = buf.charCodeAt(i + 1) === LF ? LF : CR;
        return true;
      }
    }
    if (!this.eof) return this.waitFor("line break");
    this.sep = LF;
    return true;
  }

  private needMore(start: number): false {
    if (this.buf.length - start > this.maxRecordChars) {
      throw ImportError.of(
        "LINE_TOO_LONG",
        `the record on line ${this.nextLine} is longer than ${this.maxRecordChars} characters`,
      );
    }
    return false;
  }

  private waitFor(what: string): false {
    if (this.buf.length - this.pos > this.maxRecordChars) {
      throw ImportError.of(
        "LINE_TOO_LONG",
        `no ${what} within the first ${this.maxRecordChars} characters: is this a text file in the given encoding?`,
      );
    }
    return false;
  }

  /**
   * Reads a record that has a quote on its first line. Returns false when the buffer ends inside
   * the record (more text needed) and the record is not yet too long to give up on.
   */
  private readQuoted(firstBreak: number): boolean {
    const buf = this.buf;
    const n = buf.length;
    const eof = this.eof;
    const sepChar = this.sep === LF ? "\n" : "\r";
    const d = this.delimiter;
    const dCode = d.charCodeAt(0);
    const wanted = this.wanted;
    const start = this.pos;
    const fields = this.fields;
    let k = 0;
    let i = start;
    let breaks = 0;
    let error: string | null = null;
    let end = -1; // index just past the record's last character, before its line ending
    let after = -1; // where the next record starts
    // The next record separator at or after i (-1: none yet in the buffer).
    let nl = firstBreak;

    for (;;) {
      const keep = wanted === null || wanted[k] === 1;
      if (buf.charCodeAt(i) === QUOTE) {
        let value = "";
        let seg = i + 1;
        let closed = -1;
        for (;;) {
          const q = buf.indexOf('"', seg);
          if (q === -1 || (q + 1 >= n && !eof)) break;
          if (buf.charCodeAt(q + 1) === QUOTE) {
            if (keep) value += buf.slice(seg, q + 1);
            seg = q + 2;
            continue;
          }
          if (keep) value = seg === i + 1 ? buf.slice(seg, q) : value + buf.slice(seg, q);
          closed = q;
          break;
        }
        if (closed === -1) {
          if (!eof && n - start <= this.maxRecordChars) return false;
          return this.unclosedQuote(k + 1);
        }
        // A value spanning lines: count them for the line numbers.
        for (; nl !== -1 && nl < closed; nl = buf.indexOf(sepChar, nl + 1)) breaks++;
        if (keep) {
          let cr = this.nextCR;
          if (cr === -2 || (cr !== -1 && cr <= i)) cr = this.nextCR = buf.indexOf("\r", i + 1);
          fields[k] = cr !== -1 && cr < closed ? value.replace(/\r\n?/g, "\n") : value;
        }
        k++;
        // Before the end of input, `closed` is never the buffer's last character (see above).
        i = closed + 1;
        if (i >= n) {
          end = after = n;
          break;
        }
        if (buf.charCodeAt(i) === dCode) {
          i++;
          continue;
        }
        const le = this.lineEndingAt(i);
        if (le === -2) return this.needMore(start);
        if (le >= 0) {
          end = i;
          after = le;
          break;
        }
        // Text after the closing quote: reject the record, which ends at the end of this line.
        error = `column ${k} has text after its closing quote`;
        if (nl === -1) {
          if (!eof) return this.needMore(start);
          nl = n;
        }
        end = this.sep === LF && nl > i && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        after = nl + 1;
        break;
      }
      // Unquoted field: up to the next delimiter or line ending.
      if (nl === -1) {
        if (!eof) return this.needMore(start);
        nl = n;
      }
      const lineEnd = this.sep === LF && nl > i && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      const delim = buf.indexOf(d, i);
      if (delim !== -1 && delim < lineEnd) {
        if (keep) fields[k] = buf.slice(i, delim);
        k++;
        i = delim + 1;
        continue;
      }
      if (keep) fields[k] = buf.slice(i, lineEnd);
      k++;
      end = lineEnd;
      after = nl + 1;
      break;
    }

    this.count = k;
    this.quoteError = error;
    this.line = this.nextLine;
    this.nextLine += 1 + breaks;
    this.recStart = start;
    this.recEnd = end;
    this.pos = after;
    return true;
  }

  /**
   * At `i` (just after a closing quote): the index where the next record starts if a line ending
   * is here, -1 if something else is here, -2 if the buffer ends in the middle of a `\r\n`.
   */
  private lineEndingAt(i: number): number {
    const c = this.buf.charCodeAt(i);
    if (this.sep === CR) return c === CR ? i + 1 : -1;
    if (c === LF) return i + 1;
    if (c !== CR) return -1;
    if (i + 1 >= this.buf.length) return this.eof ? i + 1 : -2;
    return this.buf.charCodeAt(i + 1) === LF ? i + 2 : -1;
  }

  /** A quote opened in field `column` and not closed: reject the line it opened on, go on after it. */
  private unclosedQuote(column: number): boolean {
    const buf = this.buf;
    const start = this.pos;
    let nl = buf.indexOf(this.sep === LF ? "\n" : "\r", start);
    if (nl === -1) {
      if (!this.eof) {
        throw ImportError.of(
          "LINE_TOO_LONG",
          `line ${this.nextLine} has no line break within ${this.maxRecordChars} characters`,
        );
      }
      nl = buf.length;
    }
    const lineEnd = this.sep === LF && nl > start && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    this.count = 0;
    this.quoteError = this.eof
      ? `column ${column} opens a quote that is never closed`
      : `column ${column} opens a quote that is not closed within ${this.maxRecordChars} characters`;
    this.line = this.nextLine++;
    this.recStart = start;
    this.recEnd = lineEnd;
    this.pos = nl + 1;
    return true;
  }
}
