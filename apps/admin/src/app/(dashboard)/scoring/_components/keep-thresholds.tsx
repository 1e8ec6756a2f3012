"use client";

import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { describeError } from "../../../../graphql/errors";
import { graphql } from "../../../../graphql/generated";
import type { MonetaryBasis } from "../../../../graphql/generated/graphql";
import { RunScoringMutation } from "./start-run-form";

/**
 * "Keep these thresholds": a new run as of the latest order's day, scored with this run's cut
 * points, so codes keep their meaning. Runs scored per order (mean-order) are kept from the CLI.
 */
export function KeepThresholdsButton({
  run,
  canScore,
  busy,
  onStarted,
}: {
  run: { id: number; bins: number; monetaryBasis: MonetaryBasis; status: string };
  canScore: boolean;
  busy: boolean;
  onStarted: (id: number) => void;
}) {
  const [{ data: started, fetching, error }, start] = useMutation(RunScoringMutation);
  if (run.status !== "COMPLETE") return null;
  const why = !canScore
    ? "Your token has the viewer role: only editors and admins start scoring runs."
    : run.monetaryBasis !== "TOTAL"
      ? "This run scored monetary per order; keep its thresholds with rfm score --keep-thresholds."
      : busy
        ? "A run is in progress."
        : undefined;
  const keep = async () => {
    const result = await start({ input: { bins: run.bins, keepThresholdsOf: run.id } });
    const begun = result.data?.runScoring.run;
    if (begun) onStarted(begun.id);
  };
  return (
    <div className="mt-1">
      <Button
        variant="secondary"
        size="sm"
        onClick={keep}
        disabled={why !== undefined || fetching}
        title={why ?? `Score a new run with the cut points of run ${run.id}`}
        data-testid={`keep-thresholds-${run.id}`}
      >
        Keep these thresholds
      </Button>
      {error && (
        <p role="alert" className="mt-1 max-w-64 text-xs text-red-900">
          {describeError(error)}
        </p>
      )}
      {started && started.runScoring.userErrors.length > 0 && (
        <p role="alert" className="mt-1 max-w-64 text-xs text-red-900">
          {started.runScoring.userErrors.map((e) => e.message).join(" ")}
        </p>
      )}
    </div>
  );
}

const RunThresholdsQuery = graphql(`
  query RunThresholds($id: Int!) {
    scoringRun(id: $id) {
      id
      thresholds {
        recency {
          ...ThresholdBandFields
        }
        frequency {
          ...ThresholdBandFields
        }
        monetary {
          ...ThresholdBandFields
        }
      }
    }
  }
`);

/**
 * A run's cut points in words, loaded when opened (fifty runs' words at once would pass the
 * API's query cost limit, and nobody reads them all).
 */
export function RunThresholdWords({ runId }: { runId: number }) {
  const [open, setOpen] = useState(false);
  const [{ data, error }] = useQuery({ query: RunThresholdsQuery, variables: { id: runId }, pause: !open });
  const t = data?.scoringRun.thresholds;
  return (
    <details
      className="text-xs"
      data-testid={`run-thresholds-${runId}`}
      onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}
    >
      <summary>Cut points</summary>
      {error && <p className="text-red-900">{describeError(error)}</p>}
      {t && (
        <ul className="mt-1 space-y-0.5">
          {[t.recency, t.frequency, t.monetary].flatMap((d) =>
            [...d.bands].reverse().map((band) => (
              <li key={band.label}>
                {band.text}
                {d.method === "QUANTILE" ? "" : " (fixed)"}
              </li>
            )),
          )}
        </ul>
      )}
    </details>
  );
}
