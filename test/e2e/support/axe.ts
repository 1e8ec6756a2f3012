/// <reference lib="dom" />
// The callbacks passed to page.evaluate run in the browser and use DOM types.
/**
 * axe-core (Deque's accessibility engine) run inside a real page: the script is injected with
 * playwright-core from the test workspace's own copy, never downloaded. The checks are WCAG 2.x
 * A and AA plus axe's best practices; a violation of impact `serious` or `critical` fails.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** What axe reports per violated rule (the subset the tests print). */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { target: readonly string[]; failureSummary: string }[];
}

/** The impacts that fail a test: serious and critical (issue 10 §8). */
export const FAILING_IMPACTS: readonly string[] = ["serious", "critical"];

/**
 * Runs axe on the whole document as it is now and returns every violation (all impacts), so a
 * test can both fail on the serious ones and log the rest.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const injected = await page.evaluate(() => "axe" in window);
  if (!injected) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    type AxeResults = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        helpUrl: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }
    ).axe;
    const results = await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
      resultTypes: ["violations"],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))),
        failureSummary: n.failureSummary ?? "",
      })),
    }));
  });
}

/** One line per violated rule and one per element, for a failure message a person can act on. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes
          .slice(0, 10)
          .map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary.replace(/\n/g, "\n      ")}`)
          .join("\n")}${v.nodes.length > 10 ? `\n    ... and ${v.nodes.length - 10} more` : ""}`,
    )
    .join("\n");
}

/**
 * Fails, listing each rule id, the target selectors and axe's help text, when axe finds a
 * serious or critical violation on the page; `where` names the page and state in the message.
 */
export async function expectNoSeriousViolations(page: Page, where: string): Promise<AxeViolation[]> {
  const violations = await runAxe(page);
  const failing = violations.filter((v) => v.impact !== null && FAILING_IMPACTS.includes(v.impact));
  if (failing.length > 0) {
    throw new Error(
      `axe: ${failing.length} serious or critical violation(s) on ${where}:\n${describeViolations(failing)}`,
    );
  }
  return violations;
}
