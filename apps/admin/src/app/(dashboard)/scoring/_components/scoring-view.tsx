"use client";

import { useState } from "react";
import { useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { DataTable } from "../../../../components/ui/data-table";
import { PageHeader } from "../../../../components/ui/page-header";
import { PageReady } from "../../../../components/ui/page-ready";
import { EmptyState, ErrorState, Loading } from "../../../../components/ui/states";
import { graphql } from "../../../../graphql/generated";
import {
  formatAsOf,
  formatDateTime,
  formatDay,
  formatDuration,
  formatInt,
  formatLastDay,
} from "../../../../lib/format";
import { CLV_METHOD_LABEL, MONETARY_BASIS_LABEL } from "../../../../lib/scoring-labels";
import { useSession } from "../../_components/session";
import { BackfillForm } from "./backfill-form";
import { KeepThresholdsButton, RunThresholdWords } from "./keep-thresholds";
import { ProfilesPanel } from "./profiles-panel";
import { RunProgress } from "./run-progress";
import { StartRunForm } from "./start-run-form";

const ScoringRunsQuery = graphql(`
  query ScoringRuns {
    scoringRuns(first: 50) {
      edges {
        node {
          ...ScoringRunFields
        }
      }
    }
  }
`);

const STATUS_STYLE = {
  RUNNING: "bg-blue-100 text-blue-900",
  COMPLETE: "bg-green-100 text-green-900",
  FAILED: "bg-red-100 text-red-900",
} as const;

/** Scoring runs: their settings, status and duration; admins start new ones and watch them finish. */
export function ScoringView() {
  const session = useSession();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ScoringRunsQuery });
  const refresh = () => reexecute({ requestPolicy: "network-only" });
  const runs = data?.scoringRuns.edges.map((e) => e.node) ?? [];
  // The run started here, else one still running (started elsewhere, or before a reload).
  const [started, setStarted] = useState<number | null>(null);
  const followed = started ?? runs.find((r) => r.status === "RUNNING")?.id ?? null;

  return (
    <>
      <PageHeader
        title="Scoring"
        description="Each run scores every customer as of a date with the chosen profile's settings; the profile's complete run with the latest as-of date is the current one that every page and export uses."
      />
      <div className="space-y-6">
        <StartRunForm canScore={session.canScore} onStarted={setStarted} />
        {followed !== null && <RunProgress key={followed} id={followed} onFinished={refresh} />}
        <BackfillForm canEdit={session.canEdit} onProgress={refresh} />
        <ProfilesPanel canEdit={session.canEdit} />
        <Card
          title="Runs"
          description="Newest first."
          actions={
            <Button variant="secondary" size="sm" onClick={refresh} disabled={fetching}>
              Refresh
            </Button>
          }
        >
          {fetching && !data && <Loading label="Loading the runs…" />}
          {error && !data && <ErrorState error={error} onRetry={refresh} />}
          {data && <PageReady page="scoring" />}
          {data && runs.length === 0 && <EmptyState>No scoring run yet.</EmptyState>}
          {runs.length > 0 && (
            <DataTable
              caption="Scoring runs, newest first"
              testId="scoring-runs"
              columns={[
                { header: "Run" },
                { header: "Status" },
                { header: "As of" },
                { header: "Window" },
                { header: "Scores", align: "right" },
                { header: "Customers", align: "right" },
                { header: "Orders read", align: "right" },
                { header: "Started", className: "pl-3" },
                { header: "Took", align: "right" },
                { header: "CLV", className: "pl-3" },
                { header: "Thresholds", className: "pl-3" },
              ]}
            >
              {runs.map((run) => (
                <tr
                  key={run.id}
                  className="border-b border-slate-100 align-top"
                  data-run={run.id}
                  data-status={run.status}
                >
                  <td className="py-1">
                    {run.id}
                    {run.current && (
                      <span className="ml-1 rounded bg-green-100 px-1 text-xs text-green-900">current</span>
                    )}
                  </td>
                  <td>
                    <span className={`rounded px-1.5 text-xs ${STATUS_STYLE[run.status]}`}>
                      {run.status.toLowerCase()}
                    </span>
                    {run.error && <p className="mt-1 max-w-64 text-xs text-red-900">{run.error}</p>}
                    {run.warnings.length > 0 && (
                      <details className="mt-1 text-xs">
                        <summary>
                          {run.warnings.length} warning{run.warnings.length === 1 ? "" : "s"}
                        </summary>
                        <ul className="list-disc pl-4">
                          {run.warnings.map((w) => (
                            <li key={w}>{w}</li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                  <td>{formatAsOf(run)}</td>
                  <td>
                    {run.windowFrom ? formatDay(run.windowFrom, run.timeZone) : "first order"} to{" "}
                    {run.asOfKnown || run.windowTo
                      ? formatLastDay(run.windowTo ?? run.asOf, run.timeZone)
                      : "–"}
                  </td>
                  <td className="text-right">
                    1–{run.bins}
                    <span className="block text-xs text-slate-500">
                      {MONETARY_BASIS_LABEL[run.monetaryBasis]}
                    </span>
                  </td>
                  <td className="text-right tabular-nums">{formatInt(run.customersScored)}</td>
                  <td className="text-right tabular-nums">{formatInt(run.transactionsRead)}</td>
                  <td className="pl-3">{formatDateTime(run.startedAt)}</td>
                  <td className="text-right">{formatDuration(run.durationMs)}</td>
                  <td className="pl-3">{run.clvMethod ? CLV_METHOD_LABEL[run.clvMethod] : "–"}</td>
                  <td className="pl-3">
                    {run.status === "COMPLETE" && (
                      <>
                        <RunThresholdWords runId={run.id} />
                        <KeepThresholdsButton
                          run={run}
                          canScore={session.canScore}
                          busy={runs.some((r) => r.status === "RUNNING")}
                          onStarted={setStarted}
                        />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
      </div>
    </>
  );
}
