/**
 * Every error the domain raises carries a stable `code`, so the API can map it to a GraphQL
 * `extensions.code` in one place and clients can branch on it without parsing messages.
 */
export type RfmErrorCode =
  | "INVALID_BINS"
  | "INVALID_CODE"
  | "INVALID_OPTIONS"
  | "INVALID_THRESHOLDS"
  | "INVALID_RULE"
  | "INVALID_MAPPING"
  | "LENGTH_MISMATCH"
  | "CLV_INVALID_INPUT"
  | "CLV_INSUFFICIENT_DATA"
  | "ORDER_CUSTOMER_CONFLICT";

export class RfmError extends Error {
  override readonly name = "RfmError";
  readonly code: RfmErrorCode;
  /** Structured detail for callers (the codes, fields or rows involved). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RfmErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
