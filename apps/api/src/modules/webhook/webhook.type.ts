import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "../common/connection";
import { globalId, Node } from "../common/node";
import { DateTimeISO } from "../common/scalars";
import { UserError } from "../common/user-errors";
import type { WebhookEventType } from "./outbox";
import type {
  AttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  SubscriptionRecord,
} from "./subscription.service";

export enum WebhookEvent {
  CUSTOMER_ENTERED_SEGMENT = "customer.entered_segment",
  CUSTOMER_LEFT_SEGMENT = "customer.left_segment",
  RUN_COMPLETED = "run.completed",
  MAPPING_PUBLISHED = "mapping.published",
}

registerEnumType(WebhookEvent, {
  name: "WebhookEvent",
  description:
    "An event a webhook subscription can receive; its `type` in delivery bodies is the dotted name.",
  valuesConfig: {
    CUSTOMER_ENTERED_SEGMENT: {
      description:
        "`customer.entered_segment`: a customer entered a segment (after a run or a mapping publish).",
    },
    CUSTOMER_LEFT_SEGMENT: { description: "`customer.left_segment`: a customer left a segment." },
    RUN_COMPLETED: { description: "`run.completed`: a scoring run of the profile completed." },
    MAPPING_PUBLISHED: {
      description: "`mapping.published`: a mapping version of the profile was published (or rolled back to).",
    },
  },
});

export enum WebhookDeliveryStatus {
  PENDING = "pending",
  DELIVERED = "delivered",
  FAILED = "failed",
}

registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a delivery stands.",
  valuesConfig: {
    PENDING: { description: "Not yet answered with a 2xx: waiting for its next attempt (or being sent)." },
    DELIVERED: { description: "The receiver answered an attempt with a 2xx status." },
    FAILED: {
      description:
        "Retries ran out (24 hours after the first attempt) without a 2xx; replay it to try again.",
    },
  },
});

@ObjectType("WebhookSubscription", {
  implements: Node,
  description:
    "Where to POST which events of one scoring profile, signed with the subscription's secret (admin only).",
})
export class WebhookSubscriptionType extends Node {
  @Field(() => Int, { description: "The subscription's number (what `rfm webhook` commands take)." })
  number!: number;

  @Field(() => String, { description: "The http(s) URL deliveries are POSTed to." })
  url!: string;

  @Field(() => String, { description: "The key of the scoring profile whose events it receives." })
  profile!: string;

  @Field(() => [WebhookEvent], { description: "The events it receives." })
  events!: WebhookEventType[];

  @Field(() => [String], {
    description:
      "The segment keys membership events are limited to; empty: every segment. Run and mapping events are not filtered by segment.",
  })
  segmentKeys!: string[];

  @Field(() => Boolean, {
    description: "False while paused: new events are not queued for it and nothing is sent.",
  })
  active!: boolean;

  @Field(() => String, { description: "Who created it (the API token's name, or `cli`)." })
  createdBy!: string;

  @Field(() => String, { description: "Who changed it last." })
  updatedBy!: string;

  @Field(() => DateTimeISO, { description: "When it was created." })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: "When it was last changed." })
  updatedAt!: Date;
}

export function toSubscriptionType(s: SubscriptionRecord): WebhookSubscriptionType {
  return {
    id: globalId("WebhookSubscription", s.id),
    number: s.id,
    url: s.url,
    profile: s.profileKey,
    events: s.events,
    segmentKeys: s.segmentKeys,
    active: s.active,
    createdBy: s.createdBy,
    updatedBy: s.updatedBy,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

@ObjectType({ description: "One attempt to send a delivery, and what the receiver answered." })
export class WebhookAttemptType {
  @Field(() => Int, { description: "1 for the first attempt, 2 for the first retry..." })
  attempt!: number;

  @Field(() => DateTimeISO, { description: "When the request was sent." })
  at!: Date;

  @Field(() => Int, {
    nullable: true,
    description: "The HTTP status the receiver answered; null when there was no answer (refused, timed out).",
  })
  statusCode!: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Why the attempt failed (status and the start of the body, or the connection error); null when it succeeded.",
  })
  error!: string | null;

  @Field(() => Int, { description: "How long the request took, in milliseconds." })
  durationMs!: number;
}

const toAttempt = (a: AttemptRecord): WebhookAttemptType => ({ ...a });

@ObjectType("WebhookDelivery", {
  implements: Node,
  description: "A batch of events sent to one subscription (one POST body), with every attempt.",
})
export class WebhookDeliveryType extends Node {
  @Field(() => String, {
    description:
      "The delivery's id as receivers see it (`deliveryId` in the body, the `Rfm-Delivery-Id` header).",
  })
  deliveryId!: string;

  @Field(() => ID, { description: "The global id of the subscription it is for." })
  subscriptionId!: string;

  @Field(() => WebhookDeliveryStatus, { description: "Whether it was delivered, is waiting or failed." })
  status!: DeliveryStatus;

  @Field(() => Int, { description: "How many events the body holds." })
  eventCount!: number;

  @Field(() => [String], {
    description: "The ids of the events it holds, in body order (receivers deduplicate on them).",
  })
  eventIds!: string[];

  @Field(() => Int, { description: "How many times it was sent." })
  attempts!: number;

  @Field(() => Int, {
    nullable: true,
    description: "The HTTP status of the last attempt; null before one, or without an answer.",
  })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed; null if it did not." })
  lastError!: string | null;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "When the next attempt is due; null unless pending.",
  })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: "When a receiver answered it with a 2xx; null until then.",
  })
  deliveredAt!: Date | null;

  @Field(() => DateTimeISO, { description: "When it was queued." })
  createdAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: "The `deliveryId` of the delivery this one replays, if it is a replay.",
  })
  replayOf!: string | null;

  @Field(() => [WebhookAttemptType], { description: "Every attempt, first first, with its status code." })
  attemptLog!: WebhookAttemptType[];
}

export function toDeliveryType(d: DeliveryRecord): WebhookDeliveryType {
  return {
    id: globalId("WebhookDelivery", d.id),
    deliveryId: String(d.id),
    subscriptionId: globalId("WebhookSubscription", d.subscriptionId),
    status: d.status,
    eventCount: d.eventCount,
    eventIds: d.eventIds,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
    replayOf: d.replayOf === null ? null : String(d.replayOf),
    attemptLog: d.attemptLog.map(toAttempt),
  };
}

export const { Connection: WebhookSubscriptionConnection } = connectionOf(
  WebhookSubscriptionType,
  "WebhookSubscription",
  "Webhook subscriptions, oldest first.",
);

export const { Connection: WebhookDeliveryConnection } = connectionOf(
  WebhookDeliveryType,
  "WebhookDelivery",
  "A subscription's deliveries, newest first.",
);

// Inputs and payloads.

@InputType({ description: "A new webhook subscription." })
export class CreateWebhookSubscriptionInput {
  @Field(() => String, { description: "The http(s) URL to POST deliveries to." })
  url!: string;

  @Field(() => [WebhookEvent], { description: "The events to receive (at least one)." })
  events!: WebhookEventType[];

  @Field(() => [String], {
    nullable: true,
    description: "Segment keys to limit membership events to; omitted or empty: every segment.",
  })
  segmentKeys?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: "The scoring profile's key; omitted: the default profile.",
  })
  profile?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The signing secret (16 to 200 characters); omitted: a `whsec_...` secret is generated and returned once.",
  })
  secret?: string | null;

  @Field(() => Boolean, { nullable: true, description: "False to create it paused; default true." })
  active?: boolean | null;
}

@ObjectType({ description: "The result of createWebhookSubscription." })
export class CreateWebhookSubscriptionPayload {
  @Field(() => WebhookSubscriptionType, {
    nullable: true,
    description: "The subscription; null when refused.",
  })
  webhookSubscription!: WebhookSubscriptionType | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The signing secret: shown only in this answer (it is never readable again); null when refused.",
  })
  secret!: string | null;

  @Field(() => [UserError], { description: "Mistakes in the input; empty on success." })
  userErrors!: UserError[];
}

@InputType({ description: "Changes to a webhook subscription; fields left out (or null) are unchanged." })
export class UpdateWebhookSubscriptionInput {
  @Field(() => ID, { description: "The subscription's global id (or its number)." })
  id!: string;

  @Field(() => String, { nullable: true, description: "A new http(s) URL." })
  url?: string | null;

  @Field(() => [WebhookEvent], {
    nullable: true,
    description: "The events to receive from now on (at least one).",
  })
  events?: WebhookEventType[] | null;

  @Field(() => [String], {
    nullable: true,
    description: "Segment keys from now on; an empty list: every segment.",
  })
  segmentKeys?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "False to pause it, true to resume it." })
  active?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: "A new signing secret (rotation); deliveries are signed with it from then on.",
  })
  secret?: string | null;
}

@ObjectType({ description: "The result of updateWebhookSubscription." })
export class UpdateWebhookSubscriptionPayload {
  @Field(() => WebhookSubscriptionType, {
    nullable: true,
    description: "The subscription as changed; null when refused.",
  })
  webhookSubscription!: WebhookSubscriptionType | null;

  @Field(() => [UserError], { description: "Mistakes in the input; empty on success." })
  userErrors!: UserError[];
}

@InputType({ description: "The webhook subscription to delete (with its delivery log)." })
export class DeleteWebhookSubscriptionInput {
  @Field(() => ID, { description: "The subscription's global id (or its number)." })
  id!: string;
}

@ObjectType({ description: "The result of deleteWebhookSubscription." })
export class DeleteWebhookSubscriptionPayload {
  @Field(() => ID, {
    nullable: true,
    description: "The global id of the deleted subscription; null when refused.",
  })
  deletedId!: string | null;

  @Field(() => [UserError], { description: "Mistakes in the input; empty on success." })
  userErrors!: UserError[];
}

@InputType({ description: "The delivery to send again." })
export class ReplayWebhookDeliveryInput {
  @Field(() => ID, { description: "The delivery's global id (or its `deliveryId`)." })
  id!: string;
}

@ObjectType({ description: "The result of replayWebhookDelivery." })
export class ReplayWebhookDeliveryPayload {
  @Field(() => WebhookDeliveryType, {
    nullable: true,
    description: "The new delivery (same events, new deliveryId, due now); null when refused.",
  })
  webhookDelivery!: WebhookDeliveryType | null;

  @Field(() => [UserError], { description: "Mistakes in the input; empty on success." })
  userErrors!: UserError[];
}
