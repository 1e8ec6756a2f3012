import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { writeDemoCsv } from "../../demo/csv";
import { recentImports } from "./import-log";
import { checksum, runCli, startCli } from "./test-support";

// The real `rfm import` command, spawned as a user runs it, on both databases.

let dir: string;
/**
 * Demo transactions (one row per order, ISO times), per provider: 200,000 rows (11 MB) for SQLite,
 * 60,000 for PostgreSQL; each takes a few seconds to import, in batches of 2,000.
 */
const bigFile: Record<string, { path: string; orderIds: string[]; cents: number }> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "rfm-import-cli-"));
  const all = path.join(dir, "big.csv");
  await writeDemoCsv({ customers: 25_000, ordersScale: 4, seed: 7, transactionsPath: all });
  const lines = readFileSync(all, "utf8").split("\n");
  const header = lines[0]!;
  const rows = lines.slice(1).filter((line) => line !== "");
  for (const [provider, count] of [
    ["sqlite", 200_000],
    ["postgresql", 60_000],
    ["clickhouse", 60_000],
  ] as const) {
    const part = rows.slice(0, count);
    const file = path.join(dir, `big-${provider}.csv`);
    writeFileSync(file, `${header}\n${part.join("\n")}\n`);
    // Columns: order_id,customer_id,occurred_at,amount,channel.
    let cents = 0;
    for (const row of part) cents += Math.round(Number(row.split(",")[3]) * 100);
    bigFile[provider] = { path: file, orderIds: part.map((row) => row.slice(0, row.indexOf(","))), cents };
  }
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each(FACT_ENGINES)("rfm import on %s", (provider) => {
  const t = useTestDatabase(provider);

  it("words the importer's hints as its own flags, in the summary, the rejects file and a refusal", async () => {
    const file = path.join(dir, `hints-${provider}.csv`);
    writeFileSync(
      file,
      "order_id,customer_id,occurred_at,amount\nB1,c1,10/13/2010,5.00\nB2,c1,2010-10-14,1.005\n",
    );
    const run = await runCli(["import", "transactions", file], t);
    expect(run.code).toBe(0);
    const dateReason = 'date "10/13/2010" is not ISO 8601; pass --date-format M/d/yyyy';
    const amountReason =
      'amount "1.005" has more than two decimals: it is not a number of cents (and "." before three digits may be a thousands separator: write 1234 for 1.234); pass --round-amounts half-even or half-up to round such amounts';
    expect(run.stdout).toContain(`line 2, occurred_at: BAD_DATE: ${dateReason}\n`);
    expect(run.stdout).toContain(`line 3, amount: BAD_AMOUNT: ${amountReason}\n`);
    const rejects = readFileSync(`${file}.rejects.csv`, "utf8");
    expect(rejects).toContain(`2,occurred_at,BAD_DATE,"${dateReason.replaceAll('"', '""')}"`);

    const refused = await runCli(["import", "transactions", file, "--map", "amount=Total"], t);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('column map amount=Total: the header has no column "Total"');
    const missing = path.join(dir, `missing-${provider}.csv`);
    writeFileSync(missing, "customer_id,occurred_at,amount\nc1,2010-10-14,1\n");
    const noOrder = await runCli(["import", "transactions", missing], t);
    expect(noOrder.stderr).toContain(
      'MISSING_COLUMN: the header has no column for order_id; its columns are "customer_id", "occurred_at", "amount"; name one with --map order_id=COLUMN, or --map order_id=@auto to derive ids',
    );
  }, 60_000);

  it("prints the summary and writes rejected rows beside the file; exit code 0 even with rejects", async () => {
    const file = path.join(dir, `bad-rows-${provider}.csv`);
    writeFileSync(
      file,
      "Order,Customer,Date,Sales\n" +
        "A1,c1,10/13/2010,10.00\n" +
        "A2,,10/14/2010,5.00\n" +
        "A3,c2,13/45/2010,5.00\n" +
        'A4,c2,10/15/2010,"1,234"\n' +
        "A5,c3,10/16/2010\n" +
        "A6,c3,10/17/2010,7.50\n",
    );
    const run = await runCli(
      [
        "import",
        "transactions",
        file,
        "--map",
        "order_id=Order",
        "--map",
        "customer_id=Customer",
        "--map",
        "occurred_at=Date",
        "--map",
        "amount=Sales",
        "--date-format",
        "M/d/yyyy",
      ],
      t,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rejectsPath = `${file}.rejects.csv`;
    expect(run.stdout).toMatch(/read\s+6 rows\n/);
    expect(run.stdout).toMatch(/inserted\s+2\n/);
    expect(run.stdout).toMatch(/already present\s+0\n/);
    expect(run.stdout).toMatch(/rejected\s+4\n/);
    expect(run.stdout).toMatch(/time\s+[\d.]+ s \([\d,]+ rows\/s\)/);
    expect(run.stdout).toContain(`Rejected rows are in ${rejectsPath}`);
    expect(readFileSync(rejectsPath, "utf8").split("\r\n")).toEqual([
      "line,column,code,reason,raw",
      '3,Customer,MISSING_FIELD,"customer_id is empty (column ""Customer"")","A2,,10/14/2010,5.00"',
      '4,Date,BAD_DATE,"date ""13/45/2010"" is neither ISO 8601 nor M/d/yyyy","A3,c2,13/45/2010,5.00"',
      expect.stringMatching(
        /^5,Sales,BAD_AMOUNT,"amount ""1,234"" is ambiguous: .*","A4,c2,10\/15\/2010,""1,234"""$/,
      ),
      '6,,COLUMN_COUNT,3 columns where the header has 4,"A5,c3,10/16/2010"',
      "",
    ]);
    expect(await checksum(t.db)).toEqual({ orders: 2, cents: 1750, lines: 2, customers: 2 });

    // A --map naming a column the file lacks fails before writing anything, listing the header.
    const wrong = await runCli(
      ["import", "transactions", file, "--map", "customer_id=Custmer", "--map", "order_id=Order"],
      t,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      'column map customer_id=Custmer: the header has no column "Custmer"; its columns are "Order", "Customer", "Date", "Sales"',
    );
    expect((await recentImports(t.db)).length).toBe(1);
    expect(await checksum(t.db)).toEqual({ orders: 2, cents: 1750, lines: 2, customers: 2 });
  }, 60_000);

  it("killed in the middle, keeps exactly the committed batches; the same command run again finishes the job", async () => {
    const big = bigFile[provider]!;
    const total = big.orderIds.length;
    const args = ["import", "transactions", big.path, "--batch-size", "2000"];
    const killed = startCli(args, t);
    // Wait for the first committed batch, then kill -9.
    let committed = 0;
    const deadline = Date.now() + 60_000;
    while (committed === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [log] = await recentImports(t.db);
      committed = log?.inserted ?? 0;
    }
    killed.kill("SIGKILL");
    const end = await killed.done;
    expect(end.signal).toBe("SIGKILL");

    const [log] = await recentImports(t.db);
    expect(log).toMatchObject({ status: "running", rejected: 0, alreadyPresent: 0 });
    const { rowsRead, inserted } = log!;
    expect(rowsRead).toBeLessThan(total);
    // Whole batches: the file's first rowsRead rows, nothing more, nothing less.
    expect(rowsRead % 2000).toBe(0);
    expect(inserted).toBe(rowsRead);
    let present = rowsRead;
    if (t.db.analytics) {
      // No transactions on ClickHouse: the batch being written when the process died may be
      // partly stored (each order once). Orders with a key count as present on the re-run;
      // rows without one (killed between the two inserts) are written again.
      const stored = await t.db.analytics.query<{ order_id: string }>(
        "SELECT order_id FROM transactions FINAL",
      );
      const ids = stored.map((r) => r.order_id);
      expect(new Set(ids).size).toBe(ids.length);
      const committed = new Set(big.orderIds.slice(0, rowsRead));
      const inFlight = new Set(big.orderIds.slice(rowsRead, rowsRead + 2000));
      expect(ids.filter((id) => committed.has(id)).length).toBe(rowsRead);
      expect(ids.every((id) => committed.has(id) || inFlight.has(id))).toBe(true);
      const [keys] = await t.db.analytics.query<{ n: string }>(
        "SELECT uniqExact(order_id) AS n FROM order_keys",
      );
      present = Number(keys!.n);
    } else {
      const stored = await t.db.raw.query<{ order_id: string }>("SELECT order_id FROM transactions");
      expect(stored.length).toBe(rowsRead);
      expect(new Set(stored.map((r) => r.order_id))).toEqual(new Set(big.orderIds.slice(0, rowsRead)));
    }

    const rerun = await runCli(args, t);
    expect(rerun.code).toBe(0);
    // The rerun found the killed import's owner gone, and says so.
    expect(rerun.stdout).toContain(
      `failed (interrupted: the import stopped before it ended (process killed or crashed); its committed batches are kept); ${rowsRead.toLocaleString("en")} rows of it were committed`,
    );
    const [first] = (await recentImports(t.db)).slice(-1);
    expect(first).toMatchObject({ id: log!.id, status: "failed", rowsRead });
    expect(rerun.stdout).toMatch(new RegExp(`already present\\s+${present.toLocaleString("en")}\\n`));
    expect(rerun.stdout).toMatch(new RegExp(`inserted\\s+${(total - present).toLocaleString("en")}\\n`));
    // The same as one clean import: every order once, each of one line, the file's total.
    expect(await checksum(t.db)).toMatchObject({ orders: total, lines: total, cents: big.cents });
  }, 120_000);
});
