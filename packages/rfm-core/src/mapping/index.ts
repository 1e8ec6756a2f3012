export { applyEdit, type DraftEdit, type EditableSegment, MAX_SEGMENT_NAME } from "./edit";
export {
  formatMappingReport,
  MAPPING_FILE_FORMAT,
  MAPPING_FILE_VERSION,
  type MappingFileDocument,
  type MappingFileForm,
  type MappingFileImport,
  type MappingFileReport,
  type MappingFileSegment,
  mappingToDocument,
  parseMappingDocument,
  type RuleOutcome,
  readRScriptVectors,
} from "./file";
export {
  assertSegmentKey,
  assignSegmentKeys,
  isSegmentKey,
  MAX_SEGMENT_KEY,
  segmentKey,
  segmentKeyProblem,
  uniqueSegmentKey,
} from "./keys";
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
