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
import type { Database, Provider } from "../../db/client";

/** Texts at least this long (in characters) are also searched as substrings (trigram indexes need 3). */
export const MIN_SUBSTRING_LENGTH = 3;

/** The most results one search returns. */
export const MAX_SEARCH_RESULTS = 50;

export type MatchKind = "EXACT" | "PREFIX" | "WORD_PREFIX" | "SUBSTRING";
export type MatchField = "ID" | "EMAIL" | "NAME";

const KIND_RANK: Readonly<Record<MatchKind, number>> = { EXACT: 0, PREFIX: 1, WORD_PREFIX: 2, SUBSTRING: 3 };
const FIELD_RANK: Readonly<Record<MatchField, number>> = { ID: 0, EMAIL: 1, NAME: 2 };

/** A customer found by a search, with what matched (its internal id; the caller reads its score). */
export interface SearchCandidate {
  readonly id: number;
  readonly externalId: string;
  readonly name: string | null;
  readonly email: string | null;
}

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

const CANDIDATE_COLUMNS = `c.id AS "id", c.external_id AS "externalId", c.name AS "name", c.email AS "email"`;
// In FIELD_RANK order, so a full page from an earlier column never skips a better-ranked one.
const SEARCH_COLUMNS = ["external_id", "email", "name"] as const;

/** `LIKE` text with its wildcards and the escape character escaped (PostgreSQL's default escape is `\`). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** FTS5 phrase: the text in double quotes, inner quotes doubled; every other character is literal. */
function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** PostgreSQL's trigram expression: exactly the one `customers_search_trgm_idx` holds. */
export const PG_SEARCH_EXPRESSION = `lower(c.external_id || chr(31) || coalesce(c.name, '') || chr(31) || coalesce(c.email, ''))`;

/** A tier's SQL: `$1` the text as that index takes it, `$2` the rows to read. */
interface Statement {
  readonly sql: string;
  readonly param: string;
}

/**
 * The statements of each tier for `text`, in rank order.
 */
function tierStatements(provider: Provider, text: string): Statement[] {
  const sqlite = provider === "sqlite";
  // One index probe per column, each limited by itself: an OR of the three (a BitmapOr on
  // PostgreSQL) cannot stop early, and under a LIMIT the planner preferred scanning the table
  // when a name is common (3.5 s at 2.38M customers).
  const statements: Statement[] = [
    {
      sql: SEARCH_COLUMNS.map(
        (col) =>
          `SELECT * FROM (SELECT ${CANDIDATE_COLUMNS} FROM customers c WHERE lower(c.${col}) = lower($1) LIMIT $2) AS ${col}`,
      ).join(" UNION ALL "),
      param: text,
    },
  ];
  for (const col of SEARCH_COLUMNS) {
    // SQLite compares text byte by byte: every string starting with q lies in [q, q || U+10FFFF).
    // PostgreSQL: LIKE 'q%' on the text_pattern_ops index, the wildcards of q escaped.
    statements.push(
      sqlite
        ? {
            sql: `SELECT ${CANDIDATE_COLUMNS} FROM customers c
              WHERE lower(c.${col}) >= lower($1) AND lower(c.${col}) < lower($1) || char(1114111) LIMIT $2`,
            param: text,
          }
        : {
            // Ordered by the index's own operator (~<~, text_pattern_ops): the planner then reads
            // the index even when it expects many matches; with a bare LIMIT it scanned the table
            // in the hope of meeting them early (1.4 s for "C042" at 2.38M customers).
            sql: `SELECT ${CANDIDATE_COLUMNS} FROM customers c WHERE lower(c.${col}) LIKE lower($1) || '%'
              ORDER BY lower(c.${col}) USING ~<~ LIMIT $2`,
            param: escapeLike(text),
          },
    );
  }
  if ([...text].length < MIN_SUBSTRING_LENGTH) return statements;
  // A later word of the name (" q" inside it; the first word is the prefix tier), then the text
  // anywhere. FTS5 phrases and pg_trgm LIKE patterns both take the text literally (escaped).
  const fts = `SELECT ${CANDIDATE_COLUMNS} FROM customer_search f CROSS JOIN customers c
    WHERE customer_search MATCH $1 AND c.id = f.rowid LIMIT $2`;
  const trigram = `SELECT ${CANDIDATE_COLUMNS} FROM customers c WHERE ${PG_SEARCH_EXPRESSION} LIKE $1 LIMIT $2`;
  const lowered = escapeLike(text.toLowerCase());
  // No later name word holds a digit or an "@": such texts (ids, emails) skip that tier.
  if (!/[\d@]/.test(text)) {
    statements.push(
      sqlite
        ? { sql: fts, param: `name : ${ftsPhrase(` ${text}`)}` }
        : { sql: trigram, param: `% ${lowered}%` },
    );
  }
  statements.push(sqlite ? { sql: fts, param: ftsPhrase(text) } : { sql: trigram, param: `%${lowered}%` });
  return statements;
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
  for (const { sql, param } of tierStatements(db.provider, text)) {
    if (found.size >= limit) break;
    for (const row of await db.reads.query<SearchCandidate>(sql, [param, limit + found.size])) {
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
 * text anywhere in the id, name or email, case-insensitive, on customers aliased `c`; `bind`
 * turns its one value into SQL (a parameter, or a checked literal where the statement must be
 * whole text, as PostgreSQL's COPY needs). Texts of 3 characters or more use the trigram index
 * (a membership test on SQLite's FTS table, the indexed expression on PostgreSQL); shorter ones
 * test each customer (LIKE, wildcards escaped).
 */
export function searchConditionSql(
  provider: Provider,
  search: string,
  bind: (value: string) => string,
): string {
  const text = normaliseSearch(search);
  if ([...text].length >= MIN_SUBSTRING_LENGTH) {
    if (provider === "sqlite") {
      return `c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${bind(ftsPhrase(text))})`;
    }
    return `${PG_SEARCH_EXPRESSION} LIKE ${bind(`%${escapeLike(text.toLowerCase())}%`)}`;
  }
  const p = bind(`%${escapeLike(text.toLowerCase())}%`);
  return provider === "sqlite"
    ? // SQLite's LIKE folds ASCII case as its lower() does; NULL never matches.
      `(c.external_id LIKE ${p} ESCAPE '\\' OR c.name LIKE ${p} ESCAPE '\\' OR c.email LIKE ${p} ESCAPE '\\')`
    : `${PG_SEARCH_EXPRESSION} LIKE ${p}`;
}
