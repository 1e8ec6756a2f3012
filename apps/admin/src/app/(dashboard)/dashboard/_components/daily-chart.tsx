"use client";

import { useEffect, useMemo, useState } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";
import { Card } from "../../../../components/ui/card";
import { ChartImage } from "../../../../components/ui/chart-image";
import { FiguresTable } from "../../../../components/ui/figures-table";
import { Field, Select } from "../../../../components/ui/form";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { CHART_COLORS } from "../../../../lib/chart-colors";
import { formatCompact, formatInt, formatMoney, moneyValue } from "../../../../lib/format";

const DailyQuery = graphql(`
  query DashboardDaily($from: LocalDate, $to: LocalDate) {
    analytics {
      daily(from: $from, to: $to) {
        day
        transactions
        revenue {
          amount
          currencyCode
        }
      }
    }
  }
`);

const SPANS = [30, 90, 180, 365] as const;
const DAY_MS = 86_400_000;

/** `day` minus `days - 1` days, so the span includes both ends. */
function spanStart(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Orders (bars) and net revenue (line) per day, up to the latest order. */
export function DailyChart() {
  const [span, setSpan] = useState<number>(90);
  // The API's default range is the 90 days up to the latest order; other spans end on the same
  // day, which the first answer tells.
  const [lastDay, setLastDay] = useState<string | null>(null);
  const variables = span === 90 || !lastDay ? {} : { from: spanStart(lastDay, span), to: lastDay };
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DailyQuery, variables });
  // The chart plots numbers: each day's Money as a number, its currency kept for the labels.
  const days = useMemo(
    () =>
      (data?.analytics.daily ?? []).map((d) => ({
        ...d,
        revenue: moneyValue(d.revenue),
        currencyCode: d.revenue.currencyCode,
      })),
    [data],
  );
  const currency = days[0]?.currencyCode;
  const latest = days.at(-1)?.day;
  useEffect(() => {
    if (latest && span === 90) setLastDay(latest);
  }, [latest, span]);

  return (
    <Card
      title="Daily transactions and revenue"
      actions={
        <Field label="Days shown" className="w-32">
          <Select value={span} onChange={(event) => setSpan(Number(event.target.value))}>
            {SPANS.map((s) => (
              <option key={s} value={s}>
                Last {s} days
              </option>
            ))}
          </Select>
        </Field>
      }
    >
      {fetching && !data && <Loading />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && days.length === 0 && <EmptyState>No orders in this range.</EmptyState>}
      {days.length > 0 && (
        <>
          <ChartImage label={`Orders and revenue per day from ${days[0]?.day} to ${latest}`} height={280}>
            <ComposedChart data={days} margin={{ left: 8, right: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={24} />
              <YAxis yAxisId="orders" tickFormatter={formatCompact} tick={{ fontSize: 11 }} />
              <YAxis
                yAxisId="revenue"
                orientation="right"
                tickFormatter={formatCompact}
                tick={{ fontSize: 11 }}
              />
              <Tooltip
                formatter={(value, name) =>
                  name === "Revenue" ? formatMoney(Number(value), currency) : formatInt(Number(value))
                }
              />
              <Legend />
              <Bar
                yAxisId="orders"
                dataKey="transactions"
                name="Orders"
                fill={CHART_COLORS.orders}
                isAnimationActive={false}
              />
              <Line
                yAxisId="revenue"
                dataKey="revenue"
                name="Revenue"
                stroke={CHART_COLORS.revenueLine}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ChartImage>
          <FiguresTable
            caption="Orders and revenue per day"
            columns={[
              { header: "Day", cell: (d) => d.day },
              { header: "Orders", cell: (d) => formatInt(d.transactions) },
              { header: "Revenue", cell: (d) => formatMoney(d.revenue, d.currencyCode) },
            ]}
            rows={days}
            rowKey={(d) => d.day}
          />
        </>
      )}
    </Card>
  );
}
