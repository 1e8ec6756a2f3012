/**
 * What rfm-core's reference movement (`@rfm/core/reference`, the oracle of the analytics
 * repository's SQL join) gives for two stored runs under a mapping: the transitions the API's
 * `analytics.movement` must report, as `{ from, to, customers }` sorted by segment names.
 */
import { indexOfCode, type RfmCode } from "@rfm/core";
import { segmentMovement } from "@rfm/core/reference";

export interface Transition {
  readonly from: string;
  readonly to: string;
  readonly customers: number;
}

type Sql = <Row>(text: string, params?: unknown[]) => Promise<Row[]>;

/** Transitions sorted by from, then to: the order the oracle's are compared in. */
export function sortTransitions(list: readonly Transition[]): Transition[] {
  return [...list].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

export async function referenceMovement(
  sql: Sql,
  segments: readonly { readonly name: string; readonly codes: readonly string[] }[],
  fromRunId: number,
  toRunId: number,
): Promise<{ moved: number; stayed: number; transitions: Transition[] }> {
  const segmentOf = new Map(
    segments.flatMap((s, i) => s.codes.map((c) => [indexOfCode(c as RfmCode, 4), i] as const)),
  );
  const snapshot = async (runId: number) => {
    const rows = await sql<{ id: number; code: number }>(
      `SELECT customer_id AS "id", code AS "code" FROM customer_scores WHERE run_id = $1`,
      [runId],
    );
    return {
      customerIds: rows.map((r) => String(r.id)),
      segment: rows.map((r) => segmentOf.get(Number(r.code))!),
    };
  };
  const k = segments.length;
  const movement = segmentMovement({
    before: await snapshot(fromRunId),
    after: await snapshot(toRunId),
    segmentCount: k,
  });
  const transitions = Array.from(movement.transitions, (customers, cell) => ({
    from: segments[Math.floor(cell / k)]!.name,
    to: segments[cell % k]!.name,
    customers,
  }));
  return {
    moved: movement.moved,
    stayed: movement.stayed,
    transitions: sortTransitions(transitions.filter((t) => t.customers > 0)),
  };
}
