/**
 * The webhook delivery worker. Two steps, both safe to run in several processes on one database:
 *
 * 1. Fan-out: undispatched outbox events become deliveries (batches of up to `batchSize`
 *    events) for every active subscription of the same profile that wants them (and existed
 *    when the event was recorded), in the one
 *    transaction that marks the events dispatched. The marking UPDATE re-checks
 *    `dispatched_at IS NULL` row by row, so two processes never fan out the same event.
 * 2. Sending: a due delivery is claimed with a conditional UPDATE (status pending, due, lease
 *    free or expired) that takes a lease; only the process whose UPDATE changed the row sends
 *    it. The outcome is written with the attempt. A process killed mid-send leaves a lease
 *    that runs out (`leaseMs`), after which the delivery is due again: at-least-once, never
 *    lost; receivers deduplicate on event ids.
 *
 * Time comes from `now` (a clock tests advance), so retries a day long need no real day.
 */
import { randomUUID } from "node:crypto";
import type { Database, RawSql } from "../../db/client";
import { env } from "../../env";
import { nextAttemptAt } from "./retry";
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

export interface DispatcherOptions {
  readonly db: Database;
  /** The clock (epoch ms); default Date.now. */
  readonly now?: () => number;
  /** Jitter source in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** A receiver's time to answer (default WEBHOOK_TIMEOUT_MS, 10 s). */
  readonly timeoutMs?: number;
  /** How long a claim lasts before another process may send the delivery again (default timeout + 30 s). */
  readonly leaseMs?: number;
  /** Events per delivery (default 500). */
  readonly batchSize?: number;
  /** Deliveries in flight per subscription in this process (default WEBHOOK_CONCURRENCY, 4). */
  readonly perSubscription?: number;
  /** Deliveries in flight in this process (default 32). */
  readonly concurrency?: number;
  /** Pause between polls when nothing is due (default 1 s). */
  readonly pollMs?: number;
  /** Problems of the worker itself (a database error in a poll); default: stderr. */
  readonly onError?: (error: unknown) => void;
}

/** Events claimed per fan-out transaction. */
const FAN_OUT_EVENTS = 10_000;
/** Rows per multi-row INSERT (6 parameters a row). */
const INSERT_CHUNK = 1000;
/** Characters of a failed response's body kept as the delivery's error. */
const ERROR_BODY_CHARS = 300;

interface Claim {
  readonly id: number;
  readonly subscriptionId: number;
}

export interface AttemptOutcome {
  readonly deliveryId: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly delivered: boolean;
}

function jsonArray(value: unknown): string[] {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

export class WebhookDispatcher {
  private readonly db: Database;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly perSubscription: number;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly onError: (error: unknown) => void;
  /** Written into each claim, so a process only records outcomes of deliveries it still holds. */
  readonly owner = randomUUID();
  private readonly inFlight = new Map<number, number>();
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private profileKeys = new Map<number, string>();

  constructor(options: DispatcherOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? env.WEBHOOK_TIMEOUT_MS;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 30_000;
    this.batchSize = options.batchSize ?? 500;
    this.perSubscription = options.perSubscription ?? env.WEBHOOK_CONCURRENCY;
    this.concurrency = options.concurrency ?? 32;
    this.pollMs = options.pollMs ?? 1000;
    this.onError =
      options.onError ??
      ((error) =>
        process.stderr.write(`webhooks: ${error instanceof Error ? error.message : String(error)}\n`));
  }

  /** A time as a parameter: epoch ms on SQLite, ISO text (cast to timestamp in SQL) on PostgreSQL. */
  private time(ms: number): number | string {
    return this.db.provider === "sqlite" ? ms : new Date(ms).toISOString();
  }

  /** `$n` as a timestamp parameter. */
  private ts(n: number): string {
    return this.db.provider === "sqlite" ? `$${n}` : `$${n}::timestamp`;
  }

  /** Fans out one batch of undispatched events; returns how many events it took (0: none left). */
  async fanOutOnce(): Promise<number> {
    const now = this.now();
    const sqlite = this.db.provider === "sqlite";
    return this.db.raw.transaction(async (tx) => {
      const events = await tx.query<{
        id: string;
        type: string;
        profile_id: number;
        segment_key: string | null;
        occurred_at: number;
        recorded_at: number;
      }>(
        `UPDATE webhook_events SET dispatched_at = ${this.ts(1)}
         WHERE dispatched_at IS NULL AND id IN (
           SELECT id FROM webhook_events WHERE dispatched_at IS NULL ORDER BY occurred_at LIMIT $2)
         RETURNING id, type, profile_id, segment_key, occurred_at, recorded_at`,
        [this.time(now), FAN_OUT_EVENTS],
      );
      if (events.length === 0) return 0;
      // Oldest first, read along the (dispatched_at, occurred_at) index without a sort: events
      // of one instant (a run's changes share it) come in any order, sorted by id here.
      events.sort((a, b) => a.occurred_at - b.occurred_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const subscriptions = await tx.query<{
        id: number;
        profile_id: number;
        events: unknown;
        segment_keys: unknown;
        created_at: number;
      }>(
        "SELECT id, profile_id, events, segment_keys, created_at FROM webhook_subscriptions WHERE active = true",
      );
      const deliveries: { subscriptionId: number; ids: string[] }[] = [];
      for (const subscription of subscriptions) {
        const types = new Set(jsonArray(subscription.events));
        const keys = new Set(jsonArray(subscription.segment_keys));
        const wanted = events.filter(
          (e) =>
            // A subscription receives what happens after it was created, not the backlog.
            Number(e.recorded_at) >= Number(subscription.created_at) &&
            e.profile_id === subscription.profile_id &&
            types.has(e.type) &&
            (e.segment_key === null || keys.size === 0 || keys.has(e.segment_key)),
        );
        for (let start = 0; start < wanted.length; start += this.batchSize) {
          deliveries.push({
            subscriptionId: subscription.id,
            ids: wanted.slice(start, start + this.batchSize).map((e) => e.id),
          });
        }
      }
      for (let start = 0; start < deliveries.length; start += INSERT_CHUNK) {
        const params: unknown[] = [];
        const rows = deliveries.slice(start, start + INSERT_CHUNK).map((d) => {
          const n = params.length;
          params.push(d.subscriptionId, JSON.stringify(d.ids), d.ids.length, this.time(now), this.time(now));
          return `($${n + 1}, ${sqlite ? `$${n + 2}` : `$${n + 2}::jsonb`}, $${n + 3}, 'pending', 0, ${this.ts(n + 4)}, ${this.ts(n + 5)})`;
        });
        await tx.execute(
          `INSERT INTO webhook_deliveries (subscription_id, event_ids, event_count, status, attempts, next_attempt_at, created_at)
           VALUES ${rows.join(", ")}`,
          params,
        );
      }
      return events.length;
    });
  }

  /** Fans out every undispatched event; returns how many. `onBatch` after each transaction. */
  async fanOut(onBatch?: () => void): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.fanOutOnce();
      total += n;
      if (n > 0) onBatch?.();
      if (n === 0 || this.stopping) return total;
    }
  }

  /**
   * Claims up to `limit` due deliveries, no more than `perSubscription` in flight per
   * subscription in this process. A candidate another process claims first is skipped.
   */
  async claim(limit: number): Promise<Claim[]> {
    if (limit <= 0) return [];
    const now = this.now();
    const candidates = await this.db.raw.query<{ id: number; subscription_id: number }>(
      `SELECT d.id, d.subscription_id FROM webhook_deliveries d
       JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.status = 'pending' AND s.active = true AND d.next_attempt_at <= ${this.ts(1)}
         AND (d.lease_until IS NULL OR d.lease_until < ${this.ts(1)})
       ORDER BY d.next_attempt_at, d.id LIMIT $2`,
      [this.time(now), Math.max(limit * 4, 50)],
    );
    const claimed: Claim[] = [];
    const counts = new Map(this.inFlight);
    for (const candidate of candidates) {
      if (claimed.length >= limit) break;
      const held = counts.get(candidate.subscription_id) ?? 0;
      if (held >= this.perSubscription) continue;
      const changed = await this.db.raw.execute(
        `UPDATE webhook_deliveries SET lease_owner = $1, lease_until = ${this.ts(2)}
         WHERE id = $3 AND status = 'pending' AND (lease_until IS NULL OR lease_until < ${this.ts(4)})`,
        [this.owner, this.time(now + this.leaseMs), candidate.id, this.time(now)],
      );
      if (changed === 1) {
        counts.set(candidate.subscription_id, held + 1);
        claimed.push({ id: candidate.id, subscriptionId: candidate.subscription_id });
      }
    }
    return claimed;
  }

  private async profileKey(tx: RawSql, profileId: number): Promise<string> {
    let key = this.profileKeys.get(profileId);
    if (key === undefined) {
      const [row] = await tx.query<{ key: string }>("SELECT key FROM scoring_profiles WHERE id = $1", [
        profileId,
      ]);
      key = row?.key ?? String(profileId);
      this.profileKeys.set(profileId, key);
    }
    return key;
  }

  /**
   * The JSON body of a delivery: `{ deliveryId, events: [{ id, type, createdAt, profile, data }] }`,
   * events in the delivery's order. Each event's `data` is spliced in as the JSON text stored
   * (parsing and re-serialising 500 bodies per delivery was most of the sender's time).
   */
  async bodyOf(deliveryId: number, eventIds: readonly string[]): Promise<string> {
    const raw = this.db.raw;
    const data = this.db.provider === "sqlite" ? "data" : "data::text AS data";
    const rows = await raw.query<{
      id: string;
      type: string;
      profile_id: number;
      data: unknown;
      occurred_at: number;
    }>(
      `SELECT id, type, profile_id, ${data}, occurred_at FROM webhook_events WHERE id IN (${eventIds
        .map((_, i) => `$${i + 1}`)
        .join(", ")})`,
      eventIds,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const events: string[] = [];
    for (const id of eventIds) {
      const row = byId.get(id);
      if (!row) continue;
      const text = typeof row.data === "string" ? row.data : JSON.stringify(row.data ?? null);
      events.push(
        `{"id":${JSON.stringify(row.id)},"type":${JSON.stringify(row.type)},` +
          `"createdAt":"${new Date(Number(row.occurred_at)).toISOString()}",` +
          `"profile":${JSON.stringify(await this.profileKey(raw, row.profile_id))},"data":${text}}`,
      );
    }
    return `{"deliveryId":${JSON.stringify(String(deliveryId))},"events":[${events.join(",")}]}`;
  }

  /** Sends one claimed delivery once and records the attempt. */
  async send(claim: Claim): Promise<AttemptOutcome> {
    const [row] = await this.db.raw.query<{
      event_ids: unknown;
      attempts: number;
      first_attempt_at: number | null;
      url: string;
      secret: string;
    }>(
      `SELECT d.event_ids, d.attempts, d.first_attempt_at, s.url, s.secret FROM webhook_deliveries d
       JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
      [claim.id],
    );
    if (!row) return { deliveryId: claim.id, statusCode: null, error: "deleted", delivered: false };
    const body = await this.bodyOf(claim.id, jsonArray(row.event_ids));
    const started = this.now();
    const clockStarted = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(row.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "rfm-webhooks/1",
          [SIGNATURE_HEADER]: signatureHeader(row.secret, Math.floor(started / 1000), body),
          [DELIVERY_ID_HEADER]: String(claim.id),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      statusCode = response.status;
      const text = await response.text().catch(() => "");
      if (statusCode < 200 || statusCode > 299) {
        error = `HTTP ${statusCode}${text ? `: ${text.slice(0, ERROR_BODY_CHARS)}` : ""}`;
      }
    } catch (caught) {
      error = describeFailure(caught, this.timeoutMs);
    }
    const delivered = error === null;
    await this.record(claim.id, {
      attempt: Number(row.attempts) + 1,
      firstAttemptAt: row.first_attempt_at === null ? started : Number(row.first_attempt_at),
      at: started,
      statusCode,
      error,
      durationMs: Math.round(performance.now() - clockStarted),
    });
    return { deliveryId: claim.id, statusCode, error, delivered };
  }

  private async record(
    deliveryId: number,
    attempt: {
      attempt: number;
      firstAttemptAt: number;
      at: number;
      statusCode: number | null;
      error: string | null;
      durationMs: number;
    },
  ): Promise<void> {
    const now = this.now();
    const next =
      attempt.error === null
        ? null
        : nextAttemptAt({
            failures: attempt.attempt,
            firstAttemptAt: attempt.firstAttemptAt,
            now,
            random: this.random,
          });
    const status = attempt.error === null ? "delivered" : next === null ? "failed" : "pending";
    await this.db.raw.transaction(async (tx) => {
      // Only while this process still holds the claim: after a lease ran out another process
      // may have sent it again, and its outcome is the one to keep.
      const changed = await tx.execute(
        `UPDATE webhook_deliveries SET status = $1, attempts = $2, first_attempt_at = ${this.ts(3)},
           last_attempt_at = ${this.ts(4)}, last_status_code = $5, last_error = $6,
           next_attempt_at = ${this.ts(7)}, delivered_at = ${this.ts(8)}, lease_until = NULL, lease_owner = NULL
         WHERE id = $9 AND lease_owner = $10`,
        [
          status,
          attempt.attempt,
          this.time(attempt.firstAttemptAt),
          this.time(attempt.at),
          attempt.statusCode,
          attempt.error,
          this.time(next ?? now),
          status === "delivered" ? this.time(now) : null,
          deliveryId,
          this.owner,
        ],
      );
      if (changed === 0) return;
      await tx.execute(
        `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
         VALUES ($1, $2, ${this.ts(3)}, $4, $5, $6)`,
        [
          deliveryId,
          attempt.attempt,
          this.time(attempt.at),
          attempt.statusCode,
          attempt.error,
          attempt.durationMs,
        ],
      );
    });
  }

  private startSend(claim: Claim): Promise<void> {
    this.inFlight.set(claim.subscriptionId, (this.inFlight.get(claim.subscriptionId) ?? 0) + 1);
    return this.send(claim)
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      )
      .finally(() => {
        const n = (this.inFlight.get(claim.subscriptionId) ?? 1) - 1;
        if (n === 0) this.inFlight.delete(claim.subscriptionId);
        else this.inFlight.set(claim.subscriptionId, n);
      });
  }

  /**
   * Fans out, then sends everything due now, `concurrency` at a time, until nothing is due
   * (deliveries that failed are due later). Returns the number of attempts made.
   */
  async runOnce(): Promise<number> {
    // Sending starts as soon as the first fan-out batch is committed, not after the last: a
    // run's 200,000 events go out while the rest are still being batched.
    let wake!: () => void;
    let woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const notify = () => {
      wake();
      woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
    };
    let fanned = false;
    let fanOutError: unknown = null;
    void this.fanOut(notify).then(
      () => {
        fanned = true;
        notify();
      },
      (error: unknown) => {
        fanOutError = error ?? new Error("fan-out failed");
        fanned = true;
        notify();
      },
    );
    const pending = new Set<Promise<void>>();
    let attempts = 0;
    for (;;) {
      // Read together, before claiming: a batch committed while claiming resolves `batch`.
      const fannedBefore = fanned;
      const batch = woken;
      if (!this.stopping) {
        for (const claim of await this.claim(this.concurrency - pending.size)) {
          attempts += 1;
          const sending: Promise<void> = this.startSend(claim).finally(() => pending.delete(sending));
          pending.add(sending);
        }
      }
      if (pending.size === 0 && fannedBefore) {
        if (fanOutError !== null) throw fanOutError;
        return attempts;
      }
      await Promise.race([batch, ...pending]);
    }
  }

  /** Starts polling (rfm serve). */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        try {
          await this.runOnce();
        } catch (error) {
          this.onError(error);
        }
        if (this.stopping) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    })();
  }

  /** Stops polling and waits for the deliveries in flight to be sent and recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === "string") return `could not connect: ${cause.code}`;
  return error instanceof Error ? error.message : String(error);
}
