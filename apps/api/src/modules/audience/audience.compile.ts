/**
 * An audience definition compiled, once, into what every reader of it uses: the run, the set of
 * RFM codes (every score condition: segment, codes, R/F/M ranges, intersected), and the other
 * conditions as one SQL text in the facts store's dialect (`factsStoreOf(db).dialect`). The
 * customer page and its count (customer.repository.ts) and the export reader
 * (db/facts/audiences.ts) all take that same text, so the count shown is the count exported.
 *
 * The text, per dialect:
 * - sqlite, postgresql: over `customer_scores s` and `customers c` (joined by the reader).
 * - clickhouse: over the UNQUALIFIED columns of `customer_scores` (run_id, customer_id,
 *   recency_days, frequency, monetary_cents, r, f, m, code, clv), read through its
 *   `Distributed` table. Conditions on other tables are `customer_id IN (SELECT ... FROM
 *   <database>.<table>_local ...)`: every table is sharded by customer, so each shard answers
 *   the subquery from its own rows (`distributed_product_mode = 'local'`), exact and with
 *   nothing moving between servers. 18.16 has no correlated subqueries, hence IN and not
 *   EXISTS. The database is named: a shard runs a forwarded query's subqueries in its own
 *   default database.
 *
 * Values are inlined as literals, never bound: a PostgreSQL `COPY` (the export) takes no bind
 * parameters, nor does ClickHouse 18.16 over HTTP. Integers are checked integers; numbers
 * finite; text may not hold NUL and is quoted as the dialect reads it (`sqlText`).
 *
 * The rules, as the API documents them:
 * - province, region, city: trimmed and lower-cased on both sides (`lower(trim(c.province))`),
 *   stored values kept as imported; a province also matches its Canadian code or names
 *   (rfm-core `provinceKeys`: ON = Ontario). SQLite's lower() folds ASCII letters only, so
 *   "QUÉBEC" and "québec" differ there (the province table lists both spellings of Québec).
 * - channel: at least one stored order in that channel, at any time (not only in the run's
 *   window), compared as the areas are.
 * - spend: the run's monetary (net spend, or mean per order for a run on that basis), cents.
 * - clv: the run's CLV; customers without one never match a CLV range.
 * - enteredSince: `segment_members.since` (the as-of of the run that started the streak) after
 *   the start of that store day, in the run's time zone: the customer entered in a run whose
 *   last counted day is that day or later. Only the current run has members.
 * - movedFrom: scored in that run with a code the published mapping gives that segment (both
 *   runs' codes read under the published mapping, as `analytics.movement` does), so a movement
 *   cell's count is the count of `{ segment: to, movedFrom: { run: from, segment: from } }`.
 */
import {
  type Bins,
  checkCodes,
  codeCount,
  indexOfCode,
  provinceKeys,
  type Segment,
  type SegmentMapping,
  scoresOfIndex,
} from "@rfm/core";
import { AppError } from "../../app-error";
import { dayStart } from "../../days";
import type { Database } from "../../db/client";
import { type FactsDialect, factsStoreOf } from "../../db/facts";
import { chString } from "../../db/facts/clickhouse/literals";
import { sqlIntegers } from "../../db/raw";
import { searchConditionSql } from "../customer/customer-search.repository";
import type { PublishedMapping } from "../mapping/mapping.repository";
import { getRun, type ScoringRun } from "../scoring/scoring.repository";
import { checkBins } from "../segment/segment.service";
import {
  type AudienceFilter,
  type DecimalRange,
  type IntRange,
  normaliseFilter,
  summariseFilter,
} from "./audience.filter";

/** A profile's published mapping and current run (null before the first complete run). */
export interface AudienceView {
  readonly run: ScoringRun | null;
  readonly mapping: PublishedMapping;
}

export interface CompiledAudience {
  /** The definition, normalised, segments by key (what a saved audience stores). */
  readonly filter: AudienceFilter;
  readonly run: ScoringRun;
  /** True when `run` is the profile's current run. */
  readonly current: boolean;
  readonly mapping: PublishedMapping;
  /** The segment condition's segment, as the mapping has it. */
  readonly segment: Segment | null;
  /** Dense code indexes the customers must have (every score condition intersected). */
  readonly codes: readonly number[];
  /** The dialect `sql` is written in: the facts store's. */
  readonly dialect: FactsDialect;
  /**
   * ` AND ...` conditions, literals inlined; "" for none. SQLite, PostgreSQL: over `s`
   * (customer_scores) and `c` (customers); ClickHouse: over unqualified customer_scores columns.
   */
  readonly sql: string;
  /** Whether `sql` reads the customer row (`c`): areas or a search (never on ClickHouse: subqueries there). */
  readonly readsCustomer: boolean;
  /** Whether there is a text search (the page then scans customers: customer.repository.ts). */
  readonly search: boolean;
  /** One line for logs and messages. */
  readonly summary: string;
}

/** The segment of a mapping by key (exact) or name (trimmed, case-insensitive); NOT_FOUND lists them. */
export function findSegment(mapping: SegmentMapping, given: string, field = "name"): Segment {
  const wanted = given.trim();
  const lower = wanted.toLowerCase();
  const segment =
    mapping.segments.find((s) => s.key === wanted) ??
    mapping.segments.find((s) => s.name.toLowerCase() === lower);
  if (!segment) {
    const names = mapping.segments.map((s) => s.name);
    throw new AppError(
      "NOT_FOUND",
      `no segment named "${given}" (by key or name); segments are: ${mapping.segments.map((s) => `${s.name} (${s.key})`).join(", ")}`,
      { field, details: { segments: names, keys: mapping.segments.map((s) => s.key) } },
    );
  }
  return segment;
}

/**
 * A text value as an SQL string literal; NUL refused. SQLite: quotes doubled (nothing else is
 * special). PostgreSQL: an escape string (`E'...'`), backslashes and quotes escaped, so the
 * literal means the same whatever `standard_conforming_strings` says. ClickHouse: backslash
 * escapes, the only quoting every version reads alike (`\\` and `\'`).
 */
export function sqlText(value: string, field: string, dialect: FactsDialect): string {
  if (value.includes("\u0000")) {
    throw new AppError("BAD_USER_INPUT", `${field} may not hold a NUL character`, { field });
  }
  if (dialect === "clickhouse") return chString(value);
  const quoted = value.replace(/'/g, "''");
  return dialect === "sqlite" ? `'${quoted}'` : `E'${quoted.replace(/\\/g, "\\\\")}'`;
}

function checkRange(
  range: IntRange | null | undefined,
  low: number,
  high: number,
  field: string,
): [number, number] {
  const min = range?.min ?? low;
  const max = range?.max ?? high;
  for (const [value, end] of [
    [min, "min"],
    [max, "max"],
  ] as const) {
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new AppError("BAD_USER_INPUT", `${field}.${end} must be from ${low} to ${high}, got ${value}`, {
        field: `${field}.${end}`,
      });
    }
  }
  if (min > max) throw new AppError("BAD_USER_INPUT", `${field}: min ${min} is above max ${max}`, { field });
  return [min, max];
}

/** Every score condition of a filter as one set of dense code indexes, in code order. */
export function codesOfFilter(
  filter: AudienceFilter | null | undefined,
  mapping: SegmentMapping,
  bins: Bins,
  prefix = "filter",
): number[] {
  const count = codeCount(bins);
  const allowed = new Uint8Array(count).fill(1);
  if (filter?.segment != null) {
    const segment = findSegment(mapping, filter.segment, `${prefix}.segment`);
    const inSegment = new Uint8Array(count);
    for (const code of segment.codes) inSegment[indexOfCode(code, bins)] = 1;
    for (let i = 0; i < count; i++) allowed[i]! &= inSegment[i]!;
  }
  if (filter?.codes != null) {
    const { valid, invalid } = checkCodes(filter.codes, bins);
    if (invalid.length > 0) {
      throw new AppError("BAD_USER_INPUT", `not RFM codes for ${bins} bins: ${invalid.join(", ")}`, {
        field: `${prefix}.codes`,
        details: { codes: invalid },
      });
    }
    const listed = new Uint8Array(count);
    for (const code of valid) listed[indexOfCode(code, bins)] = 1;
    for (let i = 0; i < count; i++) allowed[i]! &= listed[i]!;
  }
  const [r, f, m] = [
    checkRange(filter?.r, 1, bins, `${prefix}.r`),
    checkRange(filter?.f, 1, bins, `${prefix}.f`),
    checkRange(filter?.m, 1, bins, `${prefix}.m`),
  ];
  const codes: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!allowed[i]) continue;
    const [cr, cf, cm] = scoresOfIndex(i, bins);
    if (cr >= r[0] && cr <= r[1] && cf >= f[0] && cf <= f[1] && cm >= m[0] && cm <= m[1]) codes.push(i);
  }
  return codes;
}

const DECIMAL = /^-?\d{1,13}(\.\d{1,2})?$/;

/** A decimal amount (`"120.5"`) as integer cents; BAD_USER_INPUT naming the field otherwise. */
export function decimalCents(value: string, field: string): number {
  const text = value.trim();
  if (!DECIMAL.test(text)) {
    throw new AppError(
      "BAD_USER_INPUT",
      `${field} must be a decimal amount with at most two decimals, such as 120.50; got "${value}"`,
      { field },
    );
  }
  const negative = text.startsWith("-");
  const [units = "0", fraction = ""] = text.replace("-", "").split(".");
  const cents = Number(units) * 100 + Number(fraction.padEnd(2, "0"));
  return negative ? -cents : cents;
}

function decimalBounds(
  range: DecimalRange | null | undefined,
  field: string,
): [number | null, number | null] {
  const min = range?.min == null ? null : decimalCents(range.min, `${field}.min`);
  const max = range?.max == null ? null : decimalCents(range.max, `${field}.max`);
  if (min !== null && max !== null && min > max) {
    throw new AppError("BAD_USER_INPUT", `${field}: min ${range?.min} is above max ${range?.max}`, { field });
  }
  return [min, max];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a time literal of the dialect stands for (epoch ms), as SQL. */
function timeLiteral(dialect: FactsDialect, ms: number): string {
  if (!Number.isFinite(ms)) throw new Error("not a time");
  // SQLite keeps DateTime as epoch ms, ClickHouse as Int64 epoch ms (no DateTime64 in 18.16);
  // PostgreSQL's TIMESTAMP(3) holds UTC wall time (Prisma's).
  return dialect === "postgresql"
    ? `TIMESTAMP '${new Date(ms).toISOString().replace("T", " ").replace("Z", "")}'`
    : String(Math.trunc(ms));
}

/**
 * A column's value trimmed of spaces and lower-cased, as the areas and channels are compared.
 * ClickHouse 18.16 has no trim functions (trimBoth came later): a regular expression does the
 * same on every version; lowerUTF8 folds as PostgreSQL's lower() does.
 */
function comparedForm(dialect: FactsDialect, column: string): string {
  return dialect === "clickhouse"
    ? `lowerUTF8(replaceRegexpAll(${column}, '^ +| +$', ''))`
    : `lower(trim(${column}))`;
}

/** `lower(trim(column)) IN (...)` for the compared forms of an area value. */
function areaCondition(
  dialect: FactsDialect,
  column: string,
  keys: readonly string[],
  field: string,
): string {
  return `${comparedForm(dialect, column)} IN (${keys.map((k) => sqlText(k, field, dialect)).join(", ")})`;
}

/** A list of integers for `IN (...)`: `NULL` when empty, which nothing equals on any engine. */
function integerList(values: readonly number[]): string {
  return values.length > 0 ? values.join(", ") : "NULL";
}

/**
 * A case-insensitive substring of the customer's id, name or email, as an SQL condition
 * (customer-search.repository.ts: served by the trigram index from 3 characters), its value a
 * checked literal. SQLite, PostgreSQL: over `c`; ClickHouse: over customer_scores' customer_id.
 */
export function searchCondition(
  dialect: FactsDialect,
  term: string,
  field = "search",
  database?: string,
): string {
  return searchConditionSql(dialect, term, (value) => sqlText(value, field, dialect), database);
}

/** A complete run of the profile: the current one, or the one named. */
async function runOf(
  db: Database,
  view: AudienceView,
  id: number | null | undefined,
  field: string,
): Promise<ScoringRun | null> {
  if (id == null) return view.run;
  if (view.run?.id === id) return view.run;
  sqlIntegers([id], field);
  const run = await getRun(db, id);
  if (run?.status !== "complete" || !run.histogram || run.profileId !== view.mapping.profileId) {
    throw new AppError("NOT_FOUND", `no complete scoring run ${id} in this profile`, { field });
  }
  return run;
}

/**
 * Compiles an audience definition for a profile (its published mapping and current run) in the
 * dialect of the database's facts store. Null when there is no run to read (no complete run
 * yet); the segment named is checked even then. Every mistake is an AppError naming its field
 * (`<prefix>.province`, `<prefix>.spend.min`).
 */
export async function compileAudience(
  db: Database,
  view: AudienceView,
  given: AudienceFilter | null | undefined,
  prefix = "filter",
): Promise<CompiledAudience | null> {
  const filter = normaliseFilter(given);
  const { mapping } = view;
  const segment =
    filter.segment == null ? null : findSegment(mapping.compiled, filter.segment, `${prefix}.segment`);
  const run = await runOf(db, view, filter.run, `${prefix}.run`);
  if (!run?.histogram) return null;
  // A segment's codes are the mapping's: they mean nothing under a run of other bins.
  if (segment || filter.movedFrom) checkBins(run, mapping);
  const codes = codesOfFilter(filter, mapping.compiled, run.bins, prefix);
  // The dialect is the facts store's, never chosen by the caller: the text must run where the facts are.
  const dialect = factsStoreOf(db).dialect;
  const ch = dialect === "clickhouse";
  // A shard runs the subqueries of a Distributed query in its session's default database, not
  // the caller's: the shard-local tables are named with their database.
  const local = (table: string) => `${db.analytics?.database}.${table}_local`;
  /** A column of customer_scores in the conditions. */
  const s = (column: string) => (ch ? column : `s.${column}`);
  const parts: string[] = [];
  /** ClickHouse: the customer-row conditions, tested in one subquery over customers_local. */
  const customerParts: string[] = [];
  let readsCustomer = false;

  if (filter.province) {
    const keys = provinceKeys(filter.province);
    (ch ? customerParts : parts).push(
      areaCondition(dialect, ch ? "province" : "c.province", keys, `${prefix}.province`),
    );
    readsCustomer = !ch;
  }
  for (const field of ["region", "city"] as const) {
    const value = filter[field];
    if (value) {
      (ch ? customerParts : parts).push(
        areaCondition(dialect, ch ? field : `c.${field}`, [value.trim().toLowerCase()], `${prefix}.${field}`),
      );
      readsCustomer = !ch;
    }
  }
  if (customerParts.length > 0) {
    // FINAL: the customer's latest version only (customers is a ReplacingMergeTree, schema.ts).
    parts.push(
      `customer_id IN (SELECT id FROM ${local("customers")} FINAL WHERE ${customerParts.join(" AND ")})`,
    );
  }
  if (filter.search) {
    parts.push(searchCondition(dialect, filter.search, `${prefix}.search`, db.analytics?.database));
    readsCustomer = !ch;
  }
  if (filter.channel) {
    const channel = sqlText(filter.channel.trim().toLowerCase(), `${prefix}.channel`, dialect);
    parts.push(
      ch
        ? // FINAL: an order's latest version (transactions is a ReplacingMergeTree, schema.ts).
          `customer_id IN (SELECT customer_id FROM ${local("transactions")} FINAL WHERE ${comparedForm(dialect, "channel")} = ${channel})`
        : // The (customer_id, ...) index finds the customer's orders; the first in the channel ends it.
          `EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = s.customer_id AND lower(trim(t.channel)) = ${channel})`,
    );
  }
  if (filter.recencyDays) {
    const [min, max] = checkRange(filter.recencyDays, 0, 1_000_000, `${prefix}.recencyDays`);
    if (filter.recencyDays.min != null) parts.push(`${s("recency_days")} >= ${min}`);
    if (filter.recencyDays.max != null) parts.push(`${s("recency_days")} <= ${max}`);
  }
  const [spendMin, spendMax] = decimalBounds(filter.spend, `${prefix}.spend`);
  if (spendMin !== null) parts.push(`${s("monetary_cents")} >= ${spendMin}`);
  if (spendMax !== null) parts.push(`${s("monetary_cents")} <= ${spendMax}`);
  const [clvMin, clvMax] = decimalBounds(filter.clv, `${prefix}.clv`);
  // CLV is stored in currency units (a float); compared to the cent, as it is shown. A NULL CLV
  // compares as NULL (not true) on every engine: customers without one never match.
  if (clvMin !== null) parts.push(`${s("clv")} >= ${(clvMin - 0.5) / 100}`);
  if (clvMax !== null) parts.push(`${s("clv")} < ${(clvMax + 0.5) / 100}`);
  const current = view.run?.id === run.id;
  if (filter.enteredSince) {
    const field = `${prefix}.enteredSince`;
    if (!ISO_DAY.test(filter.enteredSince) || Number.isNaN(Date.parse(`${filter.enteredSince}T00:00:00Z`))) {
      throw new AppError(
        "BAD_USER_INPUT",
        `${field} must be a day, YYYY-MM-DD; got "${filter.enteredSince}"`,
        {
          field,
        },
      );
    }
    if (!current) {
      throw new AppError(
        "BAD_USER_INPUT",
        `${field} applies to the current run only (segment membership is kept for it): leave out run ${run.id}`,
        { field },
      );
    }
    // The members are those of the last committed recording: read only when it is this run's
    // under this mapping (between a run's completion and its recording, they are the last run's).
    const recorded = await factsStoreOf(db).membership.recorded(mapping.profileId);
    if (recorded?.runId !== run.id || recorded.mappingVersionId !== mapping.id) {
      throw new AppError(
        "MEMBERSHIP_NOT_RECORDED",
        `${field}: who entered which segment in run ${run.id} under mapping version ${mapping.version} is still being recorded; try again in a moment`,
        { field },
      );
    }
    const start = dayStart(filter.enteredSince, run.timeZone);
    const profileId = sqlIntegers([mapping.profileId], "profile id")[0];
    const key = segment ? sqlText(segment.key, `${prefix}.segment`, dialect) : null;
    parts.push(
      ch
        ? // A customer's membership is their row of the greatest committed seq (clickhouse/membership.ts).
          `customer_id IN (SELECT customer_id FROM (SELECT customer_id, argMax(segment_key, seq) AS member_key,
            argMax(since, seq) AS member_since FROM ${local("segment_members")}
            WHERE profile_id = ${profileId} AND seq <= ${sqlIntegers([recorded.seq], "recording")[0]} GROUP BY customer_id)
          WHERE member_key ${key ? `= ${key}` : "!= ''"} AND member_since > ${timeLiteral(dialect, start)})`
        : `EXISTS (SELECT 1 FROM segment_members sm WHERE sm.profile_id = ${profileId}
        AND sm.customer_id = s.customer_id${key ? ` AND sm.segment_key = ${key}` : ""} AND sm.since > ${timeLiteral(dialect, start)})`,
    );
  }
  if (filter.movedFrom) {
    const field = `${prefix}.movedFrom`;
    const earlier = await runOf(db, { ...view, run: null }, filter.movedFrom.run, `${field}.run`);
    if (!earlier)
      throw new AppError("NOT_FOUND", `no complete scoring run ${filter.movedFrom.run}`, { field });
    if (earlier.bins !== mapping.compiled.bins) {
      throw new AppError(
        "BAD_USER_INPUT",
        `run ${earlier.id} has ${earlier.bins} bins; the published mapping has ${mapping.compiled.bins}`,
        { field: `${field}.run` },
      );
    }
    const from = findSegment(mapping.compiled, filter.movedFrom.segment, `${field}.segment`);
    const fromCodes = integerList(from.codes.map((code) => indexOfCode(code, earlier.bins)));
    const earlierId = sqlIntegers([earlier.id], "run id")[0];
    parts.push(
      ch
        ? `customer_id IN (SELECT customer_id FROM ${local("customer_scores")} WHERE run_id = ${earlierId} AND code IN (${fromCodes}))`
        : `EXISTS (SELECT 1 FROM customer_scores o WHERE o.run_id = ${earlierId}
        AND o.customer_id = s.customer_id AND o.code IN (${fromCodes}))`,
    );
  }
  // Segments by key from here on: a saved definition survives a rename, summaries read alike.
  const canonical: AudienceFilter = {
    ...filter,
    ...(segment ? { segment: segment.key } : {}),
    ...(filter.movedFrom
      ? {
          movedFrom: {
            run: filter.movedFrom.run,
            segment: findSegment(mapping.compiled, filter.movedFrom.segment, `${prefix}.movedFrom.segment`)
              .key,
          },
        }
      : {}),
  };
  return {
    filter: canonical,
    run,
    current,
    mapping,
    segment,
    codes,
    dialect,
    sql: parts.map((p) => ` AND ${p}`).join(""),
    readsCustomer,
    search: Boolean(filter.search),
    summary: summariseFilter(canonical),
  };
}

/** Customers of the compiled audience per the run's histogram, when no other condition applies (else null). */
export function countFromHistogram(audience: CompiledAudience): number | null {
  if (audience.sql !== "") return null;
  const histogram = audience.run.histogram!;
  return audience.codes.reduce((sum, code) => sum + (histogram.customers[code] ?? 0), 0);
}

/** The share of the run's customers the audience's codes hold (the export reader's plan choice). */
export function shareOfRun(audience: CompiledAudience): number {
  const histogram = audience.run.histogram!;
  const total = histogram.customers.reduce((sum, n) => sum + n, 0);
  const inCodes = audience.codes.reduce((sum, code) => sum + (histogram.customers[code] ?? 0), 0);
  return total > 0 ? inCodes / total : 1;
}
