"use client";

import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { useMutation } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { useFocusIfLost } from "../../../../components/ui/focus";
import { ErrorState } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";
import type { ExportFormat } from "../../../../graphql/generated/graphql";
import { formatDateTime, formatInt } from "../../../../lib/format";

const CreateExportMutation = graphql(`
  mutation CreateExport($input: CreateExportInput!) {
    createExport(input: $input) {
      export {
        url
        expiresAt
        segment
        format
        columns
        rows
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/**
 * Exports the whole segment (not only the filtered page) as CSV or JSON lines. The API answers
 * with a signed, short-lived URL on this origin that needs no token header, so the file is a
 * plain download streamed by the browser, never held in the page.
 */
export function ExportPanel({
  segment,
  columns,
  canExport,
}: {
  segment: string;
  columns: readonly string[];
  canExport: boolean;
}) {
  const [format, setFormat] = useState<ExportFormat>("CSV");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(columns));
  const [{ data, fetching, error }, create] = useMutation(CreateExportMutation);
  const [ticketFor, setTicketFor] = useState<string | null>(null);
  const blocked = canExport ? undefined : "Your token has the viewer role, which may not export audiences.";

  useEffect(() => setChosen(new Set(columns)), [columns]);

  const ordered = columns.filter((c) => chosen.has(c));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { segment, format, columns: ordered } });
    if (result.data) setTicketFor(segment);
  };
  const payload = ticketFor === segment ? data?.createExport : undefined;
  const ticket = payload?.export ?? undefined;
  const toggle = (column: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(column)) next.delete(column);
      else next.add(column);
      return next;
    });

  return (
    <Card
      title={`Export ${segment}`}
      description="Every customer of the segment in the current run, with the columns you choose."
    >
      <form onSubmit={submit} className="space-y-3">
        <fieldset className="flex gap-4 text-sm" disabled={blocked !== undefined}>
          <legend className="mb-1 font-medium text-slate-700">Format</legend>
          {(["CSV", "JSONL"] as const).map((f) => (
            <label key={f} className="flex items-center gap-1">
              <input
                type="radio"
                name="format"
                value={f}
                checked={format === f}
                onChange={() => setFormat(f)}
              />
              {f === "CSV" ? "CSV" : "JSON lines"}
            </label>
          ))}
        </fieldset>
        <fieldset className="text-sm" disabled={blocked !== undefined}>
          <legend className="mb-1 font-medium text-slate-700">Columns</legend>
          <div className="mb-1 flex gap-2">
            <Button variant="ghost" size="sm" onClick={() => setChosen(new Set(columns))}>
              All
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setChosen(new Set())}>
              None
            </Button>
          </div>
          <div className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3">
            {columns.map((column) => (
              <label key={column} className="flex min-h-6 items-center gap-1.5">
                <input
                  type="checkbox"
                  name="column"
                  value={column}
                  checked={chosen.has(column)}
                  onChange={() => toggle(column)}
                />
                <span className="font-mono text-xs">{column}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" disabled={blocked !== undefined || fetching || ordered.length === 0}>
          {fetching ? "Preparing…" : "Prepare the export"}
        </Button>
        {blocked && <p className="text-xs text-slate-600">{blocked}</p>}
        {!blocked && ordered.length === 0 && (
          <p className="text-xs text-slate-600">Choose at least one column.</p>
        )}
        {error && <ErrorState error={error} />}
        <UserErrors errors={payload?.userErrors} />
        {ticket && (
          <div role="status" className="rounded border border-green-200 bg-green-50 p-3 text-sm">
            <DownloadLink key={ticket.url} href={ticket.url}>
              Download {ticket.segment} ({ticket.format === "CSV" ? "CSV" : "JSON lines"})
            </DownloadLink>
            <p className="mt-1 text-xs text-slate-600">
              {formatInt(ticket.rows)} rows; columns {ticket.columns.join(", ")}. The link works until{" "}
              {formatDateTime(ticket.expiresAt)}.
            </p>
          </div>
        )}
      </form>
    </Card>
  );
}

/** The prepared file's link: the result of "Prepare the export", so it takes focus when it appears. */
function DownloadLink({ href, children }: { href: string; children: ReactNode }) {
  const ref = useFocusIfLost<HTMLAnchorElement>();
  return (
    <a
      ref={ref}
      href={href}
      download
      className="font-semibold text-blue-800 underline"
      data-testid="export-download"
    >
      {children}
    </a>
  );
}
