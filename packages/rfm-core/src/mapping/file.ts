/**
 * Mapping files: a mapping as a document a person can keep, diff and edit (JSON or YAML; the
 * text itself is the caller's, this module works on the parsed value), and the rule lists users
 * of other RFM tools already have.
 *
 * The document (version 1):
 *
 *   { format: "rfm-mapping", version: 1, bins: 5, mappingVersion?: 3,
 *     segments: [{ name, key?, description?, action?, color?, codes?: ["555", ...],
 *                  rules?: ["R5 F4-5", { r: [3, 4], f: 5 }] }] }
 *
 * A segment's codes are the union of `codes` and of what its `rules` match. By default every
 * code must belong to exactly one segment (what publishing requires). Three other forms are
 * read as ordered rule lists and turned into exactly-once codes, with a report:
 *
 * - `match: "first"` with `segments`: a code goes to the first segment that lists or matches
 *   it; codes no segment takes go to a catch-all (`others`, default "Others").
 * - `rfm_segment: { segment_names, recency_lower, recency_upper, frequency_lower,
 *   frequency_upper, monetary_lower, monetary_upper }`: the parallel vectors of the R `rfm`
 *   package's `rfm_segment()`, inclusive ranges; as there, the first matching row wins and
 *   unmatched codes are "Others". The vectors may also be given as the R code itself (a text
 *   block of `segment_names <- c("Champions", ...)` lines).
 * - `segment_config: { "Segment": ["111", "123"], ... }`: PyMC-Marketing's `rfm_segments()`
 *   argument. PyMC-Marketing assigns the entries in order and a later entry overwrites an
 *   earlier one (`rfm_data.loc[isin(codes), "segment"] = key` in a loop), so here too the
 *   LAST entry listing a code wins; unmatched codes are "Other", as there.
 *
 * Every error is an `RfmError` `INVALID_MAPPING_FILE` whose message starts with the path of
 * what is wrong (`segments[3].codes[2]: "615" is not a code for 5 bins`), also given as
 * `details.field`.
 */
import { allCodes, type Bins, codeCount, indexOfCode, isBins, isRfmCode, type RfmCode } from "../codes";
import { RfmError } from "../errors";
import { MAX_SEGMENT_NAME } from "./edit";
import { assignSegmentKeys, MAX_SEGMENT_KEY, segmentKeyProblem } from "./keys";
import { assertRule, expandRule, formatRule, parseRule } from "./rules";
import type { MappingDefinition, ScoreRange, SegmentDefinition, SegmentRule } from "./types";
import { validateMapping } from "./validate";

export const MAPPING_FILE_FORMAT = "rfm-mapping";
export const MAPPING_FILE_VERSION = 1;

/** A segment as written in a mapping file. */
export interface MappingFileSegment {
  readonly name: string;
  /**
   * The segment's immutable key (keys.ts: lower-case letters, digits and single dashes, at most
   * 64). Importing matches segments by key: a segment keeps its identity (and integrations
   * their key) whatever its name in the file. Omitted: the key of the draft's segment of the
   * same name, else the slug of the name.
   */
  readonly key?: string;
  readonly description?: string;
  readonly action?: string;
  readonly color?: string;
  readonly codes?: readonly string[];
  /** Rules in text form (`"R4-5 F3-5 M*"`) or as objects (`{ r: [4, 5], f: [3, 5] }`). */
  readonly rules?: readonly (string | SegmentRule)[];
}

/** A mapping file document as written by `mappingToDocument`. */
export interface MappingFileDocument {
  readonly format: typeof MAPPING_FILE_FORMAT;
  readonly version: typeof MAPPING_FILE_VERSION;
  readonly bins: Bins;
  /** The published version it was exported from, if any; ignored on import. */
  readonly mappingVersion?: number;
  readonly segments: readonly MappingFileSegment[];
}

/** How the file's segments were read. */
export type MappingFileForm = "segments" | "first-match" | "rfm_segment" | "segment_config";

/** One entry of a rule list (a row, a key or a segment) and what it got. */
export interface RuleOutcome {
  /** Position of the entry in the file (0-based). */
  readonly index: number;
  /** Path of the entry in the file, e.g. `rfm_segment[2]` or `segment_config["Top Spender"]`. */
  readonly path: string;
  readonly segment: string;
  /** The entry in words: `R3-5 F1-3 M1-3`, or `12 codes`. */
  readonly rule: string;
  /** The codes this entry gave its segment, sorted. */
  readonly codes: readonly RfmCode[];
  /** Codes the entry matches that another entry took (earlier, or later for last-match files). */
  readonly shadowed: readonly { readonly code: RfmCode; readonly takenBy: string }[];
}

export interface MappingFileReport {
  readonly form: MappingFileForm;
  /** Who wins a code matched by several entries. */
  readonly order: "exactly-once" | "first-match" | "last-match";
  readonly entries: readonly RuleOutcome[];
  /** Codes no entry matched, sorted. */
  readonly unmatched: readonly RfmCode[];
  /** The segment that received the unmatched codes, or null when every code was matched. */
  readonly othersSegment: string | null;
}

export interface MappingFileImport {
  /** Valid under `validateMapping`: every code exactly once. Segments keep their file order. */
  readonly definition: MappingDefinition;
  readonly report: MappingFileReport;
}

/** Colors for segments a file gives none (each at least 4.5:1 against white). */
const PALETTE = [
  "#15803d",
  "#0f766e",
  "#0369a1",
  "#4338ca",
  "#7e22ce",
  "#be185d",
  "#b91c1c",
  "#c2410c",
  "#a16207",
  "#475569",
] as const;
const OTHERS_COLOR = "#64748b";
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
/** More entries than this is not a mapping anyone wrote by hand. */
const MAX_ENTRIES = 1000;
/** Rules in a whole file: each expands to up to 729 codes, so this bounds the work of a read. */
const MAX_RULES = 2000;
const MAX_TEXT = 2000;

function fail(path: string, why: string, details: Record<string, unknown> = {}): RfmError {
  return new RfmError("INVALID_MAPPING_FILE", path === "" ? why : `${path}: ${why}`, {
    field: path,
    ...details,
  });
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A key as a path step: `.name` for identifiers, `["Top Spender"]` otherwise. */
function step(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const at = path === "" ? key : `${path}${step(key)}`;
      throw fail(at, `unknown field "${key}" (expected ${allowed.join(", ")})`);
    }
  }
}

function text(value: unknown, path: string, options: { required?: boolean; max?: number } = {}): string {
  if (value === undefined || value === null) {
    if (options.required) throw fail(path, "is required");
    return "";
  }
  if (typeof value !== "string") throw fail(path, `must be text, got ${show(value)}`);
  const max = options.max ?? MAX_TEXT;
  if (value.length > max) throw fail(path, `has ${value.length} characters, at most ${max} are allowed`);
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw fail(path, `must be a list, got ${show(value)}`);
  if (value.length > MAX_ENTRIES) throw fail(path, `has ${value.length} entries, at most ${MAX_ENTRIES}`);
  return value;
}

/** A code as written: a string, or a 3-digit number (YAML reads `111` unquoted as a number). */
function code(value: unknown, bins: Bins, path: string): RfmCode {
  const written = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
  if (typeof written !== "string") throw fail(path, `must be a code such as "111", got ${show(value)}`);
  const trimmed = written.trim();
  if (!isRfmCode(trimmed, bins)) {
    throw fail(path, `"${written}" is not a code for ${bins} bins (three digits, each 1-${bins})`, {
      code: written,
      bins,
    });
  }
  return trimmed;
}

function rule(value: unknown, bins: Bins, path: string): SegmentRule {
  try {
    if (typeof value === "string") return parseRule(value, bins);
    if (!isObject(value))
      throw fail(path, `must be a rule such as "R4-5 F3-5" or { r: [4, 5] }, got ${show(value)}`);
    assertRule(value as SegmentRule, bins);
    return value as SegmentRule;
  } catch (error) {
    if (error instanceof RfmError && error.code === "INVALID_RULE")
      throw fail(path, error.message, error.details);
    throw error;
  }
}

function score(value: unknown, bins: Bins, path: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > bins) {
    throw fail(path, `${show(value)} is not a score from 1 to ${bins}`);
  }
  return value;
}

function codesOf(rules: readonly SegmentRule[], codes: readonly RfmCode[], bins: Bins): Set<RfmCode> {
  const out = new Set<RfmCode>(codes);
  for (const r of rules) for (const c of expandRule(r, bins)) out.add(c);
  return out;
}

function sortCodes(codes: Iterable<RfmCode>, bins: Bins): RfmCode[] {
  return [...codes].sort((a, b) => indexOfCode(a, bins) - indexOfCode(b, bins));
}

/** An ordered entry before resolution: which segment it feeds and what it matches. */
interface Entry {
  readonly path: string;
  readonly segment: string;
  readonly rule: string;
  readonly matches: ReadonlySet<RfmCode>;
}

interface SegmentInfo {
  name: string;
  /** The key the file gives, if any. */
  key?: string;
  description: string;
  action: string;
  color: string;
  /** The rules as written, kept when they describe the resolved codes exactly. */
  rules: SegmentRule[];
}

/**
 * Gives each code to one entry, first or last match winning; reports what each entry got and
 * lost; puts unmatched codes in `othersName` (created at the end unless a segment has that name).
 */
function resolve(
  bins: Bins,
  form: MappingFileForm,
  order: "first-match" | "last-match",
  entries: readonly Entry[],
  segments: SegmentInfo[],
  othersName: string,
): MappingFileImport {
  const owner = new Map<RfmCode, number>();
  const visit =
    order === "first-match" ? entries.map((_, i) => i) : entries.map((_, i) => entries.length - 1 - i);
  for (const i of visit) {
    for (const c of entries[i]!.matches) if (!owner.has(c)) owner.set(c, i);
  }
  const outcomes: RuleOutcome[] = entries.map((entry, i) => {
    const got: RfmCode[] = [];
    const shadowed: { code: RfmCode; takenBy: string }[] = [];
    for (const c of sortCodes(entry.matches, bins)) {
      const o = owner.get(c)!;
      if (o === i) got.push(c);
      else shadowed.push({ code: c, takenBy: entries[o]!.segment });
    }
    return { index: i, path: entry.path, segment: entry.segment, rule: entry.rule, codes: got, shadowed };
  });
  const unmatched = allCodes(bins).filter((c) => !owner.has(c));

  const byName = new Map<string, Set<RfmCode>>();
  for (const s of segments) byName.set(s.name.trim().toLowerCase(), new Set());
  for (const outcome of outcomes) {
    const set = byName.get(outcome.segment.trim().toLowerCase())!;
    for (const c of outcome.codes) set.add(c);
  }
  let othersSegment: string | null = null;
  if (unmatched.length > 0) {
    const lower = othersName.trim().toLowerCase();
    let set = byName.get(lower);
    if (set === undefined) {
      segments.push({
        name: othersName,
        description: "Codes that no rule of the imported file matched.",
        action: "Review these customers and give their codes a segment of their own.",
        color: OTHERS_COLOR,
        rules: [],
      });
      set = new Set();
      byName.set(lower, set);
    }
    othersSegment = segments.find((s) => s.name.trim().toLowerCase() === lower)!.name;
    for (const c of unmatched) set.add(c);
  }

  const definition: MappingDefinition = {
    bins,
    segments: segments.map((s): SegmentDefinition => {
      const codes = sortCodes(byName.get(s.name.trim().toLowerCase())!, bins);
      const ruleCodes = s.rules.length > 0 ? codesOf(s.rules, [], bins) : null;
      // Keep the rules only while they say exactly which codes the segment has.
      const exact =
        ruleCodes !== null && ruleCodes.size === codes.length && codes.every((c) => ruleCodes.has(c));
      return {
        name: s.name,
        ...(s.key !== undefined ? { key: s.key } : {}),
        description: s.description,
        action: s.action,
        color: s.color,
        codes,
        ...(exact ? { rules: s.rules } : {}),
      };
    }),
  };
  return { definition, report: { form, order, entries: outcomes, unmatched, othersSegment } };
}

function uniqueName(names: Map<string, string>, name: string, path: string): void {
  const lower = name.trim().toLowerCase();
  const seen = names.get(lower);
  if (seen !== undefined) throw fail(path, `segment name "${name.trim()}" is already used at ${seen}`);
  names.set(lower, path);
}

function segmentName(value: unknown, path: string): string {
  const name = text(value, path, { required: true, max: MAX_SEGMENT_NAME }).trim();
  if (name === "") throw fail(path, "a segment needs a name");
  return name;
}

function readSegments(doc: Record<string, unknown>, bins: Bins, firstMatch: boolean): MappingFileImport {
  const written = list(doc.segments, "segments");
  if (written.length === 0) throw fail("segments", "a mapping needs at least one segment");
  const names = new Map<string, string>();
  const keys = new Map<string, string>();
  const segments: SegmentInfo[] = [];
  const entries: Entry[] = [];
  let ruleCount = 0;
  written.forEach((value, i) => {
    const path = `segments[${i}]`;
    if (!isObject(value)) throw fail(path, `must be a segment object, got ${show(value)}`);
    checkKeys(value, ["name", "key", "description", "action", "color", "codes", "rules"], path);
    const name = segmentName(value.name, `${path}.name`);
    uniqueName(names, name, `${path}.name`);
    let key: string | undefined;
    if (value.key !== undefined) {
      key = text(value.key, `${path}.key`, { max: MAX_SEGMENT_KEY + 1 });
      const problem = segmentKeyProblem(key);
      if (problem !== null) throw fail(`${path}.key`, problem);
      if (keys.has(key)) {
        throw fail(
          `${path}.key`,
          `key "${key}" is already used at ${keys.get(key)}; each segment has its own key`,
        );
      }
      keys.set(key, `${path}.key`);
    }
    const color =
      value.color === undefined ? PALETTE[i % PALETTE.length]! : text(value.color, `${path}.color`);
    if (!HEX_COLOR.test(color)) throw fail(`${path}.color`, `must be #rrggbb, got ${show(color)}`);
    const codes = value.codes === undefined ? [] : list(value.codes, `${path}.codes`);
    const rules = value.rules === undefined ? [] : list(value.rules, `${path}.rules`);
    if (value.codes === undefined && value.rules === undefined && !firstMatch) {
      throw fail(path, `segment "${name}" has neither codes nor rules`);
    }
    const parsedCodes = codes.map((c, j) => code(c, bins, `${path}.codes[${j}]`));
    ruleCount += rules.length;
    if (ruleCount > MAX_RULES)
      throw fail(`${path}.rules`, `the file has more than ${MAX_RULES} rules in all`);
    const parsedRules = rules.map((r, j) => rule(r, bins, `${path}.rules[${j}]`));
    segments.push({
      name,
      ...(key !== undefined ? { key } : {}),
      description: text(value.description, `${path}.description`),
      action: text(value.action, `${path}.action`),
      color: color.toLowerCase(),
      rules: parsedRules,
    });
    const words = [
      ...parsedRules.map(formatRule),
      ...(parsedCodes.length > 0
        ? [`${parsedCodes.length} listed code${parsedCodes.length === 1 ? "" : "s"}`]
        : []),
    ];
    entries.push({
      path,
      segment: name,
      rule: words.join(" or ") || "no codes",
      matches: codesOf(parsedRules, parsedCodes, bins),
    });
  });

  if (firstMatch) {
    const others = doc.others === undefined ? "Others" : segmentName(doc.others, "others");
    return resolve(bins, "first-match", "first-match", entries, segments, others);
  }
  // Exactly once: every code in one segment; name each problem by the segments' paths.
  const owners = new Map<RfmCode, number[]>();
  entries.forEach((entry, i) => {
    for (const c of entry.matches) owners.set(c, [...(owners.get(c) ?? []), i]);
  });
  for (const c of allCodes(bins)) {
    const at = owners.get(c) ?? [];
    if (at.length > 1) {
      const where = at.map((i) => `${entries[i]!.path} ("${entries[i]!.segment}")`).join(" and ");
      throw fail(
        `${entries[at[1]!]!.path}`,
        `code ${c} is in ${where}; each code belongs to exactly one segment (or write match: first)`,
        { code: c },
      );
    }
  }
  const missing = allCodes(bins).filter((c) => !owners.has(c));
  if (missing.length > 0) {
    throw fail(
      "segments",
      `${missing.length} of ${codeCount(bins)} codes belong to no segment: ${missing.slice(0, 20).join(", ")}${missing.length > 20 ? ", ..." : ""} (add them, or write match: first and others: NAME)`,
      { codes: missing },
    );
  }
  const imported = resolve(bins, "segments", "first-match", entries, segments, "Others");
  return { definition: imported.definition, report: { ...imported.report, order: "exactly-once" } };
}

const R_VECTORS = [
  "segment_names",
  "recency_lower",
  "recency_upper",
  "frequency_lower",
  "frequency_upper",
  "monetary_lower",
  "monetary_upper",
] as const;

/**
 * The vectors of an R script as its users write them: `name <- c(...)` (or `=`) of numbers and
 * quoted strings, `#` comments, anything else (library calls, `rfm_segment(...)` itself)
 * ignored; a name assigned twice keeps the last value, as in R.
 */
export function readRScriptVectors(
  script: string,
  path = "rfm_segment",
): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  const assignment = /([A-Za-z.][A-Za-z0-9._]*)\s*(?:<-|=)\s*c\s*\(/g;
  const lineAt = (index: number): number => script.slice(0, index).split("\n").length;
  let match: RegExpExecArray | null;
  // biome-ignore lint/suspicious/noAssignInExpressions: the usual exec loop
  while ((match = assignment.exec(script)) !== null) {
    const name = match[1]!;
    const before = script.slice(script.lastIndexOf("\n", match.index) + 1, match.index);
    if (before.includes("#")) continue; // commented out
    const values: (string | number)[] = [];
    let i = assignment.lastIndex;
    const fault = (why: string): RfmError => fail(path, `line ${lineAt(i)}: ${name}: ${why}`);
    for (;;) {
      while (i < script.length && /[\s,]/.test(script[i]!)) i++;
      if (script[i] === "#") {
        while (i < script.length && script[i] !== "\n") i++;
        continue;
      }
      if (i >= script.length) throw fault("c( is never closed");
      const ch = script[i]!;
      if (ch === ")") {
        i++;
        break;
      }
      if (ch === '"' || ch === "'") {
        let text = "";
        i++;
        while (i < script.length && script[i] !== ch) {
          if (script[i] === "\\" && i + 1 < script.length) i++;
          text += script[i];
          i++;
        }
        if (i >= script.length) throw fault("a string is never closed");
        i++;
        values.push(text);
        continue;
      }
      const number = /^-?\d+(?:\.\d+)?L?/.exec(script.slice(i));
      if (number === null)
        throw fault(`cannot read "${script.slice(i).split(/[\s,)]/)[0]}" (only numbers and quoted text)`);
      values.push(Number(number[0].replace(/L$/, "")));
      i += number[0].length;
    }
    out[name] = values;
    assignment.lastIndex = i;
  }
  return out;
}

function readRfmSegment(written: unknown, bins: Bins): MappingFileImport {
  const path = "rfm_segment";
  let value = written;
  if (typeof written === "string") {
    // R code pasted as it is: keep the seven vectors, ignore the rest of the script.
    const vectors = readRScriptVectors(written, path);
    value = Object.fromEntries(R_VECTORS.filter((k) => vectors[k] !== undefined).map((k) => [k, vectors[k]]));
  }
  if (!isObject(value)) {
    throw fail(
      path,
      `must be the seven vectors of rfm_segment(), as an object or as R code, got ${show(value)}`,
    );
  }
  checkKeys(value, R_VECTORS, path);
  for (const key of R_VECTORS) {
    if (value[key] === undefined)
      throw fail(`${path}.${key}`, "is required (rfm_segment() needs all seven vectors)");
  }
  const names = list(value.segment_names, `${path}.segment_names`).map((n, i) =>
    segmentName(n, `${path}.segment_names[${i}]`),
  );
  if (names.length === 0) throw fail(`${path}.segment_names`, "needs at least one segment");
  const vectors: Record<string, number[]> = {};
  for (const key of R_VECTORS.slice(1)) {
    const values = list(value[key], `${path}.${key}`);
    if (values.length !== names.length) {
      throw fail(
        `${path}.${key}`,
        `has ${values.length} values but segment_names has ${names.length}; the vectors are read side by side`,
      );
    }
    vectors[key] = values.map((v, i) => score(v, bins, `${path}.${key}[${i}]`));
  }
  const segments: SegmentInfo[] = [];
  const seen = new Set<string>();
  const entries: Entry[] = names.map((name, i) => {
    const range = (dim: "recency" | "frequency" | "monetary"): ScoreRange => {
      const lo = vectors[`${dim}_lower`]![i]!;
      const hi = vectors[`${dim}_upper`]![i]!;
      if (lo > hi) {
        throw fail(
          `${path}.${dim}_lower[${i}]`,
          `${lo} is above ${dim}_upper[${i}] = ${hi}: the row matches no code`,
        );
      }
      return lo === hi ? lo : [lo, hi];
    };
    const r: SegmentRule = { r: range("recency"), f: range("frequency"), m: range("monetary") };
    const lower = name.toLowerCase();
    if (!seen.has(lower)) {
      seen.add(lower);
      segments.push({
        name,
        description: `Imported from an R rfm_segment() row: ${formatRule(r)}.`,
        action: "Choose the marketing action for this segment.",
        color: PALETTE[segments.length % PALETTE.length]!,
        rules: [],
      });
    }
    const segment = segments.find((s) => s.name.toLowerCase() === lower)!;
    segment.rules.push(r);
    return {
      path: `${path}[${i}]`,
      segment: segment.name,
      rule: formatRule(r),
      matches: new Set(expandRule(r, bins)),
    };
  });
  return resolve(bins, "rfm_segment", "first-match", entries, segments, "Others");
}

function readSegmentConfig(value: unknown, bins: Bins): MappingFileImport {
  const path = "segment_config";
  if (!isObject(value)) {
    throw fail(path, `must be an object of segment names to code lists, got ${show(value)}`);
  }
  const keys = Object.keys(value);
  if (keys.length === 0) throw fail(path, "needs at least one segment");
  if (keys.length > MAX_ENTRIES) throw fail(path, `has ${keys.length} segments, at most ${MAX_ENTRIES}`);
  const names = new Map<string, string>();
  const segments: SegmentInfo[] = [];
  const entries: Entry[] = keys.map((key, i) => {
    const at = `${path}${step(key)}`;
    const name = segmentName(key, at);
    uniqueName(names, name, at);
    const codes = list(value[key], at).map((c, j) => code(c, bins, `${at}[${j}]`));
    segments.push({
      name,
      description: "Imported from a PyMC-Marketing segment_config.",
      action: "Choose the marketing action for this segment.",
      color: PALETTE[i % PALETTE.length]!,
      rules: [],
    });
    return {
      path: at,
      segment: name,
      rule: `${codes.length} listed code${codes.length === 1 ? "" : "s"}`,
      matches: new Set(codes),
    };
  });
  return resolve(bins, "segment_config", "last-match", entries, segments, "Other");
}

/**
 * Reads a parsed mapping file (any of the four forms, see the module comment) into a valid
 * exactly-once definition and a report. Throws `INVALID_MAPPING_FILE` naming the path of the
 * first thing wrong.
 */
export function parseMappingDocument(doc: unknown): MappingFileImport {
  if (!isObject(doc))
    throw fail("", `a mapping file holds one object (format, version, bins, segments), got ${show(doc)}`);
  checkKeys(
    doc,
    [
      "format",
      "version",
      "bins",
      "mappingVersion",
      "match",
      "others",
      "segments",
      "rfm_segment",
      "segment_config",
    ],
    "",
  );
  if (doc.format !== MAPPING_FILE_FORMAT) {
    throw fail("format", `must be "${MAPPING_FILE_FORMAT}", got ${show(doc.format)}`);
  }
  if (doc.version !== MAPPING_FILE_VERSION) {
    throw fail(
      "version",
      `must be ${MAPPING_FILE_VERSION} (the only version so far), got ${show(doc.version)}`,
    );
  }
  if (!isBins(doc.bins)) throw fail("bins", `must be an integer from 2 to 9, got ${show(doc.bins)}`);
  const bins = doc.bins;
  if (
    doc.mappingVersion !== undefined &&
    !(Number.isInteger(doc.mappingVersion) && (doc.mappingVersion as number) > 0)
  ) {
    throw fail("mappingVersion", `must be a positive integer, got ${show(doc.mappingVersion)}`);
  }
  const forms = (["segments", "rfm_segment", "segment_config"] as const).filter((k) => doc[k] !== undefined);
  if (forms.length !== 1) {
    throw fail(
      forms[1] ?? "",
      forms.length === 0
        ? "a mapping file needs segments (or rfm_segment, or segment_config)"
        : `give only one of segments, rfm_segment and segment_config (found ${forms.join(" and ")})`,
    );
  }
  const form = forms[0]!;
  if (doc.match !== undefined && doc.match !== "first" && doc.match !== "exactly-once") {
    throw fail("match", `must be "first" or "exactly-once", got ${show(doc.match)}`);
  }
  if ((doc.match !== undefined || doc.others !== undefined) && form !== "segments") {
    throw fail(
      doc.match !== undefined ? "match" : "others",
      `only applies to segments (${form} has its own order)`,
    );
  }
  if (doc.others !== undefined && doc.match !== "first") {
    throw fail("others", "only applies with match: first");
  }
  const imported =
    form === "segments"
      ? readSegments(doc, bins, doc.match === "first")
      : form === "rfm_segment"
        ? readRfmSegment(doc.rfm_segment, bins)
        : readSegmentConfig(doc.segment_config, bins);
  const validation = validateMapping(imported.definition);
  if (!validation.valid) {
    // Unreachable for a resolved file (every code once, names unique); kept as the last word.
    throw fail("segments", validation.problems.map((p) => p.message).join("; "), {
      problems: validation.problems,
    });
  }
  return imported;
}

/**
 * The document for a mapping (which need not be valid: a draft can be exported as it is). A
 * segment whose rules match exactly its codes is written with its rules (text form), any other
 * with its codes, sorted. Every segment is written with its key: its own, or the slug of its
 * name made unique (`assignSegmentKeys`).
 */
export function mappingToDocument(
  definition: MappingDefinition,
  options: { mappingVersion?: number | null } = {},
): MappingFileDocument {
  const { bins } = definition;
  const keys = assignSegmentKeys(definition.segments);
  const segments = definition.segments.map((s, i): MappingFileSegment => {
    const listed = (s.codes ?? []).map((c) => c.trim()).filter((c): c is RfmCode => isRfmCode(c, bins));
    const rules = s.rules ?? [];
    const all = codesOf(rules, listed, bins);
    const byRules = rules.length > 0 ? codesOf(rules, [], bins) : null;
    return {
      name: s.name,
      key: keys[i]!,
      description: s.description,
      action: s.action,
      color: s.color,
      ...(byRules !== null && byRules.size === all.size
        ? { rules: rules.map(formatRule) }
        : { codes: sortCodes(all, bins) }),
    };
  });
  return {
    format: MAPPING_FILE_FORMAT,
    version: MAPPING_FILE_VERSION,
    bins,
    ...(options.mappingVersion ? { mappingVersion: options.mappingVersion } : {}),
    segments,
  };
}

/** The report in a few lines, for a terminal: per entry its codes and what earlier rules took. */
export function formatMappingReport(report: MappingFileReport): string {
  const lines: string[] = [];
  const order =
    report.order === "exactly-once"
      ? "every code in exactly one segment"
      : report.order === "first-match"
        ? "the first matching rule wins"
        : "the last entry listing a code wins (as PyMC-Marketing assigns them)";
  lines.push(`Read as ${report.form}: ${order}.`);
  for (const e of report.entries) {
    let line = `${e.path} ${e.segment} (${e.rule}): ${e.codes.length} code${e.codes.length === 1 ? "" : "s"}`;
    if (e.shadowed.length > 0) {
      const by = new Map<string, RfmCode[]>();
      for (const s of e.shadowed) by.set(s.takenBy, [...(by.get(s.takenBy) ?? []), s.code]);
      const taken = [...by].map(([name, codes]) => `${codes.join(" ")} to ${name}`).join("; ");
      line += `, shadowed ${e.shadowed.length}: ${taken}`;
    }
    lines.push(line);
  }
  if (report.othersSegment !== null) {
    lines.push(
      `${report.unmatched.length} codes matched no rule and went to "${report.othersSegment}": ${report.unmatched.join(" ")}`,
    );
  }
  return lines.join("\n");
}
