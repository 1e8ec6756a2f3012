import Link from "next/link";
import { graphql } from "../../graphql/generated";
import type { MovementFieldsFragment } from "../../graphql/generated/graphql";
import { formatInt, formatShare } from "../../lib/format";
import { moveAudienceHref } from "../../lib/movement";
import { shortLabels } from "../../lib/segment-labels";

export const MovementFields = graphql(`
  fragment MovementFields on Movement {
    fromRunId
    toRunId
    fromAsOfDay
    toAsOfDay
    moved
    stayed
    transitions {
      from
      fromKey
      to
      toKey
      customers
    }
    entered {
      segment
      segmentKey
      customers
    }
    left {
      segment
      segmentKey
      customers
    }
  }
`);

/** Row and column of customers scored in only one of the two runs. */
const OUTSIDE = { key: "", name: "(not scored)" } as const;

interface Flow {
  fromKey: string;
  toKey: string;
  customers: number;
}

/** One sentence of what the two runs show: who moved, stayed, entered and left. */
export function movementSummary(movement: MovementFieldsFragment): string {
  const entered = movement.entered.reduce((sum, e) => sum + e.customers, 0);
  const left = movement.left.reduce((sum, e) => sum + e.customers, 0);
  return `Run ${movement.fromRunId} as of ${movement.fromAsOfDay} (rows) to run ${movement.toRunId} as of ${movement.toAsOfDay} (columns): ${formatInt(movement.moved)} customers changed segment, ${formatInt(movement.stayed)} stayed, ${formatInt(entered)} entered and ${formatInt(left)} left.`;
}

/**
 * Movement between two runs as a transition matrix: rows are the earlier segment, columns the
 * later one, the diagonal (outlined) is who stayed. Every non-zero cell between two segments
 * links to its customers as an audience (the later segment in the later run, moved from the
 * earlier segment in the earlier run). Customers scored in only one run come from or go to
 * "(not scored)"; those cells are counts only (an audience is a segment of a run). Columns are
 * headed by short labels (full names in `title` and `aria-label`; the row headers give both), so
 * the matrix fits its card; on a phone it scrolls inside the card. A matrix rather than a
 * Sankey: every figure is readable as text, by keyboard and by screen reader.
 */
export function MovementMatrix({
  movement,
  segments,
}: {
  movement: MovementFieldsFragment;
  /** The published segments in display order. */
  segments: readonly { key: string; name: string }[];
}) {
  const flows: Flow[] = [
    ...movement.transitions,
    ...movement.entered.map((e) => ({ fromKey: OUTSIDE.key, toKey: e.segmentKey, customers: e.customers })),
    ...movement.left.map((l) => ({ fromKey: l.segmentKey, toKey: OUTSIDE.key, customers: l.customers })),
  ];
  const lines = orderedSegments(segments, movement, flows);
  const labels = shortLabels(lines.filter((s) => s !== OUTSIDE).map((s) => s.name));
  const count = (from: string, to: string) =>
    flows.find((t) => t.fromKey === from && t.toKey === to)?.customers ?? 0;
  const max = Math.max(1, ...flows.map((t) => t.customers));
  const rowTotal = (from: string) =>
    flows.filter((t) => t.fromKey === from).reduce((sum, t) => sum + t.customers, 0);

  return (
    // relative: the sr-only texts inside (absolutely positioned) scroll with the matrix instead of
    // widening the page.
    <div className="relative max-w-full overflow-x-auto" data-testid="movement-scroll">
      <table
        className="border-separate border-spacing-0.5 text-xs"
        data-testid="movement-matrix"
        data-from-run={movement.fromRunId}
        data-to-run={movement.toRunId}
      >
        <caption className="sr-only">
          Customers per segment in run {movement.fromRunId} (rows) and in run {movement.toRunId} (columns);
          each count links to those customers
        </caption>
        <thead>
          <tr>
            <th scope="col" className="sticky left-0 bg-white p-1 text-left font-medium text-slate-600">
              From \ to
            </th>
            {lines.map((s) => (
              <th
                key={s.key || "outside"}
                scope="col"
                title={s.name}
                aria-label={s.name}
                className="min-w-12 p-1 align-bottom font-medium text-slate-700"
              >
                {s === OUTSIDE ? "(none)" : labels.get(s.name)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((from) => (
            <tr key={from.key || "outside"}>
              <th
                scope="row"
                className="sticky left-0 max-w-36 bg-white p-1 text-left font-medium text-slate-700"
              >
                {from.name}
                {from !== OUTSIDE && (
                  <span className="ml-1 font-normal text-slate-600" aria-hidden="true">
                    ({labels.get(from.name)})
                  </span>
                )}
              </th>
              {lines.map((to) => {
                const value = count(from.key, to.key);
                const total = rowTotal(from.key);
                const words = `${from.name} → ${to.name}: ${formatInt(value)} customer${value === 1 ? "" : "s"}`;
                const linked = value > 0 && from !== OUTSIDE && to !== OUTSIDE;
                return (
                  <td
                    key={to.key || "outside"}
                    className={`min-w-12 p-1 text-center tabular-nums text-slate-900 ${from.key === to.key && from !== OUTSIDE ? "ring-1 ring-slate-600 ring-inset" : ""}`}
                    style={{
                      // Text stays dark: at most 0.75 of teal-700 over white keeps it >= 4.5:1.
                      backgroundColor:
                        value > 0 ? `rgba(15, 118, 110, ${0.06 + (value / max) * 0.69})` : "#f8fafc",
                    }}
                    title={`${words} (${formatShare(total > 0 ? value / total : 0)} of ${from.name})`}
                    data-from={from.key}
                    data-to={to.key}
                    data-count={value}
                  >
                    {linked ? (
                      <Link
                        href={moveAudienceHref({
                          fromKey: from.key,
                          fromRunId: movement.fromRunId,
                          toKey: to.key,
                          toRunId: movement.toRunId,
                        })}
                        aria-label={words}
                        className="block rounded underline decoration-slate-700/60 underline-offset-2 hover:decoration-2 focus-visible:outline-2 focus-visible:outline-blue-700"
                      >
                        {formatInt(value)}
                      </Link>
                    ) : value > 0 ? (
                      formatInt(value)
                    ) : (
                      <>
                        <span aria-hidden="true">·</span>
                        <span className="sr-only">0</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The published segments in display order, then segments only the movement names (a segment
 * the published mapping no longer has cannot appear: both runs are read under it), then
 * "(not scored)"; only lines with flows.
 */
function orderedSegments(
  published: readonly { key: string; name: string }[],
  movement: MovementFieldsFragment,
  flows: readonly Flow[],
): { key: string; name: string }[] {
  const lines = published.map((s) => ({ key: s.key, name: s.name }));
  const seen = [
    ...movement.transitions.flatMap((t) => [
      { key: t.fromKey, name: t.from },
      { key: t.toKey, name: t.to },
    ]),
    ...[...movement.entered, ...movement.left].map((f) => ({ key: f.segmentKey, name: f.segment })),
  ];
  for (const s of seen) if (!lines.some((l) => l.key === s.key)) lines.push(s);
  return [...lines, OUTSIDE].filter((s) => flows.some((t) => t.fromKey === s.key || t.toKey === s.key));
}
