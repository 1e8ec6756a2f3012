"use client";

import { useQuery } from "urql";
import { Card } from "../../../../components/ui/card";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
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
      }
    }
  }
`);

/**
 * Movement between the two latest runs as a transition matrix: rows are the earlier segment,
 * columns the later one, the diagonal is who stayed. A matrix rather than a Sankey: every
 * figure is readable as text and by keyboard and screen reader.
 */
export function MovementMatrix({ segments }: { segments: readonly { name: string; color: string }[] }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MovementQuery });
  const movement = data?.analytics.movement;
  const names = orderedNames(
    segments.map((s) => s.name),
    movement?.transitions ?? [],
  );
  const count = (from: string, to: string) =>
    movement?.transitions.find((t) => t.from === from && t.to === to)?.customers ?? 0;
  const max = Math.max(1, ...(movement?.transitions.map((t) => t.customers) ?? []));
  const rowTotal = (from: string) =>
    movement?.transitions.filter((t) => t.from === from).reduce((sum, t) => sum + t.customers, 0) ?? 0;

  return (
    <Card
      title="Movement between the last two runs"
      description={
        movement
          ? `Run ${movement.fromRunId} (rows) to run ${movement.toRunId} (columns): ${formatInt(movement.moved)} customers changed segment, ${formatInt(movement.stayed)} stayed.`
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
        <div className="overflow-auto">
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
                        className={`min-w-14 p-1 text-center ${from === to ? "ring-1 ring-slate-500 ring-inset" : ""}`}
                        style={{
                          backgroundColor:
                            value > 0 ? `rgba(15, 118, 110, ${0.08 + intensity * 0.85})` : "#f8fafc",
                          color: intensity > 0.45 ? "#ffffff" : "#0f172a",
                        }}
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
        </div>
      )}
    </Card>
  );
}

/** Published segments first, in display order, then any other name seen in the transitions. */
function orderedNames(
  published: readonly string[],
  transitions: readonly { from: string; to: string }[],
): string[] {
  const names = [...published];
  for (const t of transitions) {
    if (!names.includes(t.from)) names.push(t.from);
    if (!names.includes(t.to)) names.push(t.to);
  }
  return names.filter((name) => transitions.some((t) => t.from === name || t.to === name));
}
