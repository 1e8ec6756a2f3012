/**
 * `rfm import rates` and `rfm score --currency/--convert/--channel` in a child process, as a user
 * runs them, on the literal files of test/fixtures/currencies (values by hand: the files' README).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../db/testing";
import { REPO_ROOT, runCli } from "../modules/import/test-support";
import { getCurrentRun } from "../modules/scoring/scoring.service";
import { storedScores } from "../modules/scoring/test-store";

const DIR = join(REPO_ROOT, "test/fixtures/currencies");
const rfm = (url: string, ...args: string[]) => runCli(args, url);

describe("rfm import rates and rfm score with currencies, end to end on a SQLite file", () => {
  const t = useTestDatabase("sqlite");

  it("a bad rates file exits 1 naming each bad row by line and column; a good one is stored; score converts, filters and refuses mixed data", async () => {
    const bad = await rfm(t.url, "import", "rates", join(DIR, "rates-bad.csv"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "rfm import rates: INVALID_RATES: 6 row(s) of the rates file are wrong; no rate was stored:",
    );
    expect(bad.stderr).toContain(
      'line 3, column date: BAD_DATE: date "2024-02-30" is not a calendar day YYYY-MM-DD',
    );
    expect(bad.stderr).toContain(
      "line 7: DUPLICATE_RATE: line 2 already gives the rate of USD in EUR on 2024-01-01",
    );

    const good = await rfm(t.url, "import", "rates", join(DIR, "rates-eur.csv"), "--base", "eur");
    expect([good.code, good.stderr]).toEqual([0, ""]);
    expect(good.stdout).toContain("Imported 4 rates (base EUR): 4 new, 0 replaced.");

    const imported = await rfm(t.url, "import", "transactions", join(DIR, "orders.csv"));
    expect(imported.code).toBe(0);

    const mixed = await rfm(t.url, "score", "--as-of", "2024-03-31", "--clv", "none");
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr).toContain("MIXED_CURRENCIES");
    expect(mixed.stderr).toContain("(EUR: 5 orders, GBP: 1 orders, JPY: 1 orders, USD: 4 orders)");

    const converted = await rfm(
      t.url,
      "score",
      "--as-of",
      "2024-03-31",
      "--clv",
      "none",
      "--currency",
      "EUR",
      "--convert",
    );
    expect([converted.code, converted.stderr]).toEqual([0, ""]);
    expect(converted.stdout).toContain("monetary total in EUR (converted)");
    const run = (await getCurrentRun(t.db))!;
    const scores = await storedScores(t.db, run.id);
    expect(Object.fromEntries([...scores].map(([id, s]) => [id, Number(s.monetaryCents)]))).toEqual({
      alice: 14600,
      bob: 26000,
      carol: 3620,
      erin: 11208,
      frank: 2031,
    });

    const online = await rfm(
      t.url,
      "score",
      "--as-of",
      "2024-03-31",
      "--clv",
      "none",
      "--currency",
      "EUR",
      "--channel",
      "ONLINE",
      "--channel",
      "web",
    );
    expect([online.code, online.stderr]).toEqual([0, ""]);
    expect(online.stdout).toContain("monetary total in EUR,");
    expect(online.stdout).toContain(
      "7 orders of the window left out: 1 in GBP, 1 in JPY, 4 in USD (the run counts EUR only); 3 without a channel, 2 in channel store (the run counts channels online, web).",
    );
    const onlineRun = (await getCurrentRun(t.db))!;
    expect(onlineRun.customersScored).toBe(3);
  }, 120_000);
});
