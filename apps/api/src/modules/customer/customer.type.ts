import { Field, ID, Int, ObjectType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { Money } from "../common/money.type";
import { globalId, Node } from "../common/node";
import { PageInfo } from "../common/page.type";
import { DateTimeISO, LocalDate } from "../common/scalars";
import { Segment } from "../segment/segment.type";
import type { CustomerRow, ScoreRow } from "./customer.repository";

@ObjectType({ description: "A customer's scores in one scoring run.", simpleResolvers: true })
export class CustomerScore {
  @Field(() => Int, { description: "The scoring run." })
  runId!: number;

  @Field(() => DateTimeISO, {
    description:
      "The run's scoring instant, exclusive: the first instant after `asOfDay`, the day people mean by 'as of' (as of 2014-12-31 in UTC is 2015-01-01T00:00:00Z here).",
  })
  asOf!: Date;

  @Field(() => LocalDate, { description: "The run's last day counted, in its `timeZone`." })
  asOfDay!: string;

  @Field(() => String, { description: "The store's time zone (IANA name) the run counted days in." })
  timeZone!: string;

  @Field(() => Int, {
    description:
      "Calendar days from the day of the last purchase to the run's as-of day (store days): 0 for a purchase that day.",
  })
  recencyDays!: number;

  @Field(() => Int, { description: "Orders in the window." })
  frequency!: number;

  @Field(() => Money, {
    description: "Net spend in the window (or mean per order, per the run's basis), in the run's currency.",
  })
  monetary!: Money;

  @Field(() => String, { description: "ISO 4217 code of `monetary` and `clv`: the run's currency." })
  currencyCode!: string;

  @Field(() => Int, { description: "Recency score, 1..bins (higher is more recent)." })
  r!: number;

  @Field(() => Int, { description: "Frequency score, 1..bins." })
  f!: number;

  @Field(() => Int, { description: "Monetary score, 1..bins." })
  m!: number;

  @Field(() => String, { description: "The RFM code, such as 444." })
  code!: string;

  @Field(() => Segment, {
    nullable: true,
    description:
      "The segment the code is in under the profile's published mapping today (null when the mapping has other bins than the run). For the segment a past run gave, read Customer.segmentHistory.",
  })
  segment!: Segment | null;

  @Field(() => Money, {
    nullable: true,
    description: "Predicted customer lifetime value in the run's currency, when the run computed it.",
  })
  clv!: Money | null;
}

@ObjectType({
  description: "One order of a customer, as imported (the lines of one order id summed).",
  simpleResolvers: true,
})
export class Transaction {
  @Field(() => String, { description: "The store's order id." })
  orderId!: string;

  @Field(() => DateTimeISO, { description: "When the order was placed." })
  occurredAt!: Date;

  @Field(() => Money, { description: "Net amount of the order (negative for a refund), in its currency." })
  amount!: Money;

  @Field(() => String, {
    description: "ISO 4217 code of `amount` (the store's currency when the import gave none).",
  })
  currencyCode!: string;

  @Field(() => Int, { description: "Order lines summed into this order." })
  lineCount!: number;

  @Field(() => String, { nullable: true, description: "Sales channel, if imported." })
  channel!: string | null;

  @Field(() => String, { nullable: true, description: "Province of the order, if imported." })
  province!: string | null;

  @Field(() => String, { nullable: true, description: "Region of the order, if imported." })
  region!: string | null;

  @Field(() => String, { nullable: true, description: "City of the order, if imported." })
  city!: string | null;
}

@ObjectType({ description: "An edge of a transaction connection.", simpleResolvers: true })
export class TransactionEdge {
  @Field(() => String, { description: "Opaque cursor of this transaction." })
  cursor!: string;

  @Field(() => Transaction, { description: "The order at this position of the list." })
  node!: Transaction;
}

@ObjectType({ description: "A page of a customer's transactions, newest first.", simpleResolvers: true })
export class TransactionConnection {
  @Field(() => [TransactionEdge], { description: "The transactions of the page, with cursors." })
  edges!: TransactionEdge[];

  @Field(() => PageInfo, {
    description: "Whether there are more items, and the cursors to page through them.",
  })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "All transactions of the customer." })
  totalCount!: number;
}

// simpleResolvers: plain fields skip type-graphql's middleware wrapper (none is used), a third
// of the CPU of a 50-customer page; field resolvers (score, history...) are unaffected.
@ObjectType({
  description: "A customer: profile, current scores and history.",
  simpleResolvers: true,
  implements: Node,
})
export class Customer implements Node {
  /** Internal id (not in the schema). */
  internalId!: number;
  /** The current-run score when it was read with the customer; undefined: not read yet. */
  currentScore?: ScoreRow | null;
  /** The current run id when the customer was read. */
  currentRunId!: number | null;
  /** The scoring profile (key; null: the default) whose scores and segment the customer shows. */
  profile?: string | null;

  @Field(() => ID, {
    description:
      "Global id (`gid://rfm/Customer/<store id>`, the store's id URI-encoded), stable: pass it to `node(id:)` or `customer(id:)`.",
  })
  id!: string;

  @Field(() => ID, {
    description:
      "The store's own customer id (the `customer_id` of imports): what storefronts look customers up by.",
  })
  externalId!: string;

  @Field(() => String, { nullable: true, description: "Name, if imported." })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "Email, if imported." })
  email!: string | null;

  @Field(() => String, { nullable: true, description: "Province, if imported." })
  province!: string | null;

  @Field(() => String, { nullable: true, description: "Region, if imported." })
  region!: string | null;

  @Field(() => String, { nullable: true, description: "City, if imported." })
  city!: string | null;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "When the customer was created in the store's systems, if imported.",
  })
  createdAt!: Date | null;
}

export function toCustomer(
  row: CustomerRow,
  currentRunId: number | null,
  score?: ScoreRow | null,
  profile?: string | null,
): Customer {
  return {
    internalId: row.id,
    currentRunId,
    ...(profile == null ? {} : { profile }),
    ...(score === undefined ? {} : { currentScore: score }),
    id: globalId("Customer", row.externalId),
    externalId: row.externalId,
    name: row.name,
    email: row.email,
    province: row.province,
    region: row.region,
    city: row.city,
    createdAt: row.createdAt === null ? null : new Date(row.createdAt),
  };
}

@ObjectType({ description: "An edge of a customer connection.", simpleResolvers: true })
export class CustomerEdge {
  @Field(() => String, { description: "Opaque cursor of this customer in this ordering." })
  cursor!: string;

  @Field(() => Customer, { description: "The customer at this position of the list." })
  node!: Customer;
}

@ObjectType({ description: "A page of customers of the current run." })
export class CustomerConnection {
  /** How to count every match, computed only when `totalCount` is asked for. */
  count!: () => Promise<number>;

  @Field(() => [CustomerEdge], { description: "The customers of the page, with cursors." })
  edges!: CustomerEdge[];

  @Field(() => PageInfo, {
    description: "Whether there are more items, and the cursors to page through them.",
  })
  pageInfo!: PageInfo;
}

@ObjectType({
  description: "A customer's place in one complete scoring run, named as it was when the run completed.",
  simpleResolvers: true,
})
export class SegmentHistoryEntry {
  @Field(() => Int, { description: "The scoring run." })
  runId!: number;

  @Field(() => DateTimeISO, {
    description:
      "The run's scoring instant, exclusive: the first instant after `asOfDay`, the day people mean by 'as of' (as of 2014-12-31 in UTC is 2015-01-01T00:00:00Z here).",
  })
  asOf!: Date;

  @Field(() => LocalDate, { description: "The run's last day counted, in the store's time zone of the run." })
  asOfDay!: string;

  @Field(() => String, { description: "The customer's RFM code in the run, such as 444." })
  code!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The name of the segment the code was in under the mapping version published when the run completed (published versions never change, so renaming a segment later does not rewrite it). Null when the run recorded no version.",
  })
  segmentName!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "The number of the mapping version that named the segment (null when none was recorded).",
  })
  mappingVersion!: number | null;

  @Field(() => Int, { description: "Recency score in the run, 1..bins (higher is more recent)." })
  r!: number;

  @Field(() => Int, { description: "Frequency score in the run, 1..bins." })
  f!: number;

  @Field(() => Int, { description: "Monetary score in the run, 1..bins." })
  m!: number;

  @Field(() => Int, { description: "Calendar days from the last purchase to the run's as-of day." })
  recencyDays!: number;

  @Field(() => Int, { description: "Orders in the run's window." })
  frequency!: number;

  @Field(() => Money, {
    description:
      "Net spend in the run's window (or mean per order, per the run's basis), in the run's currency.",
  })
  monetary!: Money;

  @Field(() => Money, {
    nullable: true,
    description: "Predicted lifetime value in the run, when it computed one.",
  })
  clv!: Money | null;
}

export const { Connection: SegmentHistoryConnection } = connectionOf(
  SegmentHistoryEntry,
  "SegmentHistory",
  "A customer's segment in each complete run of a profile, newest as-of first.",
);
