/// <reference lib="dom" />
// Callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * The mapping editor and the segments page in a real browser (Debian's Chromium via
 * playwright-core) against the real API and the admin's production build (see
 * support/session.ts): moving codes, publishing, a conflicting publish, editing segments, rules
 * as score ranges, an invalid draft and a rollback. Figures on the pages are compared with what
 * the API answers; screenshots of each page go to test/e2e/artifacts/.
 *
 * The tests run in order and share one database: each publishes a version the next one starts
 * from, so they read the versions they expect from the API rather than assuming them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { screenshot } from "./support/browser";
import { poll, TIMEOUT, useAdminSession } from "./support/session";

describe("the admin in Chromium: editing the mapping", () => {
  const session = useAdminSession();
  const { newPage, signIn, ready, gql } = session;

  it(
    "moves a code to another segment with the keyboard, previews it, publishes, and every figure follows",
    async () => {
      const before = await gql<{
        mapping: { version: number };
        champions: { customerCount: number; codes: string[] };
        loyal: { customerCount: number };
        with444: { totalCount: number };
      }>(`{
        mapping { version }
        champions: segment(name: "Champions") { customerCount codes }
        loyal: segment(name: "Loyal Customer") { customerCount }
        with444: customers(filter: { codes: ["444"] }, first: 1) { totalCount }
      }`);
      expect(before.champions.codes).toContain("444");
      const moved = before.with444.totalCount;
      expect(moved).toBeGreaterThan(0);

      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/mapping");
      await ready(page, "mapping");
      // The legend names each segment's key beside its name, in the presets' order.
      expect((await page.getByTestId("legend-key").allInnerTexts()).slice(0, 3)).toEqual([
        "champions",
        "loyal-customer",
        "potential-loyalist",
      ]);
      const loyalRow = page.locator('[data-testid=preview-row][data-segment="Loyal Customer"]');
      await poll(() => loyalRow.getAttribute("data-draft-customers")).toBe(
        String(before.loyal.customerCount),
      );

      // Keyboard: the grid's tab stop is 444; move away and back with the arrows, select with Space.
      const cell444 = page.locator('[role=gridcell][data-code="444"]');
      await cell444.focus();
      await page.keyboard.press("ArrowDown");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-code"))).toBe("434");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Space");
      expect(await cell444.getAttribute("aria-selected")).toBe("true");
      expect(await page.getByTestId("selection-summary").textContent()).toContain("444");

      await page.getByLabel("Move the selected codes to").selectOption("Loyal Customer");
      await page.getByRole("button", { name: "Assign", exact: true }).click();
      await poll(() => cell444.getAttribute("data-segment")).toBe("Loyal Customer");
      await poll(() => loyalRow.getAttribute("data-draft-customers")).toBe(
        String(before.loyal.customerCount + moved),
      );
      expect(await loyalRow.getAttribute("data-published-customers")).toBe(
        String(before.loyal.customerCount),
      );
      expect(await page.getByTestId("publish-changes").getByTestId("code-moves").textContent()).toContain(
        "Champions → Loyal Customer: 444",
      );
      await screenshot(page, "mapping-draft");

      await page.getByLabel("Note (what changed and why)").fill("444 spends like a loyal customer");
      await page.getByRole("button", { name: `Publish as v${before.mapping.version + 1}` }).click();
      await page.getByTestId("publish-done").waitFor();
      await page
        .locator(`[data-testid=version-history] [data-version="${before.mapping.version + 1}"]`)
        .waitFor();
      await screenshot(page, "mapping-published");

      const after = await gql<{
        mapping: { version: number };
        loyal: { customerCount: number; codes: string[] };
        champions: { customerCount: number };
      }>(`{
        mapping { version }
        loyal: segment(name: "Loyal Customer") { customerCount codes }
        champions: segment(name: "Champions") { customerCount }
      }`);
      expect(after.mapping.version).toBe(before.mapping.version + 1);
      expect(after.loyal.codes).toContain("444");
      expect(after.loyal.customerCount).toBe(before.loyal.customerCount + moved);
      expect(after.champions.customerCount).toBe(before.champions.customerCount - moved);

      await page.getByRole("link", { name: "Dashboard" }).click();
      await ready(page, "dashboard");
      await poll(() => page.getByTestId("headline-mapping-version").getAttribute("data-value")).toBe(
        String(after.mapping.version),
      );
      await poll(() =>
        page
          .locator('[data-testid=segment-customers-row][data-segment="Loyal Customer"]')
          .getAttribute("data-value"),
      ).toBe(String(after.loyal.customerCount));
    },
    TIMEOUT,
  );

  it(
    "tells the editor when someone else published first, and publishes after a reload",
    async () => {
      const { mapping } = await gql<{ mapping: { version: number } }>(`{ mapping { version } }`);
      // A shared draft exists when the editor opens the page...
      await gql(
        `mutation { assignCodes(input: { codes: ["111"], segment: "About to Sleep" }) { draft { version } } }`,
      );
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/mapping");
      await ready(page, "mapping");
      await page.getByTestId("publish-changes").getByTestId("code-moves").waitFor();
      // ...then someone else publishes it and starts a new draft.
      await gql(
        `mutation { publishMapping(input: { expectedVersion: ${mapping.version}, note: "elsewhere" }) { mapping { version } } }`,
      );
      await gql(
        `mutation { assignCodes(input: { codes: ["112"], segment: "About to Sleep" }) { draft { version } } }`,
      );

      await page.getByRole("button", { name: `Publish as v${mapping.version + 1}` }).click();
      const conflict = page.getByTestId("publish-conflict");
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain("Someone else published first");
      expect(await conflict.textContent()).toContain(`Version v${mapping.version + 1} was published`);
      await screenshot(page, "mapping-conflict");

      await conflict.getByRole("button", { name: "Reload the mapping" }).click();
      await page.getByRole("button", { name: `Publish as v${mapping.version + 2}` }).click();
      await page.getByTestId("publish-done").waitFor();
      const after = await gql<{ mapping: { version: number }; lost: { codes: string[] } }>(
        `{ mapping { version } lost: segment(name: "About to Sleep") { codes } }`,
      );
      expect(after.mapping.version).toBe(mapping.version + 2);
      expect(after.lost.codes).toEqual(expect.arrayContaining(["111", "112"]));
    },
    TIMEOUT,
  );

  it(
    "an editor adds, renames, reorders and deletes a segment in the draft",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/segments");
      await ready(page, "segments");
      const form = page.locator("form", { has: page.getByRole("button", { name: "Add the segment" }) });
      await form.getByLabel("Name").fill("Whales");
      await form.getByLabel("Color (hex)").fill("#1e3a8a");
      await form.getByLabel("Description").fill("Very large spenders.");
      await form.getByLabel("Recommended action").fill("Call them.");
      // The key is prefilled with the name's slug, and fixed for good once added.
      expect(await form.getByLabel("Key").inputValue()).toBe("whales");
      await form.getByRole("button", { name: "Add the segment" }).click();
      const card = (name: string) => page.locator(`[data-testid=segment-card][data-segment="${name}"]`);
      await card("Whales").waitFor();
      expect(await card("Whales").getByTestId("segment-key").innerText()).toBe(
        "Key whales (integrations use the key; it never changes)",
      );

      await card("Whales").getByRole("button", { name: "Edit" }).click();
      // The rename form says which key integrations keep using.
      expect(await card("Whales").getByTestId("rename-key-note").innerText()).toBe(
        "Renaming changes what people see; integrations keep using key whales.",
      );
      await card("Whales").getByLabel("Name").fill("Big Spenders");
      await card("Whales").getByRole("button", { name: "Save" }).click();
      await card("Big Spenders").waitFor();
      expect(await card("Big Spenders").getAttribute("data-key")).toBe("whales");
      const renamed = await gql<{ mappingDraft: { segments: { key: string; name: string }[] } }>(
        `{ mappingDraft { segments { key name } } }`,
      );
      expect(renamed.mappingDraft.segments.find((s) => s.key === "whales")?.name).toBe("Big Spenders");
      await card("Big Spenders").getByRole("button", { name: "Move Big Spenders up" }).click();
      // It was added last; one step up puts it before the last segment.
      await poll(async () =>
        (
          await page
            .getByTestId("segment-card")
            .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-segment")))
        ).at(-2),
      ).toBe("Big Spenders");

      // Give it a code, then delete it handing its codes to another segment.
      await gql(
        `mutation { assignCodes(input: { codes: ["113"], segment: "Big Spenders" }) { draft { version } } }`,
      );
      await page.reload();
      await ready(page, "segments");
      await card("Big Spenders").getByRole("button", { name: "Delete…" }).click();
      await card("Big Spenders")
        .getByLabel("Give the 1 codes of Big Spenders to")
        .selectOption("Lost Customer");
      await screenshot(page, "segments-edit");
      await card("Big Spenders").getByRole("button", { name: "Delete Big Spenders" }).click();
      await card("Big Spenders").waitFor({ state: "detached" });

      const { mappingDraft } = await gql<{
        mappingDraft: { valid: boolean; segments: { name: string; codes: string[] }[] };
      }>(`{ mappingDraft { valid segments { name codes } } }`);
      expect(mappingDraft.valid).toBe(true);
      expect(mappingDraft.segments.map((s) => s.name)).not.toContain("Big Spenders");
      expect(mappingDraft.segments.find((s) => s.name === "Lost Customer")?.codes).toContain("113");
      await gql(`mutation { discardDraft { discarded } }`);
    },
    TIMEOUT,
  );

  it(
    "writes a segment as score ranges, shows the problems of an invalid draft by code, and rolls back",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/mapping");
      await ready(page, "mapping");

      const rules = page.locator("form", { has: page.getByRole("button", { name: "Set the rules" }) });
      await rules.getByLabel("Segment").selectOption("Champions");
      await rules.getByLabel("Rules").fill("R4 F4 M*");
      await rules.getByRole("button", { name: "Set the rules" }).click();
      for (const code of ["441", "442", "443", "444"]) {
        await poll(() =>
          page.locator(`[role=gridcell][data-code="${code}"]`).getAttribute("data-segment"),
        ).toBe("Champions");
      }
      expect(await page.locator('[role=gridcell][data-code="434"]').getAttribute("data-segment")).not.toBe(
        "Champions",
      );

      // Someone deletes a segment without giving its codes to another: the draft is invalid.
      const { mappingDraft } = await gql<{ mappingDraft: { segments: { name: string; codes: string[] }[] } }>(
        `{ mappingDraft { segments { name codes } } }`,
      );
      const orphaned = mappingDraft.segments.find((s) => s.name === "Price Sensitive")?.codes ?? [];
      expect(orphaned.length).toBeGreaterThan(0);
      await gql(`mutation { deleteSegment(input: { segment: "Price Sensitive" }) { draft { valid } } }`);
      await page.reload();
      await ready(page, "mapping");
      const validation = page.getByTestId("validation");
      await validation.waitFor();
      for (const code of orphaned) expect(await validation.textContent()).toContain(code);
      // The cell's accessible name (its text, with screen-reader-only words) says it has a problem.
      await page.getByRole("gridcell", { name: new RegExp(`^${orphaned[0]} .*has a problem$`) }).waitFor();
      expect(await page.getByRole("button", { name: /^Publish as v/ }).isDisabled()).toBe(true);
      await screenshot(page, "mapping-invalid");

      await page.getByRole("button", { name: "Discard the draft…" }).click();
      await page.getByRole("button", { name: "Discard", exact: true }).click();
      await poll(() => page.getByTestId("mapping-status").textContent()).toContain(
        "Showing the published mapping",
      );

      // Roll back to the first version: a new version with v1's codes.
      const before = await gql<{
        mapping: { version: number };
        v1: { segments: { name: string; codes: string[] }[] };
      }>(`{ mapping { version } v1: mappingVersion(version: 1) { segments { name codes } } }`);
      const entry = page.locator('[data-testid=version-history] [data-version="1"]');
      await entry.getByRole("button", { name: "Roll back to v1…" }).click();
      await entry.getByLabel("Why restore v1?").fill("back to the preset");
      await entry.getByRole("button", { name: "Publish a copy of v1" }).click();
      await poll(() => entry.getByRole("status").textContent()).toContain(
        `new v${before.mapping.version + 1}`,
      );
      const after = await gql<{
        mapping: { version: number; note: string | null; segments: { name: string; codes: string[] }[] };
      }>(`{ mapping { version note segments { name codes } } }`);
      expect(after.mapping.version).toBe(before.mapping.version + 1);
      const codesOf = (segments: { name: string; codes: string[] }[]) =>
        Object.fromEntries(segments.map((s) => [s.name, [...s.codes].sort()]));
      expect(codesOf(after.mapping.segments)).toEqual(codesOf(before.v1.segments));
      await page.locator(`[data-testid=version-history] [data-version="${after.mapping.version}"]`).waitFor();
    },
    TIMEOUT,
  );

  it(
    "downloads the mapping as a file, and uploads an R rfm_segment() rule list into the draft with its shadow report",
    async () => {
      const page = await newPage();
      await signIn(page, session.api.tokens.editor, "/mapping");
      await ready(page, "mapping");

      const { mappingFile } = await gql<{ mappingFile: string }>(`{ mappingFile }`);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download JSON" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("rfm-mapping.json");
      expect(readFileSync((await download.path())!, "utf8")).toBe(mappingFile);

      // The R rfm package's documented example (rfm 0.2.x), as its users write it.
      const file = [
        "format: rfm-mapping",
        "version: 1",
        "bins: 5",
        "rfm_segment:",
        "  segment_names: [Champions, Loyal Customers, Potential Loyalist, New Customers, Promising,",
        "                  Need Attention, About To Sleep, At Risk, Can't Lose Them, Lost]",
        "  recency_lower:   [4, 2, 3, 4, 3, 2, 2, 1, 1, 1]",
        "  recency_upper:   [5, 5, 5, 5, 4, 3, 3, 2, 1, 2]",
        "  frequency_lower: [4, 3, 1, 1, 1, 2, 1, 2, 4, 1]",
        "  frequency_upper: [5, 5, 3, 1, 1, 3, 2, 5, 5, 2]",
        "  monetary_lower:  [4, 3, 1, 1, 1, 2, 1, 2, 4, 1]",
        "  monetary_upper:  [5, 5, 3, 1, 1, 3, 2, 5, 5, 2]",
        "",
      ].join("\n");
      await page.setInputFiles("#mapping-file-upload", {
        name: "from-r.yaml",
        mimeType: "application/yaml",
        buffer: Buffer.from(file),
      });
      const report = page.getByTestId("mapping-file-report");
      await poll(() => report.textContent()).toContain(
        "The file is now the draft (read as rfm_segment, first-match wins)",
      );
      const text = (await report.textContent()) ?? "";
      expect(text).toContain(
        "New Customers (R4-5 F1 M1): 0 codes; 2 shadowed (411 → Potential Loyalist, 511 → Potential Loyalist)",
      );
      expect(text).toMatch(/\d+ codes matched no rule and went to Others\./);
      await poll(() => page.getByTestId("mapping-status").textContent()).toContain(
        "Editing the shared draft",
      );
      await screenshot(page, "mapping-file-upload");

      const { mappingDraft } = await gql<{ mappingDraft: { bins: number; segments: { name: string }[] } }>(
        `{ mappingDraft { bins segments { name } } }`,
      );
      expect(mappingDraft.bins).toBe(5);
      expect(mappingDraft.segments.map((s) => s.name).at(-1)).toBe("Others");
      await gql(`mutation { discardDraft { discarded } }`);
    },
    TIMEOUT,
  );
});
