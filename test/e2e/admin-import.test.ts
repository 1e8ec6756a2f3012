/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * The Import page in Chromium, as a marketer uses it: she picks this month's orders (a file
 * whose columns are named her shop's way, US dates, two bad rows), maps the columns, sees the
 * first rows parsed and the date format suggested, imports, watches the progress reach 100%,
 * reads the summary and the rejects, downloads them, and starts a scoring run. Expected values
 * are written out by hand and checked against the database with SQL. Also: a file dropped on
 * the page (Latin-1, semicolons, detected), a viewer who may not import, and an upload over the
 * 10 MB Next's proxy would cut, arriving whole through the admin's streaming route.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

/** Six good orders (customers WEB-1..6), a bad amount on line 4 and an empty customer on line 7. */
const ORDERS = [
  "Order,Customer,Date,Total,Email",
  "W1,WEB-1,1/3/24,10.00,one@example.com",
  "W2,WEB-2,1/13/24,20.50,two@example.com",
  "W3,WEB-3,2/1/24,abc,three@example.com",
  "W4,WEB-3,2/14/24,30.00,three@example.com",
  "W5,WEB-4,3/1/24,5.25,",
  "W6,,3/2/24,7.00,",
  "W7,WEB-5,3/3/24,8.00,",
  "W8,WEB-6,3/4/24,9.00,",
  "",
].join("\n");

const REJECTS_CSV = [
  "line,column,code,reason,raw",
  '4,Total,BAD_AMOUNT,"amount ""abc"" is not a number (accepted forms: 1234.56, -12.5, 1,234.56, $12.00)","W3,WEB-3,2/1/24,abc,three@example.com"',
  '7,Customer,MISSING_FIELD,"customer_id is empty (column ""Customer"")","W6,,3/2/24,7.00,"',
  "",
].join("\r\n");

describe("the admin in Chromium: importing a file", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready } = session;

  it(
    "maps the columns, previews with the suggested date format, imports with progress, shows and downloads the rejects, starts a run",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.admin, "/import");
      await ready(page, "import");
      await page.getByLabel("Transactions (orders)").check();
      await page.getByLabel("File (CSV or JSON lines)").setInputFiles({
        name: "march-orders.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(ORDERS),
      });

      // The shop's own column names: the importer cannot match them, and says which it needs.
      await poll(() => page.getByRole("alert").first().textContent()).toContain(
        "the header has no column for order_id",
      );
      for (const [field, column] of [
        ["order_id", "Order"],
        ["customer_id", "Customer"],
        ["occurred_at", "Date"],
        ["amount", "Total"],
      ] as const) {
        await page.getByLabel(`File column for ${field}`).selectOption(column);
      }
      // Email is matched by its name, without a choice.
      expect(await page.getByLabel("File column for email").inputValue()).toBe("Email");

      await poll(() => page.getByTestId("date-suggestion").textContent()).toContain(
        "Suggested from the values of Date: M/d/yy.",
      );
      await poll(() => page.getByLabel("Date format").inputValue()).toBe("M/d/yy");
      await poll(() => page.getByTestId("preview-counts").textContent()).toBe(
        "6 of 8 rows would be imported; 2 would be rejected.",
      );
      const firstRow = page.getByTestId("preview-row").first();
      expect(await firstRow.locator("td").allTextContents()).toEqual([
        "2",
        "W1",
        "WEB-1",
        "2024-01-03",
        "10.00",
        "one@example.com",
      ]);
      await poll(() => page.getByTestId("preview-row").nth(2).textContent()).toContain(
        'Rejected (Total): amount "abc" is not a number',
      );
      expect(await page.getByTestId("read-as").textContent()).toBe(
        "Read as CSV, UTF-8, comma-separated (detected from the start of the file).",
      );
      await screenshot(page, "import-preview");

      await page.getByRole("button", { name: /^Import / }).click();
      await poll(() => page.getByTestId("import-summary").textContent()).toBe(
        "Rows read8Inserted6Already there0Rejected2",
      );
      expect(
        await page.getByTestId("upload-progress").evaluate((p: HTMLProgressElement) => p.value / p.max),
      ).toBe(1);
      await expect.poll(() => page.getByText(/sent \(100%\)/).count()).toBe(1);
      // Focus lands on the result, not on the page body.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("import-result");

      const rejects = await page
        .getByTestId("rejects-table")
        .locator("tbody tr")
        .evaluateAll((rows) =>
          rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent)),
        );
      expect(rejects).toEqual([
        ["4", "Total", 'amount "abc" is not a number (accepted forms: 1234.56, -12.5, 1,234.56, $12.00)'],
        ["7", "Customer", 'customer_id is empty (column "Customer")'],
      ]);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download all rejects (CSV)" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^import-\d+-rejects\.csv$/);
      expect(readFileSync((await download.path())!, "utf8")).toBe(REJECTS_CSV);

      const stored = await session.api.sql<{ id: string; orders: number; cents: number }>(
        `SELECT c.external_id AS "id", count(*) AS "orders", sum(t.amount_cents) AS "cents"
         FROM transactions t JOIN customers c ON c.id = t.customer_id
         WHERE c.external_id LIKE 'WEB-%' GROUP BY c.external_id ORDER BY c.external_id`,
      );
      expect(stored.map((r) => [r.id, Number(r.orders), Number(r.cents)])).toEqual([
        ["WEB-1", 1, 1000],
        ["WEB-2", 1, 2050],
        ["WEB-3", 1, 3000],
        ["WEB-4", 1, 525],
        ["WEB-5", 1, 800],
        ["WEB-6", 1, 900],
      ]);

      const [{ runs: before }] = (await session.api.sql<{ runs: number }>(
        `SELECT count(*) AS "runs" FROM scoring_runs`,
      )) as [{ runs: number }];
      await page.getByRole("button", { name: "Start a scoring run" }).click();
      await poll(() => page.getByRole("link", { name: "Follow it on the Scoring page" }).count()).toBe(1);
      const [{ runs: after }] = (await session.api.sql<{ runs: number }>(
        `SELECT count(*) AS "runs" FROM scoring_runs`,
      )) as [{ runs: number }];
      expect(Number(after)).toBe(Number(before) + 1);
      await page.setViewportSize({ width: 1440, height: 1000 });
      await screenshot(page, "import-done");

      await page.setViewportSize({ width: 390, height: 900 });
      await poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, "import-done-390");
    },
    TIMEOUT,
  );

  it(
    "takes a dropped file, detecting Latin-1 and semicolons",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/import");
      await ready(page, "import");
      await page.getByRole("radio", { name: "Customers" }).check();
      const bytes = [...Buffer.from("customer_id;name;city\nDROP-1;Zoë;Montréal\n", "latin1")];
      const transfer = await page.evaluateHandle((data) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(data)], "customers.csv", { type: "text/csv" }));
        return dt;
      }, bytes);
      await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer: transfer });
      await poll(() => page.getByTestId("read-as").textContent()).toBe(
        "Read as CSV, Latin-1, semicolon-separated (detected from the start of the file).",
      );
      expect(await page.getByTestId("preview-row").first().locator("td").allTextContents()).toEqual([
        "2",
        "DROP-1",
        "Zoë",
        "Montréal",
      ]);
    },
    TIMEOUT,
  );

  it(
    "shows a viewer why they cannot import",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.viewer, "/import");
      await ready(page, "import");
      await poll(() => page.getByText("Read-only:").count()).toBe(1);
      expect(
        await page.getByText("Your token has the viewer role, which may not import files.").count(),
      ).toBe(1);
      expect(await page.getByLabel("File (CSV or JSON lines)").isDisabled()).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "streams an upload of more than 10 MB through the admin whole (Next's proxy would cut it there)",
    async () => {
      const rows = 300_000;
      let text = "order_id,customer_id,occurred_at,amount\n";
      for (let i = 0; i < rows; i++)
        text += `BIG-${i},BIGC-${i % 1000},2024-05-01,1.${String(i % 100).padStart(2, "0")}\n`;
      const body = Buffer.from(text);
      expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
      const response = await fetch(`${session.admin.url}/api/imports/transactions`, {
        method: "POST",
        headers: { authorization: `Bearer ${session.api.tokens.editor}`, "content-type": "text/csv" },
        body,
      });
      expect(response.status).toBe(200);
      const summary = (await response.json()) as { rowsRead: number; inserted: number; rejected: number };
      expect(summary).toMatchObject({ rowsRead: rows, inserted: rows, rejected: 0 });
    },
    TIMEOUT,
  );
});
