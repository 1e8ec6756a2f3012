"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "../../../../components/ui/card";
import { ChartImage } from "../../../../components/ui/chart-image";
import { FiguresTable } from "../../../../components/ui/figures-table";
import { EmptyState } from "../../../../components/ui/states";
import { CHART_COLORS, strokeOnWhite } from "../../../../lib/chart-colors";
import { formatCompact, formatInt, formatMoney, formatShare } from "../../../../lib/format";

interface SegmentFigures {
  name: string;
  color: string;
  customerCount: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
}

type Metric = "customers" | "revenue";

/** What each chart shows of a segment, and how its figures are written. */
const METRICS = {
  customers: {
    title: "Customers per segment",
    description: "Count and share of the scored customers.",
    name: "Customers",
    value: (s: SegmentFigures) => s.customerCount,
    share: (s: SegmentFigures) => s.customerShare,
    format: formatInt,
    // The bar labels are short: whole counts, compact amounts.
    formatLabel: formatInt,
  },
  revenue: {
    title: "Revenue per segment",
    description: "Net revenue (GMV) in the window and share of the total.",
    name: "Revenue",
    value: (s: SegmentFigures) => s.revenue,
    share: (s: SegmentFigures) => s.revenueShare,
    format: formatMoney,
    formatLabel: formatCompact,
  },
} as const;

/** Customers per segment and revenue per segment, side by side, as in the seed's two charts. */
export function SegmentCharts({ segments }: { segments: readonly SegmentFigures[] }) {
  if (segments.length === 0) return <EmptyState>The published mapping has no segments.</EmptyState>;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <SegmentChart segments={segments} metric="customers" />
      <SegmentChart segments={segments} metric="revenue" />
    </div>
  );
}

function SegmentChart({ segments, metric }: { segments: readonly SegmentFigures[]; metric: Metric }) {
  const m = METRICS[metric];
  const rows = segments.map((s) => ({
    name: s.name,
    color: s.color,
    value: m.value(s),
    share: m.share(s),
    label: `${m.formatLabel(m.value(s))} (${formatShare(m.share(s))})`,
  }));
  return (
    <Card title={m.title} description={m.description}>
      <ChartImage
        label={`Bar chart of ${m.title.toLowerCase()}; the table below has the figures.`}
        height={Math.max(220, rows.length * 34 + 40)}
      >
        <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 110 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={formatCompact} />
          <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => m.format(Number(value))} />
          <Bar dataKey="value" name={m.name} isAnimationActive={false}>
            {rows.map((row) => (
              <Cell key={row.name} fill={strokeOnWhite(row.color)} />
            ))}
            <LabelList
              dataKey="label"
              position="right"
              style={{ fontSize: 11, fill: CHART_COLORS.labelText }}
            />
          </Bar>
        </BarChart>
      </ChartImage>
      <FiguresTable
        caption={m.title}
        columns={[
          { header: "Segment", cell: (row) => row.name },
          { header: m.name, cell: (row) => m.format(row.value) },
          { header: "Share", cell: (row) => formatShare(row.share) },
        ]}
        rows={rows}
        rowKey={(row) => row.name}
        rowAttributes={(row) => ({
          "data-testid": `segment-${metric}-row`,
          "data-segment": row.name,
          "data-value": row.value,
        })}
      />
    </Card>
  );
}
