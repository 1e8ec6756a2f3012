/**
 * Segment membership changes: after every complete run that is (or becomes) a profile's current
 * run, and after every publish or rollback of its mapping, each scored customer's segment is
 * compared with the one recorded last (the facts store's `membership`, db/facts/membership.ts):
 * who entered and who left each segment is logged, and one webhook event per change is put in
 * the outbox.
 *
 * Recording always converges on the profile's current run under its published mapping, however
 * it is reached: a backfill run (an older as-of) is not current, so nothing changes; a pair
 * recorded already is skipped; a process that died between a run's commit and the recording
 * (or between the recording and the outbox) catches up on the next run, publish or start of
 * `rfm serve` (`catchUpMembership`). Events are enqueued from a per-profile cursor of the
 * greatest change id enqueued, so none is lost, and the outbox ignores duplicates.
 */
import { type Bins, codeIndex, type Score } from "@rfm/core";
import type { Database } from "../../db/client";
import {
  factsStoreOf,
  type MembershipResult,
  type SegmentChangeRow,
  type SegmentOfCode,
} from "../../db/facts";
import { findPublishedMapping } from "../mapping/mapping.repository";
import { listProfiles } from "../profile/profile.repository";
import { getCurrentRun } from "../scoring/scoring.repository";
import { segmentIdentities } from "../segment/identity";
import { enqueueEvents, type OutboxEvent, type WebhookEventType } from "../webhook/outbox";
import { isSubscribed } from "../webhook/subscription.service";

const MEMBERSHIP_EVENTS: readonly WebhookEventType[] = ["customer.entered_segment", "customer.left_segment"];

/** What made the recording: a run completed, a mapping was published (or rolled back), a start-up catch-up. */
export type MembershipReason = "run" | "publish" | "catch-up";

export interface MembershipOutcome extends MembershipResult {
  /** The run and mapping version recorded; null when the profile has no current run under its mapping. */
  readonly runId: number | null;
  readonly mappingVersionId: number | null;
  /** Events newly put in the outbox. */
  readonly enqueued: number;
}

/** Changes read per outbox transaction. */
const ENQUEUE_BATCH = 5000;

/** The dense code index of a code such as "344". */
function indexOfCode(code: string, bins: Bins): number {
  const [r, f, m] = [...code].map(Number) as [Score, Score, Score];
  return codeIndex(r, f, m, bins);
}

/**
 * Records the profile's membership changes for its current run under its published mapping
 * (nothing when that pair was recorded already, or there is no current run), then enqueues the
 * webhook events of every change not enqueued yet.
 */
export async function recordMembership(
  db: Database,
  options: { readonly profileId: number; readonly reason: MembershipReason },
): Promise<MembershipOutcome> {
  const { profileId } = options;
  let outcome = await recordCurrent(db, profileId);
  // Two processes may record at once with different pictures (a publish here while a run
  // completes there): the one that records last could write the older pair. Whoever finds the
  // pair changed after recording records again, so the last to finish leaves the current one.
  for (let attempt = 0; attempt < MAX_RECORD_ATTEMPTS; attempt++) {
    const now = await currentPair(db, profileId);
    if (now.runId === outcome.runId && now.mappingVersionId === outcome.mappingVersionId) break;
    const again = await recordCurrent(db, profileId);
    outcome = {
      ...again,
      recorded: outcome.recorded || again.recorded,
      entered: outcome.entered + again.entered,
      left: outcome.left + again.left,
    };
  }
  const enqueued = await enqueueMembershipEvents(db, profileId);
  return { ...outcome, enqueued };
}

/** Times a recording is repeated when the current pair changed meanwhile (each change records too). */
const MAX_RECORD_ATTEMPTS = 3;

/** The profile's published mapping and its current run under it (ids; null: none). */
async function currentPair(
  db: Database,
  profileId: number,
): Promise<{ runId: number | null; mappingVersionId: number | null }> {
  const mapping = await findPublishedMapping(db, profileId);
  const run = mapping ? await getCurrentRun(db, profileId, mapping.compiled.bins) : null;
  return { runId: run?.histogram ? run.id : null, mappingVersionId: mapping?.id ?? null };
}

async function recordCurrent(db: Database, profileId: number): Promise<Omit<MembershipOutcome, "enqueued">> {
  const mapping = await findPublishedMapping(db, profileId);
  const run = mapping ? await getCurrentRun(db, profileId, mapping.compiled.bins) : null;
  let result: MembershipResult = { recorded: false, entered: 0, left: 0, lastChangeId: 0 };
  if (mapping && run?.histogram) {
    const bins = mapping.compiled.bins;
    const codes: SegmentOfCode[] = (await segmentIdentities(db, mapping.id)).flatMap((segment) =>
      segment.codes.map((code) => ({ code: indexOfCode(code, bins), key: segment.key, name: segment.name })),
    );
    result = await factsStoreOf(db).membership.record({
      profileId,
      runId: run.id,
      asOf: run.asOf,
      mappingVersionId: mapping.id,
      // The moment the pair became current: the later of the run's completion and the publish.
      at: Math.max(run.finishedAt ?? run.startedAt, mapping.publishedAt ?? 0),
      codes,
    });
  }
  return {
    ...result,
    runId: run?.histogram ? run.id : null,
    mappingVersionId: mapping?.id ?? null,
  };
}

/** Records every profile's changes that are missing (after a crash), and enqueues their events. */
export async function catchUpMembership(db: Database): Promise<MembershipOutcome[]> {
  const outcomes: MembershipOutcome[] = [];
  for (const profile of await listProfiles(db)) {
    outcomes.push(await recordMembership(db, { profileId: profile.id, reason: "catch-up" }));
  }
  return outcomes;
}

/** The webhook event of one change (`evt_chg_<id>`). */
export function changeEvent(change: SegmentChangeRow, mappingVersion: number): OutboxEvent {
  const at = new Date(change.at);
  return {
    id: `evt_chg_${change.id}`,
    type: change.kind === "entered" ? "customer.entered_segment" : "customer.left_segment",
    profileId: change.profileId,
    segmentKey: change.segmentKey,
    occurredAt: at,
    data: {
      customerId: change.externalId,
      segment: { key: change.segmentKey, name: change.segmentName },
      runId: change.runId,
      mappingVersion,
      at: at.toISOString(),
    },
  };
}

/**
 * Puts the events of the profile's changes after its cursor in the outbox, a batch per
 * transaction, moving the cursor after each batch. A crash between a batch and its cursor
 * enqueues that batch again, which the outbox ignores. Returns how many events were new.
 */
export async function enqueueMembershipEvents(db: Database, profileId: number): Promise<number> {
  const facts = factsStoreOf(db).membership;
  const cursor = await db.prisma.membershipOutboxCursor.findUnique({ where: { profileId } });
  let after = cursor?.enqueuedThrough ?? 0;
  if (!(await isSubscribed(db, profileId, MEMBERSHIP_EVENTS))) {
    // Nobody listens: move the cursor past the changes instead of writing an event per customer
    // (a first recording is one per scored customer: 2.38M rows for nothing).
    const last = await facts.lastChangeId(profileId);
    if (last > after) {
      await db.prisma.membershipOutboxCursor.upsert({
        where: { profileId },
        create: { profileId, enqueuedThrough: last },
        update: { enqueuedThrough: last },
      });
    }
    return 0;
  }
  const versions = new Map<number, number>();
  let added = 0;
  for (;;) {
    const changes = await facts.changes({ profileId, afterId: after, limit: ENQUEUE_BATCH });
    if (changes.length === 0) break;
    const missing = [...new Set(changes.map((c) => c.mappingVersionId))].filter((id) => !versions.has(id));
    if (missing.length > 0) {
      const rows = await db.prisma.mappingVersion.findMany({
        where: { id: { in: missing } },
        select: { id: true, version: true },
      });
      for (const row of rows) versions.set(row.id, row.version ?? 0);
    }
    added += await enqueueEvents(
      db,
      changes.map((c) => changeEvent(c, versions.get(c.mappingVersionId) ?? 0)),
    );
    after = changes.at(-1)!.id;
    await db.prisma.membershipOutboxCursor.upsert({
      where: { profileId },
      create: { profileId, enqueuedThrough: after },
      update: { enqueuedThrough: after },
    });
  }
  return added;
}

/**
 * Reports a recording that failed after the run or publish it followed had committed (which
 * stays done): the next run, publish or start records the changes then.
 */
export function membershipWarning(error: unknown): void {
  process.emitWarning(
    `segment membership not recorded (the next run, publish or start will): ${error instanceof Error ? error.message : String(error)}`,
    { code: "RFM_MEMBERSHIP" },
  );
}
