"use client";

import { useState } from "react";
import { useQuery } from "urql";
import { Card } from "../../../../components/ui/card";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { heatCell } from "../../../../lib/chart-colors";
import { formatCompact, formatInt, formatMoney, formatShare, moneyValue } from "../../../../lib/format";
import { ascending, descending } from "../../../../lib/mapping";

const RfGridQuery = graphql(`
  query DashboardRfGrid {
    analytics {
      rfGrid {
        r
        f
        customers
        revenue {
          amount
          currencyCode
        }
      }
    }
  }
`);

type Metric = "customers" | "revenue";

/** The R x F grid of the current run as a heat map: darker cells hold more customers (or revenue). */
export function RfHeatmap({ bins }: { bins: number }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: RfGridQuery });
  const [metric, setMetric] = useState<Metric>("customers");
  // Shading needs numbers: each cell's Money as a number, its currency kept for the label.
  const cells = (data?.analytics.rfGrid ?? []).map((c) => ({
    ...c,
    revenue: moneyValue(c.revenue),
    currencyCode: c.revenue.currencyCode,
  }));
  const total = cells.reduce((sum, c) => sum + c[metric], 0);
  const max = cells.reduce((most, c) => Math.max(most, c[metric]), 0);
  const cellOf = (r: number, f: number) => cells.find((c) => c.r === r && c.f === f);

  return (
    <Card
      title="Recency x frequency"
      description={`Customers of the current run by recency score (columns) and frequency score (rows); ${bins} is best.`}
      actions={
        <fieldset className="flex gap-2 text-sm">
          <legend className="sr-only">Shade cells by</legend>
          {(["customers", "revenue"] as const).map((m) => (
            <label key={m} className="flex items-center gap-1">
              <input
                type="radio"
                name="rf-metric"
                value={m}
                checked={metric === m}
                onChange={() => setMetric(m)}
              />
              {m === "customers" ? "Customers" : "Revenue"}
            </label>
          ))}
        </fieldset>
      }
    >
      {fetching && !data && <Loading />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && cells.length === 0 && <EmptyState>No scored customers in the current run.</EmptyState>}
      {cells.length > 0 && (
        <table
          className="w-full table-fixed border-separate border-spacing-1 text-center text-xs"
          data-testid="rf-grid"
        >
          <caption className="sr-only">
            {metric === "customers" ? "Customers" : "Revenue"} per recency and frequency score
          </caption>
          <thead>
            <tr>
              <th scope="col" className="w-12 text-slate-600">
                F \ R
              </th>
              {ascending(bins).map((r) => (
                <th key={r} scope="col" className="font-medium text-slate-700">
                  R{r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {descending(bins).map((f) => (
              <tr key={f}>
                <th scope="row" className="font-medium text-slate-700">
                  F{f}
                </th>
                {ascending(bins).map((r) => {
                  const cell = cellOf(r, f);
                  const value = cell?.[metric] ?? 0;
                  const intensity = max > 0 ? value / max : 0;
                  return (
                    <td
                      key={r}
                      className="h-14 rounded"
                      style={heatCell(intensity, "blue")}
                      title={`R${r} F${f}: ${formatInt(cell?.customers ?? 0)} customers, revenue ${formatMoney(cell?.revenue ?? 0, cell?.currencyCode)}`}
                      data-r={r}
                      data-f={f}
                      data-customers={cell?.customers ?? 0}
                    >
                      <span className="block font-semibold">
                        {metric === "customers" ? formatInt(value) : formatCompact(value)}
                      </span>
                      <span className="block">{formatShare(total > 0 ? value / total : 0)}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
