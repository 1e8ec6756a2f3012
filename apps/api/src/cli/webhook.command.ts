import { type Command, InvalidArgumentError, Option } from "commander";
import { type Database, openDatabase } from "../db/client";
import { env } from "../env";
import { WebhookDispatcher } from "../modules/webhook/dispatcher";
import { WEBHOOK_EVENT_TYPES } from "../modules/webhook/outbox";
import {
  createSubscription,
  DELIVERY_STATUSES,
  type DeliveryStatus,
  deleteSubscription,
  listDeliveries,
  listSubscriptions,
  replayDelivery,
  type SubscriptionRecord,
  updateSubscription,
} from "../modules/webhook/subscription.service";
import { positiveInteger } from "./options";

/** The CLI acts as this user in created/updated by (the API records the token's name). */
const ACTOR = "cli";

const when = (date: Date | null) => (date ? `${date.toISOString().slice(0, 19).replace("T", " ")} UTC` : "-");

/** A comma-separated list (`--events a,b`). */
function list(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function bool(value: string): boolean {
  if (value === "true" || value === "yes") return true;
  if (value === "false" || value === "no") return false;
  throw new InvalidArgumentError(`"${value}" is not true or false.`);
}

function describe(s: SubscriptionRecord): string {
  return (
    `#${s.id} ${s.active ? "active" : "INACTIVE"} ${s.url}\n` +
    `  profile ${s.profileKey}; events ${s.events.join(", ")}; segments ${s.segmentKeys.length === 0 ? "all" : s.segmentKeys.join(", ")}\n` +
    `  created ${when(s.createdAt)} by ${s.createdBy}, updated ${when(s.updatedAt)} by ${s.updatedBy}\n`
  );
}

async function withDb(fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await openDatabase(env.DATABASE_URL);
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

export function registerWebhookCommand(program: Command): void {
  const webhook = program
    .command("webhook")
    .description("Webhook subscriptions and their delivery log (docs/webhooks.md).");
  const events = `comma-separated: ${WEBHOOK_EVENT_TYPES.join(", ")}`;

  webhook
    .command("create <url>")
    .description("Subscribe a URL to events; prints the signing secret (shown only now).")
    .requiredOption("--events <list>", events, list)
    .option("--segments <keys>", "segment keys membership events are limited to (default: all)", list)
    .option("--profile <key>", "the scoring profile (default: the default profile)")
    .option("--secret <secret>", "the signing secret to use (default: a generated whsec_...)")
    .option("--inactive", "create it paused")
    .action(
      async (
        url: string,
        options: {
          events: string[];
          segments?: string[];
          profile?: string;
          secret?: string;
          inactive?: boolean;
        },
      ) =>
        withDb(async (db) => {
          const { subscription, secret } = await createSubscription(db, ACTOR, {
            url,
            events: options.events,
            segmentKeys: options.segments ?? [],
            profile: options.profile ?? null,
            secret: options.secret ?? null,
            active: !options.inactive,
          });
          process.stdout.write(
            `${describe(subscription)}\nSigning secret (shown only now; verify Rfm-Signature with it):\n\n  ${secret}\n`,
          );
        }),
    );

  webhook
    .command("list")
    .description("Subscriptions (never their secrets).")
    .action(async () =>
      withDb(async (db) => {
        const { rows } = await listSubscriptions(db, { first: 10_000 });
        if (rows.length === 0)
          process.stdout.write("No webhook subscriptions: rfm webhook create URL --events ...\n");
        for (const s of rows) process.stdout.write(describe(s));
      }),
    );

  webhook
    .command("update <id>")
    .description("Change a subscription's URL, events, segments, secret or active flag.")
    .option("--url <url>", "new URL")
    .option("--events <list>", events, list)
    .option("--segments <keys>", "segment keys (give an empty string for all segments)", (v: string) =>
      list(v),
    )
    .option("--secret <secret>", "a new signing secret")
    .option("--active <bool>", "true or false", bool)
    .action(
      async (
        id: string,
        options: { url?: string; events?: string[]; segments?: string[]; secret?: string; active?: boolean },
      ) =>
        withDb(async (db) => {
          const updated = await updateSubscription(db, ACTOR, positiveInteger(id), {
            url: options.url ?? null,
            events: options.events ?? null,
            segmentKeys: options.segments ?? null,
            secret: options.secret ?? null,
            active: options.active ?? null,
          });
          process.stdout.write(describe(updated));
        }),
    );

  webhook
    .command("delete <id>")
    .description("Delete a subscription and its delivery log.")
    .action(async (id: string) =>
      withDb(async (db) => {
        const deleted = await deleteSubscription(db, positiveInteger(id));
        process.stdout.write(`Deleted webhook subscription #${deleted.id} (${deleted.url}).\n`);
      }),
    );

  webhook
    .command("deliveries <subscriptionId>")
    .description("A subscription's delivery log, newest first, with each attempt's status code.")
    .addOption(new Option("--status <status>", "only these").choices([...DELIVERY_STATUSES]))
    .option("--limit <n>", "how many (default 20)", positiveInteger)
    .action(async (subscriptionId: string, options: { status?: DeliveryStatus; limit?: number }) =>
      withDb(async (db) => {
        const { rows, totalCount } = await listDeliveries(db, {
          subscriptionId: positiveInteger(subscriptionId),
          status: options.status ?? null,
          first: options.limit ?? 20,
        });
        process.stdout.write(`${totalCount} deliveries${options.status ? ` ${options.status}` : ""}\n`);
        for (const d of rows.slice(0, options.limit ?? 20)) {
          const codes = d.attemptLog.map((a) => a.statusCode ?? "no answer").join(", ");
          process.stdout.write(
            `#${d.id} ${d.status} ${d.eventCount} events, ${d.attempts} attempts [${codes}]` +
              `${d.deliveredAt ? `, delivered ${when(d.deliveredAt)}` : ""}` +
              `${d.nextAttemptAt ? `, next ${when(d.nextAttemptAt)}` : ""}` +
              `${d.lastError && d.status !== "delivered" ? `, last error: ${d.lastError}` : ""}` +
              `${d.replayOf ? ` (replay of #${d.replayOf})` : ""}\n`,
          );
        }
      }),
    );

  webhook
    .command("replay <deliveryId>")
    .description("Send a delivery's events again, as a new delivery (due now).")
    .action(async (deliveryId: string) =>
      withDb(async (db) => {
        const replay = await replayDelivery(db, positiveInteger(deliveryId));
        process.stdout.write(
          `Delivery #${replay.id} replays #${deliveryId} (${replay.eventCount} events); \`rfm serve\` sends it.\n`,
        );
      }),
    );

  webhook
    .command("dispatch")
    .description(
      "Send what is due now and exit (`rfm serve` does this continuously); prints the attempts made.",
    )
    .option("--batch-size <n>", "events per delivery (default 500)", positiveInteger)
    .action(async (options: { batchSize?: number }) =>
      withDb(async (db) => {
        const dispatcher = new WebhookDispatcher({
          db,
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        });
        const attempts = await dispatcher.runOnce();
        process.stdout.write(`attempts: ${attempts}\n`);
      }),
    );
}
