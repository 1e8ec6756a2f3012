export { FIELDS, REQUIRED } from "./columns";
export { hintText, type ImportHint, type ImportOption, type Surface, withHint } from "./hints";
export { parseColumnMap, splitDateFormats } from "./options";
export {
  encodingFromLabel,
  formatFromPath,
  type ImportInput,
  parseCustomers,
  parseTransactions,
} from "./parse";
export { formatRejectsCsv, REJECTS_CSV_HEADER } from "./rejects-csv";
export {
  AMOUNT_ROUNDINGS,
  type AmountRounding,
  AUTO_ORDER_ID,
  type CustomerBatch,
  ENCODINGS,
  type Encoding,
  ImportError,
  type ImportErrorCode,
  type ImportKind,
  type ImportProblem,
  MAX_ID_CHARS,
  MAX_TEXT_CHARS,
  type ParseOptions,
  type Reject,
  type RejectCode,
  type TransactionBatch,
} from "./types";
