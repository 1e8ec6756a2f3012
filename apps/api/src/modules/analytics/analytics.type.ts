import { Field, Float, Int, ObjectType } from "type-graphql";
import { LocalDate } from "../common/scalars";
import { ScoringRunType } from "../scoring/scoring.type";

@ObjectType({ description: "Revenue and orders of one day." })
export class DailySales {
  @Field(() => LocalDate, { description: "The day (UTC)." })
  day!: string;

  @Field(() => Int, { description: "Orders." })
  transactions!: number;

  @Field(() => Float, { description: "Net revenue, currency units." })
  revenue!: number;
}

@ObjectType({ description: "Sales of one province or region." })
export class AreaSales {
  @Field(() => String, { description: "Province or region as imported; `(unknown)` when empty." })
  name!: string;

  @Field(() => Int, { description: "Orders in the date range." })
  transactions!: number;

  @Field(() => Int, { description: "Customers stored in the area (whatever the dates)." })
  customers!: number;

  @Field(() => Float, { description: "Net revenue in the date range, currency units." })
  revenue!: number;
}

@ObjectType({ description: "One cell of the R x F grid of the current run." })
export class RfCell {
  @Field(() => Int, { description: "Recency score." })
  r!: number;

  @Field(() => Int, { description: "Frequency score." })
  f!: number;

  @Field(() => Int, { description: "Customers." })
  customers!: number;

  @Field(() => Float, { description: "Net revenue, currency units." })
  revenue!: number;
}

@ObjectType({ description: "Customers who went from one segment to another between two runs." })
export class SegmentTransition {
  @Field(() => String, { description: "Segment in the earlier run." })
  from!: string;

  @Field(() => String, { description: "Segment in the later run." })
  to!: string;

  @Field(() => Int, { description: "Customers." })
  customers!: number;
}

@ObjectType({ description: "Customers per segment who entered or left between two runs." })
export class SegmentFlow {
  @Field(() => String, { description: "Segment." })
  segment!: string;

  @Field(() => Int, { description: "Customers." })
  customers!: number;
}

@ObjectType({ description: "Segment movement between two runs, both segmented with the published mapping." })
export class Movement {
  @Field(() => Int, { description: "The earlier run." })
  fromRunId!: number;

  @Field(() => Int, { description: "The later run." })
  toRunId!: number;

  @Field(() => [SegmentTransition], {
    description: "Non-zero transitions (including staying in the same segment).",
  })
  transitions!: SegmentTransition[];

  @Field(() => [SegmentFlow], { description: "Customers scored only in the later run, by segment." })
  entered!: SegmentFlow[];

  @Field(() => [SegmentFlow], {
    description: "Customers scored only in the earlier run, by their earlier segment.",
  })
  left!: SegmentFlow[];

  @Field(() => Int, { description: "Customers in both runs whose segment changed." })
  moved!: number;

  @Field(() => Int, { description: "Customers in both runs whose segment stayed." })
  stayed!: number;
}

@ObjectType({ description: "Analytics over transactions and the current run." })
export class Analytics {
  /** Marker: every field has its own resolver. */
  readonly kind!: "analytics";
  /** The `profile` argument of `analytics` (a profile key; null: the default profile). */
  readonly profile?: string | null;
}

@ObjectType({ description: "Headline figures of the current run." })
export class Overview {
  @Field(() => ScoringRunType, {
    nullable: true,
    description: "The current run; null before the first scoring.",
  })
  run!: ScoringRunType | null;

  @Field(() => Int, { description: "Customers scored in the current run." })
  customersScored!: number;

  @Field(() => Float, { description: "Net revenue in the current run's window, currency units." })
  revenue!: number;

  @Field(() => String, { description: "ISO 4217 code of `revenue`: the current run's currency." })
  currencyCode!: string;

  @Field(() => Int, { description: "All customers stored." })
  customersStored!: number;

  @Field(() => Int, { description: "All transactions stored." })
  transactionsStored!: number;

  @Field(() => Int, { description: "The active (published) mapping version." })
  mappingVersion!: number;
}
