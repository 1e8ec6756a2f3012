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
  /** A mapping file that cannot be read; the message starts with the path of what is wrong. */
  | "INVALID_MAPPING_FILE"
  /** A mapping edit names a segment the mapping does not have. */
  | "SEGMENT_NOT_FOUND"
  /** A mapping edit would give two segments the same name (trimmed, ignoring case). */
  | "DUPLICATE_SEGMENT"
  /** A segment's own fields are not acceptable (an empty or too long name, a color not #rrggbb). */
  | "INVALID_SEGMENT"
  /** A mapping edit that cannot apply as asked (a position out of range, nothing given, a segment reassigned to itself). */
  | "INVALID_EDIT"
  | "LENGTH_MISMATCH"
  | "CLV_INVALID_INPUT"
  | "CLV_INSUFFICIENT_DATA"
  | "ORDER_CUSTOMER_CONFLICT";

export class RfmError extends Error {
  override readonly name = "RfmError";
  readonly code: RfmErrorCode;
  /**
   * Structured detail for callers (the codes, fields or rows involved). Errors about one input
   * field (mapping edits) name it in `field`, as the caller called it (`input.name`, `codes`).
   */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: RfmErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
