import { assertBins, type Bins, codeIndex, codeOfIndex, type RfmCode } from "../codes";
import { RfmError } from "../errors";
import type { ScoreRange, SegmentRule } from "./types";

const DIMENSION_KEYS = ["r", "f", "m"] as const;
type DimensionKey = (typeof DIMENSION_KEYS)[number];

/** Rule keys accepted in text, lower-cased. */
const DIMENSION_WORDS: Readonly<Record<string, DimensionKey>> = {
  r: "r",
  recency: "r",
  f: "f",
  frequency: "f",
  m: "m",
  monetary: "m",
};

function renderScore(value: unknown): string {
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}

function renderRange(range: unknown): string {
  if (range === undefined) return "*";
  if (Array.isArray(range)) {
    const [lo, hi] = range as unknown[];
    if (range.length === 2 && lo === hi && typeof lo === "number") return String(lo);
    return range.length === 2 ? `${renderScore(lo)}-${renderScore(hi)}` : renderScore(range);
  }
  return renderScore(range);
}

/**
 * The text form of a rule: `R<range> F<range> M<range>`, where a range is a score (`4`),
 * an inclusive range (`3-4`) or `*` for any score; `[3, 3]` is written `3`. Never throws, so
 * it can name an invalid rule in an error; `parseRule(formatRule(rule), bins)` matches the
 * same codes as `rule` for every valid rule.
 */
export function formatRule(rule: SegmentRule): string {
  return `R${renderRange(rule.r)} F${renderRange(rule.f)} M${renderRange(rule.m)}`;
}

/**
 * Why a range is not valid for `bins`, or undefined when it is. A range is valid when it is an
 * integer score in 1..bins, or a pair `[lo, hi]` of such scores with lo <= hi.
 */
function rangeProblem(range: unknown, bins: Bins): string | undefined {
  const scoreProblem = (s: unknown): string | undefined =>
    typeof s === "number" && Number.isInteger(s) && s >= 1 && s <= bins
      ? undefined
      : `score ${renderScore(s)} is not an integer from 1 to ${bins}`;
  if (Array.isArray(range)) {
    if (range.length !== 2) return `a range must be [low, high], got ${renderScore(range)}`;
    const [lo, hi] = range as unknown[];
    const problem = scoreProblem(lo) ?? scoreProblem(hi);
    if (problem !== undefined) return problem;
    if ((lo as number) > (hi as number)) return `range ${lo}-${hi} is reversed (low end above high end)`;
    return undefined;
  }
  return scoreProblem(range);
}

/** Inclusive bounds of a valid range; undefined means any score. */
function bounds(range: ScoreRange | undefined, bins: Bins): [lo: number, hi: number] {
  if (range === undefined) return [1, bins];
  if (typeof range === "number") return [range, range];
  return [range[0], range[1]];
}

/**
 * Throws `INVALID_RULE` unless every given range is valid for `bins` (integers, 1 <= lo <= hi
 * <= bins) and the rule has no keys other than r, f and m (so a typo such as `R` or `x` cannot
 * silently mean "any score"). The message names the rule in text form.
 */
export function assertRule(rule: SegmentRule, bins: Bins): void {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) {
    throw new RfmError("INVALID_RULE", `Rule ${renderScore(rule)} is not an object with r, f and m ranges`, {
      rule,
    });
  }
  for (const key of Object.keys(rule)) {
    if (!(DIMENSION_KEYS as readonly string[]).includes(key)) {
      throw new RfmError(
        "INVALID_RULE",
        `Rule ${formatRule(rule)}: unknown dimension "${key}" (use r, f and m)`,
        { rule, dimension: key },
      );
    }
  }
  for (const key of DIMENSION_KEYS) {
    const range: unknown = rule[key];
    if (range === undefined) continue;
    const problem = rangeProblem(range, bins);
    if (problem !== undefined) {
      throw new RfmError("INVALID_RULE", `Rule ${formatRule(rule)}: ${key.toUpperCase()} ${problem}`, {
        rule,
        dimension: key,
        bins,
      });
    }
  }
}

/**
 * Every code the rule matches, sorted by dense code index (111 first). A code matches when each
 * of its scores lies in the rule's range for that dimension (omitted = any). Throws
 * `INVALID_RULE` for an invalid rule (see {@link assertRule}) and `INVALID_BINS` for bad bins.
 */
export function expandRule(rule: SegmentRule, bins: Bins): RfmCode[] {
  assertBins(bins);
  assertRule(rule, bins);
  const [rLo, rHi] = bounds(rule.r, bins);
  const [fLo, fHi] = bounds(rule.f, bins);
  const [mLo, mHi] = bounds(rule.m, bins);
  const out: RfmCode[] = [];
  // Nested r, f, m loops visit codes in increasing dense index.
  for (let r = rLo; r <= rHi; r++) {
    for (let f = fLo; f <= fHi; f++) {
      for (let m = mLo; m <= mHi; m++) out.push(codeOfIndex(codeIndex(r, f, m, bins), bins));
    }
  }
  return out;
}

/**
 * One term: a dimension word, an optional `=` or `:`, then a score, a range `lo-hi`, `*` or
 * `any`. Terms may be separated by spaces, commas or semicolons, or not at all (`R4F3-4`).
 */
const TERM = /([a-z]+)\s*(?:[=:]\s*)?(\*|any\b|\d+\s*-\s*\d+|\d+)?/iy;
const SEPARATORS = /[\s,;]*/y;
/** What may follow a term: the end, a separator or the next dimension word. */
const TERM_END = /$|[\s,;a-z]/iy;

function ruleError(text: string, token: string, why: string): RfmError {
  return new RfmError("INVALID_RULE", `Invalid rule "${text}": ${why}`, { text, token });
}

/** The text from `from` up to the next separator, to name what could not be read. */
function tokenAt(text: string, from: number): string {
  return (
    text
      .slice(from)
      .trim()
      .split(/[\s,;]+/)[0] ?? ""
  );
}

/**
 * Reads a rule from its text form, case-insensitively: terms such as `R4`, `F 3-4`, `m=4`,
 * `r: 3-4`, `recency=4`, with `*`, `any` or omission meaning any score. `"R4 F3-4"`,
 * `"R 4, F 3-4, M any"` and `"r=3-4 m=4"` are all accepted. Throws `INVALID_RULE` naming the
 * offending token for an unknown dimension, a missing or malformed score, a dimension given
 * twice, a score outside 1..bins, a reversed range, or an empty text (write `R* F* M*` to
 * match every code).
 */
export function parseRule(text: string, bins: Bins): SegmentRule {
  assertBins(bins);
  if (text.trim() === "") {
    throw ruleError(text, "", "the rule is empty (write R* F* M* to match every code)");
  }
  const rule: { r?: ScoreRange; f?: ScoreRange; m?: ScoreRange } = {};
  const seen = new Set<DimensionKey>();
  let pos = 0;
  for (;;) {
    SEPARATORS.lastIndex = pos;
    SEPARATORS.exec(text);
    pos = SEPARATORS.lastIndex;
    if (pos >= text.length) break;

    TERM.lastIndex = pos;
    const match = TERM.exec(text);
    if (match === null) {
      throw ruleError(text, tokenAt(text, pos), `unexpected "${tokenAt(text, pos)}" (expected R, F or M)`);
    }
    const [whole, word = "", value] = match;
    const term = whole.trim();
    const key = DIMENSION_WORDS[word.toLowerCase()];
    if (key === undefined) {
      throw ruleError(text, term, `unknown dimension "${word}" in "${term}" (expected R, F or M)`);
    }
    const label = key.toUpperCase();
    if (value === undefined) {
      const next = tokenAt(text, pos + whole.length);
      const found = next === "" ? "nothing" : `"${next}"`;
      throw ruleError(
        text,
        next === "" ? term : next,
        `"${term}" needs a score: found ${found} after ${label} (write ${label}${bins}, ${label}1-${bins} or ${label}*)`,
      );
    }
    TERM_END.lastIndex = pos + whole.length;
    if (!TERM_END.test(text)) {
      const token = tokenAt(text, pos);
      throw ruleError(
        text,
        token,
        `"${token}" is not a score or a range (write ${label}${bins}, ${label}1-${bins} or ${label}*)`,
      );
    }
    if (seen.has(key)) {
      throw ruleError(text, term, `${label} is given twice ("${term}")`);
    }
    seen.add(key);
    pos += whole.length;

    const lowered = value.toLowerCase();
    if (lowered === "*" || lowered === "any") continue; // any score: leave the dimension out
    const [loText, hiText] = value.split("-").map((part) => part.trim());
    const lo = Number(loText);
    const hi = hiText === undefined ? lo : Number(hiText);
    const range: ScoreRange = hiText === undefined ? lo : [lo, hi];
    const problem = rangeProblem(range, bins);
    if (problem !== undefined) throw ruleError(text, term, `"${term}": ${problem}`);
    rule[key] = range;
  }
  return rule;
}
