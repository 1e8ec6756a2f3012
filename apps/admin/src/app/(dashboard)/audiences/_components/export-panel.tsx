"use client";

import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Button } from "../../../../components/ui/button";
import { Card } from "../../../../components/ui/card";
import { ErrorState } from "../../../../components/ui/states";
import { UserErrors } from "../../../../components/ui/user-errors";
import { graphql } from "../../../../graphql/generated";
import type {
  CustomerFilter,
  ExportFormat,
  ExportPreset,
  ExportPurpose,
} from "../../../../graphql/generated/graphql";
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
        preset
        purpose
        excel
        fileName
        leftOutNoConsent
        leftOutConsentNotRecorded
        summary
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

const ExportPresetsQuery = graphql(`
  query ExportPresets {
    exportPresets {
      preset
      columns
      description
    }
  }
`);

const PRESET_LABELS: Record<ExportPreset, string> = {
  ALL: "All columns",
  EMAIL: "Email tool",
  GOOGLE_ADS: "Google Ads Customer Match",
  META: "Meta Custom Audiences",
};

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
  const [preset, setPreset] = useState<ExportPreset>("ALL");
  const [purpose, setPurpose] = useState<ExportPurpose>("CAMPAIGN");
  const [excel, setExcel] = useState(false);
  const [{ data: presetData }] = useQuery({ query: ExportPresetsQuery });
  const presets = presetData?.exportPresets ?? [];
  const hintId = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(columns));
  const [{ data, fetching, error }, create] = useMutation(CreateExportMutation);
  const [ticketFor, setTicketFor] = useState<string | null>(null);
  const blocked = canExport ? undefined : "Your token has the viewer role, which may not export audiences.";

  useEffect(() => setChosen(new Set(columns)), [columns]);

  const ordered = columns.filter((c) => chosen.has(c));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      input: {
        filter,
        format,
        preset,
        purpose,
        excel: format === "CSV" && excel,
        ...(preset === "ALL" ? { columns: ordered } : {}),
      },
    });
    if (result.data) setTicketFor(audienceKey);
  };
  // A ticket is for the audience it was prepared for: changing a filter hides it.
  const payload = ticketFor === audienceKey ? data?.createExport : undefined;
  const ticket = payload?.export ?? undefined;
  // After preparing, focus moves to the result (the download link and the summary).
  useEffect(() => {
    if (ticket) resultRef.current?.focus();
  }, [ticket]);
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
      description={`Every customer of the audience above${count === null ? "" : ` (${formatInt(count)})`}, as a file your email or ads tool takes.`}
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
          <legend className="mb-1 font-medium text-slate-700">Columns for</legend>
          <div className="space-y-1">
            {(presets.length > 0 ? presets.map((p) => p.preset) : (["ALL"] as ExportPreset[])).map((p) => {
              const info = presets.find((x) => x.preset === p);
              return (
                <div key={p} className="flex items-start gap-2">
                  <input
                    type="radio"
                    id={`${hintId}-preset-${p}`}
                    name="preset"
                    value={p}
                    checked={preset === p}
                    onChange={() => setPreset(p)}
                    aria-describedby={info ? `${hintId}-preset-${p}-hint` : undefined}
                    className="mt-1"
                  />
                  <div>
                    <label htmlFor={`${hintId}-preset-${p}`}>{PRESET_LABELS[p]}</label>
                    {info && (
                      <p id={`${hintId}-preset-${p}-hint`} className="text-xs text-slate-600">
                        {info.description}
                      </p>
                    )}
                  </div>
                </div>
              );
            })}
          </div>
        </fieldset>
        <fieldset className="text-sm" disabled={blocked !== undefined}>
          <legend className="mb-1 font-medium text-slate-700">Purpose</legend>
          <div className="flex flex-wrap gap-4">
            {(["CAMPAIGN", "ANALYSIS"] as const).map((p) => (
              <label key={p} className="flex items-center gap-1">
                <input
                  type="radio"
                  name="purpose"
                  value={p}
                  checked={purpose === p}
                  onChange={() => setPurpose(p)}
                  aria-describedby={`${hintId}-purpose-hint`}
                />
                {p === "CAMPAIGN" ? "Campaign" : "Analysis"}
              </label>
            ))}
          </div>
          <p id={`${hintId}-purpose-hint`} className="mt-1 text-xs text-slate-600">
            A campaign file holds only customers whose marketing consent is recorded as given; analysis
            includes everyone and is not for contacting customers.
          </p>
        </fieldset>
        <div className="text-sm">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="excel"
              checked={format === "CSV" && excel}
              disabled={blocked !== undefined || format !== "CSV"}
              onChange={(event) => setExcel(event.target.checked)}
              aria-describedby={`${hintId}-excel-hint`}
            />
            For Excel
          </label>
          <p id={`${hintId}-excel-hint`} className="mt-1 text-xs text-slate-600">
            {format === "CSV"
              ? "Starts the file with a byte order mark so Excel shows accents right."
              : "CSV only: JSON lines files are always plain UTF-8."}
          </p>
        </div>
        <fieldset className="text-sm" disabled={blocked !== undefined} hidden={preset !== "ALL"}>
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
        <Button
          type="submit"
          disabled={blocked !== undefined || fetching || (preset === "ALL" && ordered.length === 0)}
        >
          {fetching ? "Preparing…" : "Prepare the export"}
        </Button>
        {blocked && <p className="text-xs text-slate-600">{blocked}</p>}
        {!blocked && preset === "ALL" && ordered.length === 0 && (
          <p className="text-xs text-slate-600">Choose at least one column.</p>
        )}
        {error && <ErrorState error={error} />}
        <UserErrors errors={payload?.userErrors} />
        {ticket && (
          <div
            role="status"
            ref={resultRef}
            tabIndex={-1}
            className="rounded border border-green-200 bg-green-50 p-3 text-sm"
            data-testid="export-result"
          >
            <a
              href={ticket.url}
              download={ticket.fileName}
              className="font-semibold text-blue-800 underline"
              data-testid="export-download"
            >
              Download {ticket.fileName}
            </a>
            <p className="mt-1 text-xs text-slate-700" data-testid="export-summary">
              {formatInt(ticket.rows)} rows to write
              {ticket.purpose === "CAMPAIGN"
                ? " (customers with marketing consent)"
                : " (everyone: analysis)"}
              {ticket.summary ? `; ${ticket.summary}.` : "; nobody left out for consent."}
              {ticket.preset !== "ALL" &&
                " Customers without the preset's email or phone are left out at download."}
            </p>
            <p className="mt-1 text-xs text-slate-600">
              Columns {ticket.columns.join(", ")}
              {ticket.excel ? ", for Excel" : ""}. The link works until {formatDateTime(ticket.expiresAt)}.
            </p>
          </div>
        )}
      </form>
    </Card>
  );
}
