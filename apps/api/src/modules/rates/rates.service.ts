/**
 * Exchange rates (`rfm import rates FILE`, `POST /imports/rates`): a CSV of `date,currency,rate`
 * (and optionally `base`), where `rate` is how many units of the base currency one unit of
 * `currency` is worth from that day on (until the next rate). The base is the row's `base`
 * column when the file has one, else the `base` option, else the store's currency.
 *
 * A rates file is all or nothing: a file with any bad row stores no rate and the answer lists
 * every bad row (line, column, code, reason), because half a rates table converts some orders
 * at a stale rate without anyone noticing. Re-importing a rate (same date, currency and base)
 * replaces it.
 */
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { env } from "../../env";
import { RecordReader } from "../../import/records";
import { normalizeCurrency, unknownCurrencyReason } from "../../money/currencies";

export interface RateRow {
  /** The first instant of the day (UTC), epoch ms. */
  readonly date: number;
  readonly currency: string;
  readonly base: string;
  readonly rate: number;
}

export type RateRejectCode =
  | "MISSING_FIELD"
  | "BAD_DATE"
  | "UNKNOWN_CURRENCY"
  | "BAD_RATE"
  | "SAME_CURRENCY"
  | "DUPLICATE_RATE"
  | "COLUMN_COUNT"
  | "BAD_QUOTES";

export interface RateReject {
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  /** The file's column name, or null for the row as a whole. */
  readonly column: string | null;
  readonly code: RateRejectCode;
  readonly reason: string;
}

export interface RatesImportSummary {
  readonly rows: number;
  /** Rates new to the table. */
  readonly inserted: number;
  /** Rates that replaced a stored one (same date, currency and base). */
  readonly replaced: number;
  /** The bases of the rates stored, sorted. */
  readonly bases: readonly string[];
}

/** Shown in rejects and errors: at most this many rejects are listed in a message. */
const LIST_AT_MOST = 20;
const FIELDS = ["date", "currency", "rate", "base"] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^\d+(\.\d+)?$/;

function invalid(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("INVALID_RATES", message, { field: "body", details });
}

/** Reads a rates file; throws INVALID_RATES for a file that cannot be read as one at all. */
export function parseRates(
  text: string,
  options: { readonly base?: string } = {},
): { rows: RateRow[]; rejects: RateReject[] } {
  let defaultBase = env.STORE_CURRENCY;
  if (options.base !== undefined) {
    const base = normalizeCurrency(options.base);
    if (base === null) {
      throw new AppError("UNKNOWN_CURRENCY", `base: ${unknownCurrencyReason(options.base)}`, {
        field: "base",
      });
    }
    defaultBase = base;
  }
  const reader = new RecordReader({ delimiter: "," });
  reader.feed(text.startsWith("\uFEFF") ? text.slice(1) : text);
  reader.end();
  if (!reader.next())
    throw invalid("the rates file is empty: it needs a header line date,currency,rate[,base]");
  const header = reader.fields.slice(0, reader.count).map((h) => h.trim());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    index.set(h.toLowerCase(), i);
  });
  const missing = FIELDS.filter((f) => f !== "base" && !index.has(f));
  if (missing.length > 0) {
    throw invalid(
      `the rates file has no column ${missing.join(", ")}; its header must name date, currency and rate (and optionally base), found ${header.map((h) => JSON.stringify(h)).join(", ")}`,
    );
  }
  const col = (f: (typeof FIELDS)[number]) => index.get(f) ?? -1;
  const rows: RateRow[] = [];
  const rejects: RateReject[] = [];
  const seen = new Map<string, number>();
  while (reader.next()) {
    const line = reader.line;
    const reject = (f: (typeof FIELDS)[number] | null, code: RateRejectCode, reason: string) => {
      rejects.push({ line, column: f === null ? null : (header[col(f)] ?? f), code, reason });
    };
    if (reader.quoteError !== null) {
      reject(null, "BAD_QUOTES", reader.quoteError);
      continue;
    }
    if (reader.count !== header.length) {
      if (reader.isBlank()) continue;
      reject(null, "COLUMN_COUNT", `${reader.count} columns where the header has ${header.length}`);
      continue;
    }
    const value = (f: (typeof FIELDS)[number]) => (col(f) < 0 ? "" : (reader.fields[col(f)] ?? "").trim());
    const dateText = value("date");
    const currencyText = value("currency");
    const rateText = value("rate");
    const baseText = value("base");
    if (dateText === "") {
      reject("date", "MISSING_FIELD", "date is empty");
      continue;
    }
    const m = DATE.exec(dateText);
    const date = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
    if (!m || new Date(date).toISOString().slice(0, 10) !== dateText) {
      reject("date", "BAD_DATE", `date ${JSON.stringify(dateText)} is not a calendar day YYYY-MM-DD`);
      continue;
    }
    if (currencyText === "") {
      reject("currency", "MISSING_FIELD", "currency is empty");
      continue;
    }
    const currency = normalizeCurrency(currencyText);
    if (currency === null) {
      reject("currency", "UNKNOWN_CURRENCY", unknownCurrencyReason(currencyText));
      continue;
    }
    let base = defaultBase;
    if (baseText !== "") {
      const given = normalizeCurrency(baseText);
      if (given === null) {
        reject("base", "UNKNOWN_CURRENCY", unknownCurrencyReason(baseText));
        continue;
      }
      base = given;
    }
    if (rateText === "") {
      reject("rate", "MISSING_FIELD", "rate is empty");
      continue;
    }
    const rate = Number(rateText);
    if (!DECIMAL.test(rateText) || !(rate > 0) || !Number.isFinite(rate)) {
      reject(
        "rate",
        "BAD_RATE",
        `rate ${JSON.stringify(rateText)} is not a positive decimal number (units of ${base} per ${currency}, e.g. 1.0842)`,
      );
      continue;
    }
    if (currency === base) {
      reject("currency", "SAME_CURRENCY", `a rate of ${currency} into itself is always 1: leave the row out`);
      continue;
    }
    const key = `${dateText}|${currency}|${base}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      reject(
        null,
        "DUPLICATE_RATE",
        `line ${earlier} already gives the rate of ${currency} in ${base} on ${dateText}`,
      );
      continue;
    }
    seen.set(key, line);
    rows.push({ date, currency, base, rate });
  }
  return { rows, rejects };
}

function describeRejects(rejects: readonly RateReject[]): string {
  const listed = rejects
    .slice(0, LIST_AT_MOST)
    .map((r) => `  line ${r.line}${r.column === null ? "" : `, column ${r.column}`}: ${r.code}: ${r.reason}`);
  const more = rejects.length > LIST_AT_MOST ? [`  ... and ${rejects.length - LIST_AT_MOST} more`] : [];
  return [
    `${rejects.length} row(s) of the rates file are wrong; no rate was stored:`,
    ...listed,
    ...more,
  ].join("\n");
}

/**
 * Parses and stores a rates file in one transaction; throws INVALID_RATES (no rate stored) with
 * `details.rejects` when any row is wrong, or when the file has no rate.
 */
export async function importRates(
  db: Database,
  text: string,
  options: { readonly base?: string } = {},
): Promise<RatesImportSummary> {
  const { rows, rejects } = parseRates(text, options);
  if (rejects.length > 0) throw invalid(describeRejects(rejects), { rejects });
  if (rows.length === 0) throw invalid("the rates file has a header but no rate");
  const sqlite = db.provider === "sqlite";
  const sql = `INSERT INTO exchange_rates (date, currency, base, rate) VALUES (${sqlite ? "$1" : "$1::timestamp"}, $2, $3, $4)
     ON CONFLICT (currency, base, date) DO UPDATE SET rate = excluded.rate`;
  const exists = `SELECT 1 AS present FROM exchange_rates WHERE currency = $2 AND base = $3 AND date = ${sqlite ? "$1" : "$1::timestamp"}`;
  let replaced = 0;
  await db.raw.transaction(async (tx) => {
    for (const row of rows) {
      const date = sqlite ? row.date : new Date(row.date).toISOString().slice(0, 10);
      const params = [date, row.currency, row.base, row.rate];
      if ((await tx.query(exists, params.slice(0, 3))).length > 0) replaced++;
      await tx.execute(sql, params);
    }
  });
  return {
    rows: rows.length,
    inserted: rows.length - replaced,
    replaced,
    bases: [...new Set(rows.map((row) => row.base))].sort(),
  };
}
