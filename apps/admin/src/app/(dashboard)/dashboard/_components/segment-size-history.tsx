"use client";

import Link from "next/link";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";
import { Card } from "../../../../components/ui/card";
import { ChartImage } from "../../../../components/ui/chart-image";
import { FiguresTable } from "../../../../components/ui/figures-table";
import { ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { lineDash, strokeOnWhite } from "../../../../lib/chart-colors";
import { formatCompact, formatInt } from "../../../../lib/format";

const SizeHistoryQuery = graphql(`
  query DashboardSizeHistory {
    segmentSizeHistory {
      name
      color
      points {
        runId
        asOfDay
        customers
      }
    }
  }
`);

/**
 * Each segment's customers in every complete run, by as-of day: one line per segment in its
 * mapping colour (darkened where it would not reach 3:1 on white) and its own dash pattern, so
 * lines differ by more than hue, from the runs' stored
 * histograms under the published mapping. Backfilled runs give it history from day one.
 */
export function SegmentSizeHistory() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SizeHistoryQuery });
  const series = data?.segmentSizeHistory ?? [];
  const days = series[0]?.points ?? [];
  // One row per run: { asOfDay, [segment]: customers }.
  const rows = days.map((point, i) => ({
    asOfDay: point.asOfDay,
    runId: point.runId,
    ...Object.fromEntries(series.map((s) => [s.name, s.points[i]?.customers ?? 0])),
  })) as ({ asOfDay: string; runId: number } & Record<string, number | string>)[];

  return (
    <Card
      title="Segment sizes over time"
      description="Customers per segment in each scoring run, by the run's as-of day, under the published mapping."
    >
      {fetching && !data && <Loading />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && days.length < 2 && (
        <p className="text-sm text-slate-700" data-testid="size-history-short">
          {days.length === 0 ? "No run yet." : "One run so far: a line needs two."}{" "}
          <Link className="underline" href="/scoring">
            Backfill the history
          </Link>{" "}
          to see how the segments grew month by month.
        </p>
      )}
      {days.length > 0 && (
        <div data-testid="segment-size-history" data-points={days.length}>
          <ChartImage
            label={`Line chart of each segment's customers from ${days[0]?.asOfDay} to ${days.at(-1)?.asOfDay}; the table below has the figures.`}
            height={300}
          >
            <LineChart data={rows} margin={{ left: 8, right: 16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="asOfDay" tick={{ fontSize: 11 }} minTickGap={24} />
              <YAxis tickFormatter={formatCompact} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(value) => formatInt(Number(value))} />
              <Legend />
              {series.map((s, i) => (
                <Line
                  key={s.name}
                  dataKey={s.name}
                  name={s.name}
                  stroke={strokeOnWhite(s.color)}
                  strokeDasharray={lineDash(i)}
                  legendType="plainline"
                  strokeWidth={2}
                  dot={days.length <= 36}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ChartImage>
          <FiguresTable
            caption="Customers per segment in each run, by as-of day"
            columns={[
              { header: "As of", cell: (row) => row.asOfDay },
              ...series.map((s) => ({
                header: s.name,
                cell: (row: (typeof rows)[number]) => formatInt(Number(row[s.name])),
              })),
            ]}
            rows={rows}
            rowKey={(row) => String(row.runId)}
            rowAttributes={(row) => ({
              "data-testid": "size-history-row",
              "data-as-of": row.asOfDay,
              "data-run": row.runId,
            })}
          />
        </div>
      )}
    </Card>
  );
}
