"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card } from "../../../../components/ui/card";
import { FiguresTable } from "../../../../components/ui/figures-table";
import { EmptyState } from "../../../../components/ui/states";
import { formatCompact, formatInt, formatMoney, formatShare } from "../../../../lib/format";

interface SegmentFigures {
  name: string;
  color: string;
  customerCount: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
}

/** Customers per segment and revenue per segment, side by side, as in the seed's two charts. */
export function SegmentCharts({ segments }: { segments: readonly SegmentFigures[] }) {
  if (segments.length === 0) return <EmptyState>The published mapping has no segments.</EmptyState>;
  const rows = segments.map((s) => ({
    ...s,
    customersLabel: `${formatInt(s.customerCount)} (${formatShare(s.customerShare)})`,
    revenueLabel: `${formatCompact(s.revenue)} (${formatShare(s.revenueShare)})`,
  }));
  const height = Math.max(220, rows.length * 34 + 40);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Customers per segment" description="Count and share of the scored customers.">
        <div role="img" aria-label="Bar chart of customers per segment; the table below has the figures.">
          <ResponsiveContainer width="100%" height={height}>
            <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 110 }}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" tickFormatter={formatCompact} />
              <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12 }} />
              <Tooltip formatter={(value) => formatInt(Number(value))} />
              <Bar dataKey="customerCount" name="Customers" isAnimationActive={false}>
                {rows.map((row) => (
                  <Cell key={row.name} fill={row.color} />
                ))}
                <LabelList
                  dataKey="customersLabel"
                  position="right"
                  style={{ fontSize: 11, fill: "#334155" }}
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <FiguresTable caption="Customers per segment">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="text-right">
                Customers
              </th>
              <th scope="col" className="text-right">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.name}
                data-testid="segment-customers-row"
                data-segment={row.name}
                data-value={row.customerCount}
              >
                <td>{row.name}</td>
                <td className="text-right">{formatInt(row.customerCount)}</td>
                <td className="text-right">{formatShare(row.customerShare)}</td>
              </tr>
            ))}
          </tbody>
        </FiguresTable>
      </Card>
      <Card title="Revenue per segment" description="Net revenue (GMV) in the window and share of the total.">
        <div role="img" aria-label="Bar chart of revenue per segment; the table below has the figures.">
          <ResponsiveContainer width="100%" height={height}>
            <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 110 }}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" tickFormatter={formatCompact} />
              <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12 }} />
              <Tooltip formatter={(value) => formatMoney(Number(value))} />
              <Bar dataKey="revenue" name="Revenue" isAnimationActive={false}>
                {rows.map((row) => (
                  <Cell key={row.name} fill={row.color} />
                ))}
                <LabelList
                  dataKey="revenueLabel"
                  position="right"
                  style={{ fontSize: 11, fill: "#334155" }}
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <FiguresTable caption="Revenue per segment">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="text-right">
                Revenue
              </th>
              <th scope="col" className="text-right">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.name}
                data-testid="segment-revenue-row"
                data-segment={row.name}
                data-value={row.revenue}
              >
                <td>{row.name}</td>
                <td className="text-right">{formatMoney(row.revenue)}</td>
                <td className="text-right">{formatShare(row.revenueShare)}</td>
              </tr>
            ))}
          </tbody>
        </FiguresTable>
      </Card>
    </div>
  );
}
