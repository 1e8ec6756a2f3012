/**
 * `rfm schedule list|create|update|delete`: scoring schedules (docs/api.md, "Scheduled
 * scoring"). `rfm serve` fires them; changes made here are audited with the actor "cli" and
 * picked up by a running server at its next look (every SCHEDULER_INTERVAL_MS).
 */
import Table from "cli-table3";
import type { Command } from "commander";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { listProfiles } from "../modules/profile/profile.repository";
import {
  createSchedule,
  deleteSchedule,
  listSchedules,
  type Schedule,
  updateSchedule,
} from "../modules/schedule/schedule.repository";
import { positiveInteger } from "./options";

const ACTOR = "cli";

const when = (date: Date | null): string => (date === null ? "-" : date.toISOString().replace(".000Z", "Z"));

async function printSchedules(
  schedules: readonly Schedule[],
  keys: ReadonlyMap<number, string>,
): Promise<void> {
  const table = new Table({
    head: [
      "Id",
      "Profile",
      "Cron",
      "Time zone",
      "Enabled",
      "Next run (UTC)",
      "Last run (UTC)",
      "Last run id",
      "Last",
    ],
    style: { head: [], border: [] },
  });
  for (const s of schedules) {
    table.push([
      String(s.id),
      keys.get(s.profileId) ?? String(s.profileId),
      s.cron,
      s.timeZone,
      s.enabled ? "yes" : "no",
      when(s.nextRunAt),
      when(s.lastRunAt),
      s.lastRunId === null ? "-" : String(s.lastRunId),
      s.lastStatus ?? "-",
    ]);
  }
  process.stdout.write(`${table.toString()}\n`);
  for (const s of schedules) {
    if (s.lastError)
      process.stdout.write(`schedule ${s.id}: last firing did not start a run: ${s.lastError}\n`);
  }
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(env.DATABASE_URL);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function profileKeys(db: Awaited<ReturnType<typeof openDatabase>>): Promise<Map<number, string>> {
  return new Map((await listProfiles(db)).map((p) => [p.id, p.key]));
}

export function registerScheduleCommand(program: Command): void {
  const schedule = program
    .command("schedule")
    .description(
      "Scoring schedules: `rfm serve` starts a profile's scoring run at each firing of a cron expression.",
    );

  schedule
    .command("list")
    .description("List the scoring schedules with their next and last runs.")
    .action(() =>
      withDb(async (db) => {
        await printSchedules(await listSchedules(db), await profileKeys(db));
      }),
    );

  schedule
    .command("create")
    .description(
      "Create a profile's scoring schedule (one per profile). Each run scores as of the last complete store day before its firing.",
    )
    .requiredOption(
      "--cron <expression>",
      'five fields, minute hour day-of-month month day-of-week, such as "0 2 * * *"',
    )
    .option("--profile <key>", "the profile to score (default: the default profile)")
    .option(
      "--time-zone <zone>",
      `IANA zone the expression is read in (default: STORE_TIME_ZONE, ${env.STORE_TIME_ZONE})`,
    )
    .option("--disabled", "create it switched off")
    .action((options: { cron: string; profile?: string; timeZone?: string; disabled?: boolean }) =>
      withDb(async (db) => {
        const created = await createSchedule(
          db,
          ACTOR,
          {
            cron: options.cron,
            profile: options.profile ?? null,
            timeZone: options.timeZone ?? null,
            enabled: options.disabled !== true,
          },
          { defaultTimeZone: env.STORE_TIME_ZONE },
        );
        process.stdout.write(`Created schedule ${created.id}. \`rfm serve\` fires it.\n`);
        await printSchedules([created], await profileKeys(db));
      }),
    );

  schedule
    .command("update <id>")
    .description(
      "Change a schedule's expression, zone or switch; its next firing is computed again from now.",
    )
    .option("--cron <expression>", "a new five-field cron expression")
    .option("--time-zone <zone>", "a new IANA time zone")
    .option("--enable", "switch it on")
    .option("--disable", "switch it off")
    .action(
      (id: string, options: { cron?: string; timeZone?: string; enable?: boolean; disable?: boolean }) =>
        withDb(async (db) => {
          if (options.enable && options.disable) throw new Error("give --enable or --disable, not both");
          const updated = await updateSchedule(db, ACTOR, {
            id: positiveInteger(id),
            cron: options.cron ?? null,
            timeZone: options.timeZone ?? null,
            enabled: options.enable ? true : options.disable ? false : null,
          });
          await printSchedules([updated], await profileKeys(db));
        }),
    );

  schedule
    .command("delete <id>")
    .description("Delete a schedule (the runs it started are kept).")
    .action((id: string) =>
      withDb(async (db) => {
        await deleteSchedule(db, ACTOR, positiveInteger(id));
        process.stdout.write(`Deleted schedule ${id}.\n`);
      }),
    );
}
