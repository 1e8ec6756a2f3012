import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { importTransactions } from "../modules/import/import.service";
import { dataFile, REAL_FILES, runCli } from "../modules/import/test-support";
import { listRuns } from "../modules/scoring/scoring.service";

const SUPERSTORE = REAL_FILES.find((f) => f.file === "superstore-orders-2011-2014.csv")!;

describe("rfm score --backfill, as a user runs it, on a SQLite file", () => {
  const t = useTestDatabase("sqlite");

  it("prints one line per month, skips the months already scored when run again, and refuses what does not fit", async () => {
    await importTransactions({
      db: t.db,
      input: dataFile(SUPERSTORE.file),
      source: SUPERSTORE.file,
      parse: SUPERSTORE.options,
    });
    const args = ["score", "--backfill", "monthly", "--from", "2014-09", "--to", "2014-11", "--clv", "none"];
    const first = await runCli(args, t.url);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const runs = (await listRuns(t.db)).reverse();
    expect(runs.map((r) => r.customersScored)).toEqual([790, 792, 793]);
    expect(first.stdout).toContain("monthly runs from 2014-09 to 2014-11, as of each month's last day");
    expect(first.stdout).toMatch(
      new RegExp(`\\[1/3\\] 2014-09-30  run ${runs[0]!.id}: 790 customers, [\\d,]+ orders, [\\d.]+ s`),
    );
    expect(first.stdout).toContain(`[3/3] 2014-11-30  run ${runs[2]!.id}: 793 customers`);
    expect(first.stdout).toContain("Backfill done: 3 runs created, 0 already there, 0 without orders");
    expect(first.stdout).toContain(`The current run is run ${runs[2]!.id}, as of 2014-11-30`);

    const again = await runCli([...args.slice(0, 4), "2014-08", ...args.slice(5)], t.url);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`[2/4] 2014-09-30  already scored: run ${runs[0]!.id}`);
    expect(again.stdout).toContain("Backfill done: 1 run created, 3 already there, 0 without orders");
    expect(await listRuns(t.db)).toHaveLength(4);

    const asOf = await runCli([...args, "--as-of", "2014-10-01"], t.url);
    expect(asOf.code).toBe(1);
    expect(asOf.stderr).toContain("--as-of and --backfill do not go together");
    const day = await runCli(
      ["score", "--backfill", "monthly", "--from", "2014-09-01", "--to", "2014-11"],
      t.url,
    );
    expect(day.code).toBe(1);
    expect(day.stderr).toContain('with --backfill, --from is a month in YYYY-MM form, got "2014-09-01"');
    const month = await runCli(["score", "--from", "2014-09", "--clv", "none"], t.url);
    expect(month.code).toBe(1);
    expect(month.stderr).toContain('"2014-09" is not a date in YYYY-MM-DD form.');
    const interval = await runCli(
      ["score", "--backfill", "daily", "--from", "2014-09", "--to", "2014-11"],
      t.url,
    );
    expect(interval.code).not.toBe(0);
    expect(interval.stderr).toContain("Allowed choices are monthly, weekly");
    expect(await listRuns(t.db)).toHaveLength(4);

    // Without --backfill, --from/--to are still the window's days.
    const window = await runCli(
      ["score", "--from", "2014-01-01", "--to", "2014-06-30", "--clv", "none"],
      t.url,
    );
    expect(window.stderr).toBe("");
    expect(window.code).toBe(0);
    const [latest] = await listRuns(t.db);
    expect([latest!.windowFrom, latest!.windowTo]).toEqual([Date.UTC(2014, 0, 1), Date.UTC(2014, 6, 1)]);
  }, 300_000);
});
