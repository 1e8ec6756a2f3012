import { Field, Int, ObjectType } from "type-graphql";
import { DateTimeISO, LocalDate } from "../common/scalars";

@ObjectType({ description: "A segment's size in one scoring run." })
export class SegmentSizePoint {
  @Field(() => Int, { description: "The number of the run this point counts." })
  runId!: number;

  @Field(() => DateTimeISO, { description: "The run's scoring instant (orders before it count)." })
  asOf!: Date;

  @Field(() => LocalDate, { description: "The last day the run counted (the day before `asOf`)." })
  asOfDay!: string;

  @Field(() => Int, { description: "Customers in the segment in that run, under today's published mapping." })
  customers!: number;
}

@ObjectType({
  description: "A segment of the published mapping with its size in each complete run, oldest first.",
  simpleResolvers: true,
})
export class SegmentSizeSeries {
  @Field(() => String, { description: "The segment's name in the published mapping." })
  name!: string;

  @Field(() => String, { description: "The segment's CSS hex color (`#1f77b4`), used in charts." })
  color!: string;

  @Field(() => Int, { description: "The segment's display position in the mapping, from 0." })
  position!: number;

  @Field(() => [SegmentSizePoint], {
    description: "One point per as-of day with a complete run of the mapping's bins, oldest first.",
  })
  points!: SegmentSizePoint[];
}
