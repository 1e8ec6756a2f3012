/**
 * The part of a transactions import that needs no database: parsing, and numbering and grouping
 * order lines. It runs in the importing thread, or for large inputs in a worker thread
 * (prepare-worker.ts), so that on a 2-core machine parsing one batch overlaps writing the previous
 * one. Both give the same batches: the worker runs this same code.
 */
import { type ImportInput, type ParseOptions, parseTransactions, type TransactionBatch } from "../../import";
import { groupOrderLines, type OrderGroups, OrderLineCounter } from "./order-lines";

/** A parsed batch and its order groups. */
export interface PreparedBatch {
  readonly batch: TransactionBatch;
  readonly groups: OrderGroups;
}

export interface PrepareOptions {
  /** Parser options, batch size included. */
  readonly parse: ParseOptions;
  /** How many distinct order ids the line counter keeps (default 2,000,000). */
  readonly rememberOrders?: number;
}

/** Parses and groups in this thread. */
export async function* prepareTransactions(
  input: ImportInput,
  options: PrepareOptions,
): AsyncGenerator<PreparedBatch, void, undefined> {
  const counter = new OrderLineCounter(options.rememberOrders);
  const amountColumn = options.parse.columns?.amount ?? "amount";
  const currencyColumn = options.parse.columns?.currency ?? "currency";
  let batchNo = 0;
  for await (const batch of parseTransactions(input, options.parse)) {
    yield {
      batch,
      groups: groupOrderLines(batch, { counter, batchNo: ++batchNo, amountColumn, currencyColumn }),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Moving a prepared batch between threads: typed arrays are transferred; text columns whose
// values repeat (customers, channels, provinces) are sent as distinct values plus codes, which
// makes the receiving side, the busy one, deserialize far fewer strings.

type TextColumn = readonly (string | null)[];
type WireText =
  | { readonly values: TextColumn }
  | { readonly dictionary: TextColumn; readonly codes: Int32Array };

const TEXT_COLUMNS = [
  "orderId",
  "customerId",
  "channel",
  "province",
  "region",
  "city",
  "name",
  "email",
  "currency",
] as const;

/** A prepared batch as posted between threads. */
export interface WireBatch {
  readonly text: Record<(typeof TEXT_COLUMNS)[number], WireText>;
  readonly batch: Omit<TransactionBatch, (typeof TEXT_COLUMNS)[number]>;
  readonly groups: OrderGroups;
}

function encodeText(values: TextColumn): WireText {
  const codes = new Int32Array(values.length);
  const dictionary: (string | null)[] = [];
  const seen = new Map<string | null, number>();
  // Worth it while distinct values stay a small share of the rows.
  const limit = values.length / 4;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let code = seen.get(value);
    if (code === undefined) {
      if (dictionary.length >= limit) return { values };
      code = dictionary.length;
      dictionary.push(value);
      seen.set(value, code);
    }
    codes[i] = code;
  }
  return { dictionary, codes };
}

let nulls: readonly null[] = [];

/** An array of `length` nulls, shared by every caller asking for that length (read only). */
function nullColumn(length: number): (string | null)[] {
  if (nulls.length !== length) nulls = Object.freeze(new Array<null>(length).fill(null));
  return nulls as (string | null)[];
}

function decodeText(wire: WireText): (string | null)[] {
  if ("values" in wire) return wire.values as (string | null)[];
  const { dictionary, codes } = wire;
  // A column the file lacks (null on every row of the batch) is one shared array of nulls per
  // batch length, which nothing writes to: decoding six such columns of 20,000 rows into arrays
  // of their own was the importing thread's largest cost after the database (profiled: 22 of its
  // 150 busy seconds of a 4M-row import), most of it allocating and promoting them.
  if (dictionary.length === 1 && dictionary[0] === null) return nullColumn(codes.length);
  const out = new Array<string | null>(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = dictionary[codes[i]!]!;
  return out;
}

/** The message for a prepared batch, and the buffers to transfer with it. */
export function encodeBatch({ batch, groups }: PreparedBatch): {
  message: WireBatch;
  transfer: ArrayBuffer[];
} {
  const text = {} as Record<(typeof TEXT_COLUMNS)[number], WireText>;
  for (const column of TEXT_COLUMNS) text[column] = encodeText(batch[column]);
  const { orderId, customerId, channel, province, region, city, name, email, currency, ...rest } = batch;
  const transfer = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView) => transfer.add(array.buffer as ArrayBuffer);
  for (const value of [...Object.values(rest), ...Object.values(groups), ...Object.values(text)]) {
    if (ArrayBuffer.isView(value)) add(value);
    else if (value !== null && typeof value === "object" && "codes" in value) add(value.codes);
  }
  return { message: { text, batch: rest, groups }, transfer: [...transfer] };
}

export function decodeBatch(message: WireBatch): PreparedBatch {
  const t = message.text;
  const batch: TransactionBatch = {
    ...message.batch,
    orderId: decodeText(t.orderId) as string[],
    customerId: decodeText(t.customerId) as string[],
    channel: decodeText(t.channel),
    province: decodeText(t.province),
    region: decodeText(t.region),
    city: decodeText(t.city),
    name: decodeText(t.name),
    email: decodeText(t.email),
    currency: decodeText(t.currency),
  };
  return { batch, groups: message.groups };
}
