"use client";

import { type FormEvent, useEffect, useState } from "react";
import { useMutation } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { ErrorState } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";
import type { CustomerFilter, ExportFormat } from "../../../../graphql/generated/graphql";
import { formatDateTime, formatInt } from "../../../../lib/format";

const CreateExportMutation = graphql(`
  mutation CreateExport($input: CreateExportInput!) {
    createExport(input: $input) {
      export {
        url
        expiresAt
        segment
        audience
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
 * Exports the audience the filters above describe (every customer the table counts, not only
 * the page shown) as CSV or JSON lines: the same `filter` goes to `createExport`, which
 * compiles it as `customers(filter:)` does, so the file holds exactly the count shown. The API answers
 * with a signed, short-lived URL on this origin that needs no token header, so the file is a
 * plain download streamed by the browser, never held in the page.
 */
export function ExportPanel({
  filter,
  title,
  count,
  columns,
  canExport,
}: {
  filter: CustomerFilter;
  /** What the audience is called on the page ("Champions, province ON"). */
  title: string;
  /** The audience's count as the table shows it; null while loading. */
  count: number | null;
  columns: readonly string[];
  canExport: boolean;
}) {
  const audienceKey = JSON.stringify(filter);
  const [format, setFormat] = useState<ExportFormat>("CSV");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(columns));
  const [{ data, fetching, error }, create] = useMutation(CreateExportMutation);
  const [ticketFor, setTicketFor] = useState<string | null>(null);
  const blocked = canExport ? undefined : "Your token has the viewer role, which may not export audiences.";

  useEffect(() => setChosen(new Set(columns)), [columns]);

  const ordered = columns.filter((c) => chosen.has(c));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { filter, format, columns: ordered } });
    if (result.data) setTicketFor(audienceKey);
  };
  // A ticket is for the audience it was prepared for: changing a filter hides it.
  const payload = ticketFor === audienceKey ? data?.createExport : undefined;
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
      title={`Export ${title}`}
      description={`Every customer of the audience above${count === null ? "" : ` (${formatInt(count)})`}, with the columns you choose.`}
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
              <label key={column} className="flex items-center gap-1">
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
            <a
              href={ticket.url}
              download
              className="font-semibold text-blue-800 underline"
              data-testid="export-download"
            >
              Download {ticket.segment || "the audience"} ({ticket.format === "CSV" ? "CSV" : "JSON lines"})
            </a>
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
