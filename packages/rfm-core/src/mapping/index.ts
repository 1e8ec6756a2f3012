export { applyEdit, type DraftEdit, type EditableSegment, MAX_SEGMENT_NAME } from "./edit";
export {
  DEFAULT_MAPPING,
  type MappingPreset,
  PERSONAS_MAPPING,
  PRESETS,
  type PresetId,
  presetForBins,
  RF_MAP_3_MAPPING,
  RF_MAP_5_MAPPING,
  SEED_ORIGINAL_MAPPING,
} from "./presets";
export { assertRule, expandRule, formatRule, parseRule } from "./rules";
export {
  type GroupStats,
  type SegmentStats,
  type SegmentStatsOptions,
  type SegmentStatsResult,
  segmentStats,
} from "./stats";
export type {
  MappingDefinition,
  MappingProblem,
  MappingProblemCode,
  MappingValidation,
  ScoreRange,
  Segment,
  SegmentDefinition,
  SegmentMapping,
  SegmentRule,
} from "./types";
export { compileMapping, segmentOf, validateMapping } from "./validate";
