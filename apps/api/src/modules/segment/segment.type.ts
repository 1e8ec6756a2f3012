import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({
  description: "A segment of the published mapping with its figures in the current run.",
  simpleResolvers: true,
})
export class Segment {
  /** The profile (key; null: the default) the segment was read in: its customers are that profile's. */
  profile?: string | null;

  @Field(() => String, { description: "Unique name." })
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

  @Field(() => Float, {
    description: "Net revenue of the segment's customers in the window, in currency units.",
  })
  revenue!: number;

  @Field(() => Float, { description: "revenue / total net revenue." })
  revenueShare!: number;

  @Field(() => Float, { description: "Mean days since the last purchase." })
  avgRecencyDays!: number;

  @Field(() => Float, { description: "Mean number of orders." })
  avgFrequency!: number;

  @Field(() => Float, { description: "Mean net spend, in currency units." })
  avgMonetary!: number;

  @Field(() => Float, {
    nullable: true,
    description: "Mean predicted lifetime value; null when the run has no CLV.",
  })
  avgClv!: number | null;

  @Field(() => String, { description: "ISO 4217 code of the money figures: the run's currency." })
  currencyCode!: string;
}
