import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Money, toMoney, toMoneyOrNull } from "../common/money.type";
import { globalId, Node } from "../common/node";
import type { SegmentRow } from "./segment.service";

@ObjectType({
  implements: Node,
  description:
    "A segment of a profile's published mapping with its figures in the current run. Its `id` and `key` stay the same when it is renamed or its codes change; integrations should name it by them.",
})
export class Segment implements Node {
  /** The profile (key; null: the default) the segment was read in: its customers are that profile's. */
  profile?: string | null;

  /** The identity's row id (modules/segment/identity.ts); `id` is its global form. */
  segmentId!: number;

  @Field(() => ID, {
    description:
      "Global id of the segment (`gid://rfm/Segment/3`): the same in every mapping version, whatever its name; pass it to `segment(id:)` or `node(id:)`.",
  })
  id!: string;

  @Field(() => String, {
    description:
      "The segment's immutable key (`champions`, `at-risk`): set when it was created, unique in its profile, never changed by a rename. Integrations should query by key (`segment(key:)`).",
  })
  key!: string;

  @Field(() => String, { description: "Display name, unique in the mapping (case-insensitive); may change." })
  name!: string;

  @Field(() => String, { description: "What the customers have in common." })
  description!: string;

  @Field(() => String, { description: "The recommended marketing action." })
  action!: string;

  @Field(() => String, { description: "CSS hex color used in charts." })
  color!: string;

  @Field(() => Int, { description: "Display position, from 0." })
  position!: number;

  @Field(() => [String], { description: "The RFM codes of the segment, such as 444." })
  codes!: string[];

  @Field(() => Int, { description: "Customers in the segment." })
  customerCount!: number;

  @Field(() => Float, { description: "customerCount / all scored customers, 0..1." })
  customerShare!: number;

  @Field(() => Money, {
    description: "Net revenue of the segment's customers in the run's window, in the run's currency.",
  })
  revenue!: Money;

  @Field(() => Float, { description: "The segment's share of all net revenue in the run, 0..1." })
  revenueShare!: number;

  @Field(() => Float, { description: "Mean days since the last purchase, over the segment's customers." })
  avgRecencyDays!: number;

  @Field(() => Float, { description: "Mean number of orders in the window, over the segment's customers." })
  avgFrequency!: number;

  @Field(() => Money, {
    description:
      "Mean monetary value (net spend, or mean order per the run's basis) of the segment's customers.",
  })
  avgMonetary!: Money;

  @Field(() => Money, {
    nullable: true,
    description:
      "Mean predicted customer lifetime value of the segment's customers; null when the run has no CLV.",
  })
  avgClv!: Money | null;

  @Field(() => String, {
    description: "ISO 4217 code of the money figures (the run's currency); each Money field also carries it.",
  })
  currencyCode!: string;
}

/** A segment row as the GraphQL type: money as `Money`, the identity's global id. */
export function toSegment(row: SegmentRow, profile: string | null | undefined): Segment {
  return {
    ...row,
    ...(profile == null ? {} : { profile }),
    id: globalId("Segment", row.segmentId),
    revenue: toMoney(row.revenue, row.currencyCode),
    avgMonetary: toMoney(row.avgMonetary, row.currencyCode),
    avgClv: toMoneyOrNull(row.avgClv, row.currencyCode),
  };
}
