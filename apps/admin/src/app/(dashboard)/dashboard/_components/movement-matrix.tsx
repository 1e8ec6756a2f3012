"use client";

import { useQuery } from "urql";
import { Card } from "../../../../components/ui/card";
import { ScrollArea } from "../../../../components/ui/scroll-area";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { heatCell } from "../../../../lib/chart-colors";
import { formatInt, formatShare } from "../../../../lib/format";

const MovementQuery = graphql(`
  query DashboardMovement {
    analytics {
      movement {
        fromRunId
        toRunId
        moved
        stayed
        transitions {
          from
          to
          customers
        }
        entered {
          segment
          customers
        }
        left {
          segment
          customers
        }
      }
    }
  }
`);

/** Row and column label for customers scored in only one of the two runs. */
const OUTSIDE = "(not scored)";

interface Flow {
  from: string;
  to: string;
  customers: number;
}

/** A cell nobody moved through: slate-50, dark text (16.8:1). */
const EMPTY_CELL = { backgroundColor: "#f8fafc", color: "#0f172a" } as const;

/**
 * Movement between the two latest runs as a transition matrix: rows are the earlier segment,
 * columns the later one, the diagonal (outlined) is who stayed. Customers scored in only one
 * run come from or go to "(not scored)". A matrix rather than a Sankey: every figure is
 * readable as text, by keyboard and by screen reader.
 */
export function MovementMatrix({ segments }: { segments: readonly { name: string }[] }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MovementQuery });
  const movement = data?.analytics.movement;
  const flows: Flow[] = movement
    ? [
        ...movement.transitions,
        ...movement.entered.map((e) => ({ from: OUTSIDE, to: e.segment, customers: e.customers })),
        ...movement.left.map((l) => ({ from: l.segment, to: OUTSIDE, customers: l.customers })),
      ]
    : [];
  const names = orderedNames(
    segments.map((s) => s.name),
    flows,
  );
  const count = (from: string, to: string) =>
    flows.find((t) => t.from === from && t.to === to)?.customers ?? 0;
  const max = Math.max(1, ...flows.map((t) => t.customers));
  const rowTotal = (from: string) =>
    flows.filter((t) => t.from === from).reduce((sum, t) => sum + t.customers, 0);
  const entered = movement?.entered.reduce((sum, e) => sum + e.customers, 0) ?? 0;
  const left = movement?.left.reduce((sum, e) => sum + e.customers, 0) ?? 0;

  return (
    <Card
      title="Movement between the last two runs"
      description={
        movement
          ? `Run ${movement.fromRunId} (rows) to run ${movement.toRunId} (columns): ${formatInt(movement.moved)} customers changed segment, ${formatInt(movement.stayed)} stayed, ${formatInt(entered)} entered and ${formatInt(left)} left.`
          : "How customers moved between segments from one run to the next."
      }
    >
      {fetching && !data && <Loading />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && !movement && (
        <EmptyState>Movement needs two complete scoring runs; there is only one so far.</EmptyState>
      )}
      {movement && (
        <ScrollArea label="Movement between the two latest runs" className="overflow-auto">
          <table className="border-separate border-spacing-0.5 text-xs" data-testid="movement-matrix">
            <caption className="sr-only">
              Customers per earlier segment (rows) and later segment (columns)
            </caption>
            <thead>
              <tr>
                <th scope="col" className="p-1 text-left text-slate-600">
                  From \ to
                </th>
                {names.map((name) => (
                  <th key={name} scope="col" className="max-w-20 p-1 align-bottom font-medium text-slate-700">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {names.map((from) => (
                <tr key={from}>
                  <th scope="row" className="whitespace-nowrap p-1 text-left font-medium text-slate-700">
                    {from}
                  </th>
                  {names.map((to) => {
                    const value = count(from, to);
                    const intensity = value / max;
                    const total = rowTotal(from);
                    return (
                      <td
                        key={to}
                        className={`min-w-12 p-1 text-center ${from === to ? "ring-1 ring-slate-500 ring-inset" : ""}`}
                        style={value > 0 ? heatCell(0.08 + intensity * 0.92, "teal") : EMPTY_CELL}
                        title={`${from} → ${to}: ${formatInt(value)} customers (${formatShare(total > 0 ? value / total : 0)} of ${from})`}
                      >
                        {value > 0 ? formatInt(value) : "·"}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
    </Card>
  );
}

/** Published segments in display order, then other names seen, then "(not scored)"; only names with flows. */
function orderedNames(published: readonly string[], flows: readonly Flow[]): string[] {
  const names = [...published];
  for (const t of flows) {
    for (const name of [t.from, t.to]) if (name !== OUTSIDE && !names.includes(name)) names.push(name);
  }
  names.push(OUTSIDE);
  return names.filter((name) => flows.some((t) => t.from === name || t.to === name));
}
