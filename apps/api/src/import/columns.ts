import { AUTO_ORDER_ID, ImportError, type ImportKind, type ImportProblem } from "./types";

/** Our field names, in the order rows are checked (the first problem found is the one reported). */
export const FIELDS = {
  transactions: [
    "order_id",
    "customer_id",
    "occurred_at",
    "amount",
    "channel",
    "province",
    "region",
    "city",
    "name",
    "email",
    "currency",
  ],
  customers: [
    "customer_id",
    "name",
    "email",
    "province",
    "region",
    "city",
    "created_at",
    "first_name",
    "last_name",
    "phone",
    "marketing_consent",
  ],
} as const satisfies Record<ImportKind, readonly string[]>;

export const REQUIRED: Record<ImportKind, readonly string[]> = {
  transactions: ["order_id", "customer_id", "occurred_at", "amount"],
  customers: ["customer_id"],
};

/**
 * What each field holds, as the admin's Import page and `POST /imports/preview` show it. A field
 * without an entry is shown with its name only, so a new field appears there before it has one.
 */
export const FIELD_DESCRIPTIONS: Readonly<Partial<Record<string, string>>> = {
  order_id:
    "The order's id: rows with the same id are lines of one order, summed (@auto: derived from customer, day and amount)",
  customer_id: "The store's id of the customer",
  occurred_at: "When the order was placed: a date, or a date and time",
  amount: "What the order (line) cost; a refund is negative",
  channel: "Sales channel, e.g. online or store",
  province: "Province or state",
  region: "Region",
  city: "City",
  name: "The customer's full name",
  email: "The customer's email address",
  currency: "ISO 4217 code of the amount (empty: the store's currency)",
  created_at: "When the customer was created in the store's systems",
};

/** The field of each kind that holds dates (for suggesting a date format). */
export const DATE_FIELD: Record<ImportKind, string> = {
  transactions: "occurred_at",
  customers: "created_at",
};

/** Column index meaning "derive the order id" (`--map order_id=@auto`). */
export const AUTO = -2;
/** Column index meaning "the file has no such column". */
export const ABSENT = -1;

export interface ResolvedColumns {
  /** Per field of {@link FIELDS}[kind]: the column index in the header, ABSENT or AUTO. */
  readonly index: Int32Array;
  /** Per field: the header's spelling of its column, for rejects. */
  readonly name: readonly (string | null)[];
}

function key(name: string): string {
  return name.trim().toLowerCase();
}

function listColumns(header: readonly string[]): string {
  return header.map((h) => JSON.stringify(h.trim())).join(", ");
}

/**
 * Matches our fields to the header's columns: a field's column is the one its map entry names,
 * else the one spelled like the field; both compared trimmed and case-insensitively. Throws an
 * ImportError listing every problem at once (see {@link matchColumns}).
 */
export function resolveColumns(
  kind: ImportKind,
  header: readonly string[],
  map: Readonly<Record<string, string>> = {},
  what = "the header",
): ResolvedColumns {
  const { problems, ...columns } = matchColumns(kind, header, map, what);
  if (problems.length > 0) throw new ImportError(problems);
  return columns;
}

/**
 * As {@link resolveColumns}, returning the problems instead of throwing them (the preview shows
 * what matched beside what did not): a map naming a field we do not have or a column the header
 * lacks, a required field without a column, a used column appearing twice.
 */
export function matchColumns(
  kind: ImportKind,
  header: readonly string[],
  map: Readonly<Record<string, string>> = {},
  what = "the header",
): ResolvedColumns & { readonly problems: readonly ImportProblem[] } {
  const fields: readonly string[] = FIELDS[kind];
  const problems: ImportProblem[] = [];
  const byKey = new Map<string, number[]>();
  header.forEach((h, i) => {
    const k = key(h);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });

  const mapped = new Map<string, string>();
  const failed = new Set<string>();
  for (const [rawField, column] of Object.entries(map)) {
    const field = key(rawField);
    if (!fields.includes(field)) {
      problems.push({
        code: "UNKNOWN_FIELD",
        message: `column map ${rawField}=${column}: "${rawField}" is not a field of ${kind}; the fields are ${fields.join(", ")}`,
      });
      continue;
    }
    if (column.trim() === AUTO_ORDER_ID && !(kind === "transactions" && field === "order_id")) {
      problems.push({
        code: "BAD_OPTION",
        message: `column map ${rawField}=${AUTO_ORDER_ID}: only order_id of transactions can be derived`,
      });
      failed.add(field);
      continue;
    }
    if (column.trim() !== AUTO_ORDER_ID && !byKey.has(key(column))) {
      problems.push({
        code: "UNKNOWN_COLUMN",
        message: `column map ${rawField}=${column}: ${what} has no column "${column}"; its columns are ${listColumns(header)}`,
      });
      failed.add(field);
      continue;
    }
    mapped.set(field, column);
  }

  const index = new Int32Array(fields.length).fill(ABSENT);
  const name: (string | null)[] = fields.map(() => null);
  fields.forEach((field, f) => {
    const column = mapped.get(field);
    if (column?.trim() === AUTO_ORDER_ID) {
      index[f] = AUTO;
      return;
    }
    const found = byKey.get(key(column ?? field));
    if (found === undefined) {
      if (column === undefined && REQUIRED[kind].includes(field) && !failed.has(field)) {
        problems.push({
          code: "MISSING_COLUMN",
          message: `${what} has no column for ${field}; its columns are ${listColumns(header)}`,
          hint: {
            option: "map",
            field,
            values: kind === "transactions" && field === "order_id" ? [AUTO_ORDER_ID] : [],
          },
        });
      }
      return;
    }
    if (found.length > 1) {
      problems.push({
        code: "DUPLICATE_COLUMN",
        message: `column "${header[found[0] as number]?.trim()}" (for ${field}) appears ${found.length} times in ${what}`,
      });
      return;
    }
    const i = found[0] as number;
    index[f] = i;
    name[f] = (header[i] as string).trim();
  });

  return { index, name, problems };
}
