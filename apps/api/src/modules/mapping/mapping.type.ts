import { ValidateNested } from "class-validator";
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { BinCount } from "../common/limits";
import { DateTimeISO } from "../common/scalars";

export enum MappingStatusEnum {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
}

registerEnumType(MappingStatusEnum, {
  name: "MappingStatus",
  description: "Whether a mapping version is being edited or was published.",
  valuesConfig: {
    DRAFT: { description: "The shared draft, being edited." },
    PUBLISHED: { description: "Published (the latest published is the active one)." },
  },
});

@ObjectType({ description: "An inclusive score range." })
export class ScoreRange {
  @Field(() => Int, { description: "Lowest score." })
  min!: number;

  @Field(() => Int, { description: "Highest score." })
  max!: number;
}

@ObjectType("SegmentRule", {
  description: "A score range rule: a segment holds every code whose scores fall in all three ranges.",
})
export class SegmentRuleType {
  @Field(() => String, { description: "The rule in text form, such as `R4 F3-4 M*`." })
  text!: string;

  @Field(() => ScoreRange, { nullable: true, description: "Recency range; null means any score." })
  r!: ScoreRange | null;

  @Field(() => ScoreRange, { nullable: true, description: "Frequency range; null means any score." })
  f!: ScoreRange | null;

  @Field(() => ScoreRange, { nullable: true, description: "Monetary range; null means any score." })
  m!: ScoreRange | null;
}

@ObjectType({ description: "A segment as defined in a mapping version." })
export class MappingSegment {
  @Field(() => String, { description: "Unique name (case-insensitive)." })
  name!: string;

  @Field(() => String, { description: "What the customers have in common." })
  description!: string;

  @Field(() => String, { description: "The recommended marketing action." })
  action!: string;

  @Field(() => String, { description: "CSS hex color." })
  color!: string;

  @Field(() => Int, { description: "Display position, from 0." })
  position!: number;

  @Field(() => [String], { description: "Every code of the segment (rules expanded), such as 444." })
  codes!: string[];

  @Field(() => [SegmentRuleType], { description: "The score range rules the codes came from, if any." })
  rules!: SegmentRuleType[];
}

@ObjectType("MappingProblem", {
  description: "A problem (makes the mapping invalid) or warning found by validation.",
})
export class MappingProblemType {
  @Field(() => String, { description: "Machine-readable code, such as MAPPING_CODE_UNASSIGNED." })
  code!: string;

  @Field(() => String, { description: "A sentence naming the codes and segments involved." })
  message!: string;

  @Field(() => [String], { description: "The RFM codes involved." })
  codes!: string[];

  @Field(() => [String], { description: "The segments involved." })
  segments!: string[];
}

@ObjectType("MappingVersion", {
  description: "A version of the segment mapping: the shared draft, or a published version.",
})
export class MappingVersionType {
  @Field(() => Int, {
    nullable: true,
    description: "Version number; null for the draft until it is published.",
  })
  version!: number | null;

  @Field(() => MappingStatusEnum, { description: "Draft or published." })
  status!: MappingStatusEnum;

  @Field(() => Int, {
    nullable: true,
    description: "The published version the draft was started from (drafts and rollbacks).",
  })
  basedOn!: number | null;

  @Field(() => String, { description: "Who created or last edited it." })
  author!: string;

  @Field(() => String, { nullable: true, description: "The note given when publishing." })
  note!: string | null;

  @Field(() => Int, {
    description: "Scores per dimension the mapping is for (codes have this many values per digit).",
  })
  bins!: number;

  @Field(() => DateTimeISO, { description: "When it was created." })
  createdAt!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: "When it was published." })
  publishedAt!: Date | null;

  @Field(() => [MappingSegment], { description: "Segments in display order." })
  segments!: MappingSegment[];

  @Field(() => Boolean, {
    description: "True when every code belongs to exactly one segment and names are unique.",
  })
  valid!: boolean;

  @Field(() => [MappingProblemType], { description: "Problems that make it invalid, each naming the codes." })
  problems!: MappingProblemType[];

  @Field(() => [MappingProblemType], {
    description: "Warnings (valid anyway), such as a segment without codes.",
  })
  warnings!: MappingProblemType[];
}

@ObjectType({ description: "A segment's figures under some mapping, from the current run's code histogram." })
export class SegmentPreview {
  @Field(() => String, { description: "Segment name." })
  name!: string;

  @Field(() => String, { description: "CSS hex color." })
  color!: string;

  @Field(() => [String], { description: "The segment's codes." })
  codes!: string[];

  @Field(() => Int, { description: "Customers." })
  customerCount!: number;

  @Field(() => Float, { description: "Share of customers, 0..1." })
  customerShare!: number;

  @Field(() => Float, { description: "Net revenue, currency units." })
  revenue!: number;

  @Field(() => Float, { description: "Share of revenue." })
  revenueShare!: number;

  @Field(() => Float, { nullable: true, description: "Mean predicted lifetime value; null without CLV." })
  avgClv!: number | null;
}

@ObjectType({ description: "Per-segment figures of a draft next to the published mapping's." })
export class MappingPreview {
  @Field(() => Int, {
    nullable: true,
    description: "The scoring run the figures come from; null before the first run.",
  })
  runId!: number | null;

  @Field(() => Boolean, {
    description: "Whether the previewed mapping is valid; figures are given only when it is.",
  })
  valid!: boolean;

  @Field(() => [MappingProblemType], { description: "Problems of the previewed mapping, naming codes." })
  problems!: MappingProblemType[];

  @Field(() => [SegmentPreview], { description: "Segments of the previewed mapping (empty when invalid)." })
  segments!: SegmentPreview[];

  @Field(() => [SegmentPreview], { description: "Segments of the published mapping, for comparison." })
  published!: SegmentPreview[];
}

/** The fields every new segment has (not in the schema itself: its subclasses are). */
@InputType()
class SegmentFieldsInput {
  @Field(() => String, { description: "Unique name." })
  name!: string;

  @Field(() => String, { defaultValue: "", description: "Description." })
  description!: string;

  @Field(() => String, { defaultValue: "", description: "Recommended action." })
  action!: string;

  @Field(() => String, { defaultValue: "#64748b", description: "CSS hex color." })
  color!: string;
}

@InputType({ description: "A segment in a mapping given whole (for previews)." })
export class MappingSegmentInput extends SegmentFieldsInput {
  @Field(() => [String], { defaultValue: [], description: "Codes, such as 444." })
  codes!: string[];

  @Field(() => [String], { defaultValue: [], description: "Rules in text form, such as `R4 F3-4 M*`." })
  rules!: string[];
}

@InputType({ description: "A whole mapping (for previews)." })
export class MappingInput {
  @Field(() => Int, { description: "Scores per dimension." })
  @BinCount()
  bins!: number;

  @Field(() => [MappingSegmentInput], { description: "Segments in display order." })
  segments!: MappingSegmentInput[];
}

/** previewMapping's arguments: validated as a whole, so a limit names its field (`input.bins`). */
@ArgsType()
export class PreviewMappingArgs {
  @Field(() => MappingInput, {
    nullable: true,
    description: "The mapping to preview; omitted: the draft (or the published mapping without a draft).",
  })
  @ValidateNested()
  input?: MappingInput | null;
}

@InputType({ description: "Fields of a new segment." })
export class CreateSegmentInput extends SegmentFieldsInput {
  @Field(() => Int, { nullable: true, description: "Display position (default: last)." })
  position?: number | null;
}

@InputType({ description: "Changes to a segment; omitted fields stay." })
export class UpdateSegmentInput {
  @Field(() => String, { nullable: true, description: "New name." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "New description." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "New recommended action." })
  action?: string | null;

  @Field(() => String, { nullable: true, description: "New CSS hex color." })
  color?: string | null;

  @Field(() => Int, { nullable: true, description: "New display position, from 0." })
  position?: number | null;
}

export enum MappingFileFormatEnum {
  JSON = "JSON",
  YAML = "YAML",
}

registerEnumType(MappingFileFormatEnum, {
  name: "MappingFileFormat",
  description: "The text format of a mapping file (docs/mapping.md).",
  valuesConfig: {
    JSON: { description: "JSON." },
    YAML: { description: "YAML 1.2." },
  },
});

@ObjectType({ description: "A code a rule matched but another rule took." })
export class MappingFileShadowedCode {
  @Field(() => String, { description: "The code, such as 411." })
  code!: string;

  @Field(() => String, { description: "The segment that took it." })
  takenBy!: string;
}

@ObjectType({
  description: "One entry of an imported file (a segment, an rfm_segment row or a segment_config key).",
})
export class MappingFileRuleOutcome {
  @Field(() => Int, { description: "Position in the file, from 0." })
  index!: number;

  @Field(() => String, { description: "Path in the file, such as `rfm_segment[3]`." })
  path!: string;

  @Field(() => String, { description: "The segment it feeds." })
  segment!: string;

  @Field(() => String, { description: "The entry in words, such as `R4-5 F1 M1` or `12 listed codes`." })
  rule!: string;

  @Field(() => [String], { description: "The codes it gave its segment." })
  codes!: string[];

  @Field(() => [MappingFileShadowedCode], {
    description: "Codes it matches that another entry took (an earlier one; a later one for segment_config).",
  })
  shadowed!: MappingFileShadowedCode[];
}

@ObjectType({ description: "How a mapping file was read into exactly-once codes." })
export class MappingFileReportType {
  @Field(() => String, { description: "segments, first-match, rfm_segment or segment_config." })
  form!: string;

  @Field(() => String, { description: "exactly-once, first-match or last-match." })
  order!: string;

  @Field(() => [MappingFileRuleOutcome], { description: "Each entry and what it got, in file order." })
  entries!: MappingFileRuleOutcome[];

  @Field(() => [String], { description: "Codes no entry matched." })
  unmatched!: string[];

  @Field(() => String, {
    nullable: true,
    description: "The segment that received the unmatched codes, if any.",
  })
  othersSegment!: string | null;
}

@ObjectType({ description: "What importing a mapping file did." })
export class MappingFileImportResult {
  @Field(() => MappingVersionType, {
    description: "The draft the file became, or the version it was published as.",
  })
  mapping!: MappingVersionType;

  @Field(() => Boolean, { description: "Whether it was published." })
  published!: boolean;

  @Field(() => MappingFileReportType, { description: "What each rule got and what was shadowed." })
  report!: MappingFileReportType;
}

@InputType({ description: "A mapping file to import into the shared draft." })
export class ImportMappingFileInput {
  @Field(() => String, { description: "The file's text (at most 1 MB)." })
  text!: string;

  @Field(() => MappingFileFormatEnum, {
    nullable: true,
    description: "Its format; omitted: JSON when it starts with `{`, YAML otherwise.",
  })
  format?: MappingFileFormatEnum | null;

  @Field(() => Boolean, { defaultValue: false, description: "Publish it as the next version." })
  publish!: boolean;

  @Field(() => String, { nullable: true, description: "What changed and why." })
  note?: string | null;
}
