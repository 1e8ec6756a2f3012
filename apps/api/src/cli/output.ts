import type { ScoringWarning, SegmentStatsResult } from "@rfm/core";
import Table from "cli-table3";

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = (share: number): string => `${(share * 100).toFixed(2)}%`;

/**
 * The segment table marketers know from the seed: customers and revenue, counts and shares;
 * with `keys` (per segment, in order), each segment's key (what integrations name it by).
 */
export function printSegmentTable(
  stats: SegmentStatsResult,
  keys: readonly string[] | null = null,
  out: NodeJS.WritableStream = process.stdout,
): void {
  const withKeys = keys !== null;
  const table = new Table({
    head: [
      "Segment",
      ...(withKeys ? ["Key"] : []),
      "Customers",
      "Share",
      "Revenue",
      "Rev. share",
      "Avg R (days)",
      "Avg F",
      "Avg M",
      "Avg CLV (1y)",
    ],
    colAligns: [
      "left",
      ...(withKeys ? (["left"] as const) : []),
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
      "right",
    ],
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const [i, s] of stats.segments.entries()) {
    table.push([
      s.name,
      ...(withKeys ? [keys[i] ?? ""] : []),
      integer.format(s.customers),
      percent(s.customerShare),
      money.format(s.revenue),
      percent(s.revenueShare),
      decimal.format(s.avgRecencyDays),
      decimal.format(s.avgFrequency),
      money.format(s.avgMonetary),
      s.avgClv === null ? "-" : money.format(s.avgClv),
    ]);
  }
  const t = stats.totals;
  table.push([
    "Total",
    ...(withKeys ? [""] : []),
    integer.format(t.customers),
    percent(t.customers > 0 ? 1 : 0),
    money.format(t.revenue),
    percent(t.revenue !== 0 ? 1 : 0),
    decimal.format(t.avgRecencyDays),
    decimal.format(t.avgFrequency),
    money.format(t.avgMonetary),
    t.avgClv === null ? "-" : money.format(t.avgClv),
  ]);
  out.write(`${table.toString()}\n`);
}

export function printWarnings(
  warnings: readonly ScoringWarning[],
  out: NodeJS.WritableStream = process.stdout,
): void {
  if (warnings.length === 0) return;
  out.write("\nWarnings:\n");
  for (const w of warnings) out.write(`  - [${w.code}] ${w.message}\n`);
}
