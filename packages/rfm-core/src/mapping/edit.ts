/**
 * Edits of a draft mapping, one at a time, as pure functions over its segments: what the
 * admin's segment editor does. Storage, transactions and the audit log are the caller's.
 *
 * A segment as edited holds every code it has (rules expanded, with rfm-core's own
 * `expandRule`), and keeps its `rules` only while they still describe its codes exactly:
 * moving a code out of (or into) a rule-defined segment drops that segment's rules rather than
 * leaving rules that lie. An edit may leave codes unassigned (deleting a segment without
 * reassigning its codes); `validateMapping` reports that, publishing refuses it.
 *
 * Refusals throw `RfmError` with `details.field` naming the input at fault, as the API calls it:
 * `SEGMENT_NOT_FOUND` (`details.segments` lists the names there are), `DUPLICATE_SEGMENT`,
 * `INVALID_SEGMENT` (name or color), `INVALID_CODE` (`details.codes` lists every invalid code,
 * as written), `INVALID_RULE` (for `rules[i]`) and `INVALID_EDIT`.
 */
import { type Bins, checkCodes, indexOfCode, isRfmCode } from "../codes";
import { RfmError, type RfmErrorCode } from "../errors";
import { assertSegmentKey, segmentKey } from "./keys";
import { expandRule, parseRule } from "./rules";
import type { SegmentRule } from "./types";

/** A segment of a draft as edited: `codes` hold every code (rules expanded), `rules` only while exact. */
export interface EditableSegment {
  readonly name: string;
  /** The segment's immutable key (keys.ts): set when it is created, never changed by an edit. */
  readonly key: string;
  readonly description: string;
  readonly action: string;
  readonly color: string;
  readonly codes: readonly string[];
  readonly rules: readonly SegmentRule[];
}

/** One edit of a draft. Segment names are matched trimmed and ignoring case. */
export type DraftEdit =
  | {
      kind: "createSegment";
      name: string;
      /** The new segment's key; omitted (or null): the slug of the name (`segmentKey`). */
      key?: string | null;
      description: string;
      action: string;
      color: string;
      /** 0-based display position; omitted: last. */
      position?: number | null;
    }
  | {
      kind: "updateSegment";
      name: string;
      /** Omitted (or null) fields stay as they are. */
      changes: {
        name?: string | null;
        description?: string | null;
        action?: string | null;
        color?: string | null;
        position?: number | null;
      };
    }
  /** Its codes go to `reassignTo`, or are left unassigned. */
  | { kind: "deleteSegment"; name: string; reassignTo?: string | null }
  /** The codes move to `segment`, out of any other. */
  | { kind: "assignCodes"; codes: readonly string[]; segment: string }
  /** The segment's codes become exactly the rules' codes, taken from other segments. */
  | { kind: "setSegmentRules"; segment: string; rules: readonly string[] };

/** The longest segment name, in UTF-16 code units. */
export const MAX_SEGMENT_NAME = 80;

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

function refuse(
  code: RfmErrorCode,
  message: string,
  field: string,
  details: Record<string, unknown> = {},
): RfmError {
  return new RfmError(code, message, { field, ...details });
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function indexOfSegment(segments: readonly EditableSegment[], name: string, field: string): number {
  const index = segments.findIndex((s) => sameName(s.name, name));
  if (index < 0) {
    const names = segments.map((s) => s.name);
    throw refuse(
      "SEGMENT_NOT_FOUND",
      `no segment "${name}" in the draft; segments: ${names.join(", ")}`,
      field,
      { segments: names },
    );
  }
  return index;
}

/** Codes in dense-index order (111 first), without repeats; a stored code that is not valid sorts first. */
function sortCodes(codes: Iterable<string>, bins: Bins): string[] {
  const rank = (c: string) => (isRfmCode(c, bins) ? indexOfCode(c, bins) : 0);
  return [...new Set(codes)].sort((a, b) => rank(a) - rank(b));
}

/** Removes `codes` from every segment but `keep`; a segment that loses a code loses its rules. */
function takeCodes(segments: EditableSegment[], codes: ReadonlySet<string>, keep: number): void {
  for (let i = 0; i < segments.length; i++) {
    if (i === keep) continue;
    const s = segments[i]!;
    if (!s.codes.some((c) => codes.has(c))) continue;
    segments[i] = { ...s, codes: s.codes.filter((c) => !codes.has(c)), rules: [] };
  }
}

/** `#rrggbb` in either case, stored lower-case. */
function checkColor(color: string, field: string): string {
  if (!HEX_COLOR.test(color)) throw refuse("INVALID_SEGMENT", `color must be #rrggbb, got "${color}"`, field);
  return color.toLowerCase();
}

/** Trimmed, non-empty, at most MAX_SEGMENT_NAME long, and no other segment's (but `except`'s). */
function checkName(
  name: string,
  segments: readonly EditableSegment[],
  except: number,
  field: string,
): string {
  const trimmed = name.trim();
  if (trimmed === "") throw refuse("INVALID_SEGMENT", "a segment needs a name", field);
  if (trimmed.length > MAX_SEGMENT_NAME) {
    throw refuse("INVALID_SEGMENT", `a segment name has at most ${MAX_SEGMENT_NAME} characters`, field);
  }
  const clash = segments.findIndex((s, i) => i !== except && sameName(s.name, trimmed));
  if (clash >= 0) {
    throw refuse("DUPLICATE_SEGMENT", `a segment named "${segments[clash]!.name}" already exists`, field, {
      segment: segments[clash]!.name,
    });
  }
  return trimmed;
}

/**
 * The key of a new segment: the one given (valid, else `INVALID_SEGMENT`) or the slug of its
 * name; `DUPLICATE_SEGMENT` when another segment of the draft has it (a default slug included:
 * the caller then gives a key of its own, since a key cannot follow a rename).
 */
function checkNewKey(
  key: string | null | undefined,
  name: string,
  segments: readonly EditableSegment[],
  field: string,
): string {
  const chosen = key == null ? segmentKey(name) || "segment" : assertSegmentKey(key, field);
  const clash = segments.find((s) => s.key === chosen);
  if (clash) {
    throw refuse(
      "DUPLICATE_SEGMENT",
      `key "${chosen}" already belongs to segment "${clash.name}"${key == null ? ` (it is the key of the name "${name}"): give the new segment a key of its own` : ""}`,
      field,
      { segment: clash.name, key: chosen },
    );
  }
  return chosen;
}

/** An integer from 0 to `length - 1`. */
function checkPosition(position: number, length: number, field: string): number {
  if (!Number.isInteger(position) || position < 0 || position >= length) {
    throw refuse("INVALID_EDIT", `position must be from 0 to ${length - 1}, got ${position}`, field);
  }
  return position;
}

function move<T>(items: T[], from: number, to: number): void {
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item!);
}

/** The codes to assign: every one valid for `bins` (else `INVALID_CODE` naming them all), trimmed, deduplicated. */
function codesToAssign(written: readonly string[], bins: Bins, field: string): string[] {
  const { valid, invalid } = checkCodes(written, bins);
  if (invalid.length > 0) {
    throw refuse(
      "INVALID_CODE",
      `not RFM codes for ${bins} bins: ${invalid.join(", ")} (each digit is a score from 1 to ${bins})`,
      field,
      { codes: invalid },
    );
  }
  if (valid.length === 0) throw refuse("INVALID_EDIT", "no codes given", field);
  return [...new Set<string>(valid)];
}

/** Rules from their text form; an unreadable one is `INVALID_RULE` for `rules[i]`. */
function rulesToSet(texts: readonly string[], bins: Bins): SegmentRule[] {
  if (texts.length === 0) throw refuse("INVALID_EDIT", "give at least one rule", "rules");
  return texts.map((text, i) => {
    try {
      return parseRule(text, bins);
    } catch (error) {
      if (!(error instanceof RfmError)) throw error;
      throw refuse(error.code, error.message, `rules[${i}]`, { ...error.details });
    }
  });
}

/**
 * Applies one edit to a draft's segments and returns the new segments (the input is not
 * changed). The rules, per kind:
 * - `createSegment`: a new segment without codes, at `position` (0..length, default last); its
 *   name is trimmed and must be unique, its color `#rrggbb` (stored lower-case), its key the
 *   one given or the slug of its name, unique in the draft;
 * - no edit changes a key: renaming keeps it;
 * - `updateSegment`: the given fields change (same checks), then the segment moves to
 *   `position` (0..length - 1) if given;
 * - `deleteSegment`: the segment goes; with `reassignTo`, its codes join that segment, whose
 *   rules are dropped if any code came;
 * - `assignCodes`: the codes (every one valid, at least one) leave every other segment and join
 *   `segment`, whose rules are dropped if it gained a code;
 * - `setSegmentRules`: the segment's codes become exactly the union of the rules' codes
 *   (`expandRule`), taken from other segments, and the rules are kept.
 * Codes stay in dense-index order. Throws `RfmError` naming the field (see the module doc).
 */
export function applyEdit(
  bins: Bins,
  current: readonly EditableSegment[],
  edit: DraftEdit,
): EditableSegment[] {
  const segments = current.slice();
  switch (edit.kind) {
    case "createSegment": {
      const name = checkName(edit.name, segments, -1, "input.name");
      const segment: EditableSegment = {
        name,
        key: checkNewKey(edit.key, name, segments, "input.key"),
        description: edit.description,
        action: edit.action,
        color: checkColor(edit.color, "input.color"),
        codes: [],
        rules: [],
      };
      const position =
        edit.position == null
          ? segments.length
          : checkPosition(edit.position, segments.length + 1, "input.position");
      segments.splice(position, 0, segment);
      return segments;
    }
    case "updateSegment": {
      const index = indexOfSegment(segments, edit.name, "segment");
      const s = segments[index]!;
      const c = edit.changes;
      segments[index] = {
        ...s,
        ...(c.name != null ? { name: checkName(c.name, segments, index, "input.name") } : {}),
        ...(c.description != null ? { description: c.description } : {}),
        ...(c.action != null ? { action: c.action } : {}),
        ...(c.color != null ? { color: checkColor(c.color, "input.color") } : {}),
      };
      if (c.position != null)
        move(segments, index, checkPosition(c.position, segments.length, "input.position"));
      return segments;
    }
    case "deleteSegment": {
      const index = indexOfSegment(segments, edit.name, "segment");
      const removed = segments[index]!;
      if (edit.reassignTo != null) {
        const target = indexOfSegment(segments, edit.reassignTo, "reassignTo");
        if (target === index) {
          throw refuse("INVALID_EDIT", "a segment cannot receive its own codes when deleted", "reassignTo");
        }
        const t = segments[target]!;
        segments[target] = {
          ...t,
          codes: sortCodes([...t.codes, ...removed.codes], bins),
          rules: removed.codes.length > 0 ? [] : t.rules,
        };
      }
      segments.splice(index, 1);
      return segments;
    }
    case "assignCodes": {
      const codes = codesToAssign(edit.codes, bins, "codes");
      const index = indexOfSegment(segments, edit.segment, "segment");
      takeCodes(segments, new Set(codes), index);
      const s = segments[index]!;
      const added = codes.some((c) => !s.codes.includes(c));
      segments[index] = { ...s, codes: sortCodes([...s.codes, ...codes], bins), rules: added ? [] : s.rules };
      return segments;
    }
    case "setSegmentRules": {
      const index = indexOfSegment(segments, edit.segment, "segment");
      const rules = rulesToSet(edit.rules, bins);
      const codes = new Set<string>(rules.flatMap((rule) => expandRule(rule, bins)));
      takeCodes(segments, codes, index);
      segments[index] = { ...segments[index]!, codes: sortCodes(codes, bins), rules };
      return segments;
    }
  }
}
