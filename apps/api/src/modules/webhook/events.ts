/**
 * The run and mapping events this module produces (membership events come from the membership
 * recorder): their ids and bodies, built in one place so docs/webhooks.md can show them.
 */
import type { PrismaTx } from "../../db/client";
import type { OutboxEvent } from "./outbox";

export interface RunCompleted {
  readonly runId: number;
  readonly profileId: number;
  readonly profileKey: string;
  /** The store day the run scored as of (YYYY-MM-DD). */
  readonly asOfDay: string;
  readonly customersScored: number;
  readonly finishedAt: Date;
}

/** `run.completed`, id `evt_run_<runId>_completed`. */
export function runCompletedEvent(run: RunCompleted): OutboxEvent {
  return {
    id: `evt_run_${run.runId}_completed`,
    type: "run.completed",
    profileId: run.profileId,
    segmentKey: null,
    occurredAt: run.finishedAt,
    data: {
      runId: run.runId,
      profile: run.profileKey,
      asOfDay: run.asOfDay,
      customersScored: run.customersScored,
      status: "complete",
    },
  };
}

export interface MappingPublished {
  /** The mapping version's row id (unique across profiles). */
  readonly versionId: number;
  readonly version: number;
  readonly profileId: number;
  readonly author: string;
  readonly note: string | null;
  readonly publishedAt: Date;
  /** The version a rollback restored; null for a publish of the draft. */
  readonly restoredVersion: number | null;
}

/** `mapping.published`, id `evt_mapping_<versionId>_published`. */
export function mappingPublishedEvent(published: MappingPublished, profileKey: string): OutboxEvent {
  return {
    id: `evt_mapping_${published.versionId}_published`,
    type: "mapping.published",
    profileId: published.profileId,
    segmentKey: null,
    occurredAt: published.publishedAt,
    data: {
      profile: profileKey,
      version: published.version,
      author: published.author,
      note: published.note,
      rollbackTo: published.restoredVersion,
    },
  };
}

/**
 * Records `mapping.published` in the Prisma transaction that publishes (or rolls back), so the
 * event exists if and only if the version does. The version's id is new, so its event id is too.
 */
export async function recordMappingPublishedTx(tx: PrismaTx, published: MappingPublished): Promise<void> {
  const profile = await tx.scoringProfile.findUnique({
    where: { id: published.profileId },
    select: { key: true },
  });
  const event = mappingPublishedEvent(published, profile?.key ?? String(published.profileId));
  await tx.webhookEvent.create({
    data: {
      id: event.id,
      type: event.type,
      profileId: event.profileId,
      segmentKey: null,
      data: event.data as object,
      occurredAt: event.occurredAt,
    },
  });
}
