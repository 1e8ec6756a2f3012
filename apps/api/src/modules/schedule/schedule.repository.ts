/**
 * Scoring schedules in the app's database (table scoring_schedules): at most one per profile.
 * Creating or changing one computes its next firing; disabling clears it. Every change is
 * audited. The scheduler (scheduler.ts) claims and records firings through the functions at the
 * end of this file.
 */
import { AppError } from "../../app-error";
import type { Database, Prisma } from "../../db/client";
import { profileById, resolveProfile } from "../profile/profile.repository";
import { checkTimeZone, nextFiring, normalizeCron, parseCron } from "./cron";

export interface Schedule {
  readonly id: number;
  readonly profileId: number;
  readonly cron: string;
  readonly timeZone: string;
  readonly enabled: boolean;
  readonly nextRunAt: Date | null;
  readonly lastRunAt: Date | null;
  readonly lastRunId: number | null;
  /** `started` | `failed`; null before the first firing. */
  readonly lastStatus: string | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const select = {
  id: true,
  profileId: true,
  cron: true,
  timeZone: true,
  enabled: true,
  nextRunAt: true,
  lastRunAt: true,
  lastRunId: true,
  lastStatus: true,
  lastError: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ScoringScheduleSelect;

export async function listSchedules(db: Database, profileId?: number): Promise<Schedule[]> {
  return db.prisma.scoringSchedule.findMany({
    ...(profileId === undefined ? {} : { where: { profileId } }),
    orderBy: { id: "asc" },
    select,
  });
}

export async function scheduleById(db: Database, id: number): Promise<Schedule | null> {
  return db.prisma.scoringSchedule.findUnique({ where: { id }, select });
}

/** The schedule with this id; NOT_FOUND naming `field` when there is none. */
export async function requireSchedule(db: Database, id: number, field: string): Promise<Schedule> {
  const found = await scheduleById(db, id);
  if (!found) throw new AppError("NOT_FOUND", `no scoring schedule ${id}`, { field });
  return found;
}

/** The next firing after `now` of an enabled schedule; null when disabled or never again. */
function nextRunOf(
  cron: string,
  timeZone: string,
  enabled: boolean,
  now: number,
  field: string,
): Date | null {
  const parsed = parseCron(cron, timeZone, field);
  return enabled ? nextFiring(parsed, now) : null;
}

export interface CreateScheduleInput {
  /** Profile key; omitted or null: the default profile. */
  readonly profile?: string | null;
  readonly cron: string;
  /** IANA zone the expression is read in; omitted: `defaultTimeZone`. */
  readonly timeZone?: string | null;
  readonly enabled?: boolean | null;
}

function auditJson(s: {
  cron: string;
  timeZone: string;
  enabled: boolean;
  profileKey: string;
}): Prisma.InputJsonValue {
  return { profile: s.profileKey, cron: s.cron, timeZone: s.timeZone, enabled: s.enabled };
}

/**
 * Creates the profile's schedule. CONFLICT when the profile has one already (one per profile:
 * two schedules of one profile would only race for the scoring lock); INVALID_CRON or
 * INVALID_TIME_ZONE naming the input field.
 */
export async function createSchedule(
  db: Database,
  actor: string,
  input: CreateScheduleInput,
  options: { defaultTimeZone: string; now?: number },
): Promise<Schedule> {
  const profile = await resolveProfile(db, input.profile, "input.profile");
  const timeZone = checkTimeZone(input.timeZone ?? options.defaultTimeZone, "input.timeZone");
  const cron = normalizeCron(input.cron);
  const enabled = input.enabled ?? true;
  const nextRunAt = nextRunOf(cron, timeZone, enabled, options.now ?? Date.now(), "input.cron");
  return db.prisma.$transaction(async (tx) => {
    const existing = await tx.scoringSchedule.findUnique({
      where: { profileId: profile.id },
      select: { id: true },
    });
    if (existing) {
      throw new AppError(
        "CONFLICT",
        `profile "${profile.key}" has a scoring schedule already (id ${existing.id}): update it instead`,
        { field: "input.profile" },
      );
    }
    const created = await tx.scoringSchedule.create({
      data: { profileId: profile.id, cron, timeZone, enabled, nextRunAt },
      select,
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: "schedule.create",
        entity: "scoring_schedule",
        entityId: String(created.id),
        after: auditJson({ cron, timeZone, enabled, profileKey: profile.key }),
      },
    });
    return created;
  });
}

export interface UpdateScheduleInput {
  readonly id: number;
  readonly cron?: string | null;
  readonly timeZone?: string | null;
  readonly enabled?: boolean | null;
}

/**
 * Changes a schedule's expression, zone or switch; its next firing is computed again from now
 * (a firing that was due is not kept: the new rule decides). Its last run is kept.
 */
export async function updateSchedule(
  db: Database,
  actor: string,
  input: UpdateScheduleInput,
  options: { now?: number } = {},
): Promise<Schedule> {
  const before = await requireSchedule(db, input.id, "input.id");
  const timeZone = input.timeZone == null ? before.timeZone : checkTimeZone(input.timeZone, "input.timeZone");
  const cron = input.cron == null ? before.cron : normalizeCron(input.cron);
  const enabled = input.enabled ?? before.enabled;
  const nextRunAt = nextRunOf(cron, timeZone, enabled, options.now ?? Date.now(), "input.cron");
  const profileKey = (await profileById(db, before.profileId))?.key ?? String(before.profileId);
  return db.prisma.$transaction(async (tx) => {
    const updated = await tx.scoringSchedule.update({
      where: { id: before.id },
      // A claim in progress finishes its firing; the lease is left to it.
      data: { cron, timeZone, enabled, nextRunAt },
      select,
    });
    await tx.auditLog.create({
      data: {
        actor,
        action: "schedule.update",
        entity: "scoring_schedule",
        entityId: String(before.id),
        before: auditJson({ ...before, profileKey }),
        after: auditJson({ cron, timeZone, enabled, profileKey }),
      },
    });
    return updated;
  });
}

/** Deletes a schedule (its runs are kept). NOT_FOUND when there is none. */
export async function deleteSchedule(db: Database, actor: string, id: number): Promise<Schedule> {
  const before = await requireSchedule(db, id, "input.id");
  const profileKey = (await profileById(db, before.profileId))?.key ?? String(before.profileId);
  await db.prisma.$transaction(async (tx) => {
    await tx.scoringSchedule.delete({ where: { id } });
    await tx.auditLog.create({
      data: {
        actor,
        action: "schedule.delete",
        entity: "scoring_schedule",
        entityId: String(id),
        before: auditJson({ ...before, profileKey }),
      },
    });
  });
  return before;
}

// --- The scheduler's side -------------------------------------------------------------------

/** Enabled schedules whose next firing is at or before `now`. */
export async function dueSchedules(db: Database, now: Date): Promise<Schedule[]> {
  return db.prisma.scoringSchedule.findMany({
    where: { enabled: true, nextRunAt: { lte: now } },
    orderBy: { nextRunAt: "asc" },
    select,
  });
}

/** A timestamp as a statement parameter: epoch ms on SQLite (Prisma's format there), ISO text on PostgreSQL. */
function at(db: Database, date: Date | null): number | string | null {
  if (date === null) return null;
  return db.provider === "sqlite" ? date.getTime() : date.toISOString();
}

/** `$n` as a timestamp parameter (PostgreSQL needs the cast from text). */
function ts(db: Database, n: number): string {
  return db.provider === "sqlite" ? `$${n}` : `$${n}::timestamp`;
}

/**
 * Claims one firing of a schedule: a single conditional UPDATE (on the driver connection, which
 * waits for SQLite's write lock), so of any number of processes or connections trying at once
 * exactly one changes the row and wins. It matches only while the schedule is still enabled,
 * still at the firing the claimer saw (`next_run_at`: a recorded firing has moved it on) and
 * not leased to a live claimer (a lease ends at `claimed_until`, so a claimer that died
 * mid-firing is replaced once it has passed).
 */
export async function claimFiring(
  db: Database,
  schedule: Pick<Schedule, "id" | "nextRunAt">,
  claimer: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  if (schedule.nextRunAt === null) return false;
  const count = await db.raw.execute(
    `UPDATE scoring_schedules SET claimed_by = $1, claimed_until = ${ts(db, 2)}
     WHERE id = $3 AND enabled = $4 AND next_run_at = ${ts(db, 5)}
       AND (claimed_until IS NULL OR claimed_until < ${ts(db, 6)})`,
    [
      claimer,
      at(db, new Date(now.getTime() + leaseMs)),
      schedule.id,
      db.provider === "sqlite" ? 1 : true,
      at(db, schedule.nextRunAt),
      at(db, now),
    ],
  );
  return count === 1;
}

export interface FiringOutcome {
  readonly startedAt: Date;
  /** The run started; null when it could not start (`error` says why). */
  readonly runId: number | null;
  readonly error: string | null;
  /** The firing after this one (computed from the time the firing ended: missed ones are not run). */
  readonly nextRunAt: Date | null;
}

/**
 * Records a claimed firing's outcome and moves the schedule to its next firing, releasing the
 * lease; only the claimer's own claim is recorded (false: the schedule was deleted, or its lease
 * ended and another process claimed it since).
 */
export async function recordFiring(
  db: Database,
  scheduleId: number,
  claimer: string,
  outcome: FiringOutcome,
): Promise<boolean> {
  const count = await db.raw.execute(
    `UPDATE scoring_schedules SET last_run_at = ${ts(db, 1)}, last_run_id = $2, last_status = $3,
       last_error = $4, next_run_at = ${ts(db, 5)}, claimed_by = NULL, claimed_until = NULL,
       updated_at = ${ts(db, 6)}
     WHERE id = $7 AND claimed_by = $8`,
    [
      at(db, outcome.startedAt),
      outcome.runId,
      outcome.runId === null ? "not_started" : "started",
      outcome.error,
      at(db, outcome.nextRunAt),
      at(db, new Date()),
      scheduleId,
      claimer,
    ],
  );
  return count === 1;
}
