import type { Command } from "commander";
import { dayOf, lastDayBefore } from "../days";
import { openDatabase } from "../db/client";
import { env } from "../env";
import { resolveProfile } from "../modules/profile/profile.repository";
import { segmentTable } from "../modules/segment/segment.service";
import { printSegmentTable } from "./output";

const time = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function registerSegmentsCommand(program: Command): void {
  program
    .command("segments")
    .description("Print the segment table of a profile's current scoring run under its published mapping.")
    .option("--profile <key>", "scoring profile (default: the default profile; rfm profile list)")
    .action(async (options: { profile?: string }) => {
      const db = await openDatabase(env.DATABASE_URL);
      try {
        const profile = await resolveProfile(db, options.profile);
        const { run, mapping, stats } = await segmentTable(db, profile.id);
        if (options.profile !== undefined) process.stdout.write(`Profile ${profile.key}: ${profile.name}\n`);
        const window =
          run.windowFrom === null && run.windowTo === null
            ? "all orders up to the as-of day"
            : `orders ${run.windowFrom === null ? "up" : `from ${dayOf(run.windowFrom, run.timeZone)}`} to ${lastDayBefore(run.windowTo ?? run.asOf, run.timeZone)}`;
        process.stdout.write(
          `Run ${run.id}: as of ${lastDayBefore(run.asOf, run.timeZone)}${run.timeZone === "UTC" ? "" : ` (${run.timeZone})`}, ${window}, ${run.bins} bins, monetary ${run.monetaryBasis}, ` +
            `completed ${run.finishedAt === null ? "-" : time(run.finishedAt)}\n` +
            `Mapping version ${mapping.version}: published ${mapping.publishedAt === null ? "-" : time(mapping.publishedAt)} ` +
            `by ${mapping.author}${mapping.note ? ` (${mapping.note})` : ""}\n\n`,
        );
        printSegmentTable(
          stats,
          mapping.compiled.segments.map((s) => s.key),
        );
        if (run.clv) {
          process.stdout.write(
            `CLV: ${run.clv.method === "model" ? "BG/NBD + Gamma-Gamma" : "historic run-rate"}, next ${run.clv.horizonDays} days.\n`,
          );
        }
      } finally {
        await db.close();
      }
    });
}
