import { ValidateNested } from "class-validator";
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { BinCount, PageSize } from "../common/limits";
import { Money } from "../common/money.type";
import { DateTimeISO } from "../common/scalars";
import { UserError } from "../common/user-errors";

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
  @Field(() => Int, { description: "The lowest score of the range, inclusive (1..bins)." })
  min!: number;

  @Field(() => Int, { description: "The highest score of the range, inclusive (1..bins)." })
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
  @Field(() => ID, {
    description:
      "The global id of the segment (`Segment.id`, `gid://rfm/Segment/3`): the same in every version it is in, whatever its name.",
  })
  segmentId!: string;

  @Field(() => String, {
    description:
      "The segment's immutable key (`champions`): unique in the profile, kept through renames; integrations use it.",
  })
  key!: string;

  @Field(() => String, { description: "Display name, unique in the version (case-insensitive)." })
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
  @Field(() => String, {
    description: "The segment's key (for a mapping given whole: the slug of its name).",
  })
  key!: string;

  @Field(() => String, { description: "The segment's name in the mapping previewed." })
  name!: string;

  @Field(() => String, { description: "CSS hex color." })
  color!: string;

  @Field(() => [String], { description: "The segment's codes." })
  codes!: string[];

  @Field(() => Int, {
    description: "Customers of the current run the segment would hold under this mapping.",
  })
  customerCount!: number;

  @Field(() => Float, { description: "Share of customers, 0..1." })
  customerShare!: number;

  @Field(() => Money, { description: "Net revenue of the segment's customers in the run's window." })
  revenue!: Money;

  @Field(() => Float, { description: "The segment's share of all net revenue in the run, 0..1." })
  revenueShare!: number;

  @Field(() => Money, {
    nullable: true,
    description: "Mean predicted lifetime value of the segment's customers; null when the run has no CLV.",
  })
  avgClv!: Money | null;
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
  @Field(() => String, {
    description:
      "The segment's name, unique in the mapping (compared case-insensitively), shown to marketers.",
  })
  name!: string;

  @Field(() => String, {
    defaultValue: "",
    description: "What the segment's customers have in common, for marketers (may be empty).",
  })
  description!: string;

  @Field(() => String, {
    defaultValue: "",
    description: "The recommended marketing action for the segment (may be empty).",
  })
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

const PROFILE_FIELD =
  "The scoring profile's key whose mapping to change; default: the `X-Rfm-Profile` header's, else the default profile.";
const SEGMENT_REF = "The segment: its key (`champions`) or its current name in the draft (case-insensitive).";

@InputType({ description: "A segment to add to the shared draft." })
export class CreateSegmentInput extends SegmentFieldsInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The new segment's immutable key (lower-case letters, digits and single dashes, at most 64); default: the slug of the name (`At Risk` -> `at-risk`). Unique in the profile; a key a deleted segment had brings that segment (and its id) back.",
  })
  key?: string | null;

  @Field(() => Int, { nullable: true, description: "Display position from 0 (default: last)." })
  position?: number | null;
}

@InputType({
  description: "Changes to one segment of the shared draft; omitted fields stay. Its key never changes.",
})
export class UpdateSegmentInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

  @Field(() => String, { description: SEGMENT_REF })
  segment!: string;

  @Field(() => String, { nullable: true, description: "New display name (the key stays)." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "New description: what the customers have in common." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "New recommended marketing action." })
  action?: string | null;

  @Field(() => String, { nullable: true, description: "New CSS hex color (`#rrggbb`)." })
  color?: string | null;

  @Field(() => Int, { nullable: true, description: "New display position, from 0." })
  position?: number | null;
}

@InputType({ description: "A segment to remove from the shared draft." })
export class DeleteSegmentInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

  @Field(() => String, { description: SEGMENT_REF })
  segment!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The segment (key or name) that receives the deleted one's codes; omitted: they are left unassigned and the draft is invalid until they are assigned.",
  })
  reassignTo?: string | null;
}

@InputType({ description: "Codes to move to one segment of the shared draft." })
export class AssignCodesInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

  @Field(() => [String], { description: "RFM codes such as 444; they leave whatever segment had them." })
  codes!: string[];

  @Field(() => String, { description: `The segment that receives them. ${SEGMENT_REF}` })
  segment!: string;
}

@InputType({ description: "Score range rules that define one segment of the shared draft." })
export class SetSegmentRulesInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

  @Field(() => String, { description: SEGMENT_REF })
  segment!: string;

  @Field(() => [String], {
    description: "Rules in text form (`R4 F3-4 M*`); the segment's codes become exactly theirs.",
  })
  rules!: string[];
}

@InputType({ description: "Which profile's shared draft to discard." })
export class DiscardDraftInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;
}

@InputType({ description: "Publishing the shared draft as the profile's next mapping version." })
export class PublishMappingInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

  @Field(() => Int, {
    description:
      "The published version the editor last saw: if another was published since, the publish is refused (CONFLICT).",
  })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: "What changed and why, kept with the version." })
  note?: string | null;
}

@InputType({ description: "Publishing a copy of an old version as the profile's newest." })
export class RollbackMappingInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

  @Field(() => Int, { description: "The published version to restore." })
  version!: number;

  @Field(() => String, {
    nullable: true,
    description: "Why, kept with the new version (default: `rollback to version N`).",
  })
  note?: string | null;
}

export enum MappingFileFormatEnum {
  JSON = "JSON",
  YAML = "YAML",
}

registerEnumType(MappingFileFormatEnum, {
  name: "MappingFileFormat",
  description: "The text format of a mapping file (docs/mapping.md).",
  valuesConfig: {
    JSON: { description: "The mapping file as JSON (the same fields as the YAML form)." },
    YAML: {
      description:
        "The mapping file as YAML 1.2, the form meant for people to read and edit (docs/mapping.md).",
    },
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

@InputType({ description: "A mapping file to import into the shared draft." })
export class ImportMappingFileInput {
  @Field(() => String, { nullable: true, description: PROFILE_FIELD })
  profile?: string | null;

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

@ObjectType({ description: "What a draft edit did: the segment as it now is, and the whole draft." })
export class MappingEditPayload {
  @Field(() => MappingSegment, {
    nullable: true,
    description: "The segment created or changed (null after a delete, or when the edit was refused).",
  })
  segment!: MappingSegment | null;

  @Field(() => MappingVersionType, {
    nullable: true,
    description: "The shared draft after the edit; null when refused.",
  })
  draft!: MappingVersionType | null;

  @Field(() => [UserError], { description: "The input's mistakes; empty when the edit was applied." })
  userErrors!: UserError[];
}

@ObjectType({ description: "What discarding the shared draft did." })
export class DiscardDraftPayload {
  @Field(() => Boolean, { nullable: true, description: "True when there was a draft and it is gone." })
  discarded!: boolean | null;

  @Field(() => [UserError], { description: "The input's mistakes; empty when it was applied." })
  userErrors!: UserError[];
}

@ObjectType({ description: "What publishing (or rolling back) made: the new published version." })
export class PublishMappingPayload {
  @Field(() => MappingVersionType, {
    nullable: true,
    description: "The version published; null when refused.",
  })
  mapping!: MappingVersionType | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "The profile's latest published version: the one just published, or, when refused with CONFLICT, the one someone else published since.",
  })
  latestVersion?: number | null;

  @Field(() => [UserError], {
    description:
      "The input's mistakes (CONFLICT when another version was published since, MAPPING_INVALID listing every problem); empty when published.",
  })
  userErrors!: UserError[];
}

@ObjectType({ description: "What importing a mapping file did." })
export class ImportMappingFilePayload {
  @Field(() => MappingVersionType, {
    nullable: true,
    description: "The draft the file became, or the version it was published as; null when refused.",
  })
  mapping!: MappingVersionType | null;

  @Field(() => Boolean, { nullable: true, description: "Whether it was published; null when refused." })
  published!: boolean | null;

  @Field(() => MappingFileReportType, {
    nullable: true,
    description: "What each rule of the file got and what was shadowed; null when refused.",
  })
  report!: MappingFileReportType | null;

  @Field(() => [UserError], {
    description:
      "The file's mistakes (INVALID_MAPPING_FILE naming the path of what is wrong); empty when imported.",
  })
  userErrors!: UserError[];
}

@ArgsType()
export class MappingVersionsArgs {
  @Field(() => Int, { defaultValue: 20, description: "How many versions (at most 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, { nullable: true, description: "The cursor of the version to continue after." })
  after?: string | null;
}

/** The published versions of a profile's mapping, newest first. */
export const { Connection: MappingVersionConnection } = connectionOf(
  MappingVersionType,
  "MappingVersion",
  "Published versions of a profile's segment mapping, newest (highest version) first.",
);
