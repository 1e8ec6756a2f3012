"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { MovementMatrix, movementSummary } from "../../../../components/movement/movement-matrix";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { Field, Select } from "../../../../components/ui/form";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { formatInt } from "../../../../lib/format";
import { movementPairProblem, runsForPicking } from "../../../../lib/movement";

const MovementRunsQuery = graphql(`
  query MovementRuns {
    scoringRuns(first: 200) {
      edges {
        node {
          id
          status
          asOf
          asOfDay
          bins
          current
        }
      }
    }
    mapping {
      bins
    }
    segments {
      key
      name
    }
  }
`);

const MovementBetweenQuery = graphql(`
  query MovementBetween($from: Int, $to: Int) {
    analytics {
      movement(fromRunId: $from, toRunId: $to) {
        ...MovementFields
      }
    }
  }
`);

/** A positive run number from the URL, else null. */
function runParam(value: string | null): number | null {
  return value !== null && /^[1-9]\d*$/.test(value) ? Number(value) : null;
}

/**
 * Movement between any two complete runs of the profile (default: the last two), picked by
 * as-of day; the pair lives in the URL (`?from=&to=`) so it can be shared. Each cell links to
 * the customers who made that move, as an audience.
 */
export function MovementView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [{ data: runsData, fetching: runsFetching, error: runsError }, refetchRuns] = useQuery({
    query: MovementRunsQuery,
  });
  const bins = runsData?.mapping.bins;
  const runs = runsForPicking(runsData?.scoringRuns.edges.map((e) => e.node) ?? []).filter(
    (r) => r.bins === bins,
  );
  const askedFrom = runParam(params.get("from"));
  const askedTo = runParam(params.get("to"));
  const inUrl = askedFrom !== null && askedTo !== null ? { from: askedFrom, to: askedTo } : null;
  // The pair picked here, ahead of the URL (router.replace lands later: a second pick made
  // before it would otherwise pair with the first pick's stale partner). Dropped when the URL
  // names another pair (back, forward, a link).
  const [picked, setPicked] = useState<{ from: number; to: number } | null>(null);
  useEffect(() => {
    setPicked((p) => (p && p.from === askedFrom && p.to === askedTo ? p : null));
  }, [askedFrom, askedTo]);
  const asked = picked ?? inUrl;
  const fromRun = asked ? runs.find((r) => r.id === asked.from) : undefined;
  const toRun = asked ? runs.find((r) => r.id === asked.to) : undefined;
  const problem = fromRun && toRun ? movementPairProblem(fromRun, toRun) : null;

  const [{ data, fetching, error }, refetch] = useQuery({
    query: MovementBetweenQuery,
    variables: asked ?? {},
    pause: problem !== null,
  });
  const movement = problem === null ? data?.analytics.movement : undefined;
  const shownFrom = asked?.from ?? movement?.fromRunId;
  const shownTo = asked?.to ?? movement?.toRunId;

  const choose = (from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined) return;
    setPicked({ from, to });
    router.replace(`${pathname}?from=${from}&to=${to}`);
  };
  const label = (run: (typeof runs)[number]) =>
    `as of ${run.asOfDay} · run ${run.id}${run.current ? " (current)" : ""}`;

  return (
    <>
      <PageHeader
        title="Movement"
        description="How customers moved between segments from one scoring run to another, both read under the published mapping. Open a count to see, filter and export the customers who made that move."
      />
      {runsFetching && !runsData && <Loading label="Loading the runs…" />}
      {runsError && !runsData && (
        <ErrorState error={runsError} onRetry={() => refetchRuns({ requestPolicy: "network-only" })} />
      )}
      {runsData && runs.length < 2 && (
        <>
          <PageReady page="movement" />
          <EmptyState>
            Movement needs two complete scoring runs with {bins} scores per dimension; there{" "}
            {runs.length === 1 ? "is one" : "are none"} so far. Start a run or backfill past months on the
            Scoring page.
          </EmptyState>
        </>
      )}
      {runsData && runs.length >= 2 && (
        <div className="space-y-6">
          <div className="flex flex-wrap items-end gap-4">
            <Field label="From run (rows)" className="w-full sm:w-72">
              <Select
                name="from"
                value={shownFrom ?? ""}
                aria-describedby="movement-runs-hint"
                onChange={(event) => choose(Number(event.target.value), shownTo)}
              >
                {shownFrom === undefined && <option value="">Loading…</option>}
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {label(r)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="To run (columns)" className="w-full sm:w-72">
              <Select
                name="to"
                value={shownTo ?? ""}
                aria-describedby="movement-runs-hint"
                onChange={(event) => choose(shownFrom, Number(event.target.value))}
              >
                {shownTo === undefined && <option value="">Loading…</option>}
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {label(r)}
                  </option>
                ))}
              </Select>
            </Field>
            <Button
              variant="secondary"
              onClick={() => choose(shownTo, shownFrom)}
              disabled={shownFrom === undefined || shownTo === undefined}
            >
              Swap runs
            </Button>
          </div>
          <p id="movement-runs-hint" className="text-xs text-slate-600">
            Complete runs of this profile, the latest as-of day (the last day counted) first.{" "}
            {formatInt(runs.length)} runs to choose from.
          </p>
          {asked && (!fromRun || !toRun) && (
            <p role="alert" className="text-sm text-red-900">
              Run {!fromRun ? asked.from : asked.to} is not a complete run of this profile with {bins} scores
              per dimension; pick another.
            </p>
          )}
          {problem && (
            <>
              <PageReady page="movement" />
              <p role="alert" className="text-sm text-red-900" data-testid="movement-problem">
                {problem}
              </p>
            </>
          )}
          {!problem && (
            <Card
              title={
                movement
                  ? `Run ${movement.fromRunId} (as of ${movement.fromAsOfDay}) to run ${movement.toRunId} (as of ${movement.toAsOfDay})`
                  : "Movement"
              }
              description={movement ? movementSummary(movement) : undefined}
            >
              {fetching && !data && <Loading label="Counting the moves…" />}
              {error && (
                <>
                  <PageReady page="movement" />
                  <ErrorState error={error} onRetry={() => refetch({ requestPolicy: "network-only" })} />
                </>
              )}
              {movement && !error && (
                <>
                  <PageReady page="movement" />
                  <MovementMatrix movement={movement} segments={runsData.segments} />
                </>
              )}
            </Card>
          )}
        </div>
      )}
    </>
  );
}
