/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * How long each admin page takes to become usable, measured in Debian's Chromium.
 *
 *   ADMIN_URL=http://127.0.0.1:3000 RFM_TOKEN=rfm_... npx tsx test/e2e/page-timings.ts [--runs 5] [--measure-edit]
 *
 * For each page, a fresh navigation (full page load, token already in storage) is timed from
 * the navigation start to the page's `rfm:ready:<page>` performance mark, which the page sets
 * when its main data is on screen (components/ui/page-ready.tsx). Also printed: time to the
 * first byte of the HTML and to DOMContentLoaded. The first run of each page is reported
 * apart (cold caches); the median is over the other runs.
 *
 * The mapping preview is timed as the `previewMapping` request the editor makes after every
 * change (median of 10). With --measure-edit the script also times real edits in the UI: it
 * moves one code through six other segments, each time waiting for the preview to show it,
 * then puts it back (and discards the draft if it started it). That writes to the shared draft: do not use it
 * while someone is editing the mapping.
 */
import { chromium, type Page } from "playwright-core";
import { testEnv } from "../support/env";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./support/browser";

interface Options {
  adminUrl: string;
  token: string;
  runs: number;
  measureEdit: boolean;
}

function options(): Options {
  const args = process.argv.slice(2);
  const { ADMIN_URL: adminUrl, RFM_TOKEN: token } = testEnv;
  if (!adminUrl || !token) {
    process.stderr.write(
      "usage: ADMIN_URL=http://127.0.0.1:3000 RFM_TOKEN=<token> tsx test/e2e/page-timings.ts [--runs N] [--measure-edit]\n",
    );
    process.exit(2);
  }
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 2) throw new Error("--runs must be an integer of at least 2");
  return { adminUrl, token, runs, measureEdit: args.includes("--measure-edit") };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Timing {
  ready: number;
  ttfb: number;
  domContentLoaded: number;
}

async function timePage(page: Page, url: string, name: string): Promise<Timing> {
  await page.goto(url, { waitUntil: "commit" });
  await page.locator(`[data-page-ready="${name}"]`).waitFor({ state: "attached", timeout: 120_000 });
  return page.evaluate((mark) => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const ready = performance.getEntriesByName(mark, "mark")[0]?.startTime ?? Number.NaN;
    return {
      ready,
      ttfb: nav?.responseStart ?? Number.NaN,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
    };
  }, `rfm:ready:${name}`);
}

async function graphql<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body: { data?: T; errors?: unknown[] } = await page.evaluate(
    async ({ query, variables }) => {
      const token = localStorage.getItem("rfm.token");
      const response = await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    { query, variables },
  );
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

async function timePreviewQuery(page: Page): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = Date.now();
    await graphql(
      page,
      "{ previewMapping { runId valid segments { name customerCount revenue { amount } } published { name customerCount } } }",
    );
    times.push(Date.now() - started);
  }
  return times;
}

/**
 * Moves one code through `times` other segments in the editor, timing each move from the click
 * on Assign until the preview shows the new figures. Every step is a mapping not previewed
 * before, so no answer comes from the browser's cache.
 */
async function timeEdits(page: Page, adminUrl: string, times: number): Promise<number[]> {
  const before = await graphql<{ mappingDraft: { version: number | null } | null }>(
    page,
    "{ mappingDraft { version } }",
  );
  await page.goto(`${adminUrl}/mapping`);
  await page.locator('[data-page-ready="mapping"]').waitFor({ state: "attached", timeout: 120_000 });
  const cell = page.locator('[role=gridcell][data-code="111"]');
  const home = (await cell.getAttribute("data-segment")) ?? "";
  const options = await page.getByLabel("Move the selected codes to").locator("option").allTextContents();
  const targets = options
    .map((o) => o.replace(/ \([^)]*\)$/, ""))
    .filter((name) => name !== home)
    .slice(0, times);
  if (targets.length === 0) throw new Error("the mapping needs two segments to time an edit");
  const elapsed: number[] = [];
  for (const target of targets) {
    const row = page.locator(`[data-testid=preview-row][data-segment="${target}"]`);
    const shown = await row.getAttribute("data-draft-customers");
    await cell.click();
    await page.getByLabel("Move the selected codes to").selectOption(target);
    const started = await page.evaluate(() => performance.now());
    await page.getByRole("button", { name: "Assign", exact: true }).click();
    await page.waitForFunction(
      ({ target, shown }) =>
        document
          .querySelector(`[data-testid=preview-row][data-segment="${CSS.escape(target)}"]`)
          ?.getAttribute("data-draft-customers") !== shown,
      { target, shown },
      { timeout: 60_000, polling: 10 },
    );
    elapsed.push((await page.evaluate(() => performance.now())) - started);
    // Let the edit settle (saved, draft read back) before the next one.
    await page.getByText(`to ${target}.`).waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      ({ target }) =>
        document.querySelector('[role=gridcell][data-code="111"]')?.getAttribute("data-segment") === target,
      { target },
    );
  }
  // Leave the mapping as it was.
  await graphql(
    page,
    "mutation($c: [String!]!, $s: String!) { assignCodes(input: { codes: $c, segment: $s }) { draft { version } } }",
    {
      c: ["111"],
      s: home,
    },
  );
  if (before.mappingDraft === null) await graphql(page, "mutation { discardDraft { discarded } }");
  return elapsed;
}

async function main(): Promise<void> {
  const { adminUrl, token, runs, measureEdit } = options();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addInitScript((value) => localStorage.setItem("rfm.token", value), token);
    const page = await context.newPage();
    await page.goto(`${adminUrl}/sign-in`);

    const { segments } = await graphql<{ segments: { name: string; customerCount: number }[] }>(
      page,
      "{ segments { name customerCount } }",
    );
    const largest = [...segments].sort((a, b) => b.customerCount - a.customerCount)[0];
    if (!largest) throw new Error("no segments: load data and score it first");
    const firstCustomer = await graphql<{
      segment: { customers: { edges: { node: { externalId: string } }[] } };
    }>(
      page,
      "query($s: String!) { segment(name: $s) { customers(first: 1) { edges { node { externalId } } } } }",
      { s: largest.name },
    );
    const customerId = firstCustomer.segment.customers.edges[0]?.node.externalId;

    const pages: [string, string][] = [
      ["dashboard", "/dashboard"],
      ["mapping", "/mapping"],
      ["segments", "/segments"],
      ["audiences", `/audiences?segment=${encodeURIComponent(largest.name)}`],
      ["scoring", "/scoring"],
    ];
    if (customerId) pages.push(["customer", `/customers/${encodeURIComponent(customerId)}`]);

    const rows: string[] = [];
    for (const [name, path] of pages) {
      const timings: Timing[] = [];
      for (let i = 0; i < runs; i++) timings.push(await timePage(page, `${adminUrl}${path}`, name));
      const [cold, ...warm] = timings;
      rows.push(
        [
          name.padEnd(10),
          `${Math.round(cold?.ready ?? Number.NaN)}`.padStart(8),
          `${Math.round(median(warm.map((t) => t.ready)))}`.padStart(8),
          `${Math.round(Math.max(...warm.map((t) => t.ready)))}`.padStart(8),
          `${Math.round(median(warm.map((t) => t.ttfb)))}`.padStart(8),
          `${Math.round(median(warm.map((t) => t.domContentLoaded)))}`.padStart(8),
        ].join(" "),
      );
    }
    process.stdout.write(
      `Admin ${adminUrl}, ${segments.reduce((n, s) => n + s.customerCount, 0).toLocaleString("en")} customers scored, ${runs} loads per page\n`,
    );
    process.stdout.write(
      "page        first ms  median ms  max ms  ttfb ms   dcl ms   (usable = the page's ready mark)\n",
    );
    for (const row of rows) process.stdout.write(`${row}\n`);

    const preview = await timePreviewQuery(page);
    process.stdout.write(
      `mapping preview request: median ${Math.round(median(preview))} ms, max ${Math.max(...preview)} ms (10 requests)\n`,
    );
    if (measureEdit) {
      const edits = await timeEdits(page, adminUrl, 6);
      process.stdout.write(
        `mapping edit to updated preview in the UI: median ${Math.round(median(edits))} ms, max ${Math.round(Math.max(...edits))} ms (${edits.map((e) => Math.round(e)).join(", ")})\n`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
