/**
 * Webhook subscriptions and their delivery log (app state, Prisma). Refusals are AppErrors naming
 * the input field, so the API turns them into userErrors and the CLI prints them.
 */
import { AppError } from "../../app-error";
import type { Database } from "../../db/client";
import { decodeCursor, encodeCursor } from "../common/cursor";
import { resolveProfile } from "../profile/profile.repository";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./outbox";
import { generateSecret } from "./signature";

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface SubscriptionRecord {
  readonly id: number;
  readonly profileId: number;
  readonly profileKey: string;
  readonly url: string;
  readonly events: WebhookEventType[];
  readonly segmentKeys: string[];
  readonly active: boolean;
  readonly createdBy: string;
  readonly updatedBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface SubscriptionChanges {
  readonly url?: string | null;
  readonly events?: readonly string[] | null;
  readonly segmentKeys?: readonly string[] | null;
  readonly active?: boolean | null;
  /** A new secret (rotation); deliveries are signed with it from then on. */
  readonly secret?: string | null;
}

export interface NewSubscription extends SubscriptionChanges {
  readonly url: string;
  readonly events: readonly string[];
  /** The profile's key; default: the default profile. */
  readonly profile?: string | null;
}

const MAX_URL = 2048;
const MIN_SECRET = 16;
const SEGMENT_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const select = {
  id: true,
  profileId: true,
  url: true,
  events: true,
  segmentKeys: true,
  active: true,
  createdBy: true,
  updatedBy: true,
  createdAt: true,
  updatedAt: true,
} as const;

function strings(value: unknown): string[] {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

async function toRecord(
  db: Database,
  row: {
    id: number;
    profileId: number;
    url: string;
    events: unknown;
    segmentKeys: unknown;
    active: boolean;
    createdBy: string;
    updatedBy: string;
    createdAt: Date;
    updatedAt: Date;
  },
): Promise<SubscriptionRecord> {
  const profile = await db.prisma.scoringProfile.findUnique({
    where: { id: row.profileId },
    select: { key: true },
  });
  return {
    ...row,
    profileKey: profile?.key ?? String(row.profileId),
    events: strings(row.events) as WebhookEventType[],
    segmentKeys: strings(row.segmentKeys),
  };
}

/** http(s) URLs only; anything else is refused naming `url`. */
export function checkUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new AppError("BAD_USER_INPUT", `"${trimmed.slice(0, 80)}" is not a URL`, { field: "url" });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new AppError("BAD_USER_INPUT", `the URL must be http:// or https://, not ${parsed.protocol}`, {
      field: "url",
    });
  }
  if (trimmed.length > MAX_URL) {
    throw new AppError("BAD_USER_INPUT", `the URL is longer than ${MAX_URL} characters`, { field: "url" });
  }
  if (parsed.username || parsed.password) {
    throw new AppError("BAD_USER_INPUT", "the URL must not carry a user name or password", { field: "url" });
  }
  return trimmed;
}

export function checkEvents(events: readonly string[]): WebhookEventType[] {
  const unique = [...new Set(events.map((e) => e.trim()))];
  if (unique.length === 0) {
    throw new AppError("BAD_USER_INPUT", `name at least one event: ${WEBHOOK_EVENT_TYPES.join(", ")}`, {
      field: "events",
    });
  }
  const unknown = unique.filter((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
  if (unknown.length > 0) {
    throw new AppError(
      "BAD_USER_INPUT",
      `unknown event ${unknown.map((e) => `"${e}"`).join(", ")}; the events are ${WEBHOOK_EVENT_TYPES.join(", ")}`,
      { field: "events" },
    );
  }
  return unique as WebhookEventType[];
}

export function checkSegmentKeys(keys: readonly string[]): string[] {
  const unique = [...new Set(keys.map((k) => k.trim()))];
  const bad = unique.filter((k) => !SEGMENT_KEY.test(k));
  if (bad.length > 0) {
    throw new AppError(
      "BAD_USER_INPUT",
      `${bad.map((k) => `"${k}"`).join(", ")} is not a segment key (lower-case letters, digits, - and _)`,
      { field: "segmentKeys" },
    );
  }
  return unique;
}

function checkSecret(secret: string): string {
  if (secret.length < MIN_SECRET || secret.length > 200 || /\s/.test(secret)) {
    throw new AppError(
      "BAD_USER_INPUT",
      `a secret must be ${MIN_SECRET} to 200 characters without spaces (leave it out to have one generated)`,
      { field: "secret" },
    );
  }
  return secret;
}

/** Creates a subscription; returns it with its secret (generated `whsec_...` unless given). */
export async function createSubscription(
  db: Database,
  actor: string,
  input: NewSubscription,
): Promise<{ subscription: SubscriptionRecord; secret: string }> {
  const url = checkUrl(input.url);
  const events = checkEvents(input.events);
  const segmentKeys = checkSegmentKeys(input.segmentKeys ?? []);
  const secret = input.secret ? checkSecret(input.secret) : generateSecret();
  const profile = await resolveProfile(db, input.profile, "profile");
  const row = await db.prisma.webhookSubscription.create({
    data: {
      profileId: profile.id,
      url,
      secret,
      events,
      segmentKeys,
      active: input.active ?? true,
      createdBy: actor,
      updatedBy: actor,
      // Events recorded from this instant on are for it (the dispatcher compares the two).
      createdAt: new Date(),
    },
    select,
  });
  return { subscription: await toRecord(db, row), secret };
}

async function existing(db: Database, id: number) {
  const row = await db.prisma.webhookSubscription.findUnique({ where: { id }, select });
  if (!row) throw new AppError("NOT_FOUND", `no webhook subscription ${id}`, { field: "id" });
  return row;
}

/**
 * Whether an active subscription of the profile asks for any of these event types. Producers of
 * many events (membership changes: one per customer who moved) skip the outbox when none does:
 * a subscription receives only events recorded after it was created, so nothing is lost.
 */
export async function isSubscribed(
  db: Database,
  profileId: number,
  types: readonly WebhookEventType[],
): Promise<boolean> {
  const rows = await db.prisma.webhookSubscription.findMany({
    where: { profileId, active: true },
    select: { events: true },
  });
  return rows.some((row) =>
    strings(row.events).some((event) => (types as readonly string[]).includes(event)),
  );
}

export async function getSubscription(db: Database, id: number): Promise<SubscriptionRecord | null> {
  const row = await db.prisma.webhookSubscription.findUnique({ where: { id }, select });
  return row ? toRecord(db, row) : null;
}

/** Changes what is given (null or absent: unchanged). */
export async function updateSubscription(
  db: Database,
  actor: string,
  id: number,
  changes: SubscriptionChanges,
): Promise<SubscriptionRecord> {
  await existing(db, id);
  const data = {
    ...(changes.url == null ? {} : { url: checkUrl(changes.url) }),
    ...(changes.events == null ? {} : { events: checkEvents(changes.events) }),
    ...(changes.segmentKeys == null ? {} : { segmentKeys: checkSegmentKeys(changes.segmentKeys) }),
    ...(changes.active == null ? {} : { active: changes.active }),
    ...(changes.secret == null ? {} : { secret: checkSecret(changes.secret) }),
    updatedBy: actor,
  };
  const row = await db.prisma.webhookSubscription.update({ where: { id }, data, select });
  return toRecord(db, row);
}

/** Deletes a subscription and its delivery log; returns what it was. */
export async function deleteSubscription(db: Database, id: number): Promise<SubscriptionRecord> {
  const row = await existing(db, id);
  await db.prisma.webhookSubscription.delete({ where: { id } });
  return toRecord(db, row);
}

/** A page of subscriptions, oldest first (keyset on id). */
export async function listSubscriptions(
  db: Database,
  page: { first: number; after?: string | null },
): Promise<{ rows: SubscriptionRecord[]; totalCount: number }> {
  const afterId = page.after ? Number(decodeCursor(page.after, 1)[0]) : 0;
  const [rows, totalCount] = await Promise.all([
    db.prisma.webhookSubscription.findMany({
      where: { id: { gt: afterId } },
      orderBy: { id: "asc" },
      take: page.first + 1,
      select,
    }),
    db.prisma.webhookSubscription.count(),
  ]);
  return { rows: await Promise.all(rows.map((row) => toRecord(db, row))), totalCount };
}

export const subscriptionCursor = (row: { id: number }): string => encodeCursor([row.id]);

export interface AttemptRecord {
  readonly attempt: number;
  readonly at: Date;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface DeliveryRecord {
  readonly id: number;
  readonly subscriptionId: number;
  readonly eventIds: string[];
  readonly eventCount: number;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly firstAttemptAt: Date | null;
  readonly lastAttemptAt: Date | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: Date | null;
  readonly replayOf: number | null;
  readonly createdAt: Date;
  readonly attemptLog: AttemptRecord[];
}

const deliverySelect = {
  id: true,
  subscriptionId: true,
  eventIds: true,
  eventCount: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  firstAttemptAt: true,
  lastAttemptAt: true,
  lastStatusCode: true,
  lastError: true,
  deliveredAt: true,
  replayOf: true,
  createdAt: true,
  attemptLog: {
    select: { attempt: true, at: true, statusCode: true, error: true, durationMs: true },
    orderBy: { attempt: "asc" },
  },
} as const;

type DeliveryRow = Omit<DeliveryRecord, "eventIds" | "status" | "nextAttemptAt"> & {
  eventIds: unknown;
  status: string;
  nextAttemptAt: Date;
};

function toDelivery(row: DeliveryRow): DeliveryRecord {
  const status = (DELIVERY_STATUSES as readonly string[]).includes(row.status)
    ? (row.status as DeliveryStatus)
    : "pending";
  return {
    ...row,
    eventIds: strings(row.eventIds),
    status,
    nextAttemptAt: status === "pending" ? row.nextAttemptAt : null,
  };
}

/** A page of a subscription's deliveries, newest first (keyset on id). */
export async function listDeliveries(
  db: Database,
  page: { subscriptionId: number; status?: DeliveryStatus | null; first: number; after?: string | null },
): Promise<{ rows: DeliveryRecord[]; totalCount: number }> {
  await existing(db, page.subscriptionId);
  const beforeId = page.after ? Number(decodeCursor(page.after, 1)[0]) : null;
  const where = {
    subscriptionId: page.subscriptionId,
    ...(page.status ? { status: page.status } : {}),
  };
  const [rows, totalCount] = await Promise.all([
    db.prisma.webhookDelivery.findMany({
      where: { ...where, ...(beforeId === null ? {} : { id: { lt: beforeId } }) },
      orderBy: { id: "desc" },
      take: page.first + 1,
      select: deliverySelect,
    }),
    db.prisma.webhookDelivery.count({ where }),
  ]);
  return { rows: rows.map(toDelivery), totalCount };
}

export const deliveryCursor = (row: { id: number }): string => encodeCursor([row.id]);

export async function getDelivery(db: Database, id: number): Promise<DeliveryRecord | null> {
  const row = await db.prisma.webhookDelivery.findUnique({ where: { id }, select: deliverySelect });
  return row ? toDelivery(row) : null;
}

/**
 * A new delivery of the same events to the same subscription, due now (the original keeps its
 * log). Receivers see the same event ids again and deduplicate on them.
 */
export async function replayDelivery(db: Database, id: number): Promise<DeliveryRecord> {
  const original = await db.prisma.webhookDelivery.findUnique({
    where: { id },
    select: { subscriptionId: true, eventIds: true, eventCount: true },
  });
  if (!original) throw new AppError("NOT_FOUND", `no webhook delivery ${id}`, { field: "id" });
  const now = new Date();
  const created = await db.prisma.webhookDelivery.create({
    data: {
      subscriptionId: original.subscriptionId,
      eventIds: strings(original.eventIds),
      eventCount: original.eventCount,
      status: "pending",
      nextAttemptAt: now,
      replayOf: id,
      createdAt: now,
    },
    select: deliverySelect,
  });
  return toDelivery(created);
}
