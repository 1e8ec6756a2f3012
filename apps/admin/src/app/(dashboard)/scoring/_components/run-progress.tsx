"use client";

import { useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import { Notice } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import { formatAsOf, formatDuration, formatInt } from "../../../../lib/format";
import { RUN_PHASE_LABEL } from "../../../../lib/scoring-labels";

const ScoringRunQuery = graphql(`
  query ScoringRunStatus($id: Int!) {
    scoringRun(id: $id) {
      ...ScoringRunFields
    }
  }
`);

const POLL_MS = 1000;

/** Polls one run every second until it is COMPLETE or FAILED, showing how long it has taken. */
export function RunProgress({ id, onFinished }: { id: number; onFinished: () => void }) {
  const [{ data, error }, reexecute] = useQuery({
    query: ScoringRunQuery,
    variables: { id },
    requestPolicy: "network-only",
  });
  const run = data?.scoringRun;
  const status = run?.status;
  const [now, setNow] = useState(() => Date.now());
  const reported = useRef(false);

  useEffect(() => {
    if (status !== "RUNNING" && status !== undefined) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      reexecute({ requestPolicy: "network-only" });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [status, reexecute]);

  useEffect(() => {
    if ((status === "COMPLETE" || status === "FAILED") && !reported.current) {
      reported.current = true;
      onFinished();
    }
  }, [status, onFinished]);

  if (error && !run)
    return (
      <Notice tone="warning">
        Cannot follow run {id}: {error.message}
      </Notice>
    );
  if (!run) return <Notice>Run {id} started…</Notice>;
  const elapsed = run.durationMs ?? now - Date.parse(run.startedAt);
  return (
    <div data-testid="run-progress" data-status={run.status}>
      {run.status === "RUNNING" && (
        <Notice>
          <span
            className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-blue-700"
            aria-hidden="true"
          />
          Run {run.id} is scoring as of {formatAsOf(run)} with {run.bins} scores per dimension:{" "}
          {formatDuration(elapsed)} so far
          {run.phase ? `, now in the ${RUN_PHASE_LABEL[run.phase]} phase` : ""}.
        </Notice>
      )}
      {run.status === "COMPLETE" && (
        <Notice tone="success">
          Run {run.id} finished in {formatDuration(run.durationMs)}: {formatInt(run.customersScored)}{" "}
          customers scored from {formatInt(run.transactionsRead)} orders.{" "}
          {run.current
            ? "It is now the current run."
            : "The current run stays the one with a later as-of date."}
        </Notice>
      )}
      {run.status === "FAILED" && (
        <div role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          Run {run.id} failed after {formatDuration(run.durationMs)}: {run.error ?? "no reason given"}.
        </div>
      )}
    </div>
  );
}
