import { Field, Int, ObjectType } from "type-graphql";
import { Money } from "../common/money.type";
import { LocalDate } from "../common/scalars";
import { ScoringRunType } from "../scoring/scoring.type";

@ObjectType({ description: "Revenue and orders of one day." })
export class DailySales {
  @Field(() => LocalDate, { description: "The calendar day in the store's time zone (STORE_TIME_ZONE)." })
  day!: string;

  @Field(() => Int, { description: "Transactions (order lines) of that day." })
  transactions!: number;

  @Field(() => Money, {
    description:
      "Net revenue of the day in the store's currency (STORE_CURRENCY): a chart point as Money, so it is exact; amounts of orders in other currencies are summed as imported, unconverted.",
  })
  revenue!: Money;
}

@ObjectType({ description: "Sales of one province or region." })
export class AreaSales {
  @Field(() => String, { description: "Province or region as imported; `(unknown)` when empty." })
  name!: string;

  @Field(() => Int, { description: "Transactions (order lines) of the area in the date range." })
  transactions!: number;

  @Field(() => Int, { description: "Customers stored in the area (whatever the dates)." })
  customers!: number;

  @Field(() => Money, {
    description:
      "Net revenue of the area in the date range, in the store's currency (amounts in other currencies summed unconverted).",
  })
  revenue!: Money;
}

@ObjectType({ description: "One cell of the R x F grid of the current run." })
export class RfCell {
  @Field(() => Int, { description: "The cell's recency score, 1 to bins." })
  r!: number;

  @Field(() => Int, { description: "The cell's frequency score, 1 to bins." })
  f!: number;

  @Field(() => Int, { description: "Customers of the current run with these R and F scores." })
  customers!: number;

  @Field(() => Money, {
    description: "Net spend of those customers in the run's window, in the run's currency.",
  })
  revenue!: Money;
}

@ObjectType({ description: "Customers who went from one segment to another between two runs." })
export class SegmentTransition {
  @Field(() => String, {
    description: "The customers' segment in the earlier run (named by the published mapping).",
  })
  from!: string;

  @Field(() => String, {
    description:
      "The key of the customers' segment in the earlier run (stable across renames): the `movedFrom.segment` of the audience of this move.",
  })
  fromKey!: string;

  @Field(() => String, {
    description: "The customers' segment in the later run (named by the published mapping).",
  })
  to!: string;

  @Field(() => String, {
    description:
      "The key of the customers' segment in the later run (stable across renames): the segment of the audience of this move.",
  })
  toKey!: string;

  @Field(() => Int, { description: "Customers who made this move." })
  customers!: number;
}

@ObjectType({ description: "Customers per segment who entered or left between two runs." })
export class SegmentFlow {
  @Field(() => String, { description: "The segment's name in the published mapping." })
  segment!: string;

  @Field(() => String, { description: "The segment's key in the published mapping (stable across renames)." })
  segmentKey!: string;

  @Field(() => Int, { description: "Customers who entered (or left) through that segment." })
  customers!: number;
}

@ObjectType({ description: "Segment movement between two runs, both segmented with the published mapping." })
export class Movement {
  @Field(() => Int, { description: "The number of the earlier run compared." })
  fromRunId!: number;

  @Field(() => Int, { description: "The number of the later run compared." })
  toRunId!: number;

  @Field(() => LocalDate, {
    description: "The earlier run's as-of day: the last day it counted, in its time zone.",
  })
  fromAsOfDay!: string;

  @Field(() => LocalDate, {
    description: "The later run's as-of day: the last day it counted, in its time zone.",
  })
  toAsOfDay!: string;

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

  @Field(() => Money, {
    description:
      "Net revenue in the current run's window, in the run's currency (zero before the first run).",
  })
  revenue!: Money;

  @Field(() => Int, { description: "Customers stored, scored or not." })
  customersStored!: number;

  @Field(() => Int, { description: "Transactions (order lines) stored, whatever their date or currency." })
  transactionsStored!: number;

  @Field(() => Int, { description: "The version number of the profile's published mapping." })
  mappingVersion!: number;
}
