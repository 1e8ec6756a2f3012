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
 * Matches our fields to the header's columns: a field's column is the one its `--map` names,
 * else the one spelled like the field; both compared trimmed and case-insensitively. Throws an
 * ImportError listing every problem at once: a map naming a field we do not have or a column
 * the header lacks, a required field without a column, a used column appearing twice.
 */
export function resolveColumns(
  kind: ImportKind,
  header: readonly string[],
  map: Readonly<Record<string, string>> = {},
  what = "the header",
): ResolvedColumns {
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
        message: `--map ${rawField}=${column}: "${rawField}" is not a field of ${kind}; the fields are ${fields.join(", ")}`,
      });
      continue;
    }
    if (column.trim() === AUTO_ORDER_ID && !(kind === "transactions" && field === "order_id")) {
      problems.push({
        code: "BAD_OPTION",
        message: `--map ${rawField}=${AUTO_ORDER_ID}: only order_id of transactions can be derived`,
      });
      failed.add(field);
      continue;
    }
    if (column.trim() !== AUTO_ORDER_ID && !byKey.has(key(column))) {
      problems.push({
        code: "UNKNOWN_COLUMN",
        message: `--map ${rawField}=${column}: ${what} has no column "${column}"; its columns are ${listColumns(header)}`,
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
        const derive = field === "order_id" ? `, or --map order_id=${AUTO_ORDER_ID} to derive ids` : "";
        problems.push({
          code: "MISSING_COLUMN",
          message: `${what} has no column for ${field}; its columns are ${listColumns(header)}; name one with --map ${field}=COLUMN${derive}`,
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

  if (problems.length > 0) throw new ImportError(problems);
  return { index, name };
}
