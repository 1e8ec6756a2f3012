"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useMutation } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { ErrorState, Notice } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";
import { useSession } from "../../_components/session";
import { downloadRejects, type ImportSummary } from "./import-api";

/** Rejects listed on the page (all of them are in the download). */
const SHOWN_REJECTS = 100;

const ImportStartScoringMutation = graphql(`
  mutation ImportStartScoring($input: RunScoringInput!) {
    runScoring(input: $input) {
      run {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const count = (n: number) => n.toLocaleString("en");

/** What the import did, its rejects (listed and downloadable), and the next step: a scoring run. */
export function ImportResult({ summary }: { summary: ImportSummary }) {
  const session = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const started = useRef<HTMLDivElement>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [{ data, fetching, error }, startRun] = useMutation(ImportStartScoringMutation);
  const run = data?.runScoring.run;

  // The result is where the person's attention goes once the import ends.
  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    if (run) started.current?.focus();
  }, [run]);

  const shown = summary.rejects.slice(0, SHOWN_REJECTS);
  const scoreBlocked = session.canScore ? undefined : "Your token's role may not start scoring runs.";

  return (
    <section
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      aria-labelledby="import-result"
    >
      <h2 id="import-result" ref={heading} tabIndex={-1} className="text-base font-semibold text-slate-900">
        Import #{summary.importId} complete
      </h2>
      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="import-summary">
        {(
          [
            ["Rows read", summary.rowsRead],
            ["Inserted", summary.inserted],
            ["Already there", summary.alreadyPresent],
            ["Rejected", summary.rejected],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded border border-slate-200 p-2">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums">{count(value)}</dd>
          </div>
        ))}
      </dl>

      {summary.rejected > 0 && (
        <Card
          className="mt-4"
          headingLevel={3}
          title="Rejected rows"
          description={
            summary.rejected > shown.length
              ? `The first ${count(shown.length)} of ${count(summary.rejected)}; the download has ${summary.rejectsStored === summary.rejected ? "all of them" : `the first ${count(summary.rejectsStored)}`}.`
              : "Fix them in the file and import it again: rows already imported are recognised and not doubled."
          }
          actions={
            <Button
              variant="secondary"
              onClick={() => {
                setDownloadError(null);
                downloadRejects(summary).catch((e: unknown) =>
                  setDownloadError(e instanceof Error ? e.message : String(e)),
                );
              }}
            >
              Download all rejects (CSV)
            </Button>
          }
        >
          {downloadError && <ErrorState message={downloadError} />}
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="rejects-table">
              <caption className="sr-only">Rejected rows: line, column and reason</caption>
              <thead className="text-xs text-slate-600">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1 pr-3 text-right">
                    Line
                  </th>
                  <th scope="col" className="pr-3 text-left">
                    Column
                  </th>
                  <th scope="col" className="text-left">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={`${r.line}:${r.code}`} className="border-b border-slate-100 align-top">
                    <td className="py-1 pr-3 text-right tabular-nums">{r.line}</td>
                    <td className="pr-3">{r.column ?? "(row)"}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}

      <div className="mt-4 space-y-2">
        <p className="text-sm text-slate-700">
          Scores and segments change only with a new scoring run over the data now stored.
        </p>
        <Button
          onClick={() => void startRun({ input: {} })}
          disabled={scoreBlocked !== undefined || fetching || run !== undefined}
          aria-describedby={scoreBlocked ? "import-score-blocked" : undefined}
        >
          {fetching ? "Starting…" : "Start a scoring run"}
        </Button>
        {scoreBlocked && (
          <p id="import-score-blocked" className="text-xs text-slate-600">
            {scoreBlocked}
          </p>
        )}
        {error && <ErrorState error={error} />}
        <UserErrors errors={data?.runScoring.userErrors} />
        {run && (
          <div ref={started} tabIndex={-1}>
            <Notice tone="success">
              Scoring run #{run.id} started ({run.status.toLowerCase()}).{" "}
              <Link href="/scoring" className="font-medium text-blue-800 underline">
                Follow it on the Scoring page
              </Link>
              .
            </Notice>
          </div>
        )}
      </div>
    </section>
  );
}
