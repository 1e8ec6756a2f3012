import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { PageSize } from "../common/limits";
import { DateTimeISO } from "../common/scalars";

export enum SegmentChangeKind {
  ENTERED = "entered",
  LEFT = "left",
}

registerEnumType(SegmentChangeKind, {
  name: "SegmentChangeKind",
  description: "Whether a customer entered or left a segment.",
  valuesConfig: {
    ENTERED: { description: "The customer became a member of the segment." },
    LEFT: {
      description: "The customer stopped being a member (moved to another segment, or no longer scored).",
    },
  },
});

@ObjectType({
  description:
    "One customer entering or leaving one segment, recorded after a complete run of the profile's current picture or a mapping publish.",
  simpleResolvers: true,
})
export class SegmentChange {
  @Field(() => ID, {
    description:
      "The change's id, the same as its webhook event's id (`evt_chg_1234`): receivers of both can deduplicate on it.",
  })
  id!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The store's customer id of the customer who entered or left; null when the customer was deleted since.",
  })
  customerId!: string | null;

  @Field(() => SegmentChangeKind, { description: "Whether the customer entered or left the segment." })
  kind!: SegmentChangeKind;

  @Field(() => String, { description: "The segment's immutable key (`champions`)." })
  segmentKey!: string;

  @Field(() => String, {
    description: "The segment's name when the change was recorded (a later rename does not rewrite it).",
  })
  segmentName!: string;

  @Field(() => DateTimeISO, {
    description:
      "When the change happened: when the run completed or the mapping was published, whichever made the pair current.",
  })
  at!: Date;

  @Field(() => Int, { description: "The profile's current run the change was computed from." })
  runId!: number;

  @Field(() => Int, {
    description: "The published mapping version (its number) the change was computed with.",
  })
  mappingVersion!: number;
}

export const { Connection: SegmentChangeConnection } = connectionOf(
  SegmentChange,
  "SegmentChange",
  "A segment's membership changes, oldest first (in the order they were recorded): poll forward with `after`.",
);

@ArgsType()
export class SegmentChangeArgs {
  @Field(() => String, { description: "The segment's immutable key (`champions`)." })
  key!: string;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "Only changes at or after this instant; omitted: from the first recorded.",
  })
  since?: Date | null;

  @Field(() => SegmentChangeKind, {
    nullable: true,
    description: "Only entries, or only exits; omitted: both.",
  })
  kind?: SegmentChangeKind | null;

  @Field(() => Int, { defaultValue: 50, description: "How many changes (at most 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, {
    nullable: true,
    description: "The `endCursor` of the previous page: the changes recorded after it.",
  })
  after?: string | null;
}
