import { MaxLength, ValidateNested } from "class-validator";
import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { PageSize } from "../common/limits";
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

@InputType({ description: "Which customers to list. Every given condition must hold." })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: "Customers of this segment of the published mapping." })
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

  @Field(() => String, { nullable: true, description: "Exact province, as imported." })
  province?: string | null;

  @Field(() => String, { nullable: true, description: "Exact region, as imported." })
  region?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Case-insensitive substring of the customer id, name or email.",
  })
  @MaxLength(200, { message: "search has at most 200 characters" })
  search?: string | null;
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
