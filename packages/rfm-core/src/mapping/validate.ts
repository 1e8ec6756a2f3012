import {
  type Bins,
  checkCodes,
  codeCount,
  codeOfIndex,
  indexOfCode,
  isBins,
  MAX_BINS,
  MIN_BINS,
  parseRfmCode,
  type RfmCode,
} from "../codes";
import { RfmError } from "../errors";
import { assignSegmentKeys } from "./keys";
import { expandRule } from "./rules";
import type {
  MappingDefinition,
  MappingProblem,
  MappingProblemCode,
  MappingValidation,
  Segment,
  SegmentMapping,
} from "./types";

/** `segmentOfCode` is an Int16Array, so segment indexes must fit in 0..32767. */
const MAX_SEGMENTS = 0x7fff;

interface Analysis extends MappingValidation {
  /** Per segment, the dense indexes of its valid codes, sorted; empty when bins are invalid. */
  readonly segmentCodes: readonly (readonly number[])[];
}

function problem(
  code: MappingProblemCode,
  message: string,
  involved: { codes?: readonly string[]; segments?: readonly string[]; segmentIndexes?: readonly number[] },
): MappingProblem {
  return {
    code,
    message,
    codes: [...(involved.codes ?? [])],
    segments: [...(involved.segments ?? [])],
    segmentIndexes: [...(involved.segmentIndexes ?? [])],
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Validation walks the definition once and keeps the expanded codes for `compileMapping`. */
function analyse(definition: MappingDefinition): Analysis {
  const problems: MappingProblem[] = [];
  const warnings: MappingProblem[] = [];
  const segments = Array.isArray(definition?.segments) ? definition.segments : [];
  const names = segments.map((s) => (typeof s?.name === "string" ? s.name.trim() : ""));
  /** How a segment is called in messages: its name, or its position when it has none. */
  const label = (i: number): string => (names[i] ? `"${names[i]}"` : `#${i + 1} (unnamed)`);

  const bins = definition?.bins;
  const binsValid = isBins(bins);
  if (!binsValid) {
    problems.push(
      problem(
        "MAPPING_BINS_INVALID",
        `Bins must be an integer from ${MIN_BINS} to ${MAX_BINS}, got ${String(bins)}; codes and rules were not checked`,
        {},
      ),
    );
  }

  if (segments.length > MAX_SEGMENTS) {
    problems.push(
      problem(
        "MAPPING_SEGMENTS_TOO_MANY",
        `A mapping has at most ${MAX_SEGMENTS} segments, this one has ${segments.length}`,
        {},
      ),
    );
  }

  names.forEach((name, i) => {
    if (name === "") {
      problems.push(
        problem("MAPPING_SEGMENT_NAME_EMPTY", `Segment #${i + 1} has an empty name`, {
          segments: [name],
          segmentIndexes: [i],
        }),
      );
    }
  });

  const byName = new Map<string, number[]>();
  names.forEach((name, i) => {
    if (name === "") return;
    const key = name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(i);
    else byName.set(key, [i]);
  });
  for (const indexes of byName.values()) {
    if (indexes.length < 2) continue;
    const written = indexes.map((i) => names[i] ?? "");
    problems.push(
      problem(
        "MAPPING_SEGMENT_NAME_DUPLICATED",
        `Segment name "${written[0]}" is used by ${indexes.length} segments (${indexes.map((i) => `#${i + 1}`).join(", ")}); names must be unique, ignoring case`,
        { segments: written, segmentIndexes: indexes },
      ),
    );
  }

  if (!binsValid) return { valid: false, problems, warnings, segmentCodes: segments.map(() => []) };
  const validBins: Bins = bins;

  /** holders[codeIndex] = the segments that contain the code, in mapping order. */
  const holders: number[][] = Array.from({ length: codeCount(validBins) }, () => []);
  const segmentCodes: number[][] = [];

  segments.forEach((segment, i) => {
    const name = names[i] ?? "";
    const own = new Set<number>();
    const repeated = new Set<number>();
    const listed = Array.isArray(segment?.codes) ? segment.codes : [];
    const { valid, invalid } = checkCodes(listed, validBins);
    for (const code of valid) {
      const index = indexOfCode(code, validBins);
      if (own.has(index)) repeated.add(index);
      own.add(index);
    }
    if (invalid.length > 0) {
      problems.push(
        problem(
          "MAPPING_CODE_INVALID",
          `Segment ${label(i)} lists ${plural(invalid.length, "code that does", "codes that do")} not exist for ${validBins} bins: ${invalid.join(", ")} (a code is three digits, each 1-${validBins})`,
          { codes: invalid, segments: [name], segmentIndexes: [i] },
        ),
      );
    }
    if (repeated.size > 0) {
      const codes = [...repeated].sort((a, b) => a - b).map((c) => codeOfIndex(c, validBins));
      warnings.push(
        problem(
          "MAPPING_CODE_REPEATED",
          `Segment ${label(i)} lists ${codes.length === 1 ? `code ${codes[0]}` : `${codes.length} codes`} more than once${codes.length === 1 ? "" : `: ${codes.join(", ")}`}`,
          { codes, segments: [name], segmentIndexes: [i] },
        ),
      );
    }

    const rules = Array.isArray(segment?.rules) ? segment.rules : [];
    for (const rule of rules) {
      try {
        for (const code of expandRule(rule, validBins)) own.add(indexOfCode(code, validBins));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        problems.push(
          problem("MAPPING_RULE_INVALID", `Segment ${label(i)} has an invalid rule: ${why}`, {
            segments: [name],
            segmentIndexes: [i],
          }),
        );
      }
    }

    const sorted = [...own].sort((a, b) => a - b);
    for (const index of sorted) holders[index]?.push(i);
    segmentCodes.push(sorted);
    if (sorted.length === 0) {
      warnings.push(
        problem("MAPPING_SEGMENT_EMPTY", `Segment ${label(i)} has no codes, so no customer will be in it`, {
          segments: [name],
          segmentIndexes: [i],
        }),
      );
    }
  });

  const unassigned: RfmCode[] = [];
  holders.forEach((holding, index) => {
    const code = codeOfIndex(index, validBins);
    if (holding.length === 0) unassigned.push(code);
    if (holding.length < 2) return;
    const holdingNames = holding.map((i) => names[i] ?? "");
    problems.push(
      problem(
        "MAPPING_CODE_DUPLICATED",
        `Code ${code} is assigned to ${holding.length} segments: ${holding.map((i) => names[i] || `#${i + 1} (unnamed)`).join(", ")}`,
        { codes: [code], segments: holdingNames, segmentIndexes: holding },
      ),
    );
  });
  if (unassigned.length > 0) {
    problems.push(
      problem(
        "MAPPING_CODE_UNASSIGNED",
        `${plural(unassigned.length, "code is", "codes are")} not assigned to any segment: ${unassigned.join(", ")}`,
        { codes: unassigned },
      ),
    );
  }

  return { valid: problems.length === 0, problems, warnings, segmentCodes };
}

/**
 * Checks a mapping and returns every problem at once; never throws for bad content.
 *
 * A mapping is valid when `bins` is an integer 2..9, every segment has a non-empty name, no
 * two names are equal once trimmed and lower-cased, every listed code exists for `bins`, every
 * rule is valid, and every one of the bins³ codes belongs to exactly one segment (a segment's
 * codes being the union of its `codes` and its rules' expansions).
 *
 * Problems come in a fixed order: bins, segment count, empty names, duplicated names, then per
 * segment in mapping order its invalid codes and invalid rules, then one
 * `MAPPING_CODE_DUPLICATED` per code in code order, then one `MAPPING_CODE_UNASSIGNED` listing
 * every unassigned code in code order. When bins are invalid, codes and rules are not checked.
 * Warnings (`MAPPING_SEGMENT_EMPTY`, `MAPPING_CODE_REPEATED`) never make a mapping invalid.
 */
export function validateMapping(definition: MappingDefinition): MappingValidation {
  const { valid, problems, warnings } = analyse(definition);
  return { valid, problems, warnings };
}

/**
 * Validates and compiles a mapping: codes expanded and sorted per segment, names trimmed, and a
 * dense code -> segment lookup table. Throws `INVALID_MAPPING` whose message lists every problem
 * and whose `details.problems` (and `details.warnings`) carry them structured.
 */
export function compileMapping(definition: MappingDefinition): SegmentMapping {
  const { valid, problems, warnings, segmentCodes } = analyse(definition);
  if (!valid) {
    throw new RfmError(
      "INVALID_MAPPING",
      `Invalid segment mapping (${plural(problems.length, "problem", "problems")}): ${problems.map((p) => p.message).join("; ")}`,
      { problems, warnings },
    );
  }
  const bins = definition.bins;
  let keys: string[];
  try {
    keys = assignSegmentKeys(definition.segments);
  } catch (error) {
    if (!(error instanceof RfmError)) throw error;
    throw new RfmError("INVALID_MAPPING", `Invalid segment mapping: ${error.message}`, { ...error.details });
  }
  const segmentOfCode = new Int16Array(codeCount(bins)).fill(-1);
  const segments: Segment[] = definition.segments.map((s, index) => {
    const indexes = segmentCodes[index] ?? [];
    for (const c of indexes) segmentOfCode[c] = index;
    return {
      index,
      name: s.name.trim(),
      key: keys[index]!,
      description: s.description,
      action: s.action,
      color: s.color,
      codes: indexes.map((c) => codeOfIndex(c, bins)),
    };
  });
  return { bins, segments, segmentOfCode };
}

/**
 * The segment a code belongs to in a compiled mapping. Accepts a code as written (`"444"`,
 * `" 444 "`); throws `INVALID_CODE` when it does not exist for the mapping's bins.
 */
export function segmentOf(mapping: SegmentMapping, code: RfmCode | string): Segment {
  const parsed = parseRfmCode(code, mapping.bins);
  const segment = mapping.segments[mapping.segmentOfCode[indexOfCode(parsed, mapping.bins)] ?? -1];
  if (segment === undefined) {
    // Only reachable with a hand-built SegmentMapping: compileMapping assigns every code.
    throw new RfmError("INVALID_MAPPING", `Code ${parsed} has no segment in this mapping`, { code: parsed });
  }
  return segment;
}
