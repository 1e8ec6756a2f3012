import { MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import type { AudienceFilter } from "../audience/audience.filter";
import { PageSize } from "../common/limits";
import { LocalDate } from "../common/scalars";
import type { Direction, OrderField } from "./customer.repository";

export enum CustomerOrderField {
  ID = "ID",
  NAME = "NAME",
  RECENCY = "RECENCY",
  FREQUENCY = "FREQUENCY",
  MONETARY = "MONETARY",
  CLV = "CLV",
}

registerEnumType(CustomerOrderField, {
  name: "CustomerOrderField",
  description: "What customers are sorted by.",
  valuesConfig: {
    ID: { description: "The store's customer id." },
    NAME: { description: "By the customer's name, alphabetically (customers without a name last)." },
    RECENCY: { description: "Days since the last purchase." },
    FREQUENCY: { description: "Number of orders in the window." },
    MONETARY: { description: "Net spend in the window." },
    CLV: { description: "Predicted lifetime value." },
  },
});

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}

registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "The order of a sorted list: ascending or descending.",
  valuesConfig: {
    ASC: { description: "Smallest, earliest or alphabetically first values first." },
    DESC: { description: "Largest, latest or alphabetically last values first." },
  },
});

@InputType({ description: "Minimum and maximum of a score, inclusive; an omitted end is open." })
export class ScoreRangeInput {
  @Field(() => Int, { nullable: true, description: "Lowest score accepted (1..bins)." })
  min?: number | null;

  @Field(() => Int, { nullable: true, description: "Highest score accepted (1..bins)." })
  max?: number | null;
}

@InputType({ description: "Minimum and maximum of a whole number, inclusive; an omitted end is open." })
export class IntRangeInput {
  @Field(() => Int, { nullable: true, description: "Lowest value accepted." })
  min?: number | null;

  @Field(() => Int, { nullable: true, description: "Highest value accepted." })
  max?: number | null;
}

@InputType({
  description:
    'Minimum and maximum of an amount of money, inclusive, as decimal strings in the run\'s currency (like `Money.amount`: `"120.50"`); an omitted end is open.',
})
export class MoneyRangeInput {
  @Field(() => String, {
    nullable: true,
    description: 'Lowest amount accepted, such as `"100"` or `"99.95"`.',
  })
  @MaxLength(20, { message: "an amount has at most 20 characters" })
  min?: string | null;

  @Field(() => String, { nullable: true, description: 'Highest amount accepted, such as `"500.00"`.' })
  @MaxLength(20, { message: "an amount has at most 20 characters" })
  max?: string | null;
}

@InputType({ description: "Customers who were in a segment in an earlier run: one side of a movement cell." })
export class MovedFromInput {
  @Field(() => Int, { description: "The earlier complete run (its number, `ScoringRun.id`)." })
  run!: number;

  @Field(() => String, {
    description:
      "The segment they were in then, by key or name; both runs' codes are read under the published mapping, as `analytics.movement` reads them.",
  })
  @MaxLength(200, { message: "a segment key or name has at most 200 characters" })
  segment!: string;
}

@InputType({
  description:
    "An audience: which customers to list, count or export. Every given condition must hold. Saved audiences store it; `createExport(input: { filter })`, the export route's query parameters and `rfm export` take the same fields.",
})
export class CustomerFilter implements AudienceFilter {
  @Field(() => String, {
    nullable: true,
    description:
      "Customers of this segment of the published mapping, by key (`champions`) or name (case-insensitive).",
  })
  @MaxLength(200, { message: "a segment key or name has at most 200 characters" })
  segment?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: "Customers with one of these RFM codes, such as 444.",
  })
  codes?: string[] | null;

  @Field(() => ScoreRangeInput, { nullable: true, description: "Recency score range." })
  r?: ScoreRangeInput | null;

  @Field(() => ScoreRangeInput, { nullable: true, description: "Frequency score range." })
  f?: ScoreRangeInput | null;

  @Field(() => ScoreRangeInput, { nullable: true, description: "Monetary score range." })
  m?: ScoreRangeInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Province, compared trimmed and case-insensitively; a Canadian province also matches its code or names (`ON` finds `Ontario` and `on`). `areaValues(field: PROVINCE)` lists the stored values.",
  })
  @MaxLength(200, { message: "province has at most 200 characters" })
  province?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Region, compared trimmed and case-insensitively (stored values are kept as imported).",
  })
  @MaxLength(200, { message: "region has at most 200 characters" })
  region?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "City, compared trimmed and case-insensitively (stored values are kept as imported).",
  })
  @MaxLength(200, { message: "city has at most 200 characters" })
  city?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Customers with at least one stored order in this sales channel, at any time (not only in the run's window), compared trimmed and case-insensitively.",
  })
  @MaxLength(200, { message: "channel has at most 200 characters" })
  channel?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Case-insensitive substring of the customer id, name or email.",
  })
  @MaxLength(200, { message: "search has at most 200 characters" })
  search?: string | null;

  @Field(() => IntRangeInput, { nullable: true, description: "Days since the last purchase, in the run." })
  recencyDays?: IntRangeInput | null;

  @Field(() => MoneyRangeInput, {
    nullable: true,
    description: "Net spend in the run's window (the run's monetary), in the run's currency.",
  })
  spend?: MoneyRangeInput | null;

  @Field(() => MoneyRangeInput, {
    nullable: true,
    description:
      "Predicted lifetime value in the run, compared to the cent; customers without one never match.",
  })
  clv?: MoneyRangeInput | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "In their current segment (the `segment` given, else whichever they are in) continuously since this store day or later: entered in a run whose last counted day is this day or later. Current run only, once its membership is recorded (MEMBERSHIP_NOT_RECORDED, a conflict to retry, in the seconds between a run or a publish and its recording).",
  })
  enteredSince?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "A complete scoring run of the profile (its number); default: the current run.",
  })
  run?: number | null;

  @Field(() => MovedFromInput, {
    nullable: true,
    description:
      "Customers who were in that segment in that run: with `segment` and `run`, one cell of `analytics.movement`, with the same count.",
  })
  @ValidateNested()
  movedFrom?: MovedFromInput | null;
}

@InputType({ description: "A sort order for customers; ties are broken by customer id." })
export class CustomerOrder {
  @Field(() => CustomerOrderField, {
    defaultValue: CustomerOrderField.MONETARY,
    description: "The field to sort by.",
  })
  field!: CustomerOrderField;

  @Field(() => OrderDirection, {
    defaultValue: OrderDirection.DESC,
    description: "Which way to sort: DESC (largest or latest first, the default) or ASC.",
  })
  direction!: OrderDirection;
}

export function orderOf(order: CustomerOrder | null | undefined): {
  field: OrderField;
  direction: Direction;
} {
  return {
    field: order?.field ?? CustomerOrderField.MONETARY,
    direction: order?.direction ?? OrderDirection.DESC,
  };
}

@ArgsType()
export class CustomerPageArgs {
  @Field(() => Int, { defaultValue: 50, description: "Page size (at most 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, { nullable: true, description: "Cursor after which the page starts." })
  after?: string | null;

  @Field(() => CustomerOrder, {
    nullable: true,
    description: "Sort order (default: monetary, largest first).",
  })
  orderBy?: CustomerOrder | null;

  @Field(() => CustomerFilter, {
    nullable: true,
    description: "Conditions (on a segment's customers, the segment condition always applies).",
  })
  @ValidateNested()
  filter?: CustomerFilter | null;
}

@ArgsType()
export class TransactionPageArgs {
  @Field(() => Int, { defaultValue: 20, description: "Page size (at most 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, { nullable: true, description: "Cursor after which the page starts." })
  after?: string | null;
}

@ArgsType()
export class SegmentHistoryArgs {
  @Field(() => Int, { defaultValue: 20, description: "Page size (at most 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, { nullable: true, description: "Cursor after which the page starts." })
  after?: string | null;
}
