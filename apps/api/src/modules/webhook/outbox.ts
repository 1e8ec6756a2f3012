/**
 * The webhook outbox: events recorded durably in the app's database, in the same place as the
 * state they describe, and delivered later by the dispatcher (webhook deliveries, retries and
 * signatures live beside this file). Recording never waits for a receiver, and an event written
 * here is never lost: a receiver that is down, or a server killed mid-delivery, only delays it.
 *
 * Event ids are chosen by the producer and deterministic (`evt_chg_1234` for membership change
 * 1234, `evt_run_42_completed` for run 42), so recording the same event twice (a retry after a
 * crash) keeps one; receivers deduplicate deliveries on the same id (at-least-once delivery).
 */
import type { Database, Provider, RawSql } from "../../db/client";

/** The events a subscription may ask for. */
export const WEBHOOK_EVENT_TYPES = [
  "customer.entered_segment",
  "customer.left_segment",
  "run.completed",
  "mapping.published",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface OutboxEvent {
  /** Deterministic and unique (see above); receivers deduplicate on it. */
  readonly id: string;
  readonly type: WebhookEventType;
  /** The scoring profile the event happened in (segments and runs belong to one). */
  readonly profileId: number;
  /**
   * The key of the segment the event is about (membership events; keys are immutable and unique
   * in a profile), for subscriptions filtered by segment; null for run and mapping events.
   */
  readonly segmentKey: string | null;
  /** When it happened. */
  readonly occurredAt: Date;
  /** The event's body for receivers (JSON): `{ customerId, segment: { id, key, name }, runId... }`. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Rows per INSERT: 7 parameters a row, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK = 1000;

/**
 * Records events in the outbox, in one transaction; an id already recorded is kept as it was.
 * Returns how many were new.
 */
export async function enqueueEvents(db: Database, events: readonly OutboxEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  return db.raw.transaction((tx) => insertEvents(tx, db.provider, events));
}

/**
 * `enqueueEvents` inside a transaction the caller holds (on the app database's raw connection,
 * such as the facts store's transaction that completes a scoring run), so the event is recorded
 * if and only if what it describes is committed.
 */
export async function insertEvents(
  tx: RawSql,
  provider: Provider,
  events: readonly OutboxEvent[],
): Promise<number> {
  const sqlite = provider === "sqlite";
  const now = new Date();
  let added = 0;
  for (let start = 0; start < events.length; start += CHUNK) {
    const chunk = events.slice(start, start + CHUNK);
    const params: unknown[] = [];
    const rows = chunk.map((event) => {
      const n = params.length;
      params.push(
        event.id,
        event.type,
        event.profileId,
        event.segmentKey,
        JSON.stringify(event.data),
        sqlite ? event.occurredAt.getTime() : event.occurredAt.toISOString(),
        sqlite ? now.getTime() : now.toISOString(),
      );
      return sqlite
        ? `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7})`
        : `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb, $${n + 6}::timestamp, $${n + 7}::timestamp)`;
    });
    added += await tx.execute(
      `INSERT INTO webhook_events (id, type, profile_id, segment_key, data, occurred_at, recorded_at)
       VALUES ${rows.join(", ")} ON CONFLICT (id) DO NOTHING`,
      params,
    );
  }
  return added;
}
