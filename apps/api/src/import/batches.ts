import { type StoreCalendar, storeCalendar } from "../days";
import { normalizeCurrency, unknownCurrencyReason } from "../money/currencies";
import { type AmountReader, describeBadAmount } from "./amount";
import { AUTO, FIELDS, type ResolvedColumns } from "./columns";
import type { DateReader } from "./dates";
import type { ImportHint } from "./hints";
import { composeName, splitName } from "./names";
import { type TextLimits, textProblem } from "./text";
import type { CustomerBatch, Reject, RejectCode, TransactionBatch } from "./types";

/** Where the row came from, for rejects. */
export interface RowSource {
  readonly line: number;
  raw(): string;
  /** True for a row of nothing but delimiters and spaces (`,,,`), which is skipped, not rejected. */
  isBlank(): boolean;
}

/** Accumulates checked rows column by column; a bad row becomes a reject instead. */
export interface BatchBuilder<B> {
  readonly size: number;
  /** Check used values for U+FFFD (set once the decoder has produced one). */
  checkEncoding: boolean;
  readonly rejectCount: number;
  /**
   * `fields` are the row's values indexed like the header (undefined: not given). Accepts the
   * row or rejects it and returns true; returns false for a blank row, which is neither.
   */
  add(fields: readonly (string | undefined)[], source: RowSource): boolean;
  reject(source: RowSource, code: RejectCode, column: string | null, reason: string, hint?: ImportHint): true;
  /** Hands over the batch and starts an empty one. */
  take(rowsRead: number, bytesRead: number): B;
}

const REPLACEMENT = "\uFFFD";

/** An optional text field the file has a column for, and its values in the current batch. */
interface OptionalColumn {
  readonly f: number;
  values: (string | null)[];
}

abstract class BaseBuilder {
  size = 0;
  rejects: Reject[] = [];
  protected line: Uint32Array;
  /** Set once the decoder has produced U+FFFD: from then on values are checked for it. */
  checkEncoding = false;

  /** Per field of FIELDS[kind]: the limits its values are held to (ids or free text). */
  private readonly limits: readonly (TextLimits | null)[];

  constructor(
    protected readonly columns: ResolvedColumns,
    protected readonly dates: DateReader,
    protected readonly capacity: number,
    fieldNames: readonly string[],
    limitsOf: (field: string) => TextLimits | null,
  ) {
    this.line = new Uint32Array(capacity);
    this.limits = fieldNames.map(limitsOf);
    this.fieldNames = fieldNames;
  }

  private readonly fieldNames: readonly string[];

  /**
   * Rejects and returns true when a used text value holds a NUL or another control character
   * it may not hold, or is longer than its limit (BAD_TEXT, TOO_LONG): such values are never
   * stored, on any database (PostgreSQL refuses NUL in text; its btree refuses long ids).
   */
  protected badText(fields: readonly (string | undefined)[], source: RowSource): boolean {
    const { index, name } = this.columns;
    for (let f = 0; f < index.length; f++) {
      const limits = this.limits[f];
      const col = index[f] as number;
      if (limits === null || limits === undefined || col < 0) continue;
      const v = fields[col];
      if (v === undefined) continue;
      const problem = textProblem(v, limits, this.fieldNames[f] as string);
      if (problem !== null) return this.reject(source, problem.code, name[f] ?? null, problem.reason);
    }
    return false;
  }

  /**
   * Optional text fields (by field index) that the file has a column for: only these are read
   * per row; the others are filled with nulls when the batch is taken.
   */
  protected optionalText(fieldIndexes: readonly number[]): OptionalColumn[] {
    return fieldIndexes.filter((f) => (this.columns.index[f] as number) >= 0).map((f) => ({ f, values: [] }));
  }

  /** Hands over the values of optional text field `f` (nulls when the file has no column for it). */
  protected takeOptional(optional: readonly OptionalColumn[], f: number): (string | null)[] {
    const o = optional.find((x) => x.f === f);
    if (o === undefined) return new Array<string | null>(this.size).fill(null);
    const values = o.values;
    o.values = [];
    return values;
  }

  /**
   * Hands over what every batch has (its size, lines and rejects, the counts read) and starts
   * the next batch's. Call it last when building a batch: it resets `size`.
   */
  protected takeCommon(rowsRead: number, bytesRead: number) {
    const n = this.size;
    const common = { size: n, line: this.line.subarray(0, n), rejects: this.rejects, rowsRead, bytesRead };
    this.size = 0;
    this.rejects = [];
    this.line = new Uint32Array(this.capacity);
    return common;
  }

  get rejectCount(): number {
    return this.rejects.length;
  }

  reject(
    source: RowSource,
    code: RejectCode,
    column: string | null,
    reason: string,
    hint?: ImportHint,
  ): true {
    this.rejects.push({
      line: source.line,
      column,
      code,
      reason,
      ...(hint ? { hint } : {}),
      raw: source.raw(),
    });
    return true;
  }

  /** The trimmed value of field `f`, or null when the file has no column for it or it is blank. */
  protected text(fields: readonly (string | undefined)[], f: number): string | null {
    const col = this.columns.index[f] as number;
    if (col < 0) return null;
    const v = fields[col];
    if (v === undefined) return null;
    const t = v.trim();
    return t === "" ? null : t;
  }

  /** Rejects and returns true when a used value holds undecodable bytes. */
  protected badEncoding(
    fields: readonly (string | undefined)[],
    source: RowSource,
    fieldNames: readonly string[],
  ): boolean {
    const { index, name } = this.columns;
    for (let f = 0; f < index.length; f++) {
      const col = index[f] as number;
      const v = col >= 0 ? fields[col] : undefined;
      if (v?.includes(REPLACEMENT)) {
        this.reject(
          source,
          "BAD_ENCODING",
          name[f] ?? null,
          `${fieldNames[f]} ${JSON.stringify(v.trim())} has bytes that are not UTF-8`,
          { option: "encoding", values: ["latin1", "macintosh"] },
        );
        return true;
      }
    }
    return false;
  }

  /** Rejects the row for an empty required field, unless the whole row is blank (then false). */
  protected missing(source: RowSource, f: number, field: string): boolean {
    if (source.isBlank()) return false;
    const column = this.columns.name[f] ?? null;
    return this.reject(
      source,
      "MISSING_FIELD",
      column,
      `${field} is empty${column ? ` (column "${column}")` : ""}`,
    );
  }

  /** Epoch ms of the date in field `f`, or NaN after rejecting the row. */
  protected date(source: RowSource, f: number, text: string): number {
    const ms = this.dates.readInRange(text);
    if (Number.isNaN(ms)) {
      const p = this.dates.problem;
      this.reject(
        source,
        p?.code ?? "BAD_DATE",
        this.columns.name[f] ?? null,
        p?.reason ?? `bad date ${text}`,
        p?.hint,
      );
    }
    return ms;
  }
}

/** Ids are held to the id limits, dates and amounts to none here, the rest to the text limits. */
function textLimitsOf(field: string): TextLimits | null {
  if (field === "order_id" || field === "customer_id") return "id";
  if (field === "occurred_at" || field === "amount" || field === "created_at") return null;
  return "text";
}

const T_ORDER = 0;
const T_CUSTOMER = 1;
const T_OCCURRED = 2;
const T_AMOUNT = 3;
const T_CHANNEL = 4;
const T_PROVINCE = 5;
const T_REGION = 6;
const T_CITY = 7;
const T_NAME = 8;
const T_EMAIL = 9;
const T_CURRENCY = 10;

/**
 * Derived order ids for files without one (`order_id` mapped to `@auto`):
 * `<customer_id>|<date>|<amount>|<n>`, where date is `YYYY-MM-DD` (the store's day, when the
 * value is the first instant of that day there, as a date-only value is; otherwise the full ISO
 * instant), amount is the parsed number, and n counts the rows with that same
 * customer, date and amount so far in the file (1 for the first). The same file, even reordered
 * or with rows added, gives the same ids, and two identical purchases on one day stay two.
 * Memory: one map entry per distinct (customer, date, amount) of the file.
 */
export class DerivedOrderIds {
  private readonly seen = new Map<string, number>();

  constructor(private readonly calendar: StoreCalendar = storeCalendar()) {}

  next(customerId: string, occurredAt: number, amount: number): string {
    const day = this.calendar.dayOf(occurredAt);
    const date =
      this.calendar.startOfDay(day) === occurredAt
        ? this.calendar.isoDayOf(occurredAt)
        : new Date(occurredAt).toISOString();
    const key = `${customerId}|${date}|${amount}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    return `${key}|${n}`;
  }
}

export class TransactionBuilder extends BaseBuilder implements BatchBuilder<TransactionBatch> {
  private orderId: string[] = [];
  private customerId: string[] = [];
  private occurredAt: Float64Array;
  private amount: Float64Array;
  private currency: (string | null)[] = [];
  private readonly optional;
  private readonly derived: DerivedOrderIds | null;

  constructor(
    columns: ResolvedColumns,
    dates: DateReader,
    capacity: number,
    private readonly amounts: AmountReader,
  ) {
    super(columns, dates, capacity, FIELDS.transactions, textLimitsOf);
    this.occurredAt = new Float64Array(capacity);
    this.amount = new Float64Array(capacity);
    this.derived = columns.index[T_ORDER] === AUTO ? new DerivedOrderIds(dates.calendar) : null;
    this.optional = this.optionalText([T_CHANNEL, T_PROVINCE, T_REGION, T_CITY, T_NAME, T_EMAIL]);
  }

  add(fields: readonly (string | undefined)[], source: RowSource): boolean {
    if (this.checkEncoding && this.badEncoding(fields, source, FIELDS.transactions)) return true;
    if (this.badText(fields, source)) return true;
    let orderId: string | null = null;
    if (this.derived === null) {
      orderId = this.text(fields, T_ORDER);
      if (orderId === null) return this.missing(source, T_ORDER, "order_id");
    }
    const customerId = this.text(fields, T_CUSTOMER);
    if (customerId === null) return this.missing(source, T_CUSTOMER, "customer_id");
    const occurredText = this.text(fields, T_OCCURRED);
    if (occurredText === null) return this.missing(source, T_OCCURRED, "occurred_at");
    const occurredAt = this.date(source, T_OCCURRED, occurredText);
    if (Number.isNaN(occurredAt)) return true;
    const amountText = this.text(fields, T_AMOUNT);
    if (amountText === null) return this.missing(source, T_AMOUNT, "amount");
    const amount = this.amounts.read(amountText);
    if (Number.isNaN(amount)) {
      const bad = describeBadAmount(amountText);
      return this.reject(source, "BAD_AMOUNT", this.columns.name[T_AMOUNT] ?? null, bad.reason, bad.hint);
    }
    const currencyText = this.text(fields, T_CURRENCY);
    let currency: string | null = null;
    if (currencyText !== null) {
      currency = normalizeCurrency(currencyText);
      if (currency === null) {
        return this.reject(
          source,
          "UNKNOWN_CURRENCY",
          this.columns.name[T_CURRENCY] ?? null,
          unknownCurrencyReason(currencyText),
        );
      }
    }

    const i = this.size++;
    this.currency.push(currency);
    this.orderId.push(orderId ?? (this.derived as DerivedOrderIds).next(customerId, occurredAt, amount));
    this.customerId.push(customerId);
    this.occurredAt[i] = occurredAt;
    this.amount[i] = amount;
    for (const o of this.optional) o.values.push(this.text(fields, o.f));
    this.line[i] = source.line;
    return true;
  }

  take(rowsRead: number, bytesRead: number): TransactionBatch {
    const n = this.size;
    const batch: TransactionBatch = {
      orderId: this.orderId,
      customerId: this.customerId,
      occurredAt: this.occurredAt.subarray(0, n),
      amount: this.amount.subarray(0, n),
      channel: this.takeOptional(this.optional, T_CHANNEL),
      province: this.takeOptional(this.optional, T_PROVINCE),
      region: this.takeOptional(this.optional, T_REGION),
      city: this.takeOptional(this.optional, T_CITY),
      name: this.takeOptional(this.optional, T_NAME),
      email: this.takeOptional(this.optional, T_EMAIL),
      currency: this.currency,
      ...this.takeCommon(rowsRead, bytesRead),
    };
    this.currency = [];
    this.orderId = [];
    this.customerId = [];
    this.occurredAt = new Float64Array(this.capacity);
    this.amount = new Float64Array(this.capacity);
    return batch;
  }
}

const C_CUSTOMER = 0;
const C_NAME = 1;
const C_EMAIL = 2;
const C_PROVINCE = 3;
const C_REGION = 4;
const C_CITY = 5;
const C_CREATED = 6;
const C_FIRST = 7;
const C_LAST = 8;
const C_PHONE = 9;
const C_CONSENT = 10;

/** Accepted spellings of marketing consent (compared trimmed and lower-cased). */
const CONSENT_VALUES: ReadonlyMap<string, boolean> = new Map([
  ["true", true],
  ["yes", true],
  ["y", true],
  ["1", true],
  ["opted_in", true],
  ["false", false],
  ["no", false],
  ["n", false],
  ["0", false],
  ["opted_out", false],
]);

/** Marketing consent of a value: true, false, or undefined when it is not an accepted spelling. */
export function readConsent(text: string): boolean | undefined {
  return CONSENT_VALUES.get(text.trim().toLowerCase());
}

export class CustomerBuilder extends BaseBuilder implements BatchBuilder<CustomerBatch> {
  private customerId: string[] = [];
  private createdAt: Float64Array;
  private consent: (boolean | null)[] = [];
  private readonly optional;
  /** How names are completed: split `name` (no first/last columns), compose it (no name column), or neither. */
  private readonly names: "split" | "compose" | "as-given";

  constructor(columns: ResolvedColumns, dates: DateReader, capacity: number) {
    super(columns, dates, capacity, FIELDS.customers, textLimitsOf);
    this.createdAt = new Float64Array(capacity);
    this.optional = this.optionalText([
      C_NAME,
      C_EMAIL,
      C_PROVINCE,
      C_REGION,
      C_CITY,
      C_FIRST,
      C_LAST,
      C_PHONE,
    ]);
    const has = (f: number) => (columns.index[f] as number) >= 0;
    this.names =
      has(C_NAME) && !has(C_FIRST) && !has(C_LAST)
        ? "split"
        : !has(C_NAME) && (has(C_FIRST) || has(C_LAST))
          ? "compose"
          : "as-given";
  }

  add(fields: readonly (string | undefined)[], source: RowSource): boolean {
    if (this.checkEncoding && this.badEncoding(fields, source, FIELDS.customers)) return true;
    if (this.badText(fields, source)) return true;
    const customerId = this.text(fields, C_CUSTOMER);
    if (customerId === null) return this.missing(source, C_CUSTOMER, "customer_id");
    const createdText = this.text(fields, C_CREATED);
    let createdAt = Number.NaN;
    if (createdText !== null) {
      createdAt = this.date(source, C_CREATED, createdText);
      if (Number.isNaN(createdAt)) return true;
    }
    const consentText = this.text(fields, C_CONSENT);
    let consent: boolean | null = null;
    if (consentText !== null) {
      const read = readConsent(consentText);
      if (read === undefined) {
        return this.reject(
          source,
          "BAD_VALUE",
          this.columns.name[C_CONSENT] ?? null,
          `marketing_consent ${JSON.stringify(consentText)} is not one of true/false, yes/no, y/n, 1/0, opted_in/opted_out`,
        );
      }
      consent = read;
    }
    const i = this.size++;
    this.customerId.push(customerId);
    for (const o of this.optional) o.values.push(this.text(fields, o.f));
    this.consent.push(consent);
    this.createdAt[i] = createdAt;
    this.line[i] = source.line;
    return true;
  }

  take(rowsRead: number, bytesRead: number): CustomerBatch {
    const name = this.takeOptional(this.optional, C_NAME);
    const firstName = this.takeOptional(this.optional, C_FIRST);
    const lastName = this.takeOptional(this.optional, C_LAST);
    if (this.names === "split") {
      for (let i = 0; i < name.length; i++) [firstName[i], lastName[i]] = splitName(name[i] ?? null);
    } else if (this.names === "compose") {
      for (let i = 0; i < name.length; i++) name[i] = composeName(firstName[i] ?? null, lastName[i] ?? null);
    }
    const batch: CustomerBatch = {
      customerId: this.customerId,
      name,
      email: this.takeOptional(this.optional, C_EMAIL),
      province: this.takeOptional(this.optional, C_PROVINCE),
      region: this.takeOptional(this.optional, C_REGION),
      city: this.takeOptional(this.optional, C_CITY),
      createdAt: this.createdAt.subarray(0, this.size),
      firstName,
      lastName,
      phone: this.takeOptional(this.optional, C_PHONE),
      marketingConsent: this.consent,
      ...this.takeCommon(rowsRead, bytesRead),
    };
    this.customerId = [];
    this.consent = [];
    this.createdAt = new Float64Array(this.capacity);
    return batch;
  }
}
