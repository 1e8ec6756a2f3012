"use client";

import Link from "next/link";
import { useQuery } from "urql";
import { MovementMatrix, movementSummary } from "../../../../components/movement/movement-matrix";
import { Card } from "../../../../components/ui/card";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";

const DashboardMovementQuery = graphql(`
  query DashboardMovement {
    analytics {
      movement {
        ...MovementFields
      }
    }
    segments {
      key
      name
    }
  }
`);

/**
 * The dashboard's movement card: the last two runs (the API's default pair), each cell linking
 * to its customers; the Movement page compares any two runs.
 */
export function DashboardMovement() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: DashboardMovementQuery });
  const movement = data?.analytics.movement;
  return (
    <Card
      title="Movement between the last two runs"
      description={
        movement
          ? movementSummary(movement)
          : "How customers moved between segments from one run to the next."
      }
      actions={
        <Link href="/movement" className="text-sm font-medium text-blue-800 underline">
          Compare other runs
        </Link>
      }
    >
      {fetching && !data && <Loading />}
      {error && !data && (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      )}
      {data && !movement && (
        <EmptyState>Movement needs two complete scoring runs; there is only one so far.</EmptyState>
      )}
      {movement && data && <MovementMatrix movement={movement} segments={data.segments} />}
    </Card>
  );
}
