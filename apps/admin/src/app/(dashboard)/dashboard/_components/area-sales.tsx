"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { useQuery } from "urql";
import { Card } from "../../../../components/ui/card";
import { ChartImage } from "../../../../components/ui/chart-image";
import { FiguresTable } from "../../../../components/ui/figures-table";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { CHART_COLORS } from "../../../../lib/chart-colors";
import { formatCompact, formatInt, formatMoney, moneyValue } from "../../../../lib/format";

const AreaSalesQuery = graphql(`
  query DashboardAreaSales {
    analytics {
      byProvince {
        name
        transactions
        customers
        revenue {
          amount
          currencyCode
        }
      }
      byRegion {
        name
        transactions
        customers
        revenue {
          amount
          currencyCode
        }
      }
    }
  }
`);

interface Area {
  name: string;
  transactions: number;
  customers: number;
  /** Revenue in currency units, for the chart's scale (the API's Money, as a number). */
  revenue: number;
  currencyCode: string;
}

/** Sales by province and by region (all time), largest first. */
export function AreaSalesCharts() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AreaSalesQuery });
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      {(["byProvince", "byRegion"] as const).map((key) => (
        <Card
          key={key}
          title={key === "byProvince" ? "Sales by province" : "Sales by region"}
          description="Net revenue, all time."
        >
          {fetching && !data && <Loading />}
          {error && !data && (
            <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
          )}
          {data && (
            <AreaChart
              areas={data.analytics[key].map((a) => ({
                ...a,
                revenue: moneyValue(a.revenue),
                currencyCode: a.revenue.currencyCode,
              }))}
              label={key === "byProvince" ? "Province" : "Region"}
            />
          )}
        </Card>
      ))}
    </div>
  );
}

function AreaChart({ areas, label }: { areas: readonly Area[]; label: string }) {
  if (areas.length === 0) return <EmptyState>No orders imported yet.</EmptyState>;
  const shown = areas.slice(0, 15);
  const currency = areas[0]?.currencyCode;
  return (
    <>
      <ChartImage
        label={`Bar chart of revenue per ${label.toLowerCase()}; the table below has the figures.`}
        height={Math.max(200, shown.length * 28 + 40)}
      >
        <BarChart data={shown} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={formatCompact} />
          <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => formatMoney(Number(value), currency)} />
          <Bar dataKey="revenue" name="Revenue" fill={CHART_COLORS.areaRevenue} isAnimationActive={false} />
        </BarChart>
      </ChartImage>
      {areas.length > shown.length && (
        <p className="text-xs text-slate-600">
          The chart shows the 15 largest of {areas.length}; the table has all.
        </p>
      )}
      <FiguresTable
        caption={`Sales per ${label.toLowerCase()}`}
        columns={[
          { header: label, cell: (a) => a.name },
          { header: "Orders", cell: (a) => formatInt(a.transactions) },
          { header: "Customers", cell: (a) => formatInt(a.customers) },
          { header: "Revenue", cell: (a) => formatMoney(a.revenue, a.currencyCode) },
        ]}
        rows={areas}
        rowKey={(a) => a.name}
      />
    </>
  );
}
