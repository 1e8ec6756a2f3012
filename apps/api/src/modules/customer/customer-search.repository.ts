/**
 * Finding customers by what a person types: the store's id, a name or an email, whole or in
 * part, across every customer (scored or not), served by indexes on both engines
 * (migration `customer_search`, docs/storage.md "Finding a customer").
 *
 * Matches are read tier by tier, each tier an index read limited to the page, and the next
 * tier read only while the page is not full:
 * 1. exact: `lower(column) = lower(q)` on the id, name and email expression indexes;
 * 2. prefix: `lower(column)` from `lower(q)` (an index range; no LIKE, so `%` and `_` in the
 *    text are plain characters);
 * 3. (3 characters or more, no digit or "@") a later word of the name starting with the text;
 * 4. (3 characters or more) the text anywhere in the id, name or email: SQLite's FTS5 trigram
 *    table `customer_search`, PostgreSQL's pg_trgm GIN index `customers_search_trgm_idx`.
 * Shorter texts stop after tier 2: a trigram index cannot serve them, and one or two letters
 * anywhere would match most customers anyway.
 *
 * Which tier and column each candidate matched is decided afterwards from its values (rankHit),
 * so the order does not depend on which index found it.
 */
import type { Database } from "../../db/client";
import { factsStoreOf } from "../../db/facts";
import { MIN_SUBSTRING_LENGTH, type SearchCandidate } from "../../db/facts/customer-reads";
import type { FactsDialect } from "../../db/facts/engine";
import { escapeLike, ftsPhrase, PG_SEARCH_EXPRESSION } from "../../db/facts/relational-customer-reads";

export { MIN_SUBSTRING_LENGTH };

/** The most results one search returns. */
export const MAX_SEARCH_RESULTS = 50;

export type MatchKind = "EXACT" | "PREFIX" | "WORD_PREFIX" | "SUBSTRING";
export type MatchField = "ID" | "EMAIL" | "NAME";

const KIND_RANK: Readonly<Record<MatchKind, number>> = { EXACT: 0, PREFIX: 1, WORD_PREFIX: 2, SUBSTRING: 3 };
const FIELD_RANK: Readonly<Record<MatchField, number>> = { ID: 0, EMAIL: 1, NAME: 2 };

export type { SearchCandidate };

export interface RankedCandidate extends SearchCandidate {
  readonly kind: MatchKind;
  readonly field: MatchField;
}

/**
 * The text as searched: trimmed, control characters removed (chr(31) joins the columns in
 * PostgreSQL's trigram expression, so it must never be part of a search).
 */
export function normaliseSearch(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, "").trim();
}

/**
 * How a customer matches `text` (already normalised), best first: exact before prefix before
 * word prefix before substring, and at one level the id before the email before the name.
 * Compared with JavaScript's full case folding (toLowerCase); null when nothing matches (a
 * candidate an index returned on SQLite's ASCII-only folding never is).
 */
export function rankHit(candidate: SearchCandidate, text: string): RankedCandidate | null {
  const q = text.toLowerCase();
  const fields: [MatchField, string | null][] = [
    ["ID", candidate.externalId],
    ["EMAIL", candidate.email],
    ["NAME", candidate.name],
  ];
  let best: { kind: MatchKind; field: MatchField } | null = null;
  const consider = (kind: MatchKind, field: MatchField) => {
    if (
      !best ||
      KIND_RANK[kind] < KIND_RANK[best.kind] ||
      (KIND_RANK[kind] === KIND_RANK[best.kind] && FIELD_RANK[field] < FIELD_RANK[best.field])
    )
      best = { kind, field };
  };
  for (const [field, value] of fields) {
    if (value === null) continue;
    const v = value.toLowerCase();
    if (v === q) consider("EXACT", field);
    else if (v.startsWith(q)) consider("PREFIX", field);
    else if (field === "NAME" && v.includes(` ${q}`)) consider("WORD_PREFIX", field);
    else if (v.includes(q)) consider("SUBSTRING", field);
  }
  return best ? { ...candidate, ...(best as { kind: MatchKind; field: MatchField }) } : null;
}

/** Ranked candidates in result order: match kind, matched field, then the store's id. */
export function compareHits(a: RankedCandidate, b: RankedCandidate): number {
  return (
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    FIELD_RANK[a.field] - FIELD_RANK[b.field] ||
    (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0)
  );
}

/**
 * The best `limit` customers matching `text` (normalised, not empty), ranked (compareHits).
 * Each tier reads through an index at most `limit` rows more than already found; the tiers
 * after the page is full are not read.
 */
export async function searchCustomerCandidates(
  db: Database,
  text: string,
  limit: number,
): Promise<RankedCandidate[]> {
  const found = new Map<number, RankedCandidate>();
  for (const tier of factsStoreOf(db).customerReads.searchTiers(text)) {
    if (found.size >= limit) break;
    for (const row of await tier(limit + found.size)) {
      const id = Number(row.id);
      if (found.has(id)) continue;
      const ranked = rankHit({ ...row, id }, text);
      if (ranked) found.set(id, ranked);
    }
  }
  return [...found.values()].sort(compareHits).slice(0, limit);
}

/**
 * The audience search condition (`customers(filter: { search })`, the export's audience): the
 * text anywhere in the id, name or email, case-insensitive; `bind` turns its one value into SQL
 * (a parameter, or a checked literal where the statement must be whole text, as PostgreSQL's
 * COPY and ClickHouse need). SQLite and PostgreSQL: over customers aliased `c`; texts of 3
 * characters or more use the trigram index (a membership test on SQLite's FTS table, the indexed
 * expression on PostgreSQL), shorter ones test each customer (LIKE, wildcards escaped).
 * ClickHouse: over the unqualified `customer_id` of `customer_scores` (audience.compile.ts's
 * contract), the customers of each shard scanned (no text index there), latest versions only
 * (FINAL; 18.16 applies a WHERE after FINAL's merge, as current releases do). `database` (the
 * facts' database, `ch.database`) is required there: a Distributed query runs on the other
 * shards in their default database, so a local table must be named with its database.
 */
export function searchConditionSql(
  dialect: FactsDialect,
  search: string,
  bind: (value: string) => string,
  database?: string,
): string {
  const text = normaliseSearch(search);
  if (dialect === "clickhouse") {
    if (!database || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
      throw new Error("searchConditionSql: ClickHouse needs the facts' database name");
    }
    // positionCaseInsensitiveUTF8 (18.16 and current releases): a plain substring, so no
    // wildcard needs escaping; folds every letter's case, as JavaScript's ranking does.
    const p = bind(text);
    return `customer_id IN (SELECT id FROM ${database}.customers_local FINAL WHERE positionCaseInsensitiveUTF8(external_id, ${p}) > 0
      OR positionCaseInsensitiveUTF8(ifNull(name, ''), ${p}) > 0 OR positionCaseInsensitiveUTF8(ifNull(email, ''), ${p}) > 0)`;
  }
  if ([...text].length >= MIN_SUBSTRING_LENGTH) {
    if (dialect === "sqlite") {
      return `c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${bind(ftsPhrase(text))})`;
    }
    return `${PG_SEARCH_EXPRESSION} LIKE ${bind(`%${escapeLike(text.toLowerCase())}%`)}`;
  }
  const p = bind(`%${escapeLike(text.toLowerCase())}%`);
  return dialect === "sqlite"
    ? // SQLite's LIKE folds ASCII case as its lower() does; NULL never matches.
      `(c.external_id LIKE ${p} ESCAPE '\\' OR c.name LIKE ${p} ESCAPE '\\' OR c.email LIKE ${p} ESCAPE '\\')`
    : `${PG_SEARCH_EXPRESSION} LIKE ${p}`;
}
