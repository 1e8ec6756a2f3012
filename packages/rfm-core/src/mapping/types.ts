import type { Bins, RfmCode } from "../codes";

/**
 * The scores a rule accepts on one dimension: a single score, or an inclusive range
 * `[lo, hi]` with `1 <= lo <= hi <= bins`, all integers.
 */
export type ScoreRange = number | readonly [lo: number, hi: number];

/**
 * A rule matches every code whose scores fall in all the given ranges; an omitted dimension
 * accepts any score. `{ r: [3, 4], m: 4 }` is "R3-4 F* M4". The empty rule `{}` matches every code.
 */
export interface SegmentRule {
  readonly r?: ScoreRange;
  readonly f?: ScoreRange;
  readonly m?: ScoreRange;
}

/**
 * A segment as written by a person (a file, the admin, a preset). Its codes are the union of
 * `codes` and of the expansion of every rule in `rules`; overlap between them inside the same
 * segment is allowed.
 */
export interface SegmentDefinition {
  readonly name: string;
  /**
   * The segment's immutable key (`champions`; rules in keys.ts). Omitted: derived from the name
   * where a key is needed (`assignSegmentKeys`).
   */
  readonly key?: string;
  readonly description: string;
  /** The recommended marketing action for the segment, one sentence. */
  readonly action: string;
  /** A CSS hex color used for the segment in charts. */
  readonly color: string;
  /** Codes as written, e.g. `"444"`; checked against `bins` by validation. */
  readonly codes?: readonly string[];
  readonly rules?: readonly SegmentRule[];
}

/**
 * An uncompiled mapping. Segment order is display order. It is valid when every code for
 * `bins` belongs to exactly one segment and segment names are non-empty and unique
 * (see `validateMapping`).
 */
export interface MappingDefinition {
  readonly bins: Bins;
  readonly segments: readonly SegmentDefinition[];
}

/** A segment of a compiled mapping: its rules are expanded into codes. */
export interface Segment {
  /** Position in `SegmentMapping.segments` (display order). */
  readonly index: number;
  /** The name as written, trimmed. */
  readonly name: string;
  /** The segment's key: the definition's, or the slug of its name (`assignSegmentKeys`). */
  readonly key: string;
  readonly description: string;
  readonly action: string;
  readonly color: string;
  /** Every code of the segment, without repeats, sorted by dense code index (111 first). */
  readonly codes: readonly RfmCode[];
}

/**
 * A validated mapping: every code for `bins` belongs to exactly one segment. Build it with
 * `compileMapping`, never by hand.
 */
export interface SegmentMapping {
  readonly bins: Bins;
  readonly segments: readonly Segment[];
  /**
   * Dense code index (see `codeIndex`) -> index in `segments`; length bins³, every entry
   * is a valid segment index. Lets scoring assign segments over typed arrays.
   */
  readonly segmentOfCode: Int16Array;
}

/** Problems (make a mapping invalid) and warnings (reported, still valid). */
export type MappingProblemCode =
  /** A code belongs to more than one segment. One problem per code. */
  | "MAPPING_CODE_DUPLICATED"
  /** Codes that belong to no segment. At most one problem, listing them all. */
  | "MAPPING_CODE_UNASSIGNED"
  /** Listed codes that do not exist for the bin count. One problem per segment. */
  | "MAPPING_CODE_INVALID"
  /** A rule with a range that is reversed, out of 1..bins or not integral. One per rule. */
  | "MAPPING_RULE_INVALID"
  /** Two or more segments share a name (compared trimmed and case-insensitively). One per name. */
  | "MAPPING_SEGMENT_NAME_DUPLICATED"
  /** A segment's name is empty or blank. One per segment. */
  | "MAPPING_SEGMENT_NAME_EMPTY"
  /** More segments than `segmentOfCode` (an Int16Array) can index: at most 32767. */
  | "MAPPING_SEGMENTS_TOO_MANY"
  /** `bins` is not an integer from 2 to 9; codes and rules are then not checked. */
  | "MAPPING_BINS_INVALID"
  /** Warning: a segment with no codes (allowed, it will always be empty). */
  | "MAPPING_SEGMENT_EMPTY"
  /** Warning: a code listed more than once in the same segment's `codes`. One per segment. */
  | "MAPPING_CODE_REPEATED";

export interface MappingProblem {
  readonly code: MappingProblemCode;
  /** A sentence for a person, naming the codes and segments involved. */
  readonly message: string;
  /** The codes involved, as written (invalid codes are reported verbatim), sorted when valid. */
  readonly codes: readonly string[];
  /** Names (trimmed) of the segments involved, in mapping order. */
  readonly segments: readonly string[];
  /** Positions of the segments involved, so a UI can point at rows with empty or shared names. */
  readonly segmentIndexes: readonly number[];
}

export interface MappingValidation {
  /** True when `problems` is empty; warnings never make a mapping invalid. */
  readonly valid: boolean;
  readonly problems: readonly MappingProblem[];
  readonly warnings: readonly MappingProblem[];
}
