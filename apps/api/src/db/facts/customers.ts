/**
 * Customers in the facts store: created when unknown, their details merged into the stored ones.
 * The merge rules live here once; each engine only stores the merged values (sqlite/customers.ts,
 * postgres/customers.ts).
 */
import { checkLengths, checkTexts, checkTimes, type Scope, type TextColumn } from "./columns";

export interface CustomerColumns {
  /** The store's customer ids. */
  readonly externalId: readonly string[];
  readonly name?: TextColumn;
  readonly email?: TextColumn;
  readonly province?: TextColumn;
  readonly region?: TextColumn;
  readonly city?: TextColumn;
  /** When the store created the customer, epoch ms; null if unknown. */
  readonly createdAt?: readonly (number | null)[];
  readonly firstName?: TextColumn;
  readonly lastName?: TextColumn;
  readonly phone?: TextColumn;
  /** Marketing consent: true (opted in), false (opted out), null (not given: keeps what is stored). */
  readonly marketingConsent?: readonly (boolean | null)[];
}

/**
 * The details of a customer, in the order of the bits of {@link CustomerRecord.known} (new
 * fields go at the end: the transactions importer's cache relies on the first five bits).
 * Marketing consent is held as 1 (opted in) or 0 (opted out) here, as SQLite stores it.
 */
export const CUSTOMER_FIELDS = [
  "name",
  "email",
  "province",
  "region",
  "city",
  "createdAt",
  "firstName",
  "lastName",
  "phone",
  "marketingConsent",
] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type CustomerValues = Record<CustomerField, string | number | null>;

/** A customer with no details (every field null). */
export function noCustomerValues(): CustomerValues {
  return {
    name: null,
    email: null,
    province: null,
    region: null,
    city: null,
    createdAt: null,
    firstName: null,
    lastName: null,
    phone: null,
    marketingConsent: null,
  };
}

/** The table's column of each field. */
export const CUSTOMER_COLUMN: Record<CustomerField, string> = {
  name: "name",
  email: "email",
  province: "province",
  region: "region",
  city: "city",
  createdAt: "created_at",
  firstName: "first_name",
  lastName: "last_name",
  phone: "phone",
  marketingConsent: "marketing_consent",
};
export const TEXT_FIELDS = [
  "name",
  "email",
  "province",
  "region",
  "city",
  "firstName",
  "lastName",
  "phone",
] as const;

/**
 * How given details meet stored ones: `update` (a customers file) replaces a stored value by a
 * different given one; `fill` (details carried by transactions) only fills in what is stored as
 * NULL. Either way a null or absent value never erases anything.
 */
export type CustomerMerge = "update" | "fill";

/** A customer as written: internal id, and which details are stored (bit i: CUSTOMER_FIELDS[i]). */
export interface CustomerRecord {
  readonly id: number;
  readonly known: number;
}

export interface CustomerWriteResult {
  /** Every external id of the call. */
  readonly customers: Map<string, CustomerRecord>;
  readonly created: number;
  /** Stored customers whose details changed. */
  readonly updated: number;
}

export interface CustomerFacts {
  /**
   * Creates the customers not yet stored and merges the details given into the stored ones
   * (see {@link CustomerMerge}); returns every customer of the call with its internal id and
   * which details it has stored. Unchanged customers are not rewritten, so passing the customers
   * of every transaction batch costs one index lookup each.
   */
  write(rows: CustomerColumns, merge: CustomerMerge): Promise<CustomerWriteResult>;
}

/** What an engine implements: store customers already merged (distinct ids, at least one). */
export interface CustomerEngine {
  write(customers: Map<string, CustomerValues>, merge: CustomerMerge): Promise<CustomerWriteResult>;
}

/** Validation and merging in front of an engine's customers. */
export function customerFacts(scope: Scope<CustomerEngine>): CustomerFacts {
  return {
    async write(rows, merge) {
      validateCustomers("customers.write", rows);
      const customers = mergeCustomers(rows, merge);
      if (customers.size === 0) return { customers: new Map(), created: 0, updated: 0 };
      return scope((engine) => engine.write(customers, merge));
    },
  };
}

/**
 * One entry per distinct external id, in first-seen order. When an id repeats, `update` keeps the
 * last non-null value of each field (the newest information wins), `fill` the first.
 */
export function mergeCustomers(rows: CustomerColumns, merge: CustomerMerge): Map<string, CustomerValues> {
  const merged = new Map<string, CustomerValues>();
  const fields = CUSTOMER_FIELDS.filter((field) => rows[field] !== undefined);
  for (let i = 0; i < rows.externalId.length; i++) {
    const id = rows.externalId[i]!;
    let values = merged.get(id);
    if (!values) {
      values = noCustomerValues();
      merged.set(id, values);
    }
    for (const field of fields) {
      const given = rows[field]?.[i];
      const value = typeof given === "boolean" ? (given ? 1 : 0) : given;
      if (value !== null && value !== undefined && (merge === "update" || values[field] === null)) {
        values[field] = value;
      }
    }
  }
  return merged;
}

function validateCustomers(what: string, rows: CustomerColumns): void {
  checkLengths(what, rows.externalId.length, {
    name: rows.name,
    email: rows.email,
    province: rows.province,
    region: rows.region,
    city: rows.city,
    createdAt: rows.createdAt,
    firstName: rows.firstName,
    lastName: rows.lastName,
    phone: rows.phone,
    marketingConsent: rows.marketingConsent,
  });
  checkTexts(what, "externalId", rows.externalId, true);
  for (const field of TEXT_FIELDS) checkTexts(what, field, rows[field], false);
  if (rows.createdAt) checkTimes(what, "createdAt", rows.createdAt);
  const consent = rows.marketingConsent ?? [];
  for (let i = 0; i < consent.length; i++) {
    if (consent[i] !== null && typeof consent[i] !== "boolean") {
      throw new RangeError(`${what}: row ${i}: marketingConsent must be true, false or null`);
    }
  }
}

/** Bit i set when CUSTOMER_FIELDS[i] is stored (not null). */
export function knownMask(values: CustomerValues): number {
  let mask = 0;
  for (let f = 0; f < CUSTOMER_FIELDS.length; f++) if (values[CUSTOMER_FIELDS[f]!] !== null) mask |= 1 << f;
  return mask;
}

/** The fields `merge` changes in `stored` given `values`. */
export function changedFields(
  stored: CustomerValues,
  values: CustomerValues,
  merge: CustomerMerge,
): CustomerField[] {
  return CUSTOMER_FIELDS.filter((field) =>
    merge === "fill"
      ? stored[field] === null && values[field] !== null
      : values[field] !== null && values[field] !== stored[field],
  );
}
