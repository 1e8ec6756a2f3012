import { describe, expect, it } from "vitest";
import { AppError } from "../../app-error";
import { FACT_ENGINES, useTestDatabase } from "../../db/testing";
import { ImportError, type ParseOptions } from "../../import";
import { ImportFailedError, importCustomers, importTransactions } from "./import.service";
import { recentImports } from "./import-log";
import { checksum, dataFile, expectedFromFile, REAL_FILES, textInput } from "./test-support";

const canada = REAL_FILES[0]!;

describe.each(FACT_ENGINES)("importing on %s", (engine) => {
  const t = useTestDatabase(engine);

  const importText = (text: string, parse: ParseOptions = {}) =>
    importTransactions({ db: t.db, input: textInput(text), source: "test.csv", parse });

  /** Strings of a ClickHouse row (64-bit integers arrive as strings) as numbers, where they are. */
  const numbers = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v]),
    );
  const clickhouseRows = async (sql: string) =>
    (await t.db.analytics!.query<Record<string, unknown>>(sql)).map(numbers);
  /** Customers' details as Prisma gives them (ClickHouse: its SQL, the latest version of each). */
  const customerRows = async (columns: string[]) => {
    if (!t.db.analytics) {
      return t.db.prisma.customer.findMany({
        orderBy: { externalId: "asc" },
        select: Object.fromEntries(["externalId", ...columns].map((c) => [c, true])),
      }) as Promise<Record<string, unknown>[]>;
    }
    const sql = (c: string) => c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`);
    const rows = await clickhouseRows(
      `SELECT external_id AS externalId, ${columns.map((c) => `${sql(c)} AS ${c}`).join(", ")}
       FROM customers FINAL ORDER BY external_id`,
    );
    return rows.map((row) =>
      "createdAt" in row
        ? { ...row, createdAt: row.createdAt === null ? null : new Date(row.createdAt as number) }
        : row,
    );
  };

  const order = async (orderId: string) =>
    t.db.analytics
      ? (
          await clickhouseRows(
            `SELECT amount_cents, line_count, occurred_at, customer_id FROM transactions FINAL WHERE order_id = '${orderId}'`,
          )
        )[0]
      : (
          await t.db.raw.query<{
            amount_cents: number;
            line_count: number;
            occurred_at: number;
            customer_id: number;
          }>(
            "SELECT amount_cents, line_count, occurred_at, customer_id FROM transactions WHERE order_id = $1",
            [orderId],
          )
        )[0];

  it.each(REAL_FILES)(
    "imports $file with the documented options: exact orders, customers and rejects",
    async ({ file, options, expected }) => {
      const summary = await importTransactions({
        db: t.db,
        input: dataFile(file),
        source: file,
        parse: options,
      });
      expect({
        rowsRead: summary.rowsRead,
        ordersCreated: summary.ordersCreated,
        customersCreated: summary.customersCreated,
        rejected: summary.rejected,
      }).toEqual(expected);
      expect(summary.inserted + summary.alreadyPresent + summary.rejected).toBe(summary.rowsRead);
      expect(summary.alreadyPresent).toBe(0);
      expect(await checksum(t.db)).toEqual(await expectedFromFile(dataFile(file), options));
      const [log] = await recentImports(t.db);
      expect(log).toMatchObject({ id: summary.importId, status: "complete", rowsRead: expected.rowsRead });
    },
    60_000,
  );

  it("superstore-canada: an order is the sum of its lines, also across batches; order ids of two customers are rejected naming both", async () => {
    // Order 13313 (Skye Norling) has lines on file lines 125, 1809, 1810 and 1811:
    // 1020.61 + 243.51 + 755.60 + 592.73 = 2612.45. With batches of 1000 rows, line 125 is in the
    // first batch and the other three are folded into the stored order in the second.
    const summary = await importTransactions({
      db: t.db,
      input: dataFile(canada.file),
      source: canada.file,
      parse: { ...canada.options, batchSize: 1000 },
    });
    expect(await order("13313")).toMatchObject({ amount_cents: 261_245, line_count: 4 });
    // Order 6116: lines 62 (9620.82) and 2826 (150.77).
    expect(await order("6116")).toMatchObject({ amount_cents: 977_159, line_count: 2 });
    expect(summary.rejected).toBe(28);
    expect(
      summary.rejects.every((r) => r.code === "ORDER_CUSTOMER_CONFLICT" && r.column === "Customer Name"),
    ).toBe(true);
    expect(summary.rejects[0]).toMatchObject({
      line: 1490,
      reason: 'order "45731" belongs to customer "Gene Hale"; this line names customer "Matt Abelman"',
    });
    expect(new Set(summary.rejects.map((r) => r.reason.split('"')[1])).size).toBe(21);
    expect(await checksum(t.db)).toEqual(await expectedFromFile(dataFile(canada.file), canada.options));
  }, 60_000);

  it("re-importing the same file inserts nothing: everything is already present and the tables are identical", async () => {
    const parse = { ...canada.options, batchSize: 1000 };
    const first = await importTransactions({
      db: t.db,
      input: dataFile(canada.file),
      source: canada.file,
      parse,
    });
    const before = await checksum(t.db);
    const again = await importTransactions({
      db: t.db,
      input: dataFile(canada.file),
      source: canada.file,
      parse,
    });
    expect(again).toMatchObject({
      rowsRead: 8399,
      inserted: 0,
      alreadyPresent: first.inserted,
      rejected: 28,
      ordersCreated: 0,
      customersCreated: 0,
      customersUpdated: 0,
    });
    expect(await checksum(t.db)).toEqual(before);
  }, 60_000);

  it("parses in a worker thread with the same result as in this one", async () => {
    const summary = await importTransactions({
      db: t.db,
      input: dataFile(canada.file),
      source: canada.file,
      parse: { ...canada.options, batchSize: 700 },
      parallel: true,
    });
    expect([summary.ordersCreated, summary.rejected, summary.inserted]).toEqual([5496, 28, 8371]);
    expect(await order("13313")).toMatchObject({ amount_cents: 261_245, line_count: 4 });
    expect(await checksum(t.db)).toEqual(await expectedFromFile(dataFile(canada.file), canada.options));
  }, 60_000);

  it("creates an unknown customer with the row's details, and only fills in what a stored customer lacks", async () => {
    await importCustomers({
      db: t.db,
      input: textInput("customer_id,name\nc1,Ann Original\n"),
      source: "customers.csv",
    });
    const summary = await importText(
      "order_id,customer_id,occurred_at,amount,name,email,province,region,city\n" +
        "o1,c1,2024-01-01,10,Ann Changed,ann@example.com,Ontario,Central,Toronto\n" +
        "o2,c2,2024-01-02,20,Bob New,bob@example.com,Quebec,East,Montreal\n" +
        "o3,c2,2024-01-03,30,Bob Other,,,,\n",
    );
    expect([summary.customersCreated, summary.customersUpdated, summary.ordersCreated]).toEqual([1, 1, 3]);
    const customers = await customerRows(["name", "email", "province", "region", "city"]);
    expect(customers).toEqual([
      {
        externalId: "c1",
        name: "Ann Original",
        email: "ann@example.com",
        province: "Ontario",
        region: "Central",
        city: "Toronto",
      },
      {
        externalId: "c2",
        name: "Bob New",
        email: "bob@example.com",
        province: "Quebec",
        region: "East",
        city: "Montreal",
      },
    ]);
    // The transaction keeps its own location too.
    const o1 = t.db.analytics
      ? (
          await clickhouseRows("SELECT province, region, city FROM transactions FINAL WHERE order_id = 'o1'")
        )[0]!
      : await t.db.prisma.transaction.findUniqueOrThrow({ where: { orderId: "o1" } });
    expect([o1.province, o1.region, o1.city]).toEqual(["Ontario", "Central", "Toronto"]);
  });

  it("reports bad rows with line, column and reason, and stores the good rows of the same batch", async () => {
    const summary = await importText(
      "order_id,customer_id,occurred_at,amount,name\n" +
        "A1,c1,2024-01-01,10.00,Ann\n" +
        "A2,,2024-01-02,5.00,\n" +
        "A3,c2,2024-13-45,5.00,\n" +
        "A4,c2,2024-01-03,abc,\n" +
        "A5,c3,2024-01-04,1.00\n" +
        "A6,c3,2024-01-05,99999999999,\n" +
        "A7,c3,2024-01-06,7.50,Cy\n",
    );
    expect(summary.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [3, "customer_id", "MISSING_FIELD"],
      [4, "occurred_at", "BAD_DATE"],
      [5, "amount", "BAD_AMOUNT"],
      [6, null, "COLUMN_COUNT"],
      [7, "amount", "BAD_AMOUNT"],
    ]);
    expect(summary.rejects.map((r) => r.reason)).toEqual([
      expect.stringContaining("customer_id is empty"),
      expect.stringContaining("2024-13-45"),
      expect.stringContaining("abc"),
      "4 columns where the header has 5",
      expect.stringContaining("out of range"),
    ]);
    expect([summary.rowsRead, summary.inserted, summary.rejected]).toEqual([7, 2, 5]);
    expect(await checksum(t.db)).toEqual({ orders: 2, cents: 1750, lines: 2, customers: 2 });
  });

  it("stores a batch that fails in the database not at all, keeps the earlier ones, logs the failure; a re-run finishes exactly", async () => {
    // A trigger refuses order O25: the third batch of ten fails half-way through. On ClickHouse
    // a materialized view that throws on O25 (on every shard; it fires on O25's): the third
    // batch's orders on the other shard are stored with their keys, those on O25's shard have
    // their rows but no keys, as an import killed between two writes leaves them.
    if (engine === "clickhouse") {
      await t.db.analytics!.commandOnEachShard(
        "CREATE MATERIALIZED VIEW refuse_O25 ENGINE = Memory AS SELECT throwIf(order_id = 'O25') AS refused FROM transactions_local",
      );
    } else if (engine === "sqlite") {
      await t.db.raw.execute(
        "CREATE TRIGGER refuse_o25 BEFORE INSERT ON transactions WHEN NEW.order_id = 'O25' BEGIN SELECT RAISE(ABORT, 'injected failure on O25'); END",
      );
    } else {
      await t.db.raw.execute(
        `CREATE FUNCTION refuse_o25() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.order_id = 'O25' THEN RAISE EXCEPTION 'injected failure on O25'; END IF; RETURN NEW; END $$`,
      );
      await t.db.raw.execute(
        "CREATE TRIGGER refuse_o25 BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION refuse_o25()",
      );
    }
    let text = "order_id,customer_id,occurred_at,amount\n";
    for (let i = 1; i <= 40; i++)
      text += `O${i},c${i % 7},2024-01-${String((i % 28) + 1).padStart(2, "0")},${i}.25\n`;

    const failure = await importText(text, { batchSize: 10 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportFailedError);
    // One error class: the application's, with its code and what a client may be shown.
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "IMPORT_FAILED", details: { importId: expect.any(Number) } });
    expect((failure as ImportFailedError).committed).toEqual({
      rowsRead: 20,
      inserted: 20,
      alreadyPresent: 0,
      rejected: 0,
    });
    const first20 = Array.from({ length: 20 }, (_, i) => `O${i + 1}`).sort();
    if (engine === "clickhouse") {
      // No transactions: the third batch is partly stored, each order at most once.
      const stored = await clickhouseRows("SELECT order_id FROM transactions FINAL ORDER BY order_id");
      const ids = stored.map((r) => r.order_id as string);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => Number(id.slice(1)) <= 20).sort()).toEqual(first20);
      expect(ids.every((id) => Number(id.slice(1)) <= 30)).toBe(true);
    } else {
      expect(await checksum(t.db)).toMatchObject({ orders: 20, lines: 20 });
      const stored = await t.db.raw.query<{ order_id: string }>("SELECT order_id FROM transactions");
      expect(stored.map((r) => r.order_id).sort()).toEqual(first20);
    }
    const [log] = await recentImports(t.db);
    expect(log).toMatchObject({
      status: "failed",
      rowsRead: 20,
      inserted: 20,
      error: expect.stringContaining("O25"),
    });

    if (engine === "clickhouse") await t.db.analytics!.commandOnEachShard("DROP TABLE refuse_O25");
    else {
      await t.db.raw.execute(
        engine === "sqlite" ? "DROP TRIGGER refuse_o25" : "DROP TRIGGER refuse_o25 ON transactions",
      );
    }
    const rerun = await importText(text, { batchSize: 10 });
    if (engine === "clickhouse") {
      // The orders of the third batch stored with their keys (the other shard's) are present.
      const keyed = await clickhouseRows("SELECT uniqExact(order_id) AS n FROM order_keys");
      expect(rerun.inserted + rerun.alreadyPresent).toBe(40);
      expect(rerun.alreadyPresent).toBeGreaterThan(20);
      expect(keyed[0]!.n).toBe(40);
    } else {
      expect([rerun.inserted, rerun.alreadyPresent]).toEqual([20, 20]);
    }
    let cents = 0;
    for (let i = 1; i <= 40; i++) cents += i * 100 + 25;
    expect(await checksum(t.db)).toEqual({ orders: 40, cents, lines: 40, customers: 7 });
  });

  // Registered on ClickHouse only: the other engines write a batch in one transaction.
  if (engine === "clickhouse")
    it("an import killed after a batch reached one shard only: the re-run gives exact totals", async () => {
      const ch = t.db.analytics!;
      let text = "order_id,customer_id,occurred_at,amount\n";
      for (let i = 1; i <= 40; i++)
        text += `O${i},c${i % 7},2024-01-${String((i % 28) + 1).padStart(2, "0")},${i}.25\n`;
      const head = text.split("\n").slice(0, 21).join("\n");
      await importText(`${head}\n`, { batchSize: 10 });
      // The third batch (O21..O30) as the killed import wrote it on the first shard only: its
      // orders' rows, and the keys of all but one (killed between the two inserts).
      const ids = new Map(
        (await clickhouseRows("SELECT external_id, id FROM customer_keys")).map((k) => [
          k.external_id,
          k.id as number,
        ]),
      );
      const rows = [];
      for (let i = 21; i <= 30; i++) {
        const customerId = ids.get(`c${i % 7}`)!;
        if (ch.shardOf(customerId) !== 0) continue;
        rows.push({
          customer_id: customerId,
          order_id: `O${i}`,
          occurred_at: Date.UTC(2024, 0, (i % 28) + 1),
          amount_cents: i * 100 + 25,
          line_count: 1,
          version: 1,
        });
      }
      expect(rows.length).toBeGreaterThan(1);
      await ch.insertShard(0, "transactions_local", rows);
      await ch.insertShard(
        0,
        "order_keys_local",
        rows.slice(1).map((row) => ({ order_id: row.order_id, customer_id: row.customer_id })),
      );

      const rerun = await importText(text, { batchSize: 10 });
      expect([rerun.inserted, rerun.alreadyPresent]).toEqual([20 - (rows.length - 1), 20 + rows.length - 1]);
      let cents = 0;
      for (let i = 1; i <= 40; i++) cents += i * 100 + 25;
      expect(await checksum(t.db)).toEqual({ orders: 40, cents, lines: 40, customers: 7 });
      // And once more: nothing added.
      const again = await importText(text, { batchSize: 10 });
      expect([again.inserted, again.alreadyPresent]).toEqual([0, 40]);
      expect(await checksum(t.db)).toEqual({ orders: 40, cents, lines: 40, customers: 7 });
    });

  it("adds each order of overlapping one-row-per-order exports once, and later lines of an order from another file", async () => {
    const header = "order_id,customer_id,occurred_at,amount\n";
    const row = (i: number) => `O${i},c1,2024-02-0${i},${i}\n`;
    await importText(header + [1, 2, 3, 4, 5].map(row).join(""));
    const second = await importText(header + [4, 5, 6, 7].map(row).join(""));
    expect([second.inserted, second.alreadyPresent]).toEqual([2, 2]);
    expect(await checksum(t.db)).toMatchObject({ orders: 7, cents: 2800, lines: 7 });

    // A file listing order O1's two lines: its first line is O1 itself (already present), the
    // second is added; an earlier time becomes the order's time.
    const lines = await importText(`${header}O1,c1,2024-02-01,1\nO1,c1,2024-01-15,2.5\n`);
    expect([lines.inserted, lines.alreadyPresent]).toEqual([1, 1]);
    expect(await order("O1")).toMatchObject({
      amount_cents: 350,
      line_count: 2,
      occurred_at: Date.UTC(2024, 0, 15),
    });
  });

  it("imports customers: creates the new, updates details given, and a re-import changes nothing", async () => {
    const file = "customer_id,name,email,created_at\nc1,Ann,,2020-05-01\nc2,Bob,bob@example.com,\n";
    const first = await importCustomers({ db: t.db, input: textInput(file), source: "c.csv" });
    expect([first.inserted, first.alreadyPresent, first.customersCreated]).toEqual([2, 0, 2]);
    const again = await importCustomers({ db: t.db, input: textInput(file), source: "c.csv" });
    expect([again.inserted, again.alreadyPresent, again.customersUpdated]).toEqual([0, 2, 0]);
    const changed = await importCustomers({
      db: t.db,
      input: textInput("customer_id,name,email\nc1,Ann B,ann@example.com\nc2,,\n"),
      source: "c2.csv",
    });
    expect([changed.inserted, changed.customersUpdated]).toEqual([0, 1]);
    const rows = await customerRows(["name", "email", "createdAt"]);
    expect(rows).toEqual([
      {
        externalId: "c1",
        name: "Ann B",
        email: "ann@example.com",
        createdAt: new Date(Date.UTC(2020, 4, 1)),
      },
      { externalId: "c2", name: "Bob", email: "bob@example.com", createdAt: null },
    ]);
  });

  it("refuses a header that does not fit the options before writing anything, the import log included", async () => {
    const error = await importText("Order,Customer,Date,Sales\n1,c,2024-01-01,1\n", {
      columns: { order_id: "Order", customer_id: "Customer Nme", occurred_at: "Date", amount: "Sales" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toContain('its columns are "Order", "Customer", "Date", "Sales"');
    expect(await recentImports(t.db)).toEqual([]);
    expect(await checksum(t.db)).toEqual({ orders: 0, cents: 0, lines: 0, customers: 0 });
  });

  it("a NUL in an id or a name and a 3 KB id are rejects with line and column; the import completes and a re-run adds nothing", async () => {
    const text =
      "order_id,customer_id,occurred_at,amount,name\n" +
      "N1\u0000,c1,2024-01-01,1.00,Ann\n" +
      "N2,c1,2024-01-02,2.00,A\u0000nn\n" +
      `${"x".repeat(3000)},c1,2024-01-03,3.00,Ann\n` +
      "N4,c1,2024-01-04,4.00,Ann\n";
    for (const run of [1, 2]) {
      const summary = await importText(text);
      expect(summary.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
        [2, "order_id", "BAD_TEXT"],
        [3, "name", "BAD_TEXT"],
        [4, "order_id", "TOO_LONG"],
      ]);
      expect([summary.inserted, summary.alreadyPresent]).toEqual(run === 1 ? [1, 0] : [0, 1]);
    }
    expect(await checksum(t.db)).toEqual({ orders: 1, cents: 400, lines: 1, customers: 1 });
    expect((await recentImports(t.db)).map((l) => l.status)).toEqual(["complete", "complete"]);
  });
});
