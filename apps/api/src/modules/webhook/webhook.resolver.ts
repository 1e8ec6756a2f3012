import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
} from "type-graphql";
import { AppError } from "../../app-error";
import type { Context } from "../../context";
import { toConnection } from "../common/connection";
import { PageSize } from "../common/limits";
import { parseGlobalId, registerNodeType } from "../common/node";
import { mutationPayload } from "../common/user-errors";
import {
  createSubscription,
  deleteSubscription,
  deliveryCursor,
  getDelivery,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  replayDelivery,
  subscriptionCursor,
  updateSubscription,
} from "./subscription.service";
import {
  CreateWebhookSubscriptionInput,
  CreateWebhookSubscriptionPayload,
  DeleteWebhookSubscriptionInput,
  DeleteWebhookSubscriptionPayload,
  ReplayWebhookDeliveryInput,
  ReplayWebhookDeliveryPayload,
  toDeliveryType,
  toSubscriptionType,
  UpdateWebhookSubscriptionInput,
  UpdateWebhookSubscriptionPayload,
  WebhookDeliveryConnection,
  WebhookDeliveryStatus,
  WebhookSubscriptionConnection,
} from "./webhook.type";

/** A subscription's or delivery's number from its global id (`gid://rfm/<type>/12`) or the bare number. */
export function numberOf(id: string, type: string, field: string): number {
  const parsed = parseGlobalId(id);
  const key = parsed === null ? id.trim() : parsed.type === type ? parsed.key : "";
  const n = Number(key);
  if (key === "" || !Number.isSafeInteger(n) || n <= 0) {
    throw new AppError("BAD_USER_INPUT", `"${id.slice(0, 80)}" is not the id of a ${type}`, { field });
  }
  return n;
}

// node(id:) for admins only: a webhook's URL is not for every token (loaders see the context).
registerNodeType("WebhookSubscription", async (key, ctx) => {
  if (ctx.principal.role !== "admin") return null;
  const n = Number(key);
  const found = Number.isSafeInteger(n) ? await getSubscription(ctx.db, n) : null;
  return found ? toSubscriptionType(found) : null;
});
registerNodeType("WebhookDelivery", async (key, ctx) => {
  if (ctx.principal.role !== "admin") return null;
  const n = Number(key);
  const found = Number.isSafeInteger(n) ? await getDelivery(ctx.db, n) : null;
  return found ? toDeliveryType(found) : null;
});

@ArgsType()
class SubscriptionsArgs {
  @Field(() => Int, { defaultValue: 50, description: "How many (1 to 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the previous page." })
  after?: string | null;
}

@ArgsType()
class DeliveriesArgs {
  @Field(() => ID, { description: "The subscription's global id (or its number)." })
  subscriptionId!: string;

  @Field(() => WebhookDeliveryStatus, {
    nullable: true,
    description: "Only deliveries in this state; omitted: all.",
  })
  status?: WebhookDeliveryStatus | null;

  @Field(() => Int, { defaultValue: 50, description: "How many (1 to 200)." })
  @PageSize()
  first!: number;

  @Field(() => String, { nullable: true, description: "The `endCursor` of the previous page." })
  after?: string | null;
}

@Resolver()
export class WebhookResolver {
  @Authorized("admin")
  @Query(() => WebhookSubscriptionConnection, {
    description:
      "Webhook subscriptions of every profile, oldest first (admin only; secrets are never shown).",
  })
  async webhookSubscriptions(
    @Ctx() ctx: Context,
    @Args(() => SubscriptionsArgs) { first, after }: SubscriptionsArgs,
  ): Promise<InstanceType<typeof WebhookSubscriptionConnection>> {
    const { rows, totalCount } = await listSubscriptions(ctx.db, { first, after });
    return toConnection(
      rows.map(toSubscriptionType),
      first,
      after,
      (s) => subscriptionCursor({ id: s.number }),
      totalCount,
    );
  }

  @Authorized("admin")
  @Query(() => WebhookDeliveryConnection, {
    description:
      "A subscription's delivery log, newest first: each batch sent, its attempts and their status codes (admin only).",
  })
  async webhookDeliveries(
    @Ctx() ctx: Context,
    @Args(() => DeliveriesArgs) args: DeliveriesArgs,
  ): Promise<InstanceType<typeof WebhookDeliveryConnection>> {
    const subscriptionId = numberOf(args.subscriptionId, "WebhookSubscription", "subscriptionId");
    const { rows, totalCount } = await listDeliveries(ctx.db, {
      subscriptionId,
      status: args.status ?? null,
      first: args.first,
      after: args.after,
    });
    return toConnection(
      rows.map(toDeliveryType),
      args.first,
      args.after,
      (d) => deliveryCursor({ id: Number(d.deliveryId) }),
      totalCount,
    );
  }

  @Authorized("admin")
  @Mutation(() => CreateWebhookSubscriptionPayload, {
    description:
      "Subscribes a URL to events of a profile. The answer holds the signing secret, shown only this once.",
  })
  createWebhookSubscription(
    @Ctx() ctx: Context,
    @Arg("input", () => CreateWebhookSubscriptionInput, {
      validate: false,
      description: "Where to send which events of which profile, and the secret that signs them.",
    })
    input: CreateWebhookSubscriptionInput,
  ) {
    return mutationPayload(input, async () => {
      const { subscription, secret } = await createSubscription(ctx.db, ctx.principal.name, {
        url: input.url,
        events: input.events,
        segmentKeys: input.segmentKeys ?? [],
        profile: input.profile ?? null,
        secret: input.secret ?? null,
        active: input.active ?? true,
      });
      return { webhookSubscription: toSubscriptionType(subscription), secret };
    });
  }

  @Authorized("admin")
  @Mutation(() => UpdateWebhookSubscriptionPayload, {
    description: "Changes a subscription's URL, events, segment keys, secret or active flag.",
  })
  updateWebhookSubscription(
    @Ctx() ctx: Context,
    @Arg("input", () => UpdateWebhookSubscriptionInput, {
      validate: false,
      description: "The subscription to change and the fields to change (others are kept).",
    })
    input: UpdateWebhookSubscriptionInput,
  ) {
    return mutationPayload(input, async () => {
      const id = numberOf(input.id, "WebhookSubscription", "id");
      const updated = await updateSubscription(ctx.db, ctx.principal.name, id, input);
      return { webhookSubscription: toSubscriptionType(updated) };
    });
  }

  @Authorized("admin")
  @Mutation(() => DeleteWebhookSubscriptionPayload, {
    description: "Deletes a subscription and its delivery log; nothing more is sent to it.",
  })
  deleteWebhookSubscription(
    @Ctx() ctx: Context,
    @Arg("input", () => DeleteWebhookSubscriptionInput, {
      validate: false,
      description: "The subscription to delete, with its delivery log.",
    })
    input: DeleteWebhookSubscriptionInput,
  ) {
    return mutationPayload(input, async () => {
      const deleted = await deleteSubscription(ctx.db, numberOf(input.id, "WebhookSubscription", "id"));
      return { deletedId: toSubscriptionType(deleted).id };
    });
  }

  @Authorized("admin")
  @Mutation(() => ReplayWebhookDeliveryPayload, {
    description:
      "Sends a delivery's events again as a new delivery, due now (the original keeps its log); receivers deduplicate on event ids.",
  })
  replayWebhookDelivery(
    @Ctx() ctx: Context,
    @Arg("input", () => ReplayWebhookDeliveryInput, {
      validate: false,
      description: "The delivery whose events are sent again, as a new delivery.",
    })
    input: ReplayWebhookDeliveryInput,
  ) {
    return mutationPayload(input, async () => {
      const replay = await replayDelivery(ctx.db, numberOf(input.id, "WebhookDelivery", "id"));
      return { webhookDelivery: toDeliveryType(replay) };
    });
  }
}
