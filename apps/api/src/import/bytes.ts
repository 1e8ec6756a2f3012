/**
 * The byte stage of the parser: what the file is, and its text. A gzip file (by its magic bytes,
 * whatever its name) is decompressed on the way; a UTF-16 byte order mark (LE or BE) decides the
 * decoding over `--encoding`; a file that is neither text nor gzip (a known binary signature,
 * or a NUL byte in its first line) is refused as BINARY_FILE, naming what was seen, before any
 * row is read. Streaming: at most the first KB is looked at ahead of decoding.
 */
import { Readable } from "node:stream";
import { TextDecoder } from "node:util";
import { createGunzip } from "node:zlib";
import { type Encoding, ImportError } from "./types";

/**
 * How much of the file (after decompression) is looked at for its first line break and NULs:
 * a NUL before the first line break (in the header, where no text file has one), or in these
 * many bytes without a line break, makes it binary. A NUL further on is a value's problem:
 * its row is a BAD_TEXT reject.
 */
export const SNIFF_BYTES = 1024;
/** Bytes read ahead at least, to recognise a signature or byte order mark. */
const HEAD_BYTES = 8;

/**
 * The decoder for an encoding (or a UTF-16 one a byte order mark names). It drops a leading
 * byte order mark (ignoreBOM: false) and turns bytes that are not in the encoding into U+FFFD,
 * which the builders then reject where a value we use contains it.
 */
export function decoderFor(encoding: Encoding | "utf-16le" | "utf-16be"): TextDecoder {
  return new TextDecoder(encoding === "latin1" ? "windows-1252" : encoding, { ignoreBOM: false });
}

type Chunk = Uint8Array | string;

const hex = (bytes: Uint8Array) =>
  [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");

const startsWith = (head: Uint8Array, ...bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** Known binary signatures: what the file is, by its first bytes. */
const SIGNATURES: readonly { readonly what: string; readonly test: (head: Uint8Array) => boolean }[] = [
  { what: "a PNG image", test: (h) => startsWith(h, 0x89, 0x50, 0x4e, 0x47) },
  { what: "a JPEG image", test: (h) => startsWith(h, 0xff, 0xd8, 0xff) },
  { what: "a GIF image", test: (h) => startsWith(h, 0x47, 0x49, 0x46, 0x38) },
  { what: "a PDF document", test: (h) => startsWith(h, 0x25, 0x50, 0x44, 0x46, 0x2d) },
  {
    what: "a ZIP archive (an Excel .xlsx workbook is one: save it as CSV)",
    test: (h) => startsWith(h, 0x50, 0x4b, 0x03, 0x04),
  },
  {
    what: "an old Office document (an Excel .xls workbook: save it as CSV)",
    test: (h) => startsWith(h, 0xd0, 0xcf, 0x11, 0xe0),
  },
  {
    what: "bzip2-compressed (only gzip is read)",
    test: (h) => startsWith(h, 0x42, 0x5a, 0x68) && startsWith(h.subarray(4), 0x31, 0x41, 0x59, 0x26),
  },
  {
    what: "xz-compressed (only gzip is read)",
    test: (h) => startsWith(h, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00),
  },
  { what: "zstd-compressed (only gzip is read)", test: (h) => startsWith(h, 0x28, 0xb5, 0x2f, 0xfd) },
  { what: "a 7-Zip archive", test: (h) => startsWith(h, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c) },
  {
    what: "UTF-32 text (save it as UTF-8)",
    test: (h) => startsWith(h, 0xff, 0xfe, 0x00, 0x00) || startsWith(h, 0x00, 0x00, 0xfe, 0xff),
  },
];

/** What a file's first bytes say it is. */
export type Sniffed =
  | { readonly kind: "gzip" }
  | { readonly kind: "text"; readonly encoding: Encoding | "utf-16le" | "utf-16be" }
  | { readonly kind: "binary"; readonly message: string };

/**
 * What a file is, from its first {@link SNIFF_BYTES} bytes (fewer for a shorter file), read as
 * `encoding` unless a byte order mark says otherwise. `gzip` only when `gzipAllowed`.
 */
export function sniff(head: Uint8Array, encoding: Encoding, gzipAllowed = true): Sniffed {
  if (gzipAllowed && startsWith(head, 0x1f, 0x8b)) return { kind: "gzip" };
  const signature = SIGNATURES.find((s) => s.test(head));
  if (signature !== undefined) {
    return {
      kind: "binary",
      message: `the file is not text: it is ${signature.what} (it starts with ${hex(head.subarray(0, 4))})`,
    };
  }
  if (startsWith(head, 0xff, 0xfe)) return { kind: "text", encoding: "utf-16le" };
  if (startsWith(head, 0xfe, 0xff)) return { kind: "text", encoding: "utf-16be" };
  if (startsWith(head, 0xef, 0xbb, 0xbf)) return { kind: "text", encoding: "utf-8" };
  const looked = head.subarray(0, SNIFF_BYTES);
  const nul = looked.indexOf(0);
  const lineBreak = firstLineBreak(looked);
  if (nul >= 0 && (lineBreak < 0 || nul < lineBreak)) {
    return {
      kind: "binary",
      message:
        `the file is not text: it has a NUL byte ${lineBreak < 0 ? `in its first ${looked.byteLength.toLocaleString("en")} bytes, without a line break` : "in its first line"} ` +
        `(at byte ${nul + 1}${gzipAllowed ? "" : " after gzip decompression"}); it is a binary file, ` +
        "or UTF-16 without a byte order mark (save it as UTF-8)",
    };
  }
  return { kind: "text", encoding };
}

function firstLineBreak(bytes: Uint8Array): number {
  const lf = bytes.indexOf(0x0a);
  const cr = bytes.indexOf(0x0d);
  return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
}

/**
 * Reads chunks until the bytes held have a signature's worth and a line break, or
 * {@link SNIFF_BYTES}, or the input ends (usually the first chunk is enough); a string chunk
 * stops the looking. `head` is all the bytes read.
 */
async function readHead(
  source: AsyncIterator<Chunk>,
): Promise<{ chunks: Chunk[]; head: Uint8Array; done: boolean }> {
  const chunks: Chunk[] = [];
  let size = 0;
  let done = false;
  let lineBreak = false;
  while (size < SNIFF_BYTES && !(size >= HEAD_BYTES && lineBreak)) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    if (typeof next.value === "string") break;
    size += next.value.byteLength;
    lineBreak ||= firstLineBreak(next.value) >= 0;
  }
  const bytes = chunks.filter((c): c is Uint8Array => typeof c !== "string");
  return { chunks, head: Buffer.concat(bytes), done };
}

/** The chunks already read, then the rest of the source. */
async function* replay(chunks: readonly Chunk[], source: AsyncIterator<Chunk>, done: boolean) {
  yield* chunks;
  if (done) return;
  for (;;) {
    const next = await source.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* counting(input: AsyncIterable<Chunk>, onBytes: (bytes: number) => void) {
  for await (const chunk of input) {
    onBytes(typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength);
    yield chunk;
  }
}

/** A zlib error (a corrupt or truncated gzip stream), as opposed to the input's own failure. */
function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("Z_");
}

async function* gunzip(input: AsyncIterable<Chunk>): AsyncGenerator<Uint8Array> {
  const source = Readable.from(input, { objectMode: false });
  const inflate = createGunzip();
  source.on("error", (error) => inflate.destroy(error));
  source.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    if (!isZlibError(error)) throw error;
    throw ImportError.of(
      "BINARY_FILE",
      `the file starts as gzip but cannot be decompressed: ${(error as Error).message}`,
    );
  } finally {
    source.destroy();
    inflate.destroy();
  }
}

/**
 * The input's text, chunk by chunk: bytes sniffed (gzip decompressed, a UTF-16 byte order mark
 * obeyed, binary refused) and decoded; string chunks pass as they are (a leading BOM dropped).
 * `onBytes` is told the input's bytes as they are consumed (compressed bytes for gzip).
 */
export async function* decodedChunks(
  input: AsyncIterable<Chunk>,
  encoding: Encoding,
  onBytes: (bytes: number) => void,
): AsyncGenerator<string, void, undefined> {
  yield* decode(counting(input, onBytes), encoding, true);
}

async function* decode(
  input: AsyncIterable<Chunk>,
  encoding: Encoding,
  gzipAllowed: boolean,
): AsyncGenerator<string, void, undefined> {
  const source = input[Symbol.asyncIterator]();
  const { chunks, head, done } = await readHead(source);
  const rest = replay(chunks, source, done);
  if (typeof chunks[0] === "string") {
    let first = true;
    for await (const chunk of rest) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      yield first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      first = false;
    }
    return;
  }
  const what = sniff(head, encoding, gzipAllowed);
  if (what.kind === "binary") throw ImportError.of("BINARY_FILE", what.message);
  if (what.kind === "gzip") {
    yield* decode(gunzip(rest), encoding, false);
    return;
  }
  const decoder = decoderFor(what.encoding);
  for await (const chunk of rest) {
    yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  }
  yield decoder.decode();
}
